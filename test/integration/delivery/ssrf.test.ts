// The SSRF matrix of docs/sources.md (goal 8), end to end through the delivery dispatcher: every
// refused target is refused before a socket connects to it.
import type { LookupAddress } from 'node:dns';
import type { ServerResponse } from 'node:http';
import net from 'node:net';
import tls from 'node:tls';

import type { Dispatcher } from 'undici';

import { deliverBatch } from '../../../lib/delivery/deliverBatch';
import { createDeliveryDispatcher } from '../../../lib/delivery/dispatcher';
import type { DeliveryOptions } from '../../../lib/delivery/options';
import type { BaseLookup } from '../../../lib/delivery/ssrfGuard';
import { startLoopback, type Loopback } from './loopback';

const servers: Loopback[] = [];
const dispatchers: Dispatcher[] = [];

afterEach(async () => {
	jest.restoreAllMocks();
	await Promise.all(dispatchers.splice(0).map((dispatcher) => dispatcher.destroy()));
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(
	host: string,
	port = 0,
	handler: (response: ServerResponse) => void = (response) => response.end('reached'),
): Promise<Loopback> {
	const server = await startLoopback((_request, response) => handler(response), host, port);
	servers.push(server);
	return server;
}

function dispatcher(options: Parameters<typeof createDeliveryDispatcher>[0]): Dispatcher {
	const created = createDeliveryDispatcher({ useEnvProxy: false, ...options });
	dispatchers.push(created);
	return created;
}

/** Spies on every way undici can open a socket. */
function watchSockets() {
	return [jest.spyOn(net, 'connect'), jest.spyOn(tls, 'connect')];
}

const run = (urls: string[], options: DeliveryOptions) =>
	deliverBatch(
		urls.map((url) => ({ url })),
		{ retry: 'none', circuitBreaker: false, useEnvProxy: false, ...options },
	);

describe('SSRF matrix (docs/sources.md, goal 8)', () => {
	const privateTargets = [
		'http://127.0.0.1/',
		'http://127.1/',
		'http://0x7f.1/',
		'http://0177.0.0.1/',
		'http://2130706433/',
		'http://[::1]/',
		'http://[::ffff:127.0.0.1]/',
		'http://[0000:0000:0000:0000:0000:ffff:7f00:0001]/',
		'http://10.0.0.1/',
		'http://172.16.0.1/',
		'http://192.168.0.1/',
		'http://100.64.0.1/',
		'http://0.0.0.0/',
		'http://[::]/',
		'http://[fc00::1]/',
		'http://[2002:c0a8:0001::1]/',
		'http://[64:ff9b::c0a8:1]/',
		'https://10.0.0.1:8443/over-tls',
	];
	const metadataTargets = [
		'http://169.254.169.254/latest/meta-data/',
		'http://[::ffff:a9fe:a9fe]/',
		'http://[::ffff:169.254.169.254]/',
		'http://[fd00:ec2::254]/',
		'http://[fe80::1]/',
		'http://100.100.100.200/',
		'https://169.254.169.254/',
		'http://[64:ff9b::a9fe:a9fe]/',
	];

	it('with "block private networks": refuses every private and metadata target before any socket', async () => {
		const sockets = watchSockets();
		const results = await run([...privateTargets, ...metadataTargets], {
			ssrf: { blockPrivateNetworks: true },
		});
		for (const result of results) {
			expect(result).toMatchObject({ ok: false, attempts: 1, error: { code: 'ssrf_blocked' } });
			expect(result.history[0].errorCode).toBe('ssrf_blocked');
		}
		for (const spy of sockets) expect(spy).not.toHaveBeenCalled();
	});

	it('by default: still refuses link-local and metadata before any socket', async () => {
		const sockets = watchSockets();
		const results = await run(metadataTargets, {});
		expect(results.map((result) => result.error?.code)).toEqual(
			metadataTargets.map(() => 'ssrf_blocked'),
		);
		for (const spy of sockets) expect(spy).not.toHaveBeenCalled();
	});

	it('says what was refused and why', async () => {
		const [result] = await run(['http://[::ffff:a9fe:a9fe]/'], {});
		expect(result.error?.message).toBe(
			'Refused to connect to ::ffff:a9fe:a9fe: link-local, where cloud metadata services live: 169.254.169.254 in IPv4-mapped form; always refused (not retryable)',
		);
	});

	it('an allow-listed loopback stand-in is reachable while private networks are blocked', async () => {
		const standIn = await serve('127.0.0.1');
		const [allowed, other] = await run([standIn.origin, 'http://127.0.0.2/'], {
			ssrf: { blockPrivateNetworks: true, allow: ['127.0.0.1'] },
		});
		expect(allowed).toMatchObject({ ok: true, responseBody: 'reached' });
		expect(other.error?.code).toBe('ssrf_blocked');
	});

	it('checks host names on the resolved address: localhost is refused, and nothing connects', async () => {
		const target = await serve('127.0.0.1');
		const [result] = await run([`http://localhost:${target.port}/`], {
			ssrf: { blockPrivateNetworks: true },
		});
		expect(result.error?.code).toBe('ssrf_blocked');
		expect(target.connections).toBe(0);
	});
});

describe('DNS rebinding (stub resolver)', () => {
	/** Answers rebind.test from a list: the first call gets the first answer, and so on. */
	function rebindingResolver(answers: string[][]) {
		let calls = 0;
		const lookup: BaseLookup = (hostname, _options, callback) => {
			const answer = answers[Math.min(calls++, answers.length - 1)];
			const addresses: LookupAddress[] = answer.map((address) => ({ address, family: 4 }));
			setImmediate(() => callback(null, hostname === 'rebind.test' ? addresses : []));
		};
		return { lookup, calls: () => calls };
	}

	it('the address actually connected is the one checked: a flip to a private answer is refused', async () => {
		const internal = await serve('127.0.0.1');
		// "public" stands in for an internet address: allow-listed, on the same port.
		const publicStandIn = await serve('127.0.0.2', internal.port);
		const resolver = rebindingResolver([['127.0.0.2'], ['127.0.0.1']]);
		const ssrf = { blockPrivateNetworks: true, allow: ['127.0.0.2'] };
		const url = `http://rebind.test:${internal.port}/`;

		const [first] = await run([url], { dispatcher: dispatcher({ ssrf, lookup: resolver.lookup }) });
		expect(first).toMatchObject({ ok: true, responseBody: 'reached' });
		expect(publicStandIn.connections).toBe(1);

		// A new connection resolves again; the answer has flipped to the internal address.
		const [second] = await run([url], {
			dispatcher: dispatcher({ ssrf, lookup: resolver.lookup }),
		});
		expect(second.error).toEqual({
			code: 'ssrf_blocked',
			message:
				'Refused to connect to rebind.test (127.0.0.1): loopback; private networks are blocked (not retryable)',
		});
		expect(internal.connections).toBe(0);
		expect(resolver.calls()).toBe(2);
	});

	it('refuses when any of several answers is private', async () => {
		const internal = await serve('127.0.0.1');
		const resolver = rebindingResolver([['127.0.0.2', '127.0.0.1']]);
		const [result] = await run([`http://rebind.test:${internal.port}/`], {
			dispatcher: dispatcher({
				ssrf: { blockPrivateNetworks: true, allow: ['127.0.0.2'] },
				lookup: resolver.lookup,
			}),
		});
		expect(result.error?.code).toBe('ssrf_blocked');
		expect(internal.connections).toBe(0);
	});
});

describe('redirects are re-checked on every hop', () => {
	it('a redirect to a private address is refused before connecting', async () => {
		const internal = await serve('127.0.0.2');
		const entry = await serve('127.0.0.1', 0, (response) => {
			response.writeHead(302, { location: `http://127.0.0.2:${internal.port}/admin` });
			response.end();
		});
		const [result] = await run([entry.origin], {
			followRedirects: 3,
			ssrf: { blockPrivateNetworks: true, allow: ['127.0.0.1'] },
		});
		expect(result).toMatchObject({ ok: false, error: { code: 'ssrf_blocked' } });
		expect(entry.connections).toBe(1);
		expect(internal.connections).toBe(0);
	});

	it('a redirect to cloud metadata is refused even with private networks allowed', async () => {
		const sockets = watchSockets();
		const entry = await serve('127.0.0.1', 0, (response) => {
			response.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/iam/' });
			response.end();
		});
		const [result] = await run([entry.origin], { followRedirects: 1 });
		expect(result.error?.code).toBe('ssrf_blocked');
		// One socket: the entry server's.
		expect(sockets[0]).toHaveBeenCalledTimes(1);
	});
});
