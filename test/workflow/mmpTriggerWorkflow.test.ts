// MMP Trigger → three NoOp nodes, run by n8n-core's WorkflowExecute: only the branch of the output
// the trigger chose runs.
import type { IConnections, INodeType } from 'n8n-workflow';

import { MmpTrigger } from '../../nodes/MmpTrigger/MmpTrigger.node';
import { callWebhook, runWorkflow, type RequestSpec } from '../support/inProcess';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NoOp } = require('n8n-nodes-base/dist/nodes/NoOp/NoOp.node.js');

const trigger = new MmpTrigger();
const noOp: INodeType = new NoOp();
const TRIGGER = 'MMP Trigger';
const BRANCHES = ['On Attribution', 'On In-App Event', 'On Fraud Alert'];

const connections: IConnections = {
	[TRIGGER]: {
		main: BRANCHES.map((node) => [{ node, type: 'main', index: 0 }]),
	},
};

async function runFor(request: RequestSpec) {
	const parameters = { path: 'mmp' };
	const webhook = await callWebhook(trigger, { parameters, request });
	if (!webhook.workflowData) throw new Error(`no execution: ${JSON.stringify(webhook.body)}`);
	return await runWorkflow({
		nodes: [
			{ name: TRIGGER, type: 'n8n-nodes-mmp-postback.mmpTrigger', parameters },
			...BRANCHES.map((name) => ({ name, type: 'n8n-nodes-base.noOp', parameters: {} })),
		],
		connections,
		nodeTypes: { 'n8n-nodes-mmp-postback.mmpTrigger': trigger, 'n8n-nodes-base.noOp': noOp },
		startNode: TRIGGER,
		startData: webhook.workflowData,
	});
}

describe('MMP Trigger in a workflow', () => {
	it.each([
		[
			'an install',
			'On Attribution',
			{ method: 'GET', url: '/webhook/mmp?mmp=adjust&activity_kind=install&adid=a1' },
		],
		[
			'a session',
			'On In-App Event',
			{ method: 'GET', url: '/webhook/mmp?mmp=adjust&activity_kind=session&adid=a1' },
		],
		[
			'a purchase',
			'On In-App Event',
			{
				method: 'POST',
				url: '/webhook/mmp',
				body: { appsflyer_id: '1-2', event_name: 'af_purchase', event_type: 'in-app-event' },
			},
		],
		[
			'a rejected install',
			'On Fraud Alert',
			{
				method: 'GET',
				url: '/webhook/mmp?mmp=adjust&activity_kind=rejected_install&adid=a1&rejection_reason=anonymous_traffic',
			},
		],
	] as Array<[string, string, RequestSpec]>)(
		'runs only the branch for %s',
		async (_label, branch, request) => {
			const { run, ran, output } = await runFor(request);
			expect(run.status).toBe('success');
			for (const name of BRANCHES) expect(ran(name)).toBe(name === branch);
			const [item] = output(branch);
			expect(item.json).toMatchObject({
				fraud_flag: branch === 'On Fraud Alert',
				dedup_key: expect.any(String),
			});
		},
	);
});
