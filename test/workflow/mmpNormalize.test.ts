// MMP Normalize in n8n-core's real WorkflowExecute: fed by n8n's real Webhook node (through
// n8n-core's WebhookContext, test/support/inProcess.ts) or by items from any other trigger.
import type {
	ICredentialDataDecryptedObject,
	IConnections,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
} from 'n8n-workflow';

import { ExecuteContext } from 'n8n-core';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import { computeHmacSignature } from '../../lib/security';
import { MmpNormalize } from '../../nodes/MmpNormalize/MmpNormalize.node';
import { MmpTrigger } from '../../nodes/MmpTrigger/MmpTrigger.node';
import { callWebhook, runWorkflow, type RequestSpec } from '../support/inProcess';
import {
	fixtureBody,
	fixtureWebhookPath,
	loadMmpFixture,
	loadMmpFixtures,
} from '../support/fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Webhook } = require('n8n-nodes-base/dist/nodes/Webhook/Webhook.node.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NoOp } = require('n8n-nodes-base/dist/nodes/NoOp/NoOp.node.js');

const webhook: INodeType = new Webhook();
const normalize = new MmpNormalize();
const trigger = new MmpTrigger();
const WEBHOOK = 'Webhook';
const NORMALIZE = 'MMP Normalize';
const WEBHOOK_TYPE = 'n8n-nodes-base.webhook';
const NORMALIZE_TYPE = 'n8n-nodes-mmp-postback.mmpNormalize';
const nodeTypes = { [WEBHOOK_TYPE]: webhook, [NORMALIZE_TYPE]: normalize };

/** GET arrives on the Webhook node's first output, POST on its second: both feed the node. */
const fromWebhook: IConnections = {
	[WEBHOOK]: {
		main: [
			[{ node: NORMALIZE, type: 'main', index: 0 }],
			[{ node: NORMALIZE, type: 'main', index: 0 }],
		],
	},
};

function webhookParameters(path: string, rawBody: boolean): INodeParameters {
	return {
		multipleMethods: true,
		httpMethod: ['GET', 'POST'],
		path,
		responseMode: 'onReceived',
		options: rawBody ? { rawBody: true } : {},
	};
}

const credentialRef = { mmpWebhookAuth: { id: '1', name: 'MMP auth' } };

async function viaWebhook(
	request: RequestSpec,
	options: {
		path?: string;
		rawBody?: boolean;
		parameters?: INodeParameters;
		credentials?: Record<string, ICredentialDataDecryptedObject>;
		settings?: Record<string, unknown>;
	} = {},
) {
	const hook = webhookParameters(options.path ?? 'mmp', options.rawBody ?? true);
	const received = await callWebhook(webhook, { parameters: hook, request, typeVersion: 2.1 });
	if (!received.workflowData) throw new Error(`Webhook node started nothing: ${received.status}`);
	return await runWorkflow({
		nodes: [
			{ name: WEBHOOK, type: WEBHOOK_TYPE, typeVersion: 2.1, parameters: hook },
			{
				name: NORMALIZE,
				type: NORMALIZE_TYPE,
				parameters: options.parameters ?? {},
				...(options.credentials ? { credentials: credentialRef } : {}),
				...(options.settings ?? {}),
			},
		],
		connections: fromWebhook,
		nodeTypes,
		startNode: WEBHOOK,
		startData: received.workflowData,
		credentials: options.credentials,
	});
}

/** MMP Normalize alone, started with `items` as its input (any other trigger's items). */
async function withItems(
	items: INodeExecutionData[],
	parameters: INodeParameters,
	settings: Record<string, unknown> = {},
) {
	return await runWorkflow({
		nodes: [{ name: NORMALIZE, type: NORMALIZE_TYPE, parameters, ...settings }],
		connections: {},
		nodeTypes,
		startNode: NORMALIZE,
		startData: [items],
	});
}

function outputsOf(run: Awaited<ReturnType<typeof runWorkflow>>) {
	return [0, 1, 2].map((index) => run.output(NORMALIZE, index));
}

