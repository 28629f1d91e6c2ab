// MMP Trigger typeVersion 2 through n8n-core's real WebhookContext: the versioning contract, "no
// expression evaluated in the webhook phase", Respond, and batched executions (the 503 path with an
// injected failure of the leader's execution).
import {
	Expression,
	resolveWebhookDescriptionField,
	webhookDescriptionIsNativelyResolvable,
	Workflow,
	type INode,
	type INodeParameters,
	type INodeType,
	type IWebhookDescription,
} from 'n8n-workflow';

import { computeHmacSignature } from '../../lib/security';
import { MmpTrigger } from '../../nodes/MmpTrigger/MmpTrigger.node';
import { MmpTriggerV1 } from '../../nodes/MmpTrigger/v1/MmpTriggerV1.node';
import { MmpTriggerV2 } from '../../nodes/MmpTrigger/v2/MmpTriggerV2.node';
import { callWebhook, MapNodeTypes, type RequestSpec } from '../support/inProcess';

const versioned = new MmpTrigger();
const v2 = versioned.getNodeType(2);
const webhook = v2.description.webhooks![0] as IWebhookDescription;

const ADJUST_INSTALL =
	'/webhook/mmp?mmp=adjust&activity_kind=install&adid=7f0c8d5e4b3a29180716a5b4c3d2e1f0&created_at=1700000000';
const APPSFLYER_PURCHASE = {
	appsflyer_id: '1700000000000-1234567',
	event_name: 'af_purchase',
	event_type: 'in-app-event',
	event_revenue: '9.99',
	event_revenue_currency: 'USD',
};

function adjust(n: number, kind = 'install'): RequestSpec {
	return {
		method: 'GET',
		url: `/webhook/mmp?mmp=adjust&activity_kind=${kind}&adid=${String(n).padStart(32, '0')}&created_at=1700000000`,
	};
}

async function call(
	request: RequestSpec,
	parameters: INodeParameters = {},
	credentials?: Parameters<typeof callWebhook>[1]['credentials'],
) {
	return await callWebhook(v2, {
		parameters: { path: 'mmp', ...parameters },
		request,
		credentials,
		typeVersion: 2,
	});
}

function workflowNode(parameters: INodeParameters): { workflow: Workflow; node: INode } {
	const node: INode = {
		id: '1',
		name: 'MMP Trigger',
		type: 'test.mmpTrigger',
		typeVersion: 2,
		position: [0, 0],
		parameters,
	};
	const workflow = new Workflow({
		id: 'w',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: new MapNodeTypes({ 'test.mmpTrigger': versioned }),
	});
	return { workflow, node: workflow.nodes[node.name] };
}

describe('MMP Trigger versions', () => {
	it('n8n gets typeVersion 1 and 2 from the loaded class; new nodes get 2', () => {
		expect(versioned.currentVersion).toBe(2);
		expect(versioned.getNodeType(1)).toBeInstanceOf(MmpTriggerV1);
		expect(versioned.getNodeType(2)).toBeInstanceOf(MmpTriggerV2);
		expect(versioned.getNodeType()).toBeInstanceOf(MmpTriggerV2);
		for (const version of [1, 2]) {
			expect(versioned.getNodeType(version).description).toMatchObject({
				name: 'mmpTrigger',
				version,
				defaultVersion: 2,
			});
		}
		// The class itself keeps describing typeVersion 1 (code written against it keeps working).
		expect(versioned.description.version).toBe(1);
	});

	it('typeVersion 2 has no hidden body option for n8n to evaluate', () => {
		const names = v2.description.properties.map((p) => p.name);
		expect(names).not.toContain('options');
		expect(names).toEqual(expect.arrayContaining(['respond', 'batch', 'batchMaxItems']));
	});
});

