// The shipped example examples/workflows/send-postback-long-retry.json, run in-process with n8n's
// own IF and Wait nodes: a wait longer than the threshold sends the item to Failed with retryAt,
// the Wait node holds it until then, and Send Postback continues its schedule. Timings are scaled
// down (a 2 s Retry-After against a 1 s threshold) so that n8n's Wait node waits in-process.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { INode, IConnections } from 'n8n-workflow';

import { MmpTrigger } from '../../nodes/MmpTrigger/MmpTrigger.node';
import { RenderCallback } from '../../nodes/RenderCallback/RenderCallback.node';
import { SendPostback } from '../../nodes/SendPostback/SendPostback.node';
import { callWebhook, runWorkflow } from '../support/inProcess';
import { ok, postbackOf, startServer, type Reply, type TestServer } from './sendPostbackSupport';

// n8n's Wait node imports its form helpers, which load sanitize-html's ESM-only parser that this
// jest setup does not transform. The timed resume used here never renders a form.
jest.mock('sanitize-html', () => (html: string) => html);

/* eslint-disable @typescript-eslint/no-require-imports */
const { NoOp } = require('n8n-nodes-base/dist/nodes/NoOp/NoOp.node.js');
const { If } = require('n8n-nodes-base/dist/nodes/If/If.node.js');
const { Wait } = require('n8n-nodes-base/dist/nodes/Wait/Wait.node.js');
/* eslint-enable @typescript-eslint/no-require-imports */

const EXAMPLE = path.join(__dirname, '../../examples/workflows/send-postback-long-retry.json');

interface WorkflowFile {
	nodes: INode[];
	connections: IConnections;
}

const trigger = new MmpTrigger();
const nodeTypes = {
	'n8n-nodes-mmp-postback.mmpTrigger': trigger,
	'n8n-nodes-mmp-postback.renderCallback': new RenderCallback(),
	'n8n-nodes-mmp-postback.sendPostback': new SendPostback(),
	'n8n-nodes-base.noOp': new NoOp(),
	'n8n-nodes-base.if': new If(),
	'n8n-nodes-base.wait': new Wait(),
};

/** The example, pointed at the loopback receiver, with its waits scaled from minutes to seconds. */
function exampleFor(origin: string, maxAttempts: number) {
	const workflow = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as WorkflowFile;
	const nodes = workflow.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
	const byName = (name: string) => nodes.find((node) => node.name === name) as INode;
	byName('Render Callback').parameters.url = `${origin}/install?click_id={{click_id}}`;
	Object.assign(byName('Send Postback').parameters, {
		retryPreset: 'custom',
		maxAttempts,
		baseDelay: 0.001,
		maxDelay: 0.001,
		options: { maxInlineWait: 1, retryAfterMax: 5 },
	});
	return { nodes, connections: workflow.connections };
}

async function runExample(server: TestServer, maxAttempts: number) {
	const { nodes, connections } = exampleFor(server.origin, maxAttempts);
	const triggerNode = nodes.find((node) => node.name === 'MMP Trigger') as INode;
	const webhook = await callWebhook(trigger, {
		parameters: triggerNode.parameters,
		request: {
			method: 'GET',
			url: '/webhook/mmp-long-retry?mmp=adjust&activity_kind=install&adid=a1&click_id=c-42',
		},
	});
	if (!webhook.workflowData) throw new Error(`no execution: ${JSON.stringify(webhook.body)}`);
	return await runWorkflow({
		nodes,
		connections,
		nodeTypes,
		startNode: 'MMP Trigger',
		startData: webhook.workflowData,
	});
}

describe('example: long retry schedules with a Wait loop', () => {
	let server: TestServer;
	afterEach(async () => server.close());

	it('loops a long wait through Wait Until retryAt and delivers on the next pass', async () => {
		const replies: Reply[] = [{ status: 503, headers: { 'retry-after': '2' } }];
		server = await startServer(() => replies.shift() ?? ok());
		const { run, output, ran } = await runExample(server, 5);
		expect(run.status).toBe('success');
		expect(run.data.resultData.runData['Send Postback']).toHaveLength(2);
		expect(run.data.resultData.runData['Wait Until retryAt']).toHaveLength(1);
		expect(ran('Gave Up')).toBe(false);

		const runs = run.data.resultData.runData['Send Postback'];
		const delivered = runs[1].data?.main[0] ?? [];
		expect(delivered).toHaveLength(1);
		const postback = postbackOf(delivered[0]);
		expect(postback.attempts).toBe(2);
		expect(postback.history.map((attempt) => attempt.status)).toEqual([503, 200]);
		expect(postback.history[0].waitMs).toBe(2000);
		expect(output('Delivered')).toHaveLength(1);

		// The second request went out no earlier than retryAt, with the same idempotency key.
		expect(server.requests).toHaveLength(2);
		const keys = new Set(server.requests.map((request) => request.headers['idempotency-key']));
		expect(keys.size).toBe(1);
		const firstPass = runs[0].data?.main[1]?.[0];
		const retryAt = Date.parse(postbackOf(firstPass!).retryAt as string);
		expect(Date.parse(postback.history[1].at as string)).toBeGreaterThanOrEqual(retryAt);
	});

	it('ends on Gave Up once the schedule is used up', async () => {
		server = await startServer(() => ({ status: 503, headers: { 'retry-after': '2' } }));
		const { run, output, ran } = await runExample(server, 2);
		expect(run.status).toBe('success');
		expect(ran('Delivered')).toBe(false);
		const [gaveUp] = output('Gave Up');
		expect(postbackOf(gaveUp)).toMatchObject({ attempts: 2, retryable: false, status: 503 });
		expect(server.requests).toHaveLength(2);
	});
});
