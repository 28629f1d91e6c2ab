import { resolveClientIp } from '../../../lib/security';

describe('resolveClientIp', () => {
	it('uses the socket address when no proxy is trusted, ignoring X-Forwarded-For', () => {
		expect(
			resolveClientIp({
				remoteAddress: '::ffff:203.0.113.9',
				forwardedFor: '45.92.116.5',
				trustedProxyHops: 0,
			}),
		).toEqual({ address: '203.0.113.9', source: 'socket' });
	});

	it('takes the right-most entry behind one proxy, not the spoofable left-most', () => {
		// The client sent "45.92.116.5" itself; the proxy appended the real peer 198.51.100.4.
		expect(
			resolveClientIp({
				remoteAddress: '10.0.0.2',
				forwardedFor: '45.92.116.5, 198.51.100.4',
				trustedProxyHops: 1,
			}),
		).toEqual({ address: '198.51.100.4', source: 'x-forwarded-for' });
	});

	it('takes the Nth entry from the right behind N proxies, across repeated headers', () => {
		const input = {
			remoteAddress: '10.0.0.3',
			forwardedFor: ['1.1.1.1, 45.92.116.5', '10.0.0.2'],
		};
		expect(resolveClientIp({ ...input, trustedProxyHops: 1 }).address).toBe('10.0.0.2');
		expect(resolveClientIp({ ...input, trustedProxyHops: 2 }).address).toBe('45.92.116.5');
		expect(resolveClientIp({ ...input, trustedProxyHops: 3 }).address).toBe('1.1.1.1');
	});

	it('stops at the left-most entry when the chain is shorter than the hop count', () => {
		expect(
			resolveClientIp({
				remoteAddress: '10.0.0.2',
				forwardedFor: '198.51.100.4',
				trustedProxyHops: 3,
			}).address,
		).toBe('198.51.100.4');
	});

	it('falls back to the socket address when the header is absent or empty', () => {
		expect(resolveClientIp({ remoteAddress: '198.51.100.4', trustedProxyHops: 1 })).toEqual({
			address: '198.51.100.4',
			source: 'socket',
		});
		expect(
			resolveClientIp({ remoteAddress: '198.51.100.4', forwardedFor: ' , ', trustedProxyHops: 1 }),
		).toEqual({ address: '198.51.100.4', source: 'socket' });
	});

	it('strips ports and brackets and rejects entries that are not IPs', () => {
		const at = (forwardedFor: string) =>
			resolveClientIp({ remoteAddress: '10.0.0.2', forwardedFor, trustedProxyHops: 1 }).address;
		expect(at('198.51.100.4:5555')).toBe('198.51.100.4');
		expect(at('[2001:db8::7]:443')).toBe('2001:db8::7');
		expect(at('2001:db8::7')).toBe('2001:db8::7');
		expect(at('unknown')).toBeUndefined();
		expect(at('_hidden')).toBeUndefined();
	});

	it('returns undefined without any address', () => {
		expect(
			resolveClientIp({ remoteAddress: undefined, trustedProxyHops: 0 }).address,
		).toBeUndefined();
	});
});
