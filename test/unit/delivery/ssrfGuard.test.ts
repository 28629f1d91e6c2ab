import type { LookupAddress } from 'node:dns';

import { DeliveryConfigError, SsrfBlockedError } from '../../../lib/delivery/errors';
import type { EgressFilter } from '../../../lib/delivery/egressFilter';
import { createSsrfGuard, type BaseLookup } from '../../../lib/delivery/ssrfGuard';

/** A resolver that answers from a table and counts its calls. */
function stubResolver(answers: Record<string, string[][]>) {
	const calls: string[] = [];
	const lookup: BaseLookup = (hostname, _options, callback) => {
		calls.push(hostname);
		const sequence = answers[hostname];
		if (!sequence) {
			const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
			error.code = 'ENOTFOUND';
			setImmediate(() => callback(error, []));
			return;
		}
		// Successive calls get successive answers (the last one repeats): DNS rebinding.
		const answer =
			sequence[Math.min(calls.filter((h) => h === hostname).length - 1, sequence.length - 1)];
		const addresses: LookupAddress[] = answer.map((address) => ({
			address,
			family: address.includes(':') ? 6 : 4,
		}));
		setImmediate(() => callback(null, addresses));
	};
	return { lookup, calls };
}

function lookupOnce(
	guardLookup: ReturnType<typeof createSsrfGuard>['lookup'],
	hostname: string,
	all: boolean,
): Promise<{ error: NodeJS.ErrnoException | null; address: unknown; family?: number }> {
	return new Promise((resolve) => {
		guardLookup(hostname, { all }, (error, address, family) => resolve({ error, address, family }));
	});
}

describe('createSsrfGuard', () => {
	it('always refuses metadata and link-local, and nothing else by default', () => {
		const guard = createSsrfGuard();
		expect(guard.checkAddress('169.254.169.254')).toBeInstanceOf(SsrfBlockedError);
		expect(guard.checkAddress('fd00:ec2::254')?.message).toMatch(
			/cloud metadata \(AWS\); always refused/,
		);
		expect(guard.checkAddress('127.0.0.1')).toBeUndefined();
		expect(guard.checkAddress('10.1.2.3')).toBeUndefined();
		expect(guard.checkAddress('93.184.216.34')).toBeUndefined();
	});

	it('refuses private networks when asked', () => {
		const guard = createSsrfGuard({ blockPrivateNetworks: true });
		expect(guard.checkAddress('127.0.0.1')?.message).toBe(
			'Refused to connect to 127.0.0.1: loopback; private networks are blocked',
		);
		expect(guard.checkAddress('100.64.1.1')?.code).toBe('ssrf_blocked');
		expect(guard.checkAddress('93.184.216.34')).toBeUndefined();
	});

	it('lets allow-listed private addresses through, but never metadata', () => {
		const guard = createSsrfGuard({
			blockPrivateNetworks: true,
			allow: ['127.0.0.1', '10.20.0.0/16', '169.254.169.254'],
		});
		expect(guard.checkAddress('127.0.0.1')).toBeUndefined();
		expect(guard.checkAddress('::ffff:127.0.0.1')).toBeUndefined();
		expect(guard.checkAddress('10.20.3.4')).toBeUndefined();
		expect(guard.checkAddress('10.21.3.4')).toBeInstanceOf(SsrfBlockedError);
		expect(guard.checkAddress('127.0.0.2')).toBeInstanceOf(SsrfBlockedError);
		expect(guard.checkAddress('169.254.169.254')).toBeInstanceOf(SsrfBlockedError);
	});

	it('reports a bad allow list as a configuration error', () => {
		expect(() => createSsrfGuard({ allow: ['10.0.0.0/33', 'nope'] })).toThrow(DeliveryConfigError);
	});

	it('checks literal hosts only; names are left to the lookup', () => {
		const guard = createSsrfGuard({ blockPrivateNetworks: true });
		expect(guard.checkLiteralHost('::1')).toBeInstanceOf(SsrfBlockedError);
		expect(guard.checkLiteralHost('0x7f.1')).toBeInstanceOf(SsrfBlockedError);
		expect(guard.checkLiteralHost('localhost')).toBeUndefined();
	});

	describe('lookup', () => {
		it('hands allowed answers on, in the shape the caller asked for', async () => {
			const { lookup } = stubResolver({
				'partner.test': [['93.184.216.34', '2606:2800:220:1::1']],
			});
			const guard = createSsrfGuard({ blockPrivateNetworks: true }, lookup);
			const one = await lookupOnce(guard.lookup, 'partner.test', false);
			expect(one).toEqual({ error: null, address: '93.184.216.34', family: 4 });
			const all = await lookupOnce(guard.lookup, 'partner.test', true);
			expect(all.address).toEqual([
				{ address: '93.184.216.34', family: 4 },
				{ address: '2606:2800:220:1::1', family: 6 },
			]);
		});

		it('refuses when any answer is refused, naming the host and the address', async () => {
			const { lookup } = stubResolver({ 'mixed.test': [['93.184.216.34', '10.0.0.5']] });
			const guard = createSsrfGuard({ blockPrivateNetworks: true }, lookup);
			const { error } = await lookupOnce(guard.lookup, 'mixed.test', true);
			expect(error).toBeInstanceOf(SsrfBlockedError);
			expect(error?.message).toBe(
				'Refused to connect to mixed.test (10.0.0.5): private network (RFC 1918); private networks are blocked',
			);
		});

		it('judges every resolution afresh, so a rebinding answer is refused', async () => {
			const { lookup, calls } = stubResolver({ 'rebind.test': [['93.184.216.34'], ['127.0.0.1']] });
			const guard = createSsrfGuard({ blockPrivateNetworks: true }, lookup);
			expect((await lookupOnce(guard.lookup, 'rebind.test', false)).error).toBeNull();
			expect((await lookupOnce(guard.lookup, 'rebind.test', false)).error).toBeInstanceOf(
				SsrfBlockedError,
			);
			expect(calls).toEqual(['rebind.test', 'rebind.test']);
		});

		it('passes resolver errors through', async () => {
			const guard = createSsrfGuard({}, stubResolver({}).lookup);
			expect((await lookupOnce(guard.lookup, 'nx.test', false)).error?.code).toBe('ENOTFOUND');
		});

		it('never calls back synchronously, even for a synchronous resolver', () => {
			const syncLookup: BaseLookup = (_hostname, _options, callback) =>
				callback(null, [{ address: '169.254.169.254', family: 4 }]);
			const guard = createSsrfGuard({}, syncLookup);
			let called = false;
			guard.lookup('meta.test', {}, () => {
				called = true;
			});
			expect(called).toBe(false);
		});

		it('checkName resolves and judges every answer (proxy pre-flight)', async () => {
			const { lookup } = stubResolver({
				'meta.test': [['169.254.169.254']],
				'ok.test': [['8.8.8.8']],
			});
			const guard = createSsrfGuard({}, lookup);
			expect(await guard.checkName('meta.test')).toBeInstanceOf(SsrfBlockedError);
			expect(await guard.checkName('ok.test')).toBeUndefined();
		});
	});
});

