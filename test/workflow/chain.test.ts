// The whole chain in-process: a real MMP callback through MMP Trigger's webhook(), then n8n-core's
// WorkflowExecute runs Render Callback → Send Postback to a loopback ad-network endpoint, with fraud
// on its own branch (its own template and endpoint) and Delivered/Failed each leading somewhere.
//
//   MMP Trigger ─ Attribution ──▶ Render Install ──┐
//               ├ In-App Event ─▶ Render Event ────┴▶ Send Postback ─ Delivered ▶ Done
//               │                                                  └ Failed ───▶ Retry Later
//               └ Fraud Alert ──▶ Render Fraud ───▶ Send Fraud Report ─ Delivered ▶ Fraud Reported
import type { IConnections, INodeType } from 'n8n-workflow';

import { MmpTrigger } from '../../nodes/MmpTrigger/MmpTrigger.node';
import { RenderCallback } from '../../nodes/RenderCallback/RenderCallback.node';
import { SendPostback } from '../../nodes/SendPostback/SendPostback.node';
import { callWebhook, runWorkflow, type RequestSpec } from '../support/inProcess';
import { ok, postbackOf, startServer, type TestServer } from './sendPostbackSupport';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NoOp } = require('n8n-nodes-base/dist/nodes/NoOp/NoOp.node.js');

const TYPES = {
	trigger: 'n8n-nodes-mmp-postback.mmpTrigger',
	render: 'n8n-nodes-mmp-postback.renderCallback',
	send: 'n8n-nodes-mmp-postback.sendPostback',
	noOp: 'n8n-nodes-base.noOp',
};
const trigger = new MmpTrigger();
const nodeTypes: Record<string, INodeType> = {
	[TYPES.trigger]: trigger,
	[TYPES.render]: new RenderCallback(),
	[TYPES.send]: new SendPostback(),
	[TYPES.noOp]: new NoOp(),
};

const link = (node: string, index = 0) => [{ node, type: 'main' as const, index }];
const connections: IConnections = {
	'MMP Trigger': { main: [link('Render Install'), link('Render Event'), link('Render Fraud')] },
	'Render Install': { main: [link('Send Postback')] },
	'Render Event': { main: [link('Send Postback')] },
	'Render Fraud': { main: [link('Send Fraud Report')] },
	'Send Postback': { main: [link('Done'), link('Retry Later')] },
	'Send Fraud Report': { main: [link('Fraud Reported'), link('Fraud Not Reported')] },
};

const template = (url: string) => ({ preset: 'custom', dialect: 'mustache', url });

async function runChain(network: TestServer, request: RequestSpec) {
	const triggerParameters = { path: 'mmp' };
	const webhook = await callWebhook(trigger, { parameters: triggerParameters, request });
	expect(webhook.status).toBe(200);
	if (!webhook.workflowData) throw new Error(`no execution: ${JSON.stringify(webhook.body)}`);
	const send = { retryPreset: 'custom', maxAttempts: 3, baseDelay: 0.001, maxDelay: 0.005 };
	return await runWorkflow({
		nodes: [
			{ name: 'MMP Trigger', type: TYPES.trigger, parameters: triggerParameters },
			{
				name: 'Render Install',
				type: TYPES.render,
				parameters: template(
					`${network.origin}/install?gaid={{advertising_id}}&country={{country}}&kind={{event_kind}}`,
				),
			},
			{
				name: 'Render Event',
				type: TYPES.render,
				parameters: template(`${network.origin}/event?name={{event_name}}&kind={{event_kind}}`),
			},
			{
				name: 'Render Fraud',
				type: TYPES.render,
				parameters: template(`${network.origin}/fraud?reason={{fraud_reason}}`),
			},
			{ name: 'Send Postback', type: TYPES.send, parameters: send },
			{ name: 'Send Fraud Report', type: TYPES.send, parameters: send },
			...['Done', 'Retry Later', 'Fraud Reported', 'Fraud Not Reported'].map((name) => ({
				name,
				type: TYPES.noOp,
				parameters: {},
			})),
		],
		connections,
		nodeTypes,
		startNode: 'MMP Trigger',
		startData: webhook.workflowData,
	});
}

describe('MMP Trigger → Render Callback → Send Postback', () => {
	let network: TestServer;
	let down = false;
	beforeAll(async () => {
		network = await startServer(() => (down ? { status: 503 } : ok('OK')));
	});
	afterAll(async () => network.close());
	beforeEach(() => {
		network.requests.length = 0;
		down = false;
	});

	it('delivers an install postback with the event rendered into the URL and its dedup key', async () => {
		const { run, output, ran } = await runChain(network, {
			method: 'GET',
			url: '/webhook/mmp?mmp=adjust&activity_kind=install&adid=a1&gps_adid=38400000-8cf0-11bd-b23e-10b96e40000d&country=de&created_at=1700000000',
		});
		expect(run.status).toBe('success');
		expect(network.requests).toHaveLength(1);
		const [request] = network.requests;
		expect(request.path).toBe('/install');
		expect(request.query.get('gaid')).toBe('38400000-8cf0-11bd-b23e-10b96e40000d');
		expect(request.query.get('kind')).toBe('install');

		const [done] = output('Done');
		expect(done.json).toMatchObject({ mmp: 'adjust', event_kind: 'install', fraud_flag: false });
		expect(request.headers['idempotency-key']).toBe(done.json.dedup_key);
		expect(postbackOf(done)).toMatchObject({
			status: 200,
			attempts: 1,
			url: `${network.origin}${request.url}`,
		});
		expect(ran('Render Fraud')).toBe(false);
		expect(ran('Send Fraud Report')).toBe(false);
		expect(ran('Retry Later')).toBe(false);
	});

	it('sends fraud down its own branch to its own endpoint, and nothing to the install endpoint', async () => {
		const { run, output, ran } = await runChain(network, {
			method: 'GET',
			url: '/webhook/mmp?mmp=adjust&activity_kind=rejected_install&adid=a1&rejection_reason=engagement_injection',
		});
		expect(run.status).toBe('success');
		expect(network.requests.map((r) => r.path)).toEqual(['/fraud']);
		expect(network.requests[0].query.get('reason')).toBe('engagement_injection');
		const [reported] = output('Fraud Reported');
		expect(reported.json).toMatchObject({ fraud_flag: true });
		expect(postbackOf(reported).status).toBe(200);
		expect(ran('Render Install')).toBe(false);
		expect(ran('Send Postback')).toBe(false);
	});

	it('routes an in-app event through its own template to the same Send Postback', async () => {
		const { output } = await runChain(network, {
			method: 'POST',
			url: '/webhook/mmp',
			body: { appsflyer_id: '1-2', event_name: 'af_purchase', event_type: 'in-app-event' },
		});
		expect(network.requests).toHaveLength(1);
		expect(network.requests[0].path).toBe('/event');
		expect(network.requests[0].query.get('name')).toBe('af_purchase');
		expect(output('Done')).toHaveLength(1);
	});

	it('puts the item on Failed, with its attempts, when the network is down', async () => {
		down = true;
		const { run, output, ran } = await runChain(network, {
			method: 'GET',
			url: '/webhook/mmp?mmp=adjust&activity_kind=install&adid=a1&country=de',
		});
		expect(run.status).toBe('success');
		expect(ran('Done')).toBe(false);
		const [failed] = output('Retry Later');
		expect(postbackOf(failed)).toMatchObject({ status: 503, attempts: 3, retryable: false });
		expect(network.requests).toHaveLength(3);
	});
});
