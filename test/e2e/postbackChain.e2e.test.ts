// The three nodes chained in a real n8n 2.41.1 (packed tarball): an MMP callback comes in, Render
// Callback fills a postback URL, Send Postback delivers it to a loopback receiver standing in for an
// ad network — delivered at once, retried through 503s, or given up on the Failed output.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { outputJson, ranNodes } from '../support/executionData';
import { loadE2eWorkflow } from '../support/fixtures';
import { describeWithN8n, useN8n, type N8nExecution } from '../support/useN8n';

// A real server on a shared machine, and the Fast retry schedule waits up to ~7.5 s in total.
jest.setTimeout(90_000);

/** An Adjust install whose campaign name needs encoding (`&` and spaces, sent percent-encoded). */
const GAID = '38400000-8cf0-11bd-b23e-10b96e40000d';
const INSTALL_QUERY =
	`mmp=adjust&activity_kind=install&created_at=1404214665&adid=9f8e7d6c5b4a39281706f5e4d3c2b1a0` +
	`&gps_adid=${GAID}&tracker_name=Net%3A%3ASummer%20Sale%20%26%20More%3A%3AAdgroup%3A%3ABanner`;

interface Received {
	method: string;
	url: string;
}

describeWithN8n('MMP Trigger → Render Callback → Send Postback in real n8n', () => {
	let receiver: http.Server;
	let port = 0;
	const received: Received[] = [];
	/** How many of the next requests the receiver fails with 503 (Infinity: all). */
	let failNext = 0;
	const template = loadE2eWorkflow('postback-chain.json');

	beforeAll(async () => {
		receiver = http.createServer((req, res) => {
			received.push({ method: req.method ?? '', url: req.url ?? '' });
			req.resume();
			if (failNext > 0) {
				failNext--;
				res.writeHead(503, { 'content-type': 'text/plain' }).end('busy');
			} else {
				res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
			}
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		port = (receiver.address() as AddressInfo).port;
	});

	const n8n = useN8n({
		label: 'postback-chain',
		// The receiver's port is known once the beforeAll above ran; the template's host stays literal text.
		workflows: () => [
			JSON.parse(
				JSON.stringify(template).replace('__RECEIVER_PORT__', String(port)),
			) as typeof template,
		],
	});

	afterAll(async () => {
		await new Promise((resolve) => receiver?.close(resolve));
	});

	async function sendInstall(): Promise<N8nExecution> {
		const before = (await n8n.executions({ workflowId: template.id })).length;
		received.length = 0;
		const res = await fetch(`${n8n.webhookUrl('e2e/postback')}?${INSTALL_QUERY}`);
		expect(res.status).toBe(200);
		const executions = await n8n.waitForExecutions(template.id, before + 1, 60_000);
		expect(executions).toHaveLength(before + 1);
		return executions[executions.length - 1];
	}

	it('delivers the rendered postback, each value encoded once', async () => {
		failNext = 0;
		const execution = await sendInstall();
		expect(execution.status).toBe('success');
		expect(ranNodes(execution)).toEqual([
			'MMP Trigger',
			'Render Callback',
			'Send Postback',
			'Delivered',
		]);
		expect(received).toEqual([
			{
				method: 'GET',
				url: `/pb?gaid=${GAID}&campaign=Summer%20Sale%20%26%20More&kind=install`,
			},
		]);
		const [item] = outputJson(execution, 'Delivered');
		expect(item.postback).toMatchObject({ status: 200, attempts: 1 });
	});

	it('retries through 503s and delivers', async () => {
		failNext = 2;
		const execution = await sendInstall();
		expect(ranNodes(execution)).toContain('Delivered');
		expect(received).toHaveLength(3);
		expect(new Set(received.map((r) => r.url)).size).toBe(1);
		const [item] = outputJson(execution, 'Delivered');
		expect(item.postback).toMatchObject({ status: 200, attempts: 3 });
	});

	it('gives up after the Fast schedule and emits the item on Failed', async () => {
		failNext = Infinity;
		const execution = await sendInstall();
		failNext = 0;
		expect(ranNodes(execution)).toEqual([
			'MMP Trigger',
			'Render Callback',
			'Send Postback',
			'Failed',
		]);
		const [item] = outputJson(execution, 'Failed');
		expect(item.postback).toMatchObject({ status: 503, attempts: 5 });
		expect(received).toHaveLength(5);
	});
});
