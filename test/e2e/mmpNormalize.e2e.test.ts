// n8n's Webhook node → MMP Normalize in a real n8n 2.41.1 (the shipped example
// examples/workflows/webhook-to-mmp-normalize.json, published), over real HTTP: the corpus callbacks
// sent to its path land on the right output with the expected canonical event, an HMAC-signed
// callback is verified on the raw bytes the Webhook node keeps, and what the node gives up compared
// with MMP Trigger shows: an invalid callback is answered 200 and fails its execution, and a
// malformed JSON body is refused by n8n itself (422) before any node runs.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { computeHmacSignature } from '../../lib/security';
import { nodeOutput, ranNodes } from '../support/executionData';
import {
	expectedEventShape,
	fixtureBody,
	fixtureWebhookPath,
	loadMmpFixtures,
} from '../support/fixtures';
import { describeWithN8n, useN8n, type N8nExecution, type WorkflowJson } from '../support/useN8n';

jest.setTimeout(90_000);

const NORMALIZE = 'MMP Normalize';
const OUTPUTS = ['On Attribution', 'On In-App Event', 'On Fraud Alert'];
const SECRET = 'e2e-hmac-secret-0123456789abcdef0123456789';
const example = JSON.parse(
	fs.readFileSync(
		path.join(__dirname, '../../examples/workflows/webhook-to-mmp-normalize.json'),
		'utf8',
	),
) as WorkflowJson;

/** The example, moved to its own path and id, with an HMAC credential on MMP Normalize. */
function signedVariant(): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(example)) as WorkflowJson;
	copy.id = 'e2eNormalizeHmac1';
	copy.name = 'e2e: Webhook → MMP Normalize (HMAC)';
	const webhook = copy.nodes.find((node) => node.name === 'Webhook')!;
	webhook.parameters = { ...webhook.parameters, path: 'mmp/normalize-signed' };
	webhook.webhookId = '6c2a0b10-0000-4000-8000-0000000000b2';
	const normalize = copy.nodes.find((node) => node.name === NORMALIZE)!;
	normalize.credentials = { mmpWebhookAuth: { id: 'e2eNormalizeHmac', name: 'e2e HMAC' } };
	return copy;
}

// Callbacks sent to /webhook/mmp in the corpus: their path names no MMP, so the example's own path
// (mmp/normalize) gives Auto-Detect exactly what it had.
const fixtures = loadMmpFixtures().filter((fixture) => fixtureWebhookPath(fixture) === 'mmp');

