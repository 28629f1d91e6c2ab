// "Drop Re-Sends" in a real single-process n8n 2.41.1 (packed tarball): concurrent deliveries of one
// callback are all answered 200 and start exactly one execution, with the in-process store and with
// n8n's own Redis credential (the latter needs Redis on 127.0.0.1:6379: skipped loudly without it,
// failed under CI=true).
import Redis from 'ioredis';

import { describeRequiring } from '../support/describeRequiring';
import { loadE2eWorkflow } from '../support/fixtures';
import { LOCAL_REDIS, redisReachable } from '../support/redisReachable';
import { describeWithN8n, useN8n, type WorkflowJson } from '../support/useN8n';

jest.setTimeout(120_000);

const CONCURRENT = 20;
const REDIS_CREDENTIAL = { id: 'e2eResendRedis01', name: 'e2e redis' };
const redis = redisReachable();

function gatedWorkflow(
	id: string,
	webhookId: string,
	path: string,
	parameters: Record<string, unknown>,
): WorkflowJson {
	const workflow = loadE2eWorkflow('mmp-trigger-routing.json');
	workflow.id = id;
	workflow.name = `e2e: MMP Trigger with Drop Re-Sends on /webhook/${path}`;
	const trigger = workflow.nodes.find((n) => n.name === 'MMP Trigger')!;
	trigger.parameters = { ...trigger.parameters, path, dropResends: true, ...parameters };
	trigger.webhookId = webhookId;
	if (parameters.resendStore === 'redis') {
		(trigger as { credentials?: unknown }).credentials = { redis: REDIS_CREDENTIAL };
	}
	return workflow;
}

const memoryFlow = gatedWorkflow(
	'e2eResendMemory1',
	'5e0d9a7e-0000-4000-8000-000000000001',
	'e2e/resend-memory',
	{},
);
const redisFlow = gatedWorkflow(
	'e2eResendRedis01',
	'5e0d9a7e-0000-4000-8000-000000000002',
	'e2e/resend-redis',
	{ resendStore: 'redis' },
);
const RUN = `${process.pid}-${Date.now()}`;
const install = (adid: string) =>
	`mmp=adjust&activity_kind=install&adid=${adid}&created_at=1700000000&country=de`;

describeWithN8n('MMP Trigger Drop Re-Sends in real n8n', () => {
	const n8n = useN8n({
		label: 'resend-gate',
		credentials: redis.ok
			? [
					{
						...REDIS_CREDENTIAL,
						type: 'redis',
						data: { host: LOCAL_REDIS.host, port: LOCAL_REDIS.port, database: 0, password: '' },
					},
				]
			: [],
		workflows: redis.ok ? [memoryFlow, redisFlow] : [memoryFlow],
	});

	async function deliverConcurrently(path: string, query: string, count: number) {
		return await Promise.all(
			Array.from({ length: count }, async () => {
				const res = await fetch(`${n8n.webhookUrl(path)}?${query}`);
				return { status: res.status, body: await res.text() };
			}),
		);
	}

	/** Executions once `expected` have finished, re-read after a pause so a late extra would show. */
	async function settledExecutions(workflowId: string, expected: number) {
		await n8n.waitForExecutions(workflowId, expected, 60_000);
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		return await n8n.executions({ workflowId });
	}

	async function expectExactlyOnce(workflow: WorkflowJson) {
		const path = String(workflow.nodes[0].parameters.path);
		const answers = await deliverConcurrently(path, install(`first-${RUN}`), CONCURRENT);
		expect(answers).toEqual(Array(CONCURRENT).fill({ status: 200, body: '{"status":"ok"}' }));
		// A later re-send, and a different callback that is no re-send.
		expect((await deliverConcurrently(path, install(`first-${RUN}`), 1))[0].status).toBe(200);
		expect((await deliverConcurrently(path, install(`second-${RUN}`), 1))[0].status).toBe(200);
		const executions = await settledExecutions(workflow.id, 2);
		expect(executions).toHaveLength(2);
		expect(executions.every((e) => e.status === 'success')).toBe(true);
	}

	it('the in-process store: concurrent deliveries of one callback all get 200, one execution starts', async () => {
		await expectExactlyOnce(memoryFlow);
	});

	describeRequiring('with Redis', redis, () => {
		const admin = new Redis({ ...LOCAL_REDIS, lazyConnect: true, maxRetriesPerRequest: 1 });
		const scope = `mmp-postback:resend:${redisFlow.id}:*`;

		afterAll(async () => {
			const keys = await admin.keys(scope);
			if (keys.length > 0) await admin.del(...keys);
			admin.disconnect();
		});

		it("n8n's Redis credential: concurrent deliveries all get 200, one execution starts, the key is confirmed", async () => {
			await expectExactlyOnce(redisFlow);
			const values = await admin.mget(...(await admin.keys(scope)));
			expect(values.length).toBeGreaterThanOrEqual(2);
			expect(values.every((v) => v?.startsWith('c:'))).toBe(true);
		});
	});
});
