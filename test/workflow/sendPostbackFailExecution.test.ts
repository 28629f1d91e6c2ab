// Issue 12 item 9: Options → Fail Execution When Items Fail stops the execution with an error once
// every item has been sent, so that n8n's Error Workflow runs; off (the default), failed items go
// to the Failed output and the execution succeeds, as before.
import type { INodeParameters } from 'n8n-workflow';

import { runError, runSendPostback, startServer, type TestServer } from './sendPostbackSupport';

const SECRET = 'sk_live_failexec_0123456789';
const credentials = {
	postbackEndpointAuth: { authType: 'query', queryName: 'key', queryToken: SECRET },
};

let server: TestServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

async function run(options: INodeParameters, onError?: 'continueRegularOutput') {
	server = await startServer((request) =>
		request.path === '/ok' ? { status: 200 } : { status: request.path === '/gone' ? 404 : 503 },
	);
	const items = ['/ok', '/gone', '/down', '/down'].map((path) => ({
		callback: { url: `${server!.origin}${path}?token=${SECRET}` },
	}));
	const result = await runSendPostback({
		parameters: { retryPreset: 'none', authentication: 'postbackEndpointAuth', options },
		items,
		credentials,
		onError,
	});
	return { ...result, sent: server.requests.length };
}

describe('Fail Execution When Items Fail', () => {
	it('is off by default: failed items on Failed, the execution succeeds', async () => {
		const { run: execution, delivered, failed } = await run({});
		expect(runError(execution)).toBeUndefined();
		expect(execution.status).not.toBe('error');
		expect([delivered.length, failed.length]).toEqual([1, 3]);
	});

	it('when on, sends every item, then fails the execution with counts and codes, no secret', async () => {
		const { run: execution, sent } = await run({ failExecutionOnFailure: true });
		expect(sent).toBe(4);
		expect(execution.status).toBe('error');
		const error = runError(execution);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe('3 of 4 postbacks failed (http_status 503: 2, http_status 404: 1)');
		expect(error?.description).toMatch(/1 were delivered/);
		expect(JSON.stringify(error)).not.toContain(SECRET);
	});

	it('when on but all items are delivered, the execution succeeds', async () => {
		server = await startServer(() => ({ status: 200 }));
		const { run: execution, delivered } = await runSendPostback({
			parameters: { retryPreset: 'none', options: { failExecutionOnFailure: true } },
			items: [{ callback: { url: `${server.origin}/ok` } }],
		});
		expect(runError(execution)).toBeUndefined();
		expect(delivered).toHaveLength(1);
	});

	it('yields to On Error → Continue: the items stay on their outputs', async () => {
		const { run: execution, failed } = await run(
			{ failExecutionOnFailure: true },
			'continueRegularOutput',
		);
		expect(runError(execution)).toBeUndefined();
		expect(failed).toHaveLength(3);
	});
});
