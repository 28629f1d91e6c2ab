// Send Postback's options as a user sets them in the node: success criteria, timeouts, redirects,
// SSRF settings, response capture, concurrency limits and the circuit breaker.
import net from 'node:net';
import type { INodeProperties } from 'n8n-workflow';

import { OPTION_DEFAULTS } from '../../nodes/SendPostback/nodeConfig';
import { SendPostback } from '../../nodes/SendPostback/SendPostback.node';

import {
	ok,
	postbackOf,
	runSendPostback,
	startServer,
	type Reply,
	type TestServer,
} from './sendPostbackSupport';

const item = (url: string, n = 0) => ({ dedup_key: `k${n}`, callback: { url } });
const NO_RETRY = { retryPreset: 'none' };
const QUICK_RETRY = {
	retryPreset: 'custom',
	maxAttempts: 3,
	baseDelay: 0.001,
	backoffFactor: 1,
	maxDelay: 0.001,
	maxTotalTime: 0,
};

describe('Send Postback options', () => {
	it('applies the defaults the editor shows for options that are not added', () => {
		const options = new SendPostback().description.properties.find((p) => p.name === 'options');
		const shown = Object.fromEntries(
			((options?.options ?? []) as INodeProperties[]).map((option) => [option.name, option.default]),
		);
		expect(shown).toEqual(OPTION_DEFAULTS);
	});

	let server: TestServer | undefined;
	afterEach(async () => {
		await server?.close();
		server = undefined;
	});

	describe('success criterion', () => {
		const run = async (parameters: Record<string, unknown>, reply: Reply) => {
			server = await startServer(() => reply);
			const result = await runSendPostback({
				parameters: { ...QUICK_RETRY, ...parameters },
				items: [item(`${server.origin}/p`)],
			});
			return { ...result, sent: server.requests.length };
		};

		it('"body contains" fails a 200 whose body says otherwise, without retrying it', async () => {
			const { failed, sent } = await run(
				{ successCriterion: 'bodyContains', successText: '"status":"ok"' },
				{ status: 200, body: '{"status":"error","reason":"unknown click"}' },
			);
			expect(postbackOf(failed[0])).toMatchObject({
				status: 200,
				attempts: 1,
				error: { code: 'unexpected_response' },
				responseBody: '{"status":"error","reason":"unknown click"}',
			});
			expect(sent).toBe(1);
		});

		it('"body matches" accepts a matching body', async () => {
			const { delivered } = await run(
				{ successCriterion: 'bodyMatches', successPattern: '^OK\\b' },
				{ status: 200, body: 'OK 1 conversion' },
			);
			expect(delivered).toHaveLength(1);
		});

		it('"exactly 200" fails a 204', async () => {
			const { failed } = await run({ successCriterion: 'status200' }, { status: 204 });
			expect(postbackOf(failed[0])).toMatchObject({
				status: 204,
				error: { code: 'unexpected_response' },
			});
		});

		it('an invalid pattern stops the node before anything is sent', async () => {
			const { run: execution, sent } = await run(
				{ successCriterion: 'bodyMatches', successPattern: '(' },
				ok(),
			);
			expect(execution.status).toBe('error');
			expect(execution.data.resultData.error?.message).toMatch(/regular expression/);
			expect(sent).toBe(0);
		});
	});

	it('retries an endpoint that never sends headers, per the headers timeout', async () => {
		let calls = 0;
		server = await startServer(() => (++calls < 3 ? { hang: true } : ok()));
		const { delivered } = await runSendPostback({
			parameters: { ...QUICK_RETRY, options: { headersTimeout: 100 } },
			items: [item(`${server.origin}/slow`)],
		});
		const postback = postbackOf(delivered[0]);
		expect(postback.attempts).toBe(3);
		expect(postback.history.map((h) => h.errorCode ?? h.status)).toEqual([
			'UND_ERR_HEADERS_TIMEOUT',
			'UND_ERR_HEADERS_TIMEOUT',
			200,
		]);
	});

	it('fails a body that stalls, per the body timeout, when the body decides success', async () => {
		server = await startServer((_request, res) => {
			res.writeHead(200, { 'content-length': 100 });
			res.write('OK partial');
			return { hang: true };
		});
		const { failed } = await runSendPostback({
			parameters: {
				...NO_RETRY,
				successCriterion: 'bodyContains',
				successText: 'OK',
				options: { bodyTimeout: 100 },
			},
			items: [item(`${server.origin}/stall`)],
		});
		expect(postbackOf(failed[0])).toMatchObject({
			status: 200,
			error: { code: 'UND_ERR_BODY_TIMEOUT' },
		});
	});

	it('does not follow redirects unless asked, then follows them', async () => {
		server = await startServer((request) =>
			request.path === '/old' ? { status: 302, headers: { location: '/new' } } : ok('moved here'),
		);
		const off = await runSendPostback({
			parameters: QUICK_RETRY,
			items: [item(`${server.origin}/old`)],
		});
		expect(postbackOf(off.failed[0])).toMatchObject({
			status: 302,
			attempts: 1,
			error: { code: 'http_status' },
		});

		const on = await runSendPostback({
			parameters: { ...QUICK_RETRY, options: { followRedirects: true, maxRedirects: 2 } },
			items: [item(`${server.origin}/old`)],
		});
		expect(postbackOf(on.delivered[0])).toMatchObject({ status: 200, responseBody: 'moved here' });
		expect(server.requests.map((r) => r.path)).toEqual(['/old', '/old', '/new']);
	});

	describe('SSRF', () => {
		it('refuses cloud metadata addresses without opening a socket', async () => {
			const connect = jest.spyOn(net.Socket.prototype, 'connect');
			try {
				const { failed } = await runSendPostback({
					parameters: QUICK_RETRY,
					items: [
						item('http://169.254.169.254/latest/meta-data/iam/'),
						item('http://[fd00:ec2::254]/latest/'),
						item('http://169.254.170.2/v2/credentials'),
					],
				});
				expect(failed.map((i) => postbackOf(i).error?.code)).toEqual([
					'ssrf_blocked',
					'ssrf_blocked',
					'ssrf_blocked',
				]);
				// Refused before connecting, and not retried.
				expect(failed.map((i) => postbackOf(i).attempts)).toEqual([1, 1, 1]);
				expect(connect).not.toHaveBeenCalled();
			} finally {
				connect.mockRestore();
			}
		});

		it('refuses loopback with Block Private Networks, unless the address is allowed', async () => {
			server = await startServer(() => ok());
			const blocked = await runSendPostback({
				parameters: { ...QUICK_RETRY, options: { blockPrivateNetworks: true } },
				items: [item(`${server.origin}/p`)],
			});
			expect(postbackOf(blocked.failed[0]).error).toMatchObject({
				code: 'ssrf_blocked',
				message: expect.stringMatching(/private networks are blocked/),
			});
			const allowed = await runSendPostback({
				parameters: {
					...QUICK_RETRY,
					options: { blockPrivateNetworks: true, allowedAddresses: '10.0.0.0/8, 127.0.0.1' },
				},
				items: [item(`${server.origin}/p`)],
			});
			expect(allowed.delivered).toHaveLength(1);
			expect(server.requests).toHaveLength(1);
		});
	});

	it('captures the response as configured: body cap, no body, headers', async () => {
		server = await startServer(() => ({
			status: 200,
			headers: { 'x-request-id': 'r-1' },
			body: 'accepted: conversion 123456',
		}));
		const capped = await runSendPostback({
			parameters: {
				...NO_RETRY,
				options: { responseBodyMaxBytes: 8, includeResponseHeaders: true },
			},
			items: [item(`${server.origin}/p`)],
		});
		expect(postbackOf(capped.delivered[0])).toMatchObject({
			responseBody: 'accepted',
			responseBodyTruncated: true,
			responseHeaders: { 'x-request-id': 'r-1' },
		});
		const none = await runSendPostback({
			parameters: { ...NO_RETRY, options: { includeResponseBody: false } },
			items: [item(`${server.origin}/p`)],
		});
		expect(postbackOf(none.delivered[0]).responseBody).toBeUndefined();
		expect(postbackOf(none.delivered[0]).responseHeaders).toBeUndefined();
	});

	it('keeps requests to one host within Concurrency per Host', async () => {
		let inFlight = 0;
		let maxInFlight = 0;
		server = await startServer(async () => {
			maxInFlight = Math.max(maxInFlight, ++inFlight);
			await new Promise((resolve) => setTimeout(resolve, 5));
			inFlight--;
			return ok();
		});
		const { delivered } = await runSendPostback({
			parameters: { ...NO_RETRY, options: { concurrency: 10, perHostConcurrency: 3 } },
			items: Array.from({ length: 30 }, (_, n) => item(`${server!.origin}/p${n}`, n)),
		});
		expect(delivered).toHaveLength(30);
		expect(maxInFlight).toBeLessThanOrEqual(3);
		expect(maxInFlight).toBeGreaterThan(1);
	});

	it('fails the rest of a dead host fast once its circuit opens', async () => {
		server = await startServer(() => ({ status: 503 }));
		const { failed } = await runSendPostback({
			parameters: {
				...NO_RETRY,
				options: { concurrency: 1, perHostConcurrency: 1, circuitBreakerThreshold: 3 },
			},
			items: Array.from({ length: 8 }, (_, n) => item(`${server!.origin}/p${n}`, n)),
		});
		expect(failed).toHaveLength(8);
		const codes = failed.map((i) => postbackOf(i).error?.code);
		expect(codes.slice(0, 3)).toEqual(['http_status', 'http_status', 'http_status']);
		expect(new Set(codes.slice(3))).toEqual(new Set(['circuit_open']));
		expect(server.requests).toHaveLength(3);
	});
});
