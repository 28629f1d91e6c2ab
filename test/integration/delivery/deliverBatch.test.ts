import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import { deliverBatch, deliverEach } from '../../../lib/delivery/deliverBatch';
import { createDeliveryDispatcher } from '../../../lib/delivery/dispatcher';
import type { DeliveryItem, DeliveryResult } from '../../../lib/delivery/deliverItem';
import type { DeliveryOptions } from '../../../lib/delivery/options';
import { fakeClock } from '../../unit/delivery/helpers';
import { closedPort, startLoopback, type Handler, type Loopback } from './loopback';

const servers: Loopback[] = [];

afterEach(async () => {
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: Handler): Promise<Loopback> {
	const server = await startLoopback(handler);
	servers.push(server);
	return server;
}

/** A server that answers each request with the next entry of `script` (the last repeats). */
async function scripted(script: Array<number | 'reset' | [number, Record<string, string>]>) {
	const seen: Array<{ headers: IncomingHttpHeaders; body: string; url: string }> = [];
	const server = await serve((request, response, body) => {
		seen.push({ headers: request.headers, body: body.toString(), url: request.url ?? '' });
		const step = script[Math.min(seen.length - 1, script.length - 1)];
		if (step === 'reset') {
			request.socket.destroy();
			return;
		}
		const [status, headers] = Array.isArray(step) ? step : [step, {}];
		response.writeHead(status, headers);
		response.end(`answer ${seen.length}`);
	});
	return { server, seen };
}

function options(extra: DeliveryOptions = {}): DeliveryOptions & { sleeps: number[] } {
	const clock = fakeClock();
	return { useEnvProxy: false, now: clock.now, sleep: clock.sleep, sleeps: clock.sleeps, ...extra };
}

async function deliverOne(
	item: DeliveryItem,
	extra: DeliveryOptions = {},
): Promise<DeliveryResult> {
	const [result] = await deliverBatch([item], options(extra));
	return result;
}

describe('deliverBatch: retries against real servers', () => {
	it('retries 5xx and delivers, recording every attempt and wait', async () => {
		const { server, seen } = await scripted([503, 502, 200]);
		const result = await deliverOne(
			{ url: `${server.origin}/pb`, body: 'x' },
			{ retry: 'singular', maxInlineWaitMs: 3_600_000 },
		);
		expect(result).toMatchObject({
			index: 0,
			ok: true,
			status: 200,
			attempts: 3,
			responseBody: 'answer 3',
		});
		expect(result.history.map(({ status, waitMs }) => ({ status, waitMs }))).toEqual([
			{ status: 503, waitMs: 60_000 },
			{ status: 502, waitMs: 300_000 },
			{ status: 200, waitMs: undefined },
		]);
		expect(
			Date.parse(result.history[1].at) - Date.parse(result.history[0].at),
		).toBeGreaterThanOrEqual(60_000);
		expect(seen).toHaveLength(3);
	});

	it('honours Retry-After on 429', async () => {
		const { server } = await scripted([[429, { 'retry-after': '7' }], 200]);
		const extra = options({ retry: 'standard' });
		const [result] = await deliverBatch([{ url: server.origin }], extra);
		expect(result.ok).toBe(true);
		expect(result.history[0]).toMatchObject({ status: 429, waitMs: 7000 });
		expect(extra.sleeps).toEqual([7000]);
	});

	it('retries a connection reset', async () => {
		const { server } = await scripted(['reset', 200]);
		const result = await deliverOne({ url: server.origin, body: 'b' }, { retry: 'fast' });
		expect(result.ok).toBe(true);
		expect(['UND_ERR_SOCKET', 'ECONNRESET']).toContain(result.history[0].errorCode);
	});

	it.each([400, 401, 403, 404, 410, 422])('never retries %i', async (status) => {
		const { server, seen } = await scripted([status, 200]);
		const result = await deliverOne({ url: server.origin }, { retry: 'standard' });
		expect(result).toMatchObject({ ok: false, status, attempts: 1, retryable: false });
		expect(result.error).toEqual({
			code: 'http_status',
			message: `HTTP ${status} (not retryable)`,
		});
		expect(seen).toHaveLength(1);
	});

	it('gives up after maxAttempts with the last error', async () => {
		const { server, seen } = await scripted([500]);
		const result = await deliverOne({ url: server.origin }, { retry: 'fast' });
		expect(result).toMatchObject({ ok: false, status: 500, attempts: 5 });
		expect(result.error?.message).toBe('HTTP 500 (gave up after 5 attempts)');
		expect(seen).toHaveLength(5);
	});

	it('ends with retryAt instead of waiting longer than maxInlineWaitMs, and resumes the schedule', async () => {
		const { server, seen } = await scripted([503, 503, 200]);
		const clock = fakeClock();
		const run = {
			useEnvProxy: false,
			now: clock.now,
			sleep: clock.sleep,
			retry: 'appsflyer' as const,
		};
		const [first] = await deliverBatch([{ url: server.origin }], run);
		expect(first).toMatchObject({ ok: false, attempts: 1, retryable: true });
		expect(first.history[0].waitMs).toBe(15 * 60_000);
		expect(Date.parse(first.retryAt ?? '')).toBe(Date.parse(first.history[0].at) + 15 * 60_000);
		expect(clock.sleeps).toEqual([]);

		clock.advance(15 * 60_000);
		const [second] = await deliverBatch(
			[
				{
					url: server.origin,
					previousAttempts: first.attempts,
					firstAttemptAt: first.firstAttemptAt,
				},
			],
			run,
		);
		expect(second).toMatchObject({
			ok: false,
			attempts: 2,
			retryable: true,
			firstAttemptAt: first.firstAttemptAt,
		});

		clock.advance(15 * 60_000);
		const [third] = await deliverBatch(
			[
				{
					url: server.origin,
					previousAttempts: second.attempts,
					firstAttemptAt: second.firstAttemptAt,
				},
			],
			run,
		);
		expect(third).toMatchObject({ ok: true, attempts: 3, history: [{ status: 200 }] });
		expect(seen).toHaveLength(3);
	});

	it('judges success by the body when asked; a 200 with an error body is not retried', async () => {
		const server = await serve((_request, response) =>
			response.end('{"code":500,"error":"bad click"}'),
		);
		const result = await deliverOne(
			{ url: server.origin },
			{ success: { type: 'bodyContains', text: '"code":200' }, retry: 'fast' },
		);
		expect(result).toMatchObject({ ok: false, status: 200, attempts: 1 });
		expect(result.error?.code).toBe('unexpected_response');
	});

	it('cuts an attempt whose body trickles past connect + headers + body time', async () => {
		const server = await serve((_request, response) => {
			response.writeHead(200);
			const timer = setInterval(() => response.write('.'), 20);
			response.on('close', () => clearInterval(timer));
		});
		const result = await deliverOne(
			{ url: server.origin },
			{
				retry: 'none',
				success: { type: 'bodyContains', text: 'done' },
				timeouts: { connectMs: 100, headersMs: 100, bodyMs: 100 },
			},
		);
		expect(result).toMatchObject({
			ok: false,
			history: [{ status: 200, errorCode: 'UND_ERR_BODY_TIMEOUT' }],
		});
	});

	it('does not retry a 4xx whose body cannot be read, even when success is judged by the body', async () => {
		const server = await serve((_request, response) => {
			response.writeHead(404, { 'content-length': '100' });
			response.write('partial');
		});
		const result = await deliverOne(
			{ url: server.origin },
			{
				retry: 'fast',
				success: { type: 'bodyContains', text: 'ok' },
				timeouts: { bodyMs: 100 },
			},
		);
		expect(result).toMatchObject({
			ok: false,
			status: 404,
			attempts: 1,
			error: { code: 'http_status' },
		});
	});

	it("cuts an attempt at the item's time budget", async () => {
		const server = await serve(() => undefined);
		const result = await deliverOne(
			{ url: server.origin },
			{
				now: Date.now,
				retry: { maxAttempts: 3, maxElapsedMs: 150, backoff: { type: 'schedule', delaysMs: [1] } },
				timeouts: { headersMs: 5000 },
			},
		);
		expect(result).toMatchObject({ ok: false, attempts: 1, error: { code: 'deadline_exceeded' } });
	});

	it('opens the circuit for a dead host: later items fail fast without a request', async () => {
		const port = await closedPort();
		const items = Array.from({ length: 10 }, () => ({ url: `http://127.0.0.1:${port}/` }));
		const results = await deliverBatch(
			items,
			options({
				retry: 'none',
				concurrency: 1,
				circuitBreaker: { failureThreshold: 3, coolDownMs: 30_000 },
			}),
		);
		expect(results.slice(0, 3).map((r) => r.history[0]?.errorCode)).toEqual(
			Array(3).fill('ECONNREFUSED'),
		);
		for (const result of results.slice(3)) {
			expect(result).toMatchObject({
				ok: false,
				attempts: 0,
				retryable: true,
				error: { code: 'circuit_open' },
			});
			expect(result.retryAt).toBeDefined();
		}
	});

	it('refuses an unusable item without a request and delivers the others', async () => {
		const { server, seen } = await scripted([200]);
		const results = await deliverBatch(
			[{ url: server.origin }, { url: `${server.origin}/?a=\r\nHost: evil` }, { url: 'ftp://x/' }],
			options(),
		);
		expect(results.map((r) => [r.ok, r.attempts, r.error?.code])).toEqual([
			[true, 1, undefined],
			[false, 0, 'invalid_request'],
			[false, 0, 'invalid_request'],
		]);
		expect(seen).toHaveLength(1);
	});
});

describe('deliverBatch: headers, signing and secrets', () => {
	it('sends the idempotency key and user agent, stable across retries', async () => {
		const { server, seen } = await scripted([503, 503, 200]);
		await deliverOne({ url: server.origin, idempotencyKey: 'dedup-1' }, { retry: 'fast' });
		expect(seen.map((s) => s.headers['idempotency-key'])).toEqual([
			'dedup-1',
			'dedup-1',
			'dedup-1',
		]);
		expect(seen[0].headers['user-agent']).toBe('n8n-nodes-mmp-postback');
	});

	it('signs each attempt (Standard Webhooks): stable id, fresh timestamp, verifiable signature', async () => {
		const { server, seen } = await scripted([500, 200]);
		const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
		await deliverOne(
			{ url: server.origin, body: '{"event":"install"}', idempotencyKey: 'evt_1' },
			{ retry: 'singular', signing: { secret } },
		);
		const key = Buffer.from(secret.slice(6), 'base64');
		expect(seen.map((s) => s.headers['webhook-id'])).toEqual(['evt_1', 'evt_1']);
		expect(
			Number(seen[1].headers['webhook-timestamp']) - Number(seen[0].headers['webhook-timestamp']),
		).toBe(60);
		for (const { headers, body } of seen) {
			const signed = `${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`;
			const expected = createHmac('sha256', key).update(signed).digest('base64');
			expect(headers['webhook-signature']).toBe(`v1,${expected}`);
		}
	});

	it('keeps auth secrets out of results even when the receiver echoes them back', async () => {
		const server = await serve((request, response) => {
			response.setHeader('x-echo', `${request.headers.authorization} ${request.url}`);
			response.statusCode = 400;
			response.end(JSON.stringify({ url: request.url, headers: request.headers }));
		});
		const token = 'tok-9f8e7d6c5b4a';
		const result = await deliverOne(
			{ url: `${server.origin}/pb?click=1` },
			{
				auth: { type: 'bearer', token },
				captureResponseHeaders: true,
				signing: { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
			},
		);
		const queryResult = await deliverOne(
			{ url: `${server.origin}/pb?click=1` },
			{
				auth: { type: 'query', name: 'api_key', value: 'q s3cret/+' },
				captureResponseHeaders: true,
			},
		);
		expect(result.responseBody).toContain('Bearer [redacted]');
		expect(queryResult.responseBody).toContain('api_key=[redacted]');
		const everything = JSON.stringify([result, queryResult]);
		for (const secret of [
			token,
			'q s3cret/+',
			encodeURIComponent('q s3cret/+'),
			'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
		]) {
			expect(everything).not.toContain(secret);
		}
	});

	it('captures response headers only when asked', async () => {
		const { server } = await scripted([[200, { 'x-partner': 'p' }]]);
		expect((await deliverOne({ url: server.origin })).responseHeaders).toBeUndefined();
		expect(
			(await deliverOne({ url: server.origin }, { captureResponseHeaders: true })).responseHeaders,
		).toMatchObject({ 'x-partner': 'p' });
		expect(
			(await deliverOne({ url: server.origin }, { captureResponseBody: false })).responseBody,
		).toBeUndefined();
	});
});

describe('deliverBatch: concurrency and flow', () => {
	it('bounds requests in flight globally and per host', async () => {
		const make = async () => {
			const state = { active: 0, peak: 0 };
			const server = await serve((_request, response) => {
				state.active++;
				state.peak = Math.max(state.peak, state.active);
				setTimeout(() => {
					state.active--;
					response.end('ok');
				}, 15);
			});
			return { server, state };
		};
		const a = await make();
		const b = await make();
		const c = await make();
		let globalActive = 0;
		let globalPeak = 0;
		for (const { server } of [a, b, c]) {
			server.server.on('request', (request) => {
				globalActive++;
				globalPeak = Math.max(globalPeak, globalActive);
				request.on('close', () => globalActive--);
			});
		}
		const items = Array.from({ length: 90 }, (_, i) => ({ url: [a, b, c][i % 3].server.origin }));
		const results = await deliverBatch(items, options({ concurrency: 5, perHostConcurrency: 2 }));
		expect(results.every((r) => r.ok)).toBe(true);
		for (const { state } of [a, b, c]) expect(state.peak).toBeLessThanOrEqual(2);
		expect(globalPeak).toBeLessThanOrEqual(5);
		expect(a.server.connections).toBeLessThanOrEqual(2);
	});

	it('does not let a slow host hold back a fast one', async () => {
		const slow = await serve((_request, response) => setTimeout(() => response.end('slow'), 300));
		const fast = await serve((_request, response) => response.end('fast'));
		const items = Array.from({ length: 40 }, (_, i) => ({ url: (i % 2 ? fast : slow).origin }));
		const finished: string[] = [];
		await deliverEach(items, options({ concurrency: 6, perHostConcurrency: 3 }), (result) => {
			finished.push(result.responseBody ?? '');
		});
		// While the slow host holds its 3 slots for 300 ms, the fast host's items keep flowing.
		expect(finished.slice(0, 10).every((body) => body === 'fast')).toBe(true);
	});

	it('pulls items lazily: memory is bounded by the lanes, not the input', async () => {
		const server = await serve((_request, response) => response.end('ok'));
		let pulled = 0;
		let pulledAtFirstResult = -1;
		function* items() {
			for (let i = 0; i < 500; i++) {
				pulled++;
				yield { url: server.origin };
			}
		}
		const summary = await deliverEach(items(), options({ concurrency: 4 }), () => {
			if (pulledAtFirstResult < 0) pulledAtFirstResult = pulled;
		});
		expect(summary).toEqual({ total: 500, delivered: 500, failed: 0 });
		expect(pulledAtFirstResult).toBeLessThanOrEqual(4 * 2 + 1);
	});

	it('accepts an async iterable and returns results in input order', async () => {
		const server = await serve((request, response) => {
			const delay = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('d'));
			setTimeout(() => response.end(request.url), delay);
		});
		async function* items() {
			for (let i = 0; i < 30; i++) {
				await Promise.resolve();
				yield { url: `${server.origin}/?i=${i}&d=${(i * 7) % 20}` };
			}
		}
		const results = await deliverBatch(items(), options({ concurrency: 8 }));
		expect(results.map((r) => r.index)).toEqual(Array.from({ length: 30 }, (_, i) => i));
		expect(results.map((r) => r.responseBody)).toEqual(
			Array.from({ length: 30 }, (_, i) => `/?i=${i}&d=${(i * 7) % 20}`),
		);
	});

	it('accounts for every item when the run is cancelled', async () => {
		const server = await serve((_request, response) => setTimeout(() => response.end('ok'), 50));
		const controller = new AbortController();
		const items = Array.from({ length: 200 }, () => ({ url: server.origin }));
		setTimeout(() => controller.abort(), 120);
		const results = await deliverBatch(
			items,
			options({ concurrency: 10, signal: controller.signal }),
		);
		expect(results).toHaveLength(200);
		const delivered = results.filter((r) => r.ok).length;
		const aborted = results.filter((r) => r.error?.code === 'aborted').length;
		expect(delivered).toBeGreaterThan(0);
		expect(delivered + aborted).toBe(200);
	});

	it('cancels through the signal with a dispatcher the caller owns (and leaves it open)', async () => {
		const server = await serve((_request, response) => setTimeout(() => response.end('ok'), 50));
		const dispatcher = createDeliveryDispatcher({ useEnvProxy: false });
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 120);
		const results = await deliverBatch(
			Array.from({ length: 100 }, () => ({ url: server.origin })),
			options({ concurrency: 10, signal: controller.signal, dispatcher }),
		);
		const aborted = results.filter((r) => r.error?.code === 'aborted').length;
		expect(aborted).toBeGreaterThan(0);
		expect(results.filter((r) => r.ok).length + aborted).toBe(100);
		const [after] = await deliverBatch([{ url: server.origin }], options({ dispatcher }));
		expect(after.ok).toBe(true);
		await dispatcher.close();
	});

	it('stops and rethrows when onResult throws', async () => {
		const server = await serve((_request, response) => response.end('ok'));
		const items = Array.from({ length: 50 }, () => ({ url: server.origin }));
		await expect(
			deliverEach(items, options({ concurrency: 2 }), () => {
				throw new Error('consumer broke');
			}),
		).rejects.toThrow('consumer broke');
	});

	it('rejects invalid options before sending anything', async () => {
		const { server, seen } = await scripted([200]);
		await expect(deliverBatch([{ url: server.origin }], { concurrency: 0 })).rejects.toThrow(
			/concurrency/,
		);
		expect(seen).toHaveLength(0);
	});
});