describe('MMP Trigger v2 webhook phase without the expression engine', () => {
	it('declares every webhook description field natively resolvable', () => {
		expect(webhookDescriptionIsNativelyResolvable(webhook)).toBe(true);
		const { node } = workflowNode({
			path: 'mmp',
			respond: 'lastNode',
			additionalOptions: { responseCode: 202 },
		});
		expect(resolveWebhookDescriptionField(node, webhook, 'path')).toEqual({
			resolved: true,
			value: 'mmp',
		});
		expect(resolveWebhookDescriptionField(node, webhook, 'responseCode')).toEqual({
			resolved: true,
			value: 202,
		});
		expect(resolveWebhookDescriptionField(node, webhook, 'responseMode')).toEqual({
			resolved: true,
			value: 'lastNode',
		});
		expect(resolveWebhookDescriptionField(node, webhook, 'responseData')).toEqual({
			resolved: true,
			value: 'noData',
		});
	});

	it('resolves Respond the same through the engine (the editor path) as natively', () => {
		for (const parameters of [{ path: 'mmp' }, { path: 'mmp', respond: 'lastNode' }]) {
			const { workflow, node } = workflowNode(parameters);
			for (const field of ['responseMode', 'responseData'] as const) {
				const native = resolveWebhookDescriptionField(node, webhook, field);
				expect(native.resolved).toBe(true);
				expect(
					workflow.expression.getSimpleParameterValue(node, webhook[field], 'internal', {}),
				).toBe(native.resolved && native.value);
			}
		}
	});

	it('evaluates no expression while webhook() handles accepted, filtered and rejected callbacks', async () => {
		// Every expression n8n-workflow evaluates passes through resolveSimpleParameterValue; count
		// the ones evaluated while webhook() runs (the harness itself evaluates description fields).
		const evaluated: string[] = [];
		const restore = Expression.prototype.resolveSimpleParameterValue;
		let inside = false;
		Expression.prototype.resolveSimpleParameterValue = function (
			this: Expression,
			...args: Parameters<typeof restore>
		) {
			if (inside && typeof args[0] === 'string' && args[0].startsWith('=')) evaluated.push(args[0]);
			return restore.apply(this, args);
		};
		const instrumented: INodeType = Object.create(v2);
		instrumented.webhook = async function (this: never) {
			inside = true;
			try {
				return await v2.webhook!.call(this);
			} finally {
				inside = false;
			}
		};
		try {
			const parameters = { path: 'mmp', startFor: { eventKinds: ['install'] } };
			const run = async (request: RequestSpec) =>
				await callWebhook(instrumented, { parameters, request, typeVersion: 2 });
			expect((await run({ method: 'GET', url: ADJUST_INSTALL })).workflowData).toBeDefined();
			expect((await run(adjust(1, 'session'))).workflowData).toBeUndefined();
			expect((await run({ method: 'PUT', url: ADJUST_INSTALL })).status).toBe(405);
			// The probe works: an expression in a parameter is evaluated, and seen.
			await callWebhook(instrumented, {
				parameters: { ...parameters, strict: '={{ false }}' },
				request: { method: 'GET', url: ADJUST_INSTALL },
				typeVersion: 2,
			});
			expect(evaluated).toEqual(['={{ false }}']);
		} finally {
			Expression.prototype.resolveSimpleParameterValue = restore;
		}
	});
});

describe('MMP Trigger v2 callbacks', () => {
	it('routes and acknowledges like typeVersion 1', async () => {
		const result = await call({ method: 'POST', url: '/webhook/mmp', body: APPSFLYER_PURCHASE });
		expect(result.status).toBe(200);
		expect(result.body).toEqual({ status: 'ok' });
		expect(result.workflowData?.[1]).toHaveLength(1);
		expect(result.workflowData?.[1][0].json).toMatchObject({ event_name: 'af_purchase' });
	});

	it('verifies HMAC over the raw bytes n8n kept after parsing the JSON body', async () => {
		const secret = 'whsec_7d1f0c9e8b2a4f6d3c5e7a9b1d3f5e7c';
		const credentials = {
			mmpWebhookAuth: {
				authType: 'hmacSha256',
				secret,
				signatureHeader: 'X-MMP-Signature',
				timestampHeader: 'X-MMP-Timestamp',
				replayWindowSeconds: 300,
				signatureEncoding: 'auto',
			},
		};
		// Spacing a re-serialisation would lose: only the raw bytes verify.
		const body = '{ "appsflyer_id":"1700000000000-1234567",  "event_name":"af_purchase" }';
		const timestamp = String(Math.floor(Date.now() / 1000));
		const signed = {
			method: 'POST',
			url: '/webhook/mmp',
			headers: {
				'content-type': 'application/json',
				'x-mmp-timestamp': timestamp,
				'x-mmp-signature': `sha256=${computeHmacSignature({ secret, body, timestamp })}`,
			},
			body,
		};
		expect((await call(signed, {}, credentials)).workflowData?.[1]).toHaveLength(1);
		const tampered = await call({ ...signed, body: body.replace('af_', 'xx_') }, {}, credentials);
		expect(tampered.status).toBe(401);
		expect(tampered.workflowData).toBeUndefined();
	});

	it('leaves malformed JSON to n8n: a 422 JSON answer before the node runs, no execution', async () => {
		const result = await call({
			method: 'POST',
			url: '/webhook/mmp',
			headers: { 'content-type': 'application/json' },
			body: '{"appsflyer_id":',
		});
		expect(result.status).toBe(422);
		expect(result.workflowData).toBeUndefined();
	});
});

