import fc from 'fast-check';

import { classifyAddress, parseIp } from '../../../lib/delivery/addressClass';

const kind = (address: string) => classifyAddress(address)?.kind;

describe('classifyAddress', () => {
	it.each([
		'169.254.169.254',
		'169.254.0.1',
		'100.100.100.200',
		'192.0.0.192',
		'fe80::1',
		'[fe80::1%eth0]',
		'fd00:ec2::254',
		'[fd00:ec2::254]',
		// IPv4 metadata carried in IPv6 forms (CVE-2026-42449 class)
		'::ffff:169.254.169.254',
		'[::ffff:a9fe:a9fe]',
		'0000:0000:0000:0000:0000:ffff:a9fe:a9fe',
		'64:ff9b::a9fe:a9fe',
		'2002:a9fe:a9fe::1',
		'::a9fe:a9fe',
		'::ffff:0:a9fe:a9fe',
	])('%s is metadata / link-local', (address) => {
		expect(kind(address)).toBe('metadata');
	});

	it.each([
		// loopback in every spelling (CVE-2023-42282, CVE-2024-29415 inputs)
		'127.0.0.1',
		'127.1',
		'0x7f.1',
		'0177.0.0.1',
		'2130706433',
		'0x7f000001',
		'017700000001',
		'127.255.255.254',
		'::1',
		'[::1]',
		'000:0:0000::01',
		'::fFFf:127.0.0.1',
		'::ffff:7f00:1',
		'0000:0000:0000:0000:0000:ffff:7f00:0001',
		// RFC 1918, CGNAT, unspecified, ULA
		'10.0.0.1',
		'012.1.2.3',
		'172.16.0.1',
		'172.31.255.255',
		'192.168.1.1',
		'100.64.0.1',
		'100.127.255.255',
		'0.0.0.0',
		'0',
		'::',
		'[::]',
		'fc00::1',
		'fd12:3456::1',
		// 6to4 / NAT64 / local NAT64 carrying private addresses
		'2002:c0a8:0001::1',
		'[2002:c0a8:1::1]',
		'64:ff9b::c0a8:1',
		'64:ff9b::10.0.0.1',
		'64:ff9b:1::1',
		// reserved, multicast, documentation, benchmarking
		'224.0.0.1',
		'255.255.255.255',
		'240.0.0.1',
		'192.0.2.10',
		'198.51.100.1',
		'203.0.113.9',
		'198.18.0.1',
		'ff02::1',
		'2001:db8::1',
		'100::1',
	])('%s is private', (address) => {
		expect(kind(address)).toBe('private');
	});

	it.each([
		'8.8.8.8',
		'1.1.1.1',
		'45.92.116.5',
		'172.15.255.255',
		'172.32.0.1',
		'100.63.255.255',
		'100.128.0.1',
		'169.253.255.255',
		'2606:4700:4700::1111',
		'::ffff:8.8.8.8',
		'64:ff9b::808:808',
		'2002:0808:0808::1',
	])('%s is public', (address) => {
		expect(kind(address)).toBe('public');
	});

	it.each([
		'example.com',
		'localhost',
		'dead1',
		'1.2.3.4.5',
		'',
		'http://127.0.0.1',
		'127.0.0.1:80',
	])('%j is not an address', (input) => {
		expect(classifyAddress(input)).toBeUndefined();
	});

	it('names the IPv4 address found inside an IPv6 one', () => {
		expect(classifyAddress('2002:c0a8:0001::1')).toEqual({
			kind: 'private',
			label: 'private network (RFC 1918): 192.168.0.1 in 6to4 form',
		});
	});

	it('judges any IPv4 address the same in its mapped, NAT64 and 6to4 forms', () => {
		fc.assert(
			fc.property(fc.ipV4(), (ipv4) => {
				const [a, b, c, d] = ipv4.split('.').map(Number);
				const hex = (x: number, y: number) => ((x << 8) | y).toString(16);
				const expected = kind(ipv4);
				return (
					kind(`::ffff:${ipv4}`) === expected &&
					kind(`64:ff9b::${hex(a, b)}:${hex(c, d)}`) === expected &&
					kind(`2002:${hex(a, b)}:${hex(c, d)}::1`) === expected
				);
			}),
		);
	});
});

describe('parseIp', () => {
	it('reads IPv6 with an embedded dotted quad and compressed zeros', () => {
		expect(Array.from(parseIp('::ffff:1.2.3.4') as Uint8Array)).toEqual([
			0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4,
		]);
		expect(Array.from(parseIp('1:2:3:4:5:6:7.8.9.10') as Uint8Array).slice(10)).toEqual([
			0, 6, 7, 8, 9, 10,
		]);
		expect(Array.from(parseIp('fe80::') as Uint8Array)).toEqual([
			0xfe,
			0x80,
			...new Array(14).fill(0),
		]);
	});

	it('agrees with the URL parser on every IPv6 address fast-check makes', () => {
		fc.assert(
			fc.property(fc.ipV6(), (ipv6) => {
				const bytes = parseIp(ipv6) as Uint8Array;
				const groups = Array.from({ length: 8 }, (_, i) =>
					((bytes[2 * i] << 8) | bytes[2 * i + 1]).toString(16),
				);
				const canonical = new URL(`http://[${ipv6}]/`).hostname;
				return new URL(`http://[${groups.join(':')}]/`).hostname === canonical;
			}),
		);
	});
});