function errorOf(run: Awaited<ReturnType<typeof runWorkflow>>) {
	return run.run.data.resultData.error as
		| (Error & { description?: string; context?: { itemIndex?: number } })
		| undefined;
}

/** Whether JSON.parse (as n8n parses bodies) loses digits of a long integer in `body`. */
function roundsBigIntegers(body: string | undefined): boolean {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body ?? '');
	} catch {
		return false;
	}
	const again = JSON.stringify(parsed);
	return (body?.match(/\d{16,}/g) ?? []).some((digits) => !again.includes(digits));
}

const ADJUST_INSTALL =
	'/webhook/mmp?mmp=adjust&activity_kind=install&adid=a1&created_at=1700000000';
const PURCHASE = { appsflyer_id: '1-2', event_name: 'af_purchase', event_type: 'in-app-event' };

describe('MMP Normalize', () => {
	describe("after n8n's Webhook node, over the fixture corpus", () => {
		const fixtures = loadMmpFixtures();

		async function triggerResult(request: RequestSpec, path: string) {
			const result = await callWebhook(trigger, { parameters: { path }, request });
			const output = result.workflowData?.findIndex((items) => items.length === 1) ?? -1;
			return { output, json: result.workflowData?.[output]?.[0]?.json };
		}

		function requestOf(fixture: (typeof fixtures)[number]): RequestSpec {
			return {
				method: fixture.request.method,
				url: fixture.request.url,
				headers: fixture.request.headers,
				body: fixtureBody(fixture),
			};
		}

		async function compare(rawBody: boolean) {
			expect(fixtures.length).toBeGreaterThan(50);
			const differs: string[] = [];
			for (const fixture of fixtures) {
				const request = requestOf(fixture);
				if (typeof fixture.request.body === 'object') {
					request.headers = { 'content-type': 'application/json', ...request.headers };
				}
				const path = fixtureWebhookPath(fixture);
				const expected = await triggerResult(request, path);
				expect(expected.output).toBeGreaterThanOrEqual(0);
				const outputs = outputsOf(await viaWebhook(request, { path, rawBody }));
				expect({ file: fixture.file, sizes: outputs.map((items) => items.length) }).toEqual({
					file: fixture.file,
					sizes: [0, 1, 2].map((index) => (index === expected.output ? 1 : 0)),
				});
				const { raw, ...event } = outputs[expected.output][0].json;
				const { raw: expectedRaw, ...expectedEvent } = expected.json ?? {};
				const { dedup_key: key, ...rest } = event;
				const { dedup_key: expectedKey, ...expectedRest } = expectedEvent;
				// Fields other than the dedup key never depend on how the body was parsed.
				expect({ file: fixture.file, event: rest }).toEqual({
					file: fixture.file,
					event: expectedRest,
				});
				if (key !== expectedKey || !isDeepStrictEqual(raw, expectedRaw)) differs.push(fixture.file);
			}
			return differs;
		}

		it('lands every fixture on MMP Trigger’s output with the same item (Raw Body on)', async () => {
			expect(await compare(true)).toEqual([]);
		});

		it('from the parsed body, differs only where n8n rounds integers beyond 2^53', async () => {
			// n8n's JSON.parse rounds them (Branch's "~id"); the lib's parser keeps the digits. raw,
			// and the dedup key hashed from it when there is no event id, differ for those bodies only.
			const lossy = fixtures
				.filter((fixture) => roundsBigIntegers(fixtureBody(fixture)))
				.map((fixture) => fixture.file);
			expect(lossy.length).toBeGreaterThan(0);
			expect(await compare(false)).toEqual(lossy);
		});
	});

	it('pairs every output item with its input item', async () => {
		const run = await withItems(
			[
				{ json: { url: ADJUST_INSTALL } },
				{ json: { url: '/mmp', headers: { 'Content-Type': 'application/json' }, body: PURCHASE } },
				{ json: { url: '/webhook/mmp/rejected?mmp=adjust&activity_kind=install&adid=a2' } },
			],
			{ input: 'fields' },
		);
		const [attribution, inApp, fraud] = outputsOf(run);
		expect(attribution).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({ event_kind: 'install' }),
				pairedItem: { item: 0 },
			}),
		]);
		expect(inApp[0]).toMatchObject({
			json: { event_name: 'af_purchase' },
			pairedItem: { item: 1 },
		});
		expect(fraud[0]).toMatchObject({
			json: { event_kind: 'rejected_install', fraud_flag: true },
			pairedItem: { item: 2 },
		});
	});

	it('reads callback fields at the paths the user names (a queue message)', async () => {
		const run = await withItems(
			[{ json: { message: { path: '/mmp', q: 'mmp=adjust&activity_kind=session&adid=a1' } } }],
			{ input: 'fields', urlField: 'message.path', queryField: 'message.q' },
		);
		expect(outputsOf(run)[1][0].json).toMatchObject({ mmp: 'adjust', event_kind: 'session' });
	});

	it("passes MMP Trigger's Apple options on: development postbacks count only when allowed", async () => {
		const fixture = loadMmpFixture('adattributionkit/developer-settings-apple-example-post.json');
		const item = { json: { message: { path: '/mmp', body: fixture.request.body } } };
		const fields = { input: 'fields', urlField: 'message.path', bodyField: 'message.body' };
		const production = outputsOf(await withItems([item], fields));
		expect(production[2][0].json).toMatchObject({
			mmp: 'adattributionkit',
			signature_verified: false,
			fraud_reason: expect.stringContaining('apple_development_key'),
		});
		const allowed = outputsOf(
			await withItems([item], {
				...fields,
				additionalOptions: { appleDevelopmentPostbacks: true },
			}),
		);
		expect(allowed[0][0].json).toMatchObject({
			mmp: 'adattributionkit',
			signature_verified: true,
		});
	});

	it('fails an invalid callback with the item index and a precise message', async () => {
		const run = await withItems([{ json: { url: ADJUST_INSTALL } }, { json: { url: '/mmp' } }], {
			input: 'fields',
		});
		const error = errorOf(run);
		expect(error?.message).toBe('The callback carries no parameters and no body');
		expect(error?.description).toContain('empty_callback');
		expect(error?.description).toContain('HTTP 400');
		expect(error?.context?.itemIndex).toBe(1);
	});

	it('explains when the item is not from the Webhook node', async () => {
		const run = await withItems([{ json: { message: 'x' } }], {});
		expect(errorOf(run)?.message).toContain('Callback Fields');
	});

	it('with Continue, emits { error } on the first output and carries on', async () => {
		const run = await withItems(
			[{ json: { url: '/mmp' } }, { json: { url: ADJUST_INSTALL } }],
			{ input: 'fields' },
			{ onError: 'continueRegularOutput' },
		);
		expect(errorOf(run)).toBeUndefined();
		expect(outputsOf(run)[0]).toEqual([
			{
				json: {
					error: {
						status: 400,
						code: 'empty_callback',
						message: 'The callback carries no parameters and no body',
					},
				},
				pairedItem: { item: 0 },
			},
			expect.objectContaining({ pairedItem: { item: 1 } }),
		]);
	});

	it('with Continue (using error output), n8n moves the error to the error output', async () => {
		const run = await withItems(
			[{ json: { url: '/mmp' } }, { json: { url: ADJUST_INSTALL } }],
			{ input: 'fields' },
			{ onError: 'continueErrorOutput' },
		);
		expect(run.output(NORMALIZE, 0)).toEqual([
			expect.objectContaining({ pairedItem: { item: 1 } }),
		]);
		expect(run.output(NORMALIZE, 3)).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({
					error: expect.objectContaining({ code: 'empty_callback' }),
				}),
			}),
		]);
	});

	it('drops what Keep Only does not keep, and says how many', async () => {
		const run = await withItems(
			[
				{ json: { url: ADJUST_INSTALL } },
				{ json: { url: '/mmp?mmp=adjust&activity_kind=session&adid=a1' } },
			],
			{ input: 'fields', keepOnly: { eventKinds: ['session'] } },
		);
		expect(outputsOf(run).map((items) => items.length)).toEqual([0, 1, 0]);
		const task = run.run.data.resultData.runData[NORMALIZE][0];
		expect(task.hints).toEqual([
			expect.objectContaining({
				message: '1 of 2 callbacks did not match Keep Only and were dropped',
			}),
		]);
	});

	it('reports invalid settings as a configuration error', async () => {
		const run = await withItems([{ json: { url: ADJUST_INSTALL } }], {
			input: 'fields',
			ipAllowlist: 'not-an-ip',
		});
		expect(errorOf(run)?.message).toMatch(
			/^MMP Normalize settings are invalid: IP Allowlist entry/,
		);
	});

	it('reads static parameters without asking n8n to evaluate them per item', async () => {
		// ExecuteContext binds getNodeParameter per instance; every call goes through _getNodeParameter.
		const spy = jest.spyOn(
			ExecuteContext.prototype as unknown as { _getNodeParameter: () => unknown },
			'_getNodeParameter',
		);
		try {
			const items = Array.from({ length: 5 }, () => ({ json: { url: ADJUST_INSTALL } }));
			const run = await withItems(items, {
				input: 'fields',
				keepOnly: { eventKinds: ['install'] },
			});
			expect(outputsOf(run)[0]).toHaveLength(5);
			expect(spy).not.toHaveBeenCalled();
		} finally {
			spy.mockRestore();
		}
	});

	it('evaluates expressions per item when a parameter holds one', async () => {
		const run = await withItems(
			[
				{ json: { url: '/mmp?activity_kind=install&adid=a1', vendor: 'adjust' } },
				{ json: { url: '/mmp?activity_kind=install&adid=a1', vendor: 'tenjin' } },
			],
			{ input: 'fields', mmp: '={{ $json.vendor }}' },
		);
		expect(
			outputsOf(run)
				.flat()
				.map((item) => item.json.mmp),
		).toEqual(['adjust', 'tenjin']);
	});

	describe('checks', () => {
		const secret = 'k'.repeat(40);
		const hmac = {
			authType: 'hmacSha256',
			secret,
			signatureHeader: 'X-Signature',
			timestampHeader: '',
			signatureEncoding: 'hex',
		};
		const body = JSON.stringify(PURCHASE);
		const signed: RequestSpec = {
			method: 'POST',
			url: '/webhook/mmp',
			headers: {
				'content-type': 'application/json',
				'x-signature': computeHmacSignature({ secret, body }),
			},
			body,
		};

		it('verifies HMAC on the raw body the Webhook node kept', async () => {
			const run = await viaWebhook(signed, { credentials: { mmpWebhookAuth: hmac } });
			expect(outputsOf(run)[1][0].json).toMatchObject({ event_name: 'af_purchase' });
			expect(JSON.stringify(run.run.data.resultData.runData[NORMALIZE])).not.toContain(secret);
		});

		it('refuses a wrong signature', async () => {
			const tampered = { ...signed, body: body.replace('af_purchase', 'af_refund') };
			const run = await viaWebhook(tampered, { credentials: { mmpWebhookAuth: hmac } });
			expect(errorOf(run)?.message).toContain('does not match HMAC-SHA256');
		});

		it('says to turn on Raw Body when the Webhook node kept only the parsed body', async () => {
			const run = await viaWebhook(signed, {
				rawBody: false,
				credentials: { mmpWebhookAuth: hmac },
			});
			expect(errorOf(run)?.message).toContain('Raw Body');
			expect(errorOf(run)?.description).toContain('raw_body_unavailable');
		});

		it('checks a header token from the Webhook node’s headers', async () => {
			const token = { authType: 'headerToken', headerName: 'X-MMP-Token', token: 't'.repeat(24) };
			const ok = await viaWebhook(
				{ method: 'GET', url: ADJUST_INSTALL, headers: { 'x-mmp-token': 't'.repeat(24) } },
				{ credentials: { mmpWebhookAuth: token } },
			);
			expect(outputsOf(ok)[0]).toHaveLength(1);
			const missing = await viaWebhook(
				{ method: 'GET', url: ADJUST_INSTALL },
				{ credentials: { mmpWebhookAuth: token } },
			);
			expect(errorOf(missing)?.message).toBe('Missing the x-mmp-token header.');
		});

		it('fails the run, naming the fields, when the credential is invalid', async () => {
			const run = await viaWebhook(
				{ method: 'GET', url: ADJUST_INSTALL },
				{ credentials: { mmpWebhookAuth: { authType: 'headerToken', headerName: 'Host' } } },
			);
			expect(errorOf(run)?.message).toMatch(
				/^MMP Webhook Auth credential is invalid: .*Header Name/,
			);
		});

		it('judges the IP allowlist on the mapped client address', async () => {
			const parameters = { ipAllowlist: '203.0.113.0/24', clientIpField: 'headers.x-real-ip' };
			const allowed = await viaWebhook(
				{ method: 'GET', url: ADJUST_INSTALL, headers: { 'x-real-ip': '203.0.113.5' } },
				{ parameters },
			);
			expect(outputsOf(allowed)[0]).toHaveLength(1);
			const refused = await viaWebhook(
				{ method: 'GET', url: ADJUST_INSTALL, headers: { 'x-real-ip': '198.51.100.5' } },
				{ parameters },
			);
			expect(errorOf(refused)?.message).toBe('Client IP 198.51.100.5 is not in the IP allowlist.');
		});
	});

	it('runs the shipped example: Webhook node (GET and POST, Raw Body) → MMP Normalize → branches', async () => {
		const example = JSON.parse(
			fs.readFileSync(
				path.join(__dirname, '../../examples/workflows/webhook-to-mmp-normalize.json'),
				'utf8',
			),
		) as { nodes: INode[]; connections: IConnections };
		const nodes = example.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
		const hook = nodes.find((node) => node.name === WEBHOOK)!;
		for (const [request, branch] of [
			[
				{ method: 'GET', url: '/webhook/mmp/normalize?mmp=adjust&activity_kind=install&adid=a1' },
				'On Attribution',
			],
			[
				{
					method: 'POST',
					url: '/webhook/mmp/normalize',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(PURCHASE),
				},
				'On In-App Event',
			],
		] as const) {
			const received = await callWebhook(webhook, {
				parameters: hook.parameters,
				request,
				typeVersion: hook.typeVersion,
			});
			const run = await runWorkflow({
				nodes,
				connections: example.connections,
				nodeTypes: { ...nodeTypes, 'n8n-nodes-base.noOp': new NoOp() },
				startNode: WEBHOOK,
				startData: received.workflowData!,
			});
			expect(run.run.data.resultData.error).toBeUndefined();
			expect(['On Attribution', 'On In-App Event', 'On Fraud Alert'].filter(run.ran)).toEqual([
				branch,
			]);
		}
	});

	describe('description', () => {
		const { description } = normalize;

		it('is an action node usable as a tool, with the trigger’s three outputs', () => {
			expect(description.usableAsTool).toBe(true);
			expect(description.inputs).toEqual(['main']);
			expect(description.outputNames).toEqual(['Attribution', 'In-App Event', 'Fraud Alert']);
			expect(description.credentials).toEqual([
				expect.objectContaining({ name: 'mmpWebhookAuth', required: false }),
			]);
			expect(typeof normalize.methods.credentialTest.mmpWebhookAuthTest).toBe('function');
		});

		it('declares every parameter settings.ts reads', () => {
			const names = description.properties.map((property) => property.name);
			for (const name of [
				'input',
				'urlField',
				'queryField',
				'headersField',
				'bodyField',
				'methodField',
				'rawBodyBinaryField',
				'clientIpField',
				'mmp',
				'strict',
				'includeRaw',
				'keepOnly',
				'fieldMapping',
				'ipPresets',
				'ipAllowlist',
				'behindProxy',
				'proxyHops',
				'additionalOptions',
			]) {
				expect(names).toContain(name);
			}
		});
	});
});
