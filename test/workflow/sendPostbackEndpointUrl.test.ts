// Issue 12 item 8: a URL that is itself a secret (Slack incoming webhook, Keitaro postback key)
// comes from the Postback Endpoint Auth credential (Endpoint URL): Render Callback's preset field
// stays empty, Send Postback sends to the credential's URL with the item's query string, and the
// secret appears nowhere in the workflow's parameters or its execution data.
import type { IConnections, INodeParameters } from 'n8n-workflow';

import { RenderCallback } from '../../nodes/RenderCallback/RenderCallback.node';
import { SendPostback } from '../../nodes/SendPostback/SendPostback.node';
import { runWorkflow } from '../support/inProcess';
import { ok, postbackOf, startServer, SEND_POSTBACK_TYPE, type TestServer } from './sendPostbackSupport';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NoOp } = require('n8n-nodes-base/dist/nodes/NoOp/NoOp.node.js');

const RENDER_TYPE = 'n8n-nodes-mmp-postback.renderCallback';
const SECRET = 'XoXbSecret0123456789';

const event = {
	mmp: 'adjust',
	event_kind: 'fraud',
	fraud_reason: 'click_injection',
	click_id: 'clk1',
	revenue: 2.5,
	currency: 'EUR',
	dedup_key: 'k1',
};

let server: TestServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

async function renderAndSend(render: INodeParameters, endpointUrl: string) {
	const connections: IConnections = {
		Start: { main: [[{ node: 'Render Callback', type: 'main', index: 0 }]] },
		'Render Callback': { main: [[{ node: 'Send Postback', type: 'main', index: 0 }]] },
	};
	const nodes = [
		{ name: 'Start', type: 'n8n-nodes-base.noOp', parameters: {} },
		{ name: 'Render Callback', type: RENDER_TYPE, parameters: render },
		{
			name: 'Send Postback',
			type: SEND_POSTBACK_TYPE,
			parameters: { retryPreset: 'none', authentication: 'postbackEndpointAuth' },
			credentials: { postbackEndpointAuth: { id: '1', name: 'endpoint' } },
		},
	];
	const { run, output } = await runWorkflow({
		nodes,
		connections,
		nodeTypes: {
			'n8n-nodes-base.noOp': new NoOp(),
			[RENDER_TYPE]: new RenderCallback(),
			[SEND_POSTBACK_TYPE]: new SendPostback(),
		},
		startNode: 'Start',
		startData: [[{ json: event }]],
		credentials: { postbackEndpointAuth: { authType: 'none', secretEndpointUrl: endpointUrl } },
	});
	return { run, nodes, delivered: output('Send Postback', 0), failed: output('Send Postback', 1) };
}

describe('Endpoint URL from the credential', () => {
	it('Slack: the webhook URL comes from the credential and never shows', async () => {
		server = await startServer(() => ok('ok'));
		const { run, nodes, delivered } = await renderAndSend(
			{ preset: 'slackFraudAlert' },
			`${server.origin}/services/T1/B2/${SECRET}`,
		);
		expect(delivered).toHaveLength(1);
		expect(server.requests[0]).toMatchObject({
			method: 'POST',
			url: `/services/T1/B2/${SECRET}`,
		});
		expect(JSON.parse(server.requests[0].body).text).toMatch(/click_injection/);
		expect(postbackOf(delivered[0]).url).toBe('[redacted]');
		expect(JSON.stringify(run.data)).not.toContain(SECRET);
		expect(JSON.stringify(nodes)).not.toContain(SECRET);
	});

	it("Keitaro: the key stays in the credential; the item's query string is kept", async () => {
		server = await startServer(() => ok('ok'));
		const { run, delivered } = await renderAndSend(
			{ preset: 'keitaroConversion', keitaroConversion_tracker_domain: 'trk.example.com' },
			`${server.origin}/${SECRET}/postback`,
		);
		expect(delivered).toHaveLength(1);
		expect(server.requests[0].path).toBe(`/${SECRET}/postback`);
		expect(server.requests[0].query.get('subid')).toBe('clk1');
		expect(server.requests[0].query.get('payout')).toBe('2.5');
		expect(postbackOf(delivered[0]).url).toMatch(/^\[redacted\]\?subid=clk1&/);
		expect(JSON.stringify(run.data)).not.toContain(SECRET);
	});

	it('refuses a credential Endpoint URL that is not http(s), without quoting it', async () => {
		const { run } = await renderAndSend({ preset: 'slackFraudAlert' }, `ftp://x/${SECRET}`);
		expect(run.data.resultData.error?.message).toMatch(/endpoint URL must start with http/);
		expect(JSON.stringify(run.data)).not.toContain(SECRET);
	});
});
