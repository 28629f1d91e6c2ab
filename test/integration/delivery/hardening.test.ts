// Issue 12 (outbound): edges found by black-box testing, each against a real loopback server.
import net, { type AddressInfo, type Server, type Socket } from 'node:net';

import { deliverBatch } from '../../../lib/delivery/deliverBatch';
import type { DeliveryItem } from '../../../lib/delivery/deliverItem';
import type { DeliveryOptions } from '../../../lib/delivery/options';
import { startLoopback, type Loopback } from './loopback';

const servers: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: Parameters<typeof startLoopback>[0]): Promise<Loopback> {
	const server = await startLoopback(handler);
	servers.push(server);
	return server;
}

/** A raw TCP server: `answer(n)` gives the bytes written for the n-th request (from 0). */
async function serveRaw(answer: (n: number, socket: Socket) => void): Promise<string> {
	const sockets = new Set<Socket>();
	let requests = 0;
	const server: Server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
		socket.once('data', () => answer(requests++, socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	servers.push({
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	});
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const FAST_RETRY = { maxAttempts: 2, backoff: { type: 'schedule', delaysMs: [1] } } as const;

async function deliverOne(item: DeliveryItem, options: DeliveryOptions = {}) {
	const [result] = await deliverBatch([item], {
		useEnvProxy: false,
		circuitBreaker: false,
		...options,
	});
	return result;
}

describe('a secret cut by the response-size cap (item 1)', () => {
	const token = 'tok_9f8e7d6c5b4a39281706';

	it.each([5, 12, token.length - 1])(
		'leaves no prefix of an echoed token when the cap cuts it after %i characters',
		async (kept) => {
			const prefix = 'echo: ';
			const server = await serve((request, response) => {
				// No Content-Length: the capped reader, not the whole-body path.
				response.write(`${prefix}${String(request.headers.authorization)} and more`);
				response.end();
			});
			const bearer = `Bearer ${token}`;
			const result = await deliverOne(
				{ url: server.origin },
				{
					auth: { type: 'bearer', token },
					maxResponseBytes: prefix.length + 'Bearer '.length + kept,
					retry: 'none',
				},
			);
			expect(result.ok).toBe(true);
			expect(result.responseBodyTruncated).toBe(true);
			expect(result.responseBody).toBe(`${prefix}Bearer [redacted]`);
			expect(bearer.startsWith(`Bearer ${token.slice(0, kept)}`)).toBe(true);
		},
	);

	it('scrubs an echoed token from captured headers', async () => {
		const server = await serve((request, response) => {
			response.setHeader('x-echo', String(request.headers['x-api-key']));
			response.end('ok');
		});
		const result = await deliverOne(
			{ url: server.origin },
			{
				auth: { type: 'header', name: 'X-Api-Key', value: token },
				captureResponseHeaders: true,
				retry: 'none',
			},
		);
		expect(result.responseHeaders?.['x-echo']).toBe('[redacted]');
	});
});

describe('answers that are not HTTP (item 3)', () => {
	it.each([
		['an invalid status line', 'HTTP/1.1 2OO OK\r\n\r\n'],
		['non-HTTP bytes', '\u0000\u0001\u0002SSH-2.0-OpenSSH\r\n'],
	])('retries %s as a transport failure (invalid_response)', async (_name, garbage) => {
		const origin = await serveRaw((n, socket) => {
			if (n === 0) socket.end(garbage);
			else socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
		});
		const result = await deliverOne({ url: origin }, { retry: FAST_RETRY });
		expect(result).toMatchObject({ ok: true, status: 200, attempts: 2 });
		expect(result.history[0].errorCode).toBe('invalid_response');
	});

	it('ends as invalid_response, not request_failed, when every answer is garbled', async () => {
		const origin = await serveRaw((_n, socket) => socket.end('garbage\r\n\r\n'));
		const result = await deliverOne({ url: origin }, { retry: FAST_RETRY });
		expect(result.ok).toBe(false);
		expect(result.attempts).toBe(2);
		expect(result.error?.code).toBe('invalid_response');
	});
});

describe('a 2xx whose body never completes (item 4)', () => {
	const cutShort = (_n: number, socket: Socket) =>
		socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{"status":"o');

	it('is Delivered under a status criterion, with the body failure on the attempt', async () => {
		const origin = await serveRaw(cutShort);
		const result = await deliverOne({ url: origin }, { retry: FAST_RETRY });
		expect(result).toMatchObject({ ok: true, status: 200, attempts: 1 });
		expect(result.history[0].errorCode).toEqual(expect.any(String));
		expect(result.history[0].status).toBe(200);
	});

	it('fails and is retried under a body criterion, the same code on each attempt', async () => {
		const origin = await serveRaw(cutShort);
		const result = await deliverOne(
			{ url: origin },
			{ retry: FAST_RETRY, success: { type: 'bodyContains', text: 'ok' } },
		);
		expect(result).toMatchObject({ ok: false, attempts: 2 });
		expect(result.history.map((attempt) => attempt.errorCode)).toEqual([
			result.error?.code,
			result.error?.code,
		]);
	});
});

describe('short timeouts hold to tens of milliseconds (item 6)', () => {
	// undici's own timers tick about every 500 ms: these limits fired after 0.5 to 1 s before.
	const silent = () => serveRaw(() => undefined);

	it('a 100 ms headers timeout ends the attempt well before half a second', async () => {
		const origin = await silent();
		const started = performance.now();
		const result = await deliverOne(
			{ url: origin },
			{ retry: 'none', timeouts: { headersMs: 100 } },
		);
		const elapsed = performance.now() - started;
		expect(result.error?.code).toBe('UND_ERR_HEADERS_TIMEOUT');
		expect(elapsed).toBeGreaterThanOrEqual(95);
		expect(elapsed).toBeLessThan(400);
	});

	it('a 150 ms time budget ends the item with deadline_exceeded well before half a second', async () => {
		const origin = await silent();
		const started = performance.now();
		const result = await deliverOne(
			{ url: origin },
			{ retry: { ...FAST_RETRY, maxElapsedMs: 150 } },
		);
		const elapsed = performance.now() - started;
		expect(result.error?.code).toBe('deadline_exceeded');
		expect(elapsed).toBeGreaterThanOrEqual(140);
		expect(elapsed).toBeLessThan(450);
	});

	it('a 100 ms body timeout cuts a trickling body well before half a second', async () => {
		const origin = await serveRaw((_n, socket) => {
			socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n');
			const drip = setInterval(() => socket.write('x'), 20);
			socket.on('close', () => clearInterval(drip));
		});
		const started = performance.now();
		const result = await deliverOne(
			{ url: origin },
			{
				retry: 'none',
				timeouts: { bodyMs: 100 },
				success: { type: 'bodyContains', text: 'done' },
			},
		);
		const elapsed = performance.now() - started;
		expect(result.error?.code).toBe('UND_ERR_BODY_TIMEOUT');
		expect(elapsed).toBeLessThan(400);
	});
});
