// Issue 12 item 7: run as an AI agent tool (n8n names the tool variant `<type>Tool`), Send Postback
// blocks private networks unless Block Private Networks is set explicitly: a prompt must not be
// able to aim it at the instance's own network.
import type { INodeParameters } from 'n8n-workflow';

import { SendPostback } from '../../nodes/SendPostback/SendPostback.node';
import { runWorkflow } from '../support/inProcess';
import { ok, postbackOf, startServer, SEND_POSTBACK_TYPE, type TestServer } from './sendPostbackSupport';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NoOp } = require('n8n-nodes-base/dist/nodes/NoOp/NoOp.node.js');

const TOOL_TYPE = `${SEND_POSTBACK_TYPE}Tool`;

let server: TestServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

async function runAs(type: string, parameters: INodeParameters) {
	server = await startServer(() => ok());
	const { output } = await runWorkflow({
		nodes: [
			{ name: 'Start', type: 'n8n-nodes-base.noOp', parameters: {} },
			{ name: 'Send Postback', type, parameters: { retryPreset: 'none', ...parameters } },
		],
		connections: { Start: { main: [[{ node: 'Send Postback', type: 'main', index: 0 }]] } },
		nodeTypes: { 'n8n-nodes-base.noOp': new NoOp(), [type]: new SendPostback() },
		startNode: 'Start',
		startData: [[{ json: { callback: { url: `${server.origin}/pb` } } }]],
	});
	return { delivered: output('Send Postback', 0), failed: output('Send Postback', 1) };
}

describe('Send Postback as an AI tool', () => {
	it('blocks loopback by default', async () => {
		const { failed } = await runAs(TOOL_TYPE, {});
		expect(postbackOf(failed[0]).error?.code).toBe('ssrf_blocked');
		expect(server?.requests).toHaveLength(0);
	});

	it('reaches loopback when Block Private Networks is explicitly off', async () => {
		const { delivered } = await runAs(TOOL_TYPE, { options: { blockPrivateNetworks: false } });
		expect(delivered).toHaveLength(1);
	});

	it('as a plain node, keeps private networks reachable by default (as before)', async () => {
		const { delivered } = await runAs(SEND_POSTBACK_TYPE, {});
		expect(delivered).toHaveLength(1);
	});
});
