// MMP Trigger with "Drop Re-Sends" through n8n-core's real WebhookContext (test/support/inProcess.ts):
// the first delivery starts an execution, a re-send is acknowledged without one, and a delivery whose
// acknowledgement was not written with a 2xx never gates its re-send. The harness returns what n8n
// would answer; `answer()` then writes it to the response as n8n does, which emits 'finish'.
import Redis from 'ioredis';
import type { IConnections, INodeParameters, INodeType } from 'n8n-workflow';

import { closeResendGates } from '../../lib/inbound';
import { MmpTrigger } from '../../nodes/MmpTrigger/MmpTrigger.node';
import { closedPort } from '../integration/delivery/loopback';
import { describeRequiring } from '../support/describeRequiring';
import { callWebhook, runWorkflow, type WebhookCallResult } from '../support/inProcess';
import { LOCAL_REDIS, redisReachable } from '../support/redisReachable';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NoOp } = require('n8n-nodes-base/dist/nodes/NoOp/NoOp.node.js');

const trigger = new MmpTrigger();
const TRIGGER = 'MMP Trigger';
const INSTALL = (adid: string) =>
	`/webhook/mmp?mmp=adjust&activity_kind=install&adid=${adid}&created_at=1700000000&country=de`;

async function deliver(
	url: string,
	parameters: INodeParameters = {},
	options: { credentials?: Record<string, Record<string, unknown>>; mode?: 'manual' | 'webhook' } = {},
) {
	return await callWebhook(trigger, {
		parameters: { path: 'mmp', dropResends: true, ...parameters },
		credentials: options.credentials as never,
		mode: options.mode,
		request: { method: 'GET', url },
	});
}

/** Writes n8n's answer to the response, as n8n 2.41 does once the execution is registered. */
function answer(result: WebhookCallResult, status = result.status): void {
	if (result.respondedByNode) return;
	result.response.status(status);
	result.response.json(result.body);
}

afterEach(async () => {
	await closeResendGates();
});

describe('MMP Trigger with Drop Re-Sends (this process)', () => {
	it('starts one execution, then acknowledges the re-send 200 without starting one', async () => {
		const first = await deliver(INSTALL('a1'));
		expect(first.workflowData).toBeDefined();
		const run = await runWorkflow({
			nodes: [
				{ name: TRIGGER, type: 'n8n-nodes-mmp-postback.mmpTrigger', parameters: { path: 'mmp' } },
				{ name: 'Attribution', type: 'n8n-nodes-base.noOp', parameters: {} },
			],
			connections: {
				[TRIGGER]: { main: [[{ node: 'Attribution', type: 'main', index: 0 }]] },
			} as IConnections,
			nodeTypes: {
				'n8n-nodes-mmp-postback.mmpTrigger': trigger,
				'n8n-nodes-base.noOp': new NoOp() as INodeType,
			},
			startNode: TRIGGER,
			startData: first.workflowData!,
		});
		expect(run.output('Attribution')).toHaveLength(1);
		answer(first);

		const resend = await deliver(INSTALL('a1'));
		expect(resend.status).toBe(200);
		expect(resend.body).toEqual({ status: 'ok' });
		expect(resend.workflowData).toBeUndefined();

		// A different callback is not a re-send.
		expect((await deliver(INSTALL('a2'))).workflowData).toBeDefined();
	});

	it('answers a re-send with the configured acknowledgement', async () => {
		const options = { additionalOptions: { responseCode: 202, responseBody: 'OK' } };
		answer(await deliver(INSTALL('b1'), options));
		const resend = await deliver(INSTALL('b1'), options);
		expect(resend).toMatchObject({ status: 202, body: 'OK', workflowData: undefined });
	});

	it('lets the re-send through when n8n answered the first delivery with an error', async () => {
		const first = await deliver(INSTALL('c1'));
		answer(first, 500); // n8n could not register the execution
		const resend = await deliver(INSTALL('c1'));
		expect(resend.workflowData).toBeDefined();
	});

	it('lets the re-send through when the connection closed before the acknowledgement was written', async () => {
		const first = await deliver(INSTALL('d1'));
		first.response.emit('close');
		expect((await deliver(INSTALL('d1'))).workflowData).toBeDefined();
	});

	it('does not gate the test URL, nor anything when Drop Re-Sends is off', async () => {
		for (let i = 0; i < 2; i++) {
			const manual = await deliver(INSTALL('e1'), {}, { mode: 'manual' });
			expect(manual.workflowData).toBeDefined();
			answer(manual);
			const off = await deliver(INSTALL('e1'), { dropResends: false });
			expect(off.workflowData).toBeDefined();
			answer(off);
		}
	});
});

describeRequiring('MMP Trigger with Drop Re-Sends (Redis)', redisReachable(), () => {
	const admin = new Redis({ ...LOCAL_REDIS, maxRetriesPerRequest: 1, lazyConnect: true });
	const redis = { host: LOCAL_REDIS.host, port: LOCAL_REDIS.port, database: 0, password: '', user: '' };
	const adid = `redis-${process.pid}-${Date.now()}`;

	afterAll(async () => {
		// The harness's workflow "wf-test" and node "node-1" scope every key.
		const keys = await admin.keys('mmp-postback:resend:wf-test:node-1:*');
		if (keys.length > 0) await admin.del(...keys);
		admin.disconnect();
	});

	it('drops the re-send through n8n\'s Redis credential, keyed per workflow and node', async () => {
		const parameters = { resendStore: 'redis' };
		const first = await deliver(INSTALL(adid), parameters, { credentials: { redis } });
		expect(first.workflowData).toBeDefined();
		answer(first);
		// 'finish' settles asynchronously: the confirmation is one Redis round trip away.
		await new Promise((resolve) => setTimeout(resolve, 100));
		const key = `mmp-postback:resend:wf-test:node-1:${(first.workflowData![0][0].json as { dedup_key: string }).dedup_key}`;
		expect(await admin.get(key)).toMatch(/^c:/);
		const resend = await deliver(INSTALL(adid), parameters, { credentials: { redis } });
		expect(resend).toMatchObject({ status: 200, workflowData: undefined });
	});

	it('answers 503 resend_gate_unavailable when Redis is unreachable, or lets the callback through when told to', async () => {
		const down = { ...redis, port: await closedPort() };
		const refused = await deliver(INSTALL(`${adid}-down`), { resendStore: 'redis' }, { credentials: { redis: down } });
		expect(refused.status).toBe(503);
		expect(refused.body).toEqual({
			error: { code: 'resend_gate_unavailable', message: expect.any(String) },
		});
		expect(refused.workflowData).toBeUndefined();
		const through = await deliver(
			INSTALL(`${adid}-down`),
			{ resendStore: 'redis', resendWhenUnavailable: 'pass' },
			{ credentials: { redis: down } },
		);
		expect(through.workflowData).toBeDefined();
	});
});
