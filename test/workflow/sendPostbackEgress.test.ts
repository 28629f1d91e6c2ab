// Issue 12 item 7: Send Postback honours the n8n instance's SSRF protection (N8N_SSRF_*), which it
// reads through this.helpers.getSecureEgressFilter() (n8n-workflow 2.41), on top of its own guard.
// n8n-core builds that policy from the environment the first time a node asks for it, and jest
// gives every test file its own module registry, so setting the variables here affects this file only.
process.env.N8N_SSRF_PROTECTION_ENABLED = 'true';
process.env.N8N_SSRF_BLOCKED_IP_RANGES = 'default';

import { postbackOf, runSendPostback, startServer, ok, type TestServer } from './sendPostbackSupport';

let server: TestServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});
afterAll(() => {
	delete process.env.N8N_SSRF_PROTECTION_ENABLED;
	delete process.env.N8N_SSRF_BLOCKED_IP_RANGES;
});

describe("Send Postback under the instance's SSRF protection", () => {
	it('refuses loopback that n8n blocks, even where the node itself allows it', async () => {
		server = await startServer(() => ok());
		const { delivered, failed } = await runSendPostback({
			parameters: {
				retryPreset: 'none',
				// The node's own guard lets loopback through: only n8n's policy can refuse it.
				options: { blockPrivateNetworks: false },
			},
			items: [{ callback: { url: `${server.origin}/pb` } }],
		});
		expect(delivered).toHaveLength(0);
		expect(postbackOf(failed[0]).error).toMatchObject({ code: 'ssrf_blocked' });
		expect(postbackOf(failed[0]).error?.message).toMatch(/N8N_SSRF_/);
		expect(postbackOf(failed[0]).attempts).toBe(1);
		expect(server.requests).toHaveLength(0);
	});

	it('refuses a host name that resolves to a blocked address', async () => {
		server = await startServer(() => ok());
		const { failed } = await runSendPostback({
			parameters: { retryPreset: 'none' },
			items: [{ callback: { url: `http://localhost:${server.port}/pb` } }],
		});
		expect(postbackOf(failed[0]).error).toMatchObject({ code: 'ssrf_blocked' });
		expect(server.requests).toHaveLength(0);
	});
});
