// Send Postback in a real n8n-core workflow (Start → Send Postback) against node:http receivers on
// 127.0.0.1: routing, item shape, retries, Retry-After, the long-wait path and configuration errors.
import {
	ok,
	postbackOf,
	runError,
	runSendPostback,
	startServer,
	type Reply,
	type TestServer,
} from './sendPostbackSupport';

/** Retry settings that keep every wait in the milliseconds. */
const FAST_RETRY = {
	retryPreset: 'custom',
	maxAttempts: 4,
	baseDelay: 0.005,
	backoffFactor: 2,
	maxDelay: 0.02,
	maxTotalTime: 30,
};

const callbackItem = (origin: string, n: number, extra: Record<string, unknown> = {}) => ({
	dedup_key: `key-${n}`,
	event_kind: 'install',
	callback: { url: `${origin}/postback?n=${n}`, method: 'GET', headers: {}, body: '' },
	...extra,
});

describe('Send Postback node', () => {
	let server: TestServer | undefined;
	afterEach(async () => {
		await server?.close();
		server = undefined;
	});

	it('routes each item to Delivered or Failed, keeps its JSON and pairs it with its input', async () => {
		server = await startServer((request) =>
			request.query.get('n') === '1' ? { status: 404, body: 'no such campaign' } : ok('accepted'),
		);
		const { delivered, failed, run } = await runSendPostback({
			parameters: FAST_RETRY,
			items: [0, 1, 2].map((n) => callbackItem(server!.origin, n)),
		});
		expect(run.status).toBe('success');
		expect(delivered.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(failed.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(delivered[0].json).toMatchObject({ dedup_key: 'key-0', event_kind: 'install' });

		const good = postbackOf(delivered[0]);
		expect(good).toMatchObject({
			url: `${server.origin}/postback?n=0`,
			method: 'GET',
			status: 200,
			attempts: 1,
			responseBody: 'accepted',
		});
		expect(good.history).toHaveLength(1);
		expect(good.history[0]).toMatchObject({ status: 200 });
		expect(typeof good.history[0].at).toBe('string');
		expect(good.error).toBeUndefined();

		// A 404 is the request's fault: never retried.
		const bad = postbackOf(failed[0]);
		expect(bad).toMatchObject({ status: 404, attempts: 1, retryable: false });
		expect(bad.error?.code).toBe('http_status');
		expect(server.requests.filter((r) => r.query.get('n') === '1')).toHaveLength(1);
	});

	it('retries 5xx and resets with backoff and records every attempt', async () => {
		let calls = 0;
		server = await startServer(() => {
			calls++;
			if (calls === 1) return { status: 503 };
			if (calls === 2) return { reset: true };
			return ok();
		});
		const { delivered, failed } = await runSendPostback({
			parameters: FAST_RETRY,
			items: [callbackItem(server.origin, 0)],
		});
		expect(failed).toHaveLength(0);
		const postback = postbackOf(delivered[0]);
		expect(postback.attempts).toBe(3);
		expect(postback.history.map((h) => h.status ?? h.errorCode)).toEqual([
			503,
			expect.stringMatching(/ECONNRESET|UND_ERR_SOCKET|ERR_STREAM_PREMATURE_CLOSE/),
			200,
		]);
		expect(postback.history[0].waitMs).toEqual(expect.any(Number));
		expect(postback.history[2].waitMs).toBeUndefined();
	});

	it('honours Retry-After as an HTTP date', async () => {
		// HTTP dates have whole seconds: 2 s ahead is a wait of 1 to 2 s.
		const replies: Reply[] = [
			{ status: 503, headers: { 'retry-after': new Date(Date.now() + 2000).toUTCString() } },
			ok(),
		];
		server = await startServer(() => replies.shift() ?? ok());
		const { delivered } = await runSendPostback({
			parameters: { ...FAST_RETRY, options: { retryAfterMax: 5 } },
			items: [callbackItem(server.origin, 0)],
		});
		const postback = postbackOf(delivered[0]);
		expect(postback.attempts).toBe(2);
		expect(postback.history[0].waitMs).toBeGreaterThan(900);
		expect(postback.history[0].waitMs).toBeLessThanOrEqual(2000);
	});

	it('honours Retry-After (seconds) instead of its own backoff', async () => {
		const replies: Reply[] = [{ status: 429, headers: { 'retry-after': '1' } }, ok()];
		server = await startServer(() => replies.shift() ?? ok());
		const { delivered } = await runSendPostback({
			parameters: { ...FAST_RETRY, options: { retryAfterMax: 5 } },
			items: [callbackItem(server.origin, 0)],
		});
		const postback = postbackOf(delivered[0]);
		expect(postback.attempts).toBe(2);
		expect(postback.history[0]).toMatchObject({ status: 429, waitMs: 1000 });
	});

	it('sends the idempotency key unchanged on every attempt', async () => {
		const replies: Reply[] = [{ status: 500 }, { status: 502 }, ok()];
		server = await startServer(() => replies.shift() ?? ok());
		await runSendPostback({
			parameters: FAST_RETRY,
			items: [callbackItem(server.origin, 7)],
		});
		expect(server.requests).toHaveLength(3);
		expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual([
			'key-7',
			'key-7',
			'key-7',
		]);
	});

	it('puts an item whose next wait is too long on Failed with retryable and retryAt, without waiting', async () => {
		server = await startServer(() => ({ status: 503, headers: { 'retry-after': '600' } }));
		const before = Date.now();
		const { delivered, failed } = await runSendPostback({
			parameters: { ...FAST_RETRY, maxTotalTime: 0, options: { maxInlineWait: 60 } },
			items: [callbackItem(server.origin, 0)],
		});
		expect(delivered).toHaveLength(0);
		const postback = postbackOf(failed[0]);
		expect(postback).toMatchObject({ attempts: 1, status: 503, retryable: true });
		const retryAt = Date.parse(postback.retryAt as string);
		expect(retryAt).toBeGreaterThanOrEqual(before + 600_000);
		expect(retryAt).toBeLessThanOrEqual(Date.now() + 600_000);
		expect(postback.firstAttemptAt).toEqual(expect.any(String));
	});

	it('continues the schedule of an item looped back after retryAt', async () => {
		const replies: Reply[] = [{ status: 503, headers: { 'retry-after': '600' } }, { status: 503 }];
		server = await startServer(() => replies.shift() ?? { status: 503 });
		const parameters = {
			...FAST_RETRY,
			maxAttempts: 3,
			maxTotalTime: 0,
			options: { maxInlineWait: 60 },
		};
		const first = await runSendPostback({ parameters, items: [callbackItem(server.origin, 0)] });
		const looped = first.failed[0].json;
		expect(postbackOf(first.failed[0])).toMatchObject({ attempts: 1, retryable: true });

		// What a Wait node hands back: the same JSON, later.
		const second = await runSendPostback({ parameters, items: [looped] });
		const postback = postbackOf(second.failed[0]);
		expect(postback.attempts).toBe(3);
		expect(postback.retryable).toBe(false);
		expect(postback.history).toHaveLength(3);
		expect(postback.firstAttemptAt).toBe(postbackOf(first.failed[0]).firstAttemptAt);
		expect(server.requests).toHaveLength(3);
	});

	it('sends an item without a usable request to Failed with the reason, and the others on', async () => {
		server = await startServer(() => ok());
		const { delivered, failed } = await runSendPostback({
			parameters: FAST_RETRY,
			items: [
				callbackItem(server.origin, 0),
				{ dedup_key: 'no-callback' },
				{
					dedup_key: 'crlf',
					callback: { url: `${server.origin}/x`, headers: { 'X-A': 'a\r\nb' } },
				},
				{ dedup_key: 'bad-url', callback: { url: 'ftp://example.com/x' } },
			],
		});
		expect(delivered.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(failed.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }, { item: 3 }]);
		const [missing, crlf, badUrl] = failed.map(postbackOf);
		expect(missing.error).toEqual({
			code: 'invalid_request',
			message: expect.stringContaining('No request at $json.callback'),
		});
		expect(crlf.error).toMatchObject({
			code: 'invalid_request',
			message: expect.stringMatching(/CR, LF/),
		});
		expect(badUrl.error).toMatchObject({
			code: 'invalid_request',
			message: expect.stringMatching(/ftp/),
		});
		for (const postback of [missing, crlf, badUrl]) expect(postback.attempts).toBe(0);
		expect(server.requests).toHaveLength(1);
	});

	it('stops with a NodeOperationError for settings that cannot work', async () => {
		const { run, delivered, failed } = await runSendPostback({
			parameters: { ...FAST_RETRY, options: { retryOn: '404, 5xx' } },
			items: [{ dedup_key: 'k', callback: { url: 'http://127.0.0.1:9/' } }],
		});
		expect(run.status).toBe('error');
		const error = runError(run);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(/Retry On/);
		expect(error?.message).toMatch(/404/);
		expect(delivered).toHaveLength(0);
		expect(failed).toHaveLength(0);
	});

	it('with Continue On Fail, sends every item to Failed with the settings error instead', async () => {
		const { run, failed } = await runSendPostback({
			parameters: { ...FAST_RETRY, options: { retryOn: '404' } },
			items: [{ dedup_key: 'a' }, { dedup_key: 'b' }],
			onError: 'continueRegularOutput',
		});
		expect(run.status).toBe('success');
		expect(failed.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(postbackOf(failed[0]).error?.code).toBe('invalid_config');
	});
});
