// Self-test of the in-process harness against n8n's own Webhook and NoOp nodes, so a failure in a
// node test can be told apart from a harness defect.
import type { INodeType, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { callWebhook, runWorkflow } from '../support/inProcess';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Webhook } = require('n8n-nodes-base/dist/nodes/Webhook/Webhook.node.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NoOp } = require('n8n-nodes-base/dist/nodes/NoOp/NoOp.node.js');

describe('in-process harness', () => {
	const webhook: INodeType | IVersionedNodeType = new Webhook();
	const noOp: INodeType = new NoOp();

	it('calls a real webhook() with a parsed JSON body and query', async () => {
		const v2 = NodeHelpers.getVersionedNodeType(webhook, 2);
		const result = await callWebhook(v2, {
			typeVersion: 2,
			parameters: { httpMethod: 'POST', path: 'probe', responseMode: 'onReceived', options: {} },
			request: { method: 'POST', url: '/webhook/probe?x=1&x=2', body: { a: 1 } },
		});
		expect(result.status).toBe(200);
		const item = result.workflowData?.[0]?.[0]?.json as Record<string, unknown>;
		expect(item.body).toEqual({ a: 1 });
		expect(item.query).toEqual({ x: ['1', '2'] });
	});

	it('answers 422 for malformed JSON before the node runs, like n8n', async () => {
		const v2 = NodeHelpers.getVersionedNodeType(webhook, 2);
		const result = await callWebhook(v2, {
			typeVersion: 2,
			parameters: { httpMethod: 'POST', path: 'probe', responseMode: 'onReceived', options: {} },
			request: { method: 'POST', url: '/webhook/probe', headers: { 'content-type': 'application/json' }, body: '{"a":' },
		});
		expect(result.status).toBe(422);
		expect(result.workflowData).toBeUndefined();
	});

	it('runs a workflow from a start node with real WorkflowExecute', async () => {
		const { run, output, ran } = await runWorkflow({
			nodes: [
				{ name: 'Start', type: 'n8n-nodes-base.noOp', parameters: {} },
				{ name: 'Left', type: 'n8n-nodes-base.noOp', parameters: {} },
				{ name: 'Unused', type: 'n8n-nodes-base.noOp', parameters: {} },
			],
			connections: {
				Start: { main: [[{ node: 'Left', type: 'main', index: 0 }]] },
			},
			nodeTypes: { 'n8n-nodes-base.noOp': noOp },
			startNode: 'Start',
			startData: [[{ json: { hello: 'world' } }]],
		});
		expect(run.status).toBe('success');
		expect(output('Left')[0].json).toEqual({ hello: 'world' });
		expect(ran('Unused')).toBe(false);
	});
});
