// HTTP_PROXY / NO_PROXY through undici's EnvHttpProxyAgent, against a CONNECT proxy on loopback,
// and the SSRF guard's pre-flight check of proxied targets.
import type { LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';

import type { Dispatcher } from 'undici';

import { deliverBatch } from '../../../lib/delivery/deliverBatch';
import {
	createDeliveryDispatcher,
	type DeliveryDispatcherOptions,
} from '../../../lib/delivery/dispatcher';
import type { BaseLookup } from '../../../lib/delivery/ssrfGuard';
import { startLoopback, type Loopback } from './loopback';

interface TunnelProxy {
	url: string;
	/** CONNECT targets asked for, in order. */
	connects: string[];
	close(): Promise<void>;
}

async function startTunnelProxy(host = '127.0.0.1'): Promise<TunnelProxy> {
	const connects: string[] = [];
	const sockets = new Set<Socket>();
	const server: Server = createServer((_request, response) => {
		response.statusCode = 405;
		response.end();
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('connect', (request, client: Socket, head: Buffer) => {
		const target = request.url ?? '';
		connects.push(target);
		const colon = target.lastIndexOf(':');
		const upstream = net.connect(Number(target.slice(colon + 1)), target.slice(0, colon), () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		sockets.add(upstream);
		upstream.on('close', () => sockets.delete(upstream));
		upstream.on('error', () => client.destroy());
		client.on('error', () => upstream.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, host, resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://${host}:${port}`,
		connects,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

let target: Loopback;
let proxy: TunnelProxy;
const dispatchers: Dispatcher[] = [];

beforeEach(async () => {
	target = await startLoopback((_request, response) => response.end('via'));
	proxy = await startTunnelProxy();
});

afterEach(async () => {
	await Promise.all(dispatchers.splice(0).map((dispatcher) => dispatcher.destroy()));
	await Promise.all([target.close(), proxy.close()]);
});

async function send(url: string, options: DeliveryDispatcherOptions) {
	const dispatcher = createDeliveryDispatcher(options);
	dispatchers.push(dispatcher);
	const [result] = await deliverBatch([{ url }], {
		dispatcher,
		retry: 'none',
		circuitBreaker: false,
	});
	return result;
}

describe('environment proxy', () => {
	it('tunnels through HTTP_PROXY', async () => {
		const result = await send(`${target.origin}/pb`, { env: { HTTP_PROXY: proxy.url } });
		expect(result).toMatchObject({ ok: true, responseBody: 'via' });
		expect(proxy.connects).toEqual([`127.0.0.1:${target.port}`]);
	});

	it('goes direct for hosts in NO_PROXY', async () => {
		const result = await send(target.origin, {
			env: { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' },
		});
		expect(result.ok).toBe(true);
		expect(proxy.connects).toEqual([]);
		expect(target.connections).toBe(1);
	});

	it('goes direct when the proxy is switched off', async () => {
		const result = await send(target.origin, {
			env: { HTTP_PROXY: proxy.url },
			useEnvProxy: false,
		});
		expect(result.ok).toBe(true);
		expect(proxy.connects).toEqual([]);
	});

	it('does not apply the SSRF guard to the proxy itself, only to targets', async () => {
		const remoteProxy = await startTunnelProxy('127.0.0.2');
		try {
			const result = await send(target.origin, {
				env: { HTTP_PROXY: remoteProxy.url },
				ssrf: { blockPrivateNetworks: true, allow: ['127.0.0.1'] },
			});
			expect(result.ok).toBe(true);
			expect(remoteProxy.connects).toEqual([`127.0.0.1:${target.port}`]);
		} finally {
			await remoteProxy.close();
		}
	});

	it('refuses a metadata target before asking the proxy for a tunnel', async () => {
		const result = await send('http://169.254.169.254/latest/meta-data/', {
			env: { HTTP_PROXY: proxy.url },
		});
		expect(result.error?.code).toBe('ssrf_blocked');
		expect(proxy.connects).toEqual([]);
	});

	it('resolves a proxied host name first and refuses it if it points at a refused address', async () => {
		const resolver: BaseLookup = (_hostname, _options, callback) => {
			const answer: LookupAddress[] = [{ address: '10.1.2.3', family: 4 }];
			setImmediate(() => callback(null, answer));
		};
		const result = await send('http://internal.test/', {
			env: { HTTP_PROXY: proxy.url },
			ssrf: { blockPrivateNetworks: true },
			lookup: resolver,
		});
		expect(result.error).toEqual({
			code: 'ssrf_blocked',
			message:
				'Refused to connect to internal.test (10.1.2.3): private network (RFC 1918); private networks are blocked (not retryable)',
		});
		expect(proxy.connects).toEqual([]);
	});
});

describe('a proxy that refuses the tunnel (issue 12 item 2)', () => {
	/** Answers the first `refusals` CONNECTs with `status`, then tunnels like `proxy`. */
	async function startRefusingProxy(status: number, refusals: number) {
		let seen = 0;
		const server: Server = createServer((_request, response) => response.end());
		const sockets = new Set<Socket>();
		server.on('connection', (socket) => {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
		});
		server.on('connect', (request, client: Socket) => {
			client.on('error', () => undefined);
			if (seen++ < refusals) {
				client.end(`HTTP/1.1 ${status} Refused\r\nContent-Length: 0\r\n\r\n`);
				return;
			}
			const target = request.url ?? '';
			const colon = target.lastIndexOf(':');
			const upstream = net.connect(Number(target.slice(colon + 1)), target.slice(0, colon), () => {
				client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
				upstream.pipe(client);
				client.pipe(upstream);
			});
			upstream.on('error', () => client.destroy());
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		return {
			url: `http://127.0.0.1:${port}`,
			get connects() {
				return seen;
			},
			close: () =>
				new Promise<void>((resolve) => {
					for (const socket of sockets) socket.destroy();
					server.close(() => resolve());
				}),
		};
	}

	async function sendRetrying(url: string, proxyUrl: string) {
		const dispatcher = createDeliveryDispatcher({ env: { HTTP_PROXY: proxyUrl } });
		dispatchers.push(dispatcher);
		const [result] = await deliverBatch([{ url }], {
			dispatcher,
			retry: { maxAttempts: 3, backoff: { type: 'schedule', delaysMs: [1] } },
			circuitBreaker: false,
		});
		return result;
	}

	it.each([502, 503])('retries a %i from the proxy and delivers once it tunnels', async (status) => {
		const refusing = await startRefusingProxy(status, 1);
		try {
			const result = await sendRetrying(`${target.origin}/pb`, refusing.url);
			expect(result).toMatchObject({ ok: true, status: 200, attempts: 2 });
			expect(result.history[0]).toMatchObject({ errorCode: 'proxy_error' });
			expect(result.history[0].status).toBeUndefined();
		} finally {
			await refusing.close();
		}
	});

	it('gives up as proxy_error (not aborted) after the policy allows', async () => {
		const refusing = await startRefusingProxy(502, 10);
		try {
			const result = await sendRetrying(target.origin, refusing.url);
			expect(result).toMatchObject({ ok: false, attempts: 3 });
			expect(result.error?.code).toBe('proxy_error');
			expect(result.error?.message).toMatch(/proxy answered HTTP 502/);
		} finally {
			await refusing.close();
		}
	});

	it('does not retry a 407 from the proxy (its credentials will not change)', async () => {
		const refusing = await startRefusingProxy(407, 10);
		try {
			const result = await sendRetrying(target.origin, refusing.url);
			expect(result).toMatchObject({ ok: false, attempts: 1 });
			expect(result.error?.code).toBe('proxy_error');
		} finally {
			await refusing.close();
		}
	});
});
