import fc from 'fast-check';
import {
	createIpAllowlist,
	normalizeIp,
	splitIpList,
	type IpAllowlist,
} from '../../../lib/security';

function allowlist(entries: string[]): IpAllowlist {
	const result = createIpAllowlist(entries);
	if (!result.ok) throw new Error(result.errors.join('; '));
	return result.allowlist;
}

describe('createIpAllowlist', () => {
	it('matches IPv4 CIDRs and single addresses', () => {
		const list = allowlist(['45.92.116.0/22', '203.0.113.7']);
		expect(list.allows('45.92.116.0')).toBe(true);
		expect(list.allows('45.92.119.255')).toBe(true);
		expect(list.allows('45.92.115.255')).toBe(false);
		expect(list.allows('45.92.120.0')).toBe(false);
		expect(list.allows('203.0.113.7')).toBe(true);
		expect(list.allows('203.0.113.8')).toBe(false);
	});

	it('matches IPv6 CIDRs', () => {
		const list = allowlist(['2001:db8::/32', '2001:db9::1']);
		expect(list.allows('2001:db8::1')).toBe(true);
		expect(list.allows('2001:DB8:ffff::1')).toBe(true);
		expect(list.allows('2001:db9::1')).toBe(true);
		expect(list.allows('2001:db9::2')).toBe(false);
		expect(list.allows('2001:db7::1')).toBe(false);
		expect(list.allows('[2001:db8::5]')).toBe(true);
		expect(list.allows('fe80::1%eth0')).toBe(false);
	});

	it('treats IPv4-mapped IPv6 clients as the IPv4 address they carry', () => {
		const list = allowlist(['45.92.116.0/22']);
		expect(list.allows('::ffff:45.92.116.5')).toBe(true);
		expect(list.allows('::FFFF:45.92.116.5')).toBe(true);
		expect(list.allows('0:0:0:0:0:ffff:45.92.116.5')).toBe(true);
		expect(list.allows('::ffff:2d5c:7405')).toBe(true); // 45.92.116.5 in hex groups
		expect(list.allows('::ffff:8.8.8.8')).toBe(false);
		// Not mapped: an IPv4-compatible or translated address is a different IPv6 address.
		expect(list.allows('::2d5c:7405')).toBe(false);
		expect(list.allows('64:ff9b::2d5c:7405')).toBe(false);
	});

	it('accepts IPv4-mapped entries with a 96..128 prefix', () => {
		const list = allowlist(['::ffff:10.0.0.0/104']);
		expect(list.allows('10.1.2.3')).toBe(true);
		expect(list.allows('::ffff:10.1.2.3')).toBe(true);
		expect(list.allows('11.0.0.1')).toBe(false);
		expect(list.entries).toEqual(['10.0.0.0/8']);
	});

	it('does not match across families', () => {
		const list = allowlist(['0.0.0.0/0']);
		expect(list.allows('8.8.8.8')).toBe(true);
		expect(list.allows('2001:db8::1')).toBe(false);
		const v6 = allowlist(['2001:db8::/32']);
		expect(v6.allows('2001:db8::1')).toBe(true);
		expect(v6.allows('32.1.13.184')).toBe(false); // the first 32 bits of 2001:db8:: as IPv4
	});

	it('lets an IPv6 entry that covers ::ffff:0:0/96 match IPv4 clients, as the mapping implies', () => {
		expect(allowlist(['::/0']).allows('8.8.8.8')).toBe(true);
		expect(allowlist(['::ffff:0:0/96']).allows('8.8.8.8')).toBe(true);
		expect(allowlist(['::ffff:0:0/96']).allows('2001:db8::1')).toBe(false);
	});

	it('denies anything that is not an IP', () => {
		const list = allowlist(['0.0.0.0/0', '::/0']);
		for (const bad of ['', 'localhost', '1.2.3', '1.2.3.4.5', '256.1.1.1', '::g', 'unknown']) {
			expect(list.allows(bad)).toBe(false);
		}
	});

	it('reports every invalid entry instead of dropping it', () => {
		const result = createIpAllowlist([
			'10.0.0.0/8',
			'10.0.0.0/33',
			'example.com',
			'::1/129',
			'1.2.3.4/x',
			'::ffff:1.2.3.4/64',
		]);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors).toHaveLength(5);
		expect(result.errors[0]).toContain('10.0.0.0/33');
		expect(result.errors[1]).toContain('example.com');
	});

	it('matches exactly the addresses inside a random IPv4 CIDR', () => {
		const toInt = (ip: number[]) => ((ip[0] << 24) | (ip[1] << 16) | (ip[2] << 8) | ip[3]) >>> 0;
		const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
		fc.assert(
			fc.property(octets, fc.integer({ min: 0, max: 32 }), octets, (net, prefix, probe) => {
				const list = allowlist([`${net.join('.')}/${prefix}`]);
				const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
				const inside = (toInt(net) & mask) >>> 0 === (toInt(probe) & mask) >>> 0;
				expect(list.allows(probe.join('.'))).toBe(inside);
				expect(list.allows(`::ffff:${probe.join('.')}`)).toBe(inside);
			}),
		);
	});
});

describe('normalizeIp', () => {
	it('normalises families, brackets, zones and mapped forms', () => {
		expect(normalizeIp('203.0.113.7')).toEqual({
			address: '203.0.113.7',
			family: 'ipv4',
			mapped: false,
		});
		expect(normalizeIp('[2001:DB8::1]')).toEqual({
			address: '2001:db8::1',
			family: 'ipv6',
			mapped: false,
		});
		expect(normalizeIp('fe80::1%eth0')).toEqual({
			address: 'fe80::1',
			family: 'ipv6',
			mapped: false,
		});
		expect(normalizeIp('::ffff:127.0.0.1')).toEqual({
			address: '127.0.0.1',
			family: 'ipv4',
			mapped: true,
		});
		expect(normalizeIp('nope')).toBeUndefined();
	});
});

describe('splitIpList', () => {
	it('splits on commas, spaces and new lines', () => {
		expect(splitIpList(' 10.0.0.0/8,192.168.1.1\n2001:db8::/32 ,, ')).toEqual([
			'10.0.0.0/8',
			'192.168.1.1',
			'2001:db8::/32',
		]);
	});
});