describeWithN8n("n8n's Webhook node → MMP Normalize in real n8n", () => {
	const signed = signedVariant();

	const n8n = useN8n({
		label: 'mmp-normalize',
		credentials: [
			{
				id: 'e2eNormalizeHmac',
				name: 'e2e HMAC',
				type: 'mmpWebhookAuth',
				data: {
					authType: 'hmacSha256',
					secret: SECRET,
					signatureHeader: 'X-Signature',
					timestampHeader: '',
					signatureEncoding: 'hex',
				},
			},
		],
		workflows: [example, signed],
	});

	async function send(webhookPath: string, init: RequestInit & { query?: string }) {
		const { query, ...rest } = init;
		const res = await fetch(`${n8n.webhookUrl(webhookPath)}${query ? `?${query}` : ''}`, rest);
		return { status: res.status, text: await res.text() };
	}

	async function nextExecution(workflowId: string, before: number): Promise<N8nExecution> {
		const executions = await n8n.waitForExecutions(workflowId, before + 1, 60_000);
		expect(executions).toHaveLength(before + 1);
		return executions[executions.length - 1];
	}

	const count = async (workflowId: string) => (await n8n.executions({ workflowId })).length;

	describe(`the corpus callbacks sent to /webhook/mmp (${fixtures.length})`, () => {
		const executionOf = new Map<string, N8nExecution>();
		const statusOf = new Map<string, number>();

		// One after the other: with "Respond Immediately" n8n stores the execution before it answers,
		// so execution ids follow the order of the requests.
		beforeAll(async () => {
			const before = await count(example.id);
			for (const fixture of fixtures) {
				const answer = await send('mmp/normalize', {
					method: fixture.request.method,
					query: fixture.request.url.split('?')[1],
					headers:
						typeof fixture.request.body === 'object'
							? { 'content-type': 'application/json', ...fixture.request.headers }
							: fixture.request.headers,
					body: fixtureBody(fixture),
				});
				statusOf.set(fixture.file, answer.status);
			}
			const all = await n8n.waitForExecutions(example.id, before + fixtures.length, 120_000);
			all.slice(before).forEach((execution, i) => executionOf.set(fixtures[i].file, execution));
		}, 240_000);

		it('has callbacks from several MMPs', () => {
			expect(new Set(fixtures.map((fixture) => fixture.expect.mmp)).size).toBeGreaterThanOrEqual(4);
			expect(fixtures.length).toBeGreaterThan(40);
		});

		it.each(fixtures.map((fixture) => [fixture.file, fixture] as const))('%s', (file, fixture) => {
			expect(statusOf.get(file)).toBe(200);
			const execution = executionOf.get(file)!;
			expect(execution.status).toBe('success');
			const ran = ranNodes(execution);
			expect(ran.slice(0, 2)).toEqual(['Webhook', NORMALIZE]);
			const branches = ran.filter((name) => OUTPUTS.includes(name));
			expect(branches).toHaveLength(1);
			const [item] = nodeOutput(execution, NORMALIZE, OUTPUTS.indexOf(branches[0]));
			const { present, absent } = expectedEventShape(fixture.expect.event);
			expect(item.json).toMatchObject({ mmp: fixture.expect.mmp, ...present });
			for (const field of absent) expect(item.json).not.toHaveProperty(field);
			if (fixture.expect.raw) expect(item.json.raw).toMatchObject(fixture.expect.raw);
			expect(item.pairedItem).toEqual({ item: 0 });
		});
	});

	describe('HMAC on the raw body the Webhook node keeps', () => {
		const body = JSON.stringify({
			appsflyer_id: '1700000000000-1234567',
			event_name: 'af_purchase',
			event_type: 'in-app-event',
		});

		it('accepts a callback signed over its exact bytes', async () => {
			const before = await count(signed.id);
			const answer = await send('mmp/normalize-signed', {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'x-signature': computeHmacSignature({ secret: SECRET, body }),
				},
				body,
			});
			expect(answer.status).toBe(200);
			const execution = await nextExecution(signed.id, before);
			expect(execution.status).toBe('success');
			expect(nodeOutput(execution, NORMALIZE, 1)[0].json).toMatchObject({
				event_name: 'af_purchase',
			});
			expect(JSON.stringify(execution.data)).not.toContain(SECRET);
		});

		it('fails the execution of a forged one, which n8n has already answered 200', async () => {
			const before = await count(signed.id);
			const answer = await send('mmp/normalize-signed', {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-signature': 'ab'.repeat(32) },
				body,
			});
			// What MMP Normalize gives up: MMP Trigger would have answered 401 and started nothing.
			expect(answer.status).toBe(200);
			const execution = await nextExecution(signed.id, before);
			expect(execution.status).toBe('error');
			const error = execution.data?.resultData?.error as { message?: string } | undefined;
			expect(error?.message).toContain('does not match HMAC-SHA256 of the raw body');
			expect(JSON.stringify(execution.data)).not.toContain(SECRET);
		});
	});

	it('leaves a malformed JSON body to n8n, which answers 422 and starts nothing', async () => {
		const before = await count(example.id);
		const answer = await send('mmp/normalize', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"appsflyer_id": ',
		});
		expect(answer.status).toBe(422);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await count(example.id)).toBe(before);
	});
});