describe('with a platform egress filter (n8n N8N_SSRF_*, issue 12 item 7)', () => {
	const blocked = new Set(['203.0.113.9', 'blocked.test']);
	const filter: EgressFilter = {
		validateConnectionHost: (host) =>
			blocked.has(host) ? { ok: false, error: new Error('restricted IP') } : { ok: true },
		createSecureLookup: () => (hostname, options, callback) => {
			setImmediate(() => {
				if (blocked.has(hostname)) {
					(callback as (e: Error, a: LookupAddress[]) => void)(new Error('restricted host'), []);
					return;
				}
				if (hostname === 'missing.test') {
					const error: NodeJS.ErrnoException = new Error('getaddrinfo ENOTFOUND missing.test');
					error.code = 'ENOTFOUND';
					(callback as (e: Error, a: LookupAddress[]) => void)(error, []);
					return;
				}
				const answer = hostname === 'private.test' ? '10.0.0.7' : '93.184.216.34';
				(callback as (e: null, a: LookupAddress[]) => void)(null, [{ address: answer, family: 4 }]);
			});
			void options;
		},
	};

	it('refuses an IP literal the platform refuses, as ssrf_blocked', () => {
		const guard = createSsrfGuard({}, undefined, filter);
		expect(guard.checkLiteralHost('203.0.113.9')).toBeInstanceOf(SsrfBlockedError);
		expect(guard.checkLiteralHost('203.0.113.9')?.message).toMatch(/N8N_SSRF_/);
		expect(guard.checkLiteralHost('93.184.216.34')).toBeUndefined();
	});

	it('refuses a name the platform refuses, and keeps its own checks on the answers', async () => {
		const guard = createSsrfGuard({ blockPrivateNetworks: true }, undefined, filter);
		const refused = await lookupOnce(guard.lookup, 'blocked.test', false);
		expect(refused.error).toBeInstanceOf(SsrfBlockedError);
		expect(refused.error?.message).toMatch(/N8N_SSRF_/);
		const own = await lookupOnce(guard.lookup, 'private.test', true);
		expect(own.error?.message).toMatch(/private networks are blocked/);
		const fine = await lookupOnce(guard.lookup, 'public.test', false);
		expect(fine).toMatchObject({ error: null, address: '93.184.216.34', family: 4 });
		await expect(guard.checkName('blocked.test')).rejects.toBeInstanceOf(SsrfBlockedError);
	});

	it('passes a DNS failure on as it is (not as a refusal)', async () => {
		const guard = createSsrfGuard({}, undefined, filter);
		const missing = await lookupOnce(guard.lookup, 'missing.test', false);
		expect(missing.error?.code).toBe('ENOTFOUND');
	});
});
