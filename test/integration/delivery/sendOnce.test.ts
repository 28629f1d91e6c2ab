import type { Dispatcher } from 'undici';

import { createDeliveryDispatcher } from '../../../lib/delivery/dispatcher';
import { prepareRequest, type PostbackRequest } from '../../../lib/delivery/request';
import { sendOnce, type SendOptions, type SendResponse } from '../../../lib/delivery/sendOnce';
import { startLoopback, type Loopback } from './loopback';

let dispatcher: Dispatcher;
const servers: Loopback[] = [];

beforeEach(() => {
	dispatcher = createDeliveryDispatcher({ useEnvProxy: false });
});

afterEach(async () => {
	await dispatcher.destroy();
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: Parameters<typeof startLoopback>[0]): Promise<Loopback> {
	const server = await startLoopback(handler);
	servers.push(server);
	return server;
}

function send(request: PostbackRequest, options: Partial<SendOptions> = {}) {
	return sendOnce(prepareRequest(request), {
		dispatcher,
		headersTimeoutMs: 2000,
		bodyTimeoutMs: 2000,
		readBody: true,
		maxResponseBytes: 1024,
		followRedirects: 0,
		...options,
	});
}

describe('sendOnce against loopback servers', () => {
	it('sends method, headers and body, and captures status, headers and body', async () => {
		const server = await serve((request, response, body) => {
			response.setHeader(
				'x-seen',
				`${request.method} ${request.url} ${request.headers['x-a']} ${body}`,
			);
			response.end('accepted');
		});
		const outcome = (await send({
			url: `${server.origin}/pb?x=1`,
			method: 'PUT',
			headers: { 'X-A': 'b' },
			body: '{"k":1}',
		})) as SendResponse;
		expect(outcome).toMatchObject({
			kind: 'response',
			status: 200,
			body: 'accepted',
			redirects: 0,
		});
		expect(outcome.headers['x-seen']).toBe('PUT /pb?x=1 b {"k":1}');
	});

	it('returns a 5xx as a response, not an error', async () => {
		const server = await serve((_request, response) => {
			response.statusCode = 503;
			response.setHeader('retry-after', '3');
			response.end('busy');
		});
		expect(await send({ url: server.origin })).toMatchObject({
			kind: 'response',
			status: 503,
			body: 'busy',
			headers: { 'retry-after': '3' },
		});
	});

	it('reuses keep-alive connections instead of opening one per request', async () => {
		const server = await serve((_request, response) => response.end('ok'));
		for (let i = 0; i < 20; i++) await send({ url: server.origin, body: `n=${i}` });
		// undici's pool may open a second connection while the first is finishing its response.
		expect(server.connections).toBeLessThanOrEqual(2);
	});

	it('gives up on slow headers with UND_ERR_HEADERS_TIMEOUT', async () => {
		const server = await serve(() => undefined);
		expect(await send({ url: server.origin }, { headersTimeoutMs: 100 })).toMatchObject({
			kind: 'error',
			code: 'UND_ERR_HEADERS_TIMEOUT',
		});
	});

	it('reports a slow body after the status as bodyError (status kept)', async () => {
		const server = await serve((_request, response) => {
			response.writeHead(200, { 'content-length': '100' });
			response.write('partial');
		});
		const outcome = (await send({ url: server.origin }, { bodyTimeoutMs: 100 })) as SendResponse;
		expect(outcome).toMatchObject({ kind: 'response', status: 200 });
		expect(outcome.bodyError?.code).toBe('UND_ERR_BODY_TIMEOUT');
	});

	it('does not wait for a slow body it does not need to read', async () => {
		const server = await serve((_request, response) => {
			response.writeHead(204);
			response.flushHeaders();
		});
		expect(
			await send({ url: server.origin }, { readBody: false, bodyTimeoutMs: 100 }),
		).toMatchObject({
			kind: 'response',
			status: 204,
		});
	});

	it('reports a connection reset as a transport error', async () => {
		const server = await serve((request) => request.socket.destroy());
		const outcome = await send({ url: server.origin, body: 'x' });
		expect(outcome.kind).toBe('error');
		expect(['UND_ERR_SOCKET', 'ECONNRESET']).toContain((outcome as { code: string }).code);
	});

	it('reads at most maxResponseBytes of a huge body, then closes the connection', async () => {
		let closed = false;
		const server = await serve((request, response) => {
			request.socket.on('close', () => {
				closed = true;
			});
			response.writeHead(200, { 'content-type': 'text/plain' });
			// Chunked, no content-length: the size is only known by reading.
			const chunk = 'x'.repeat(64 * 1024);
			let sent = 0;
			const pump = () => {
				while (sent < 64 && response.write(chunk)) sent++;
				if (sent < 64) response.once('drain', pump);
				else response.end();
			};
			pump();
		});
		const outcome = (await send(
			{ url: server.origin },
			{ maxResponseBytes: 1000 },
		)) as SendResponse;
		expect(outcome.body).toHaveLength(1000);
		expect(outcome.bodyTruncated).toBe(true);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(closed).toBe(true);
	});

	it('reads a declared-length body that fits in full, and truncates one that does not', async () => {
		const server = await serve((request, response) => {
			const size = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('size'));
			response.end('é'.repeat(size));
		});
		expect(await send({ url: `${server.origin}/?size=512` })).toMatchObject({
			body: 'é'.repeat(512),
		});
		const cut = (await send({ url: `${server.origin}/?size=2000` })) as SendResponse;
		expect(Buffer.byteLength(cut.body ?? '')).toBeLessThanOrEqual(1024 + 2);
		expect(cut.body?.startsWith('é'.repeat(511))).toBe(true);
		expect(cut.bodyTruncated).toBe(true);
	});

	it('aborts through its signal', async () => {
		const server = await serve(() => undefined);
		const controller = new AbortController();
		const pending = send({ url: server.origin }, { signal: controller.signal });
		setTimeout(() => controller.abort(Object.assign(new Error('stop'), { code: 'aborted' })), 50);
		expect(await pending).toMatchObject({ kind: 'error', code: 'aborted' });
	});

	describe('redirects', () => {
		it('are not followed by default: the 3xx is the response', async () => {
			const server = await serve((_request, response) => {
				response.writeHead(302, { location: '/elsewhere' });
				response.end();
			});
			expect(await send({ url: server.origin })).toMatchObject({ status: 302, redirects: 0 });
		});

		it('are followed up to the limit when allowed', async () => {
			const server = await serve((request, response) => {
				const hop = Number(request.url?.slice(1) || '0');
				if (hop < 3) {
					response.writeHead(307, { location: `/${hop + 1}` });
					response.end();
				} else {
					response.end(`arrived ${request.method}`);
				}
			});
			expect(await send({ url: server.origin, body: 'b' }, { followRedirects: 3 })).toMatchObject({
				status: 200,
				body: 'arrived POST',
				redirects: 3,
			});
			expect(await send({ url: server.origin, body: 'b' }, { followRedirects: 2 })).toMatchObject({
				status: 307,
				redirects: 2,
			});
		});

		it('303 turns a POST into a bodiless GET', async () => {
			const server = await serve((request, response, body) => {
				if (request.url === '/start') {
					response.writeHead(303, { location: '/result' });
					response.end();
				} else {
					response.end(
						`${request.method} ${body.length} ${request.headers['content-type'] ?? '-'}`,
					);
				}
			});
			expect(
				await send(
					{
						url: `${server.origin}/start`,
						body: '{"a":1}',
						headers: { 'content-type': 'application/json' },
					},
					{ followRedirects: 1 },
				),
			).toMatchObject({ body: 'GET 0 -' });
		});

		it('do not carry credentials to another origin', async () => {
			const target = await serve((request, response) => {
				response.end(JSON.stringify(request.headers));
			});
			const origin = await serve((request, response) => {
				if (request.url === '/same') response.end(JSON.stringify(request.headers));
				else {
					response.writeHead(302, { location: `${target.origin}/landing` });
					response.end();
				}
			});
			const headers = { Authorization: 'Bearer s3cret', 'X-Api-Key': 'k3y', 'X-Other': 'o' };
			const landed = (await send(
				{ url: origin.origin, headers },
				{ followRedirects: 1, sensitiveHeaders: ['x-api-key'] },
			)) as SendResponse;
			const seen = JSON.parse(landed.body ?? '{}') as Record<string, string>;
			expect(seen['x-other']).toBe('o');
			expect(seen.authorization).toBeUndefined();
			expect(seen['x-api-key']).toBeUndefined();
		});

		it('return the 3xx when the Location is not http(s)', async () => {
			const server = await serve((_request, response) => {
				response.writeHead(301, { location: 'file:///etc/passwd' });
				response.end();
			});
			expect(await send({ url: server.origin }, { followRedirects: 5 })).toMatchObject({
				status: 301,
				redirects: 0,
			});
		});
	});
});
