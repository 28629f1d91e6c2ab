// MMP Trigger in a real n8n 2.41.1, installed from the packed tarball: real GET and POST callbacks
// are routed to the right output (read back from the stored execution data), bad requests get the
// node's 4xx JSON and store no execution, and the "Start Executions For" filter acknowledges
// without starting one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { outputJson, ranNodes } from '../support/executionData';
import {
	describeWithN8n,
	loadWorkflow,
	N8N_START_TIMEOUT_MS,
	startN8n,
	type N8nExecution,
	type N8nServer,
	type WorkflowJson,
} from '../support/n8nServer';
import { MMP_SAMPLES, type MmpSample } from '../support/mmpSamples';

const OUTPUTS = ['Attribution', 'In-App Event', 'Fraud Alert'] as const;
const TOKEN_HEADER = 'x-mmp-token';
const TOKEN = 'e2e-token-6f1c2a9b';

interface SendInit {
	method?: string;
	query?: string;
	headers?: Record<string, string>;
	body?: string | Buffer;
}

interface Sent {
	status: number;
	headers: Headers;
	body: unknown;
}

describeWithN8n('MMP Trigger in real n8n', () => {
	let n8n: N8nServer;
	const routing = loadWorkflow('mmp-trigger-routing.json');
	const guarded = loadWorkflow('mmp-trigger-guarded.json');
	const fraudOnly = loadWorkflow('mmp-trigger-fraud-only.json');
	// What `npm start` publishes; the printed curls target it.
	const demo = JSON.parse(
		fs.readFileSync(path.join(__dirname, '../../examples/workflows/mmp-trigger-demo.json'), 'utf8'),
	) as WorkflowJson;

	beforeAll(async () => {
		n8n = await startN8n({ label: 'mmp-trigger' });
		await n8n.importCredentials([
			{
				id: 'e2eMmpTokenCred1',
				name: 'e2e header token',
				type: 'mmpWebhookAuth',
				data: { authType: 'headerToken', headerName: 'X-MMP-Token', token: TOKEN },
			},
		]);
		for (const workflow of [routing, guarded, fraudOnly, demo]) await n8n.importWorkflow(workflow);
	}, N8N_START_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
	});

	async function send(
		path: string,
		init: {
			method?: string;
			query?: string;
			headers?: Record<string, string>;
			body?: string | Buffer;
		},
	): Promise<Sent> {
		const url = `${n8n.webhookUrl(path)}${init.query ? `?${init.query}` : ''}`;
		const res = await fetch(url, {
			method: init.method ?? 'GET',
			headers: init.headers,
			body: init.body,
		});
		const text = await res.text();
		let body: unknown = text;
		try {
			body = JSON.parse(text);
		} catch {
			// not JSON: keep the text for the assertion message
		}
		return { status: res.status, headers: res.headers, body };
	}

	function sendSample(path: string, sample: MmpSample, headers: Record<string, string> = {}) {
		return send(path, {
			method: sample.method,
			query: sample.query,
			headers: { ...sample.headers, ...headers },
			body: sample.body,
		});
	}

	/** Waits for exactly one more execution than `before` and returns it. */
	async function nextExecution(workflowId: string, before: number): Promise<N8nExecution> {
		const executions = await n8n.waitForExecutions(workflowId, before + 1);
		expect(executions).toHaveLength(before + 1);
		return executions[executions.length - 1];
	}

	const count = async (workflowId: string) => (await n8n.executions({ workflowId })).length;

	describe.each(MMP_SAMPLES.map((s) => [s.title, s] as const))('%s', (_title, sample) => {
		it(`acknowledges at once and routes to ${OUTPUTS[sample.expected.output]}`, async () => {
			const before = await count(routing.id);
			const res = await sendSample('e2e/mmp', sample);
			expect(res).toMatchObject({ status: 200, body: { status: 'ok' } });

			const execution = await nextExecution(routing.id, before);
			expect(execution.status).toBe('success');
			expect(ranNodes(execution)).toEqual(['MMP Trigger', OUTPUTS[sample.expected.output]]);
			OUTPUTS.forEach((_name, output) => {
				expect(outputJson(execution, 'MMP Trigger', output)).toHaveLength(
					output === sample.expected.output ? 1 : 0,
				);
			});
			const [item] = outputJson(execution, 'MMP Trigger', sample.expected.output);
			expect(item).toMatchObject({
				mmp: sample.expected.mmp,
				event_kind: sample.expected.eventKind,
				fraud_flag: sample.expected.output === 2,
			});
			expect(typeof item.dedup_key).toBe('string');
			expect(item.raw).toEqual(expect.any(Object));
		});
	});

	describe('bad requests get a 4xx JSON error and store no execution', () => {
		const install = MMP_SAMPLES.find((s) => s.method === 'POST' && s.expected.output === 0)!;
		// The guarded workflow trusts one proxy hop; this is the address the client appears to have.
		const allowedClient = { 'x-forwarded-for': '198.51.100.7' };
		const json = { 'content-type': 'application/json' };
		const cases: Array<{ what: string; path: string; init: SendInit; status: number }> = [
			{
				what: 'malformed JSON',
				path: 'e2e/mmp',
				init: { method: 'POST', headers: json, body: '{"event_name":' },
				status: 400,
			},
			{
				what: 'a method MMPs never use',
				path: 'e2e/mmp',
				init: { method: 'PUT', query: 'mmp=adjust' },
				status: 405,
			},
			{
				what: 'a body over the node limit (8 KiB)',
				path: 'e2e/mmp',
				init: {
					method: 'POST',
					headers: json,
					body: JSON.stringify({ event_name: 'install', pad: 'x'.repeat(9 * 1024) }),
				},
				status: 413,
			},
			{
				what: 'an unsupported content type',
				path: 'e2e/mmp',
				init: {
					method: 'POST',
					headers: { 'content-type': 'image/png' },
					body: Buffer.from([0x89, 0x50]),
				},
				status: 415,
			},
			{
				what: 'a missing token',
				path: 'e2e/mmp-guarded',
				init: { method: 'POST', headers: { ...json, ...allowedClient }, body: install.body },
				status: 401,
			},
			{
				what: 'a wrong token',
				path: 'e2e/mmp-guarded',
				init: {
					method: 'POST',
					headers: { ...json, ...allowedClient, [TOKEN_HEADER]: `${TOKEN}x` },
					body: install.body,
				},
				status: 401,
			},
			{
				what: 'a client address outside the allowlist',
				path: 'e2e/mmp-guarded',
				init: {
					method: 'POST',
					headers: { ...json, 'x-forwarded-for': '203.0.113.9', [TOKEN_HEADER]: TOKEN },
					body: install.body,
				},
				status: 403,
			},
		];

		it.each(cases)('$what → $status', async ({ path, init, status }) => {
			const workflowId = path === 'e2e/mmp' ? routing.id : guarded.id;
			const before = await count(workflowId);
			const res = await send(path, init);
			expect(res.status).toBe(status);
			expect(res.headers.get('content-type')).toMatch(/^application\/json/);
			expect(res.body).toEqual({
				error: { code: expect.any(String), message: expect.any(String) },
			});
			if (status === 405) expect(res.headers.get('allow')).toMatch(/GET/);
			// n8n creates the execution row before it answers, so a rejected request that had started
			// one would already show here.
			expect(await count(workflowId)).toBe(before);
		});

		it('never echoes the token in an error', async () => {
			const res = await send('e2e/mmp-guarded', {
				method: 'POST',
				headers: { 'content-type': 'application/json', [TOKEN_HEADER]: `${TOKEN}-wrong` },
				body: install.body,
			});
			expect(JSON.stringify(res.body)).not.toContain(TOKEN);
		});

		it('accepts the same callback with the right token from an allowed address', async () => {
			const before = await count(guarded.id);
			const res = await sendSample('e2e/mmp-guarded', install, {
				[TOKEN_HEADER]: TOKEN,
				...allowedClient,
			});
			expect(res).toMatchObject({ status: 200, body: { status: 'ok' } });
			const execution = await nextExecution(guarded.id, before);
			expect(ranNodes(execution)).toEqual(['MMP Trigger', OUTPUTS[install.expected.output]]);
			expect(JSON.stringify(execution.data)).not.toContain(TOKEN);
		});
	});

	describe('Start Executions For: fraud only', () => {
		const nonFraud = MMP_SAMPLES.filter((s) => s.expected.output !== 2);
		const fraud = MMP_SAMPLES.find((s) => s.expected.output === 2)!;

		it('acknowledges filtered-out callbacks with 200 and starts no execution', async () => {
			const before = await count(fraudOnly.id);
			for (const sample of nonFraud) {
				const res = await sendSample('e2e/mmp-fraud-only', sample);
				expect(res).toMatchObject({ status: 200, body: { status: 'ok' } });
			}
			expect(await count(fraudOnly.id)).toBe(before);
		});

		it('starts an execution for a fraud callback, on Fraud Alert', async () => {
			const before = await count(fraudOnly.id);
			const res = await sendSample('e2e/mmp-fraud-only', fraud);
			expect(res.status).toBe(200);
			// Exactly one: none of the filtered callbacks above turned up late.
			const execution = await nextExecution(fraudOnly.id, before);
			expect(ranNodes(execution)).toEqual(['MMP Trigger', 'Fraud Alert']);
		});
	});

	it('the demo workflow of npm start routes every printed curl to its output', async () => {
		for (const sample of MMP_SAMPLES) {
			const before = await count(demo.id);
			const res = await sendSample('mmp', sample);
			expect(res).toMatchObject({ status: 200, body: { status: 'ok' } });
			const execution = await nextExecution(demo.id, before);
			expect(ranNodes(execution)).toEqual(['MMP Trigger', OUTPUTS[sample.expected.output]]);
		}
	});
});