describe('MMP Trigger v2 batched executions', () => {
	const batched = { batch: true, batchMaxItems: 3, batchMaxWaitMs: 50 };

	it('holds followers until the leader is answered, then acknowledges them with the configured body', async () => {
		const calls = [1, 2, 3].map(async (n) => await call(adjust(n), batched));
		const [leader, ...followers] = await Promise.all(calls);
		expect(leader.respondedByNode).toBe(false);
		expect(
			leader.workflowData?.[0].map((item) => item.json.advertising_id ?? item.json.device_id),
		).toHaveLength(3);
		for (const follower of followers) {
			expect(follower.respondedByNode).toBe(true);
			expect(follower.workflowData).toBeUndefined();
			expect(follower.response.writableEnded).toBe(false);
		}
		// n8n writes the leader's answer once the execution is registered.
		leader.response.status(200).json({ status: 'ok' });
		for (const follower of followers) {
			expect(follower.response.statusCode).toBe(200);
			expect(follower.response.body).toEqual({ status: 'ok' });
		}
	});

	it('answers every held callback 503 when the execution could not be registered', async () => {
		const calls = [4, 5].map(async (n) => await call(adjust(n), { ...batched, batchMaxItems: 2 }));
		const [leader, follower] = await Promise.all(calls);
		expect(leader.workflowData?.flat()).toHaveLength(2);
		// Injected failure: WorkflowRunner.run() threw, so n8n answers the leader with a 500.
		leader.response
			.status(500)
			.json({ code: 500, message: 'There was a problem executing the workflow' });
		expect(follower.response.statusCode).toBe(503);
		expect(follower.response.body).toEqual({
			error: { code: 'batch_not_registered', message: expect.any(String) },
		});
		expect(follower.response.headers['retry-after']).toBe('1');
	});

	it('answers held callbacks 503 when the leader connection closes before an answer', async () => {
		const calls = [6, 7].map(async (n) => await call(adjust(n), { ...batched, batchMaxItems: 2 }));
		const [leader, follower] = await Promise.all(calls);
		leader.response.emit('close');
		expect(follower.response.statusCode).toBe(503);
	});

	it('runs the filter and auth per callback before batching: neither waits nor joins a batch', async () => {
		const filtered = await call(adjust(8, 'session'), {
			...batched,
			startFor: { eventKinds: ['install'] },
		});
		expect(filtered.status).toBe(200);
		expect(filtered.workflowData).toBeUndefined();
		const rejected = await call(adjust(9), batched, {
			mmpWebhookAuth: {
				authType: 'headerToken',
				headerName: 'X-Token',
				token: 'tok_0123456789abcdef',
			},
		});
		expect(rejected.status).toBe(401);
		expect(rejected.workflowData).toBeUndefined();
	});

	it('puts each callback on its own output, keeping its own canonical event', async () => {
		const calls = [
			adjust(10),
			{ method: 'POST', url: '/webhook/mmp', body: APPSFLYER_PURCHASE },
			adjust(11, 'rejected_install'),
		].map(async (request) => await call(request, batched));
		const [leader] = await Promise.all(calls);
		expect(leader.workflowData?.map((items) => items.length)).toEqual([1, 1, 1]);
		expect(leader.workflowData?.[1][0].json).toMatchObject({ mmp: 'appsflyer' });
		expect(leader.workflowData?.[2][0].json).toMatchObject({ event_kind: 'rejected_install' });
		leader.response.status(200).json({ status: 'ok' });
	});

	it('does not batch a manual test request (n8n takes one per test)', async () => {
		const result = await callWebhook(v2, {
			parameters: { path: 'mmp', ...batched },
			request: adjust(12),
			typeVersion: 2,
			mode: 'manual',
		});
		expect(result.workflowData?.[0]).toHaveLength(1);
	});
});
