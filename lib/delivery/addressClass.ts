// Which kind of network an IP address belongs to, for the SSRF guard. Pure: no DNS, no policy.
//
// IPv6 forms that carry an IPv4 address (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, SIIT
// ::ffff:0:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by the IPv4 address they carry,
// so `[::ffff:a9fe:a9fe]` is metadata and `[2002:c0a8:0001::1]` is 192.168.0.1.
import { isIPv4, isIPv6 } from 'node:net';

export type AddressClass =
	/** Ordinary internet unicast. */
	| { kind: 'public' }
	/** Link-local and cloud metadata: refused whatever the options say. */
	| { kind: 'metadata'; label: string }
	/** Loopback, private, CGNAT, unique-local, unspecified, reserved, ...: refused on request. */
	| { kind: 'private'; label: string };

interface Range {
	bytes: Uint8Array;
	prefix: number;
	label: string;
}

const V4_METADATA = ranges([
	['169.254.0.0/16', 'link-local, where cloud metadata services live'],
	['100.100.100.200/32', 'cloud metadata (Alibaba Cloud)'],
	['192.0.0.192/32', 'cloud metadata (Oracle Cloud)'],
]);

const V4_PRIVATE = ranges([
	['0.0.0.0/8', 'unspecified ("this network")'],
	['10.0.0.0/8', 'private network (RFC 1918)'],
	['100.64.0.0/10', 'carrier-grade NAT (RFC 6598)'],
	['127.0.0.0/8', 'loopback'],
	['172.16.0.0/12', 'private network (RFC 1918)'],
	['192.0.0.0/24', 'IETF protocol assignments'],
	['192.0.2.0/24', 'documentation (TEST-NET-1)'],
	['192.88.99.0/24', '6to4 relay anycast'],
	['192.168.0.0/16', 'private network (RFC 1918)'],
	['198.18.0.0/15', 'benchmarking'],
	['198.51.100.0/24', 'documentation (TEST-NET-2)'],
	['203.0.113.0/24', 'documentation (TEST-NET-3)'],
	['224.0.0.0/4', 'multicast'],
	['240.0.0.0/4', 'reserved (including broadcast)'],
]);

const V6_METADATA = ranges([
	['fe80::/10', 'link-local'],
	['fd00:ec2::254/128', 'cloud metadata (AWS)'],
]);

const V6_PRIVATE = ranges([
	['::/128', 'unspecified'],
	['::1/128', 'loopback'],
	['fc00::/7', 'unique local (RFC 4193)'],
	['fec0::/10', 'site-local (deprecated)'],
	['ff00::/8', 'multicast'],
	['100::/64', 'discard-only'],
	['64:ff9b:1::/48', 'local-use NAT64'],
	['2001:2::/48', 'benchmarking'],
	['2001:db8::/32', 'documentation'],
	['5f00::/16', 'SRv6 segment identifiers'],
]);

/** IPv6 prefixes whose addresses carry an IPv4 address, and where it sits (byte offset). */
const V6_EMBEDDING: ReadonlyArray<{ range: Range; offset: number }> = [
	{ range: ranges([['::ffff:0:0/96', 'IPv4-mapped']])[0], offset: 12 },
	{ range: ranges([['::ffff:0:0:0/96', 'IPv4-translated (SIIT)']])[0], offset: 12 },
	{ range: ranges([['64:ff9b::/96', 'NAT64']])[0], offset: 12 },
	{ range: ranges([['2002::/16', '6to4']])[0], offset: 2 },
	// Deprecated IPv4-compatible form; `::` and `::1` are matched as IPv6 first.
	{ range: ranges([['::/96', 'IPv4-compatible']])[0], offset: 12 },
];

const PUBLIC: AddressClass = { kind: 'public' };

/**
 * Classifies an IP address (IPv4 in any form the WHATWG URL parser accepts, such as `127.1`,
 * `0x7f.1`, `0177.0.0.1` or `2130706433`; IPv6 with or without brackets or a zone).
 * Undefined when the input is not an IP address.
 */
export function classifyAddress(address: string): AddressClass | undefined {
	const bytes = parseIp(address);
	if (!bytes) return undefined;
	return bytes.length === 4 ? classifyV4(bytes) : classifyV6(bytes);
}

/** The address as 4 or 16 bytes, or undefined when it is not an IP address. */
export function parseIp(input: string): Uint8Array | undefined {
	let text = input.trim();
	if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
	if (isIPv4(text)) return Uint8Array.from(text.split('.').map(Number));
	const zone = text.indexOf('%');
	if (zone !== -1) text = text.slice(0, zone);
	if (isIPv6(text)) return parseV6(text);
	const canonical = canonicalIpv4(text);
	return canonical ? Uint8Array.from(canonical.split('.').map(Number)) : undefined;
}

/**
 * The dotted form of a non-canonical IPv4 literal, as a URL host would be read (`0x7f.1` →
 * `127.0.0.1`), or undefined. The WHATWG parser is the reference because it decides where a
 * request goes; the CVE history of hand-written parsers (octal `012.0.0.1`, `127.1`) is why.
 */
function canonicalIpv4(text: string): string | undefined {
	if (!/^[0-9a-fx.]+$/i.test(text) || !/\d/.test(text)) return undefined;
	try {
		const host = new URL(`http://${text}/`).hostname;
		return isIPv4(host) ? host : undefined;
	} catch {
		return undefined;
	}
}

function classifyV4(bytes: Uint8Array): AddressClass {
	const metadata = find(V4_METADATA, bytes);
	if (metadata) return { kind: 'metadata', label: metadata.label };
	const local = find(V4_PRIVATE, bytes);
	return local ? { kind: 'private', label: local.label } : PUBLIC;
}

function classifyV6(bytes: Uint8Array): AddressClass {
	const metadata = find(V6_METADATA, bytes);
	if (metadata) return { kind: 'metadata', label: metadata.label };
	const local = find(V6_PRIVATE, bytes);
	if (local) return { kind: 'private', label: local.label };
	for (const { range, offset } of V6_EMBEDDING) {
		if (!matches(range, bytes)) continue;
		const inner = classifyV4(bytes.subarray(offset, offset + 4));
		if (inner.kind === 'public') return PUBLIC;
		const ipv4 = Array.from(bytes.subarray(offset, offset + 4)).join('.');
		return { kind: inner.kind, label: `${inner.label}: ${ipv4} in ${range.label} form` };
	}
	return PUBLIC;
}

function find(list: readonly Range[], bytes: Uint8Array): Range | undefined {
	for (const range of list) if (matches(range, bytes)) return range;
	return undefined;
}

function matches(range: Range, bytes: Uint8Array): boolean {
	if (range.bytes.length !== bytes.length) return false;
	const whole = range.prefix >> 3;
	for (let i = 0; i < whole; i++) if (bytes[i] !== range.bytes[i]) return false;
	const rest = range.prefix & 7;
	if (rest === 0) return true;
	const mask = (0xff << (8 - rest)) & 0xff;
	return (bytes[whole] & mask) === (range.bytes[whole] & mask);
}

function ranges(entries: ReadonlyArray<[string, string]>): Range[] {
	return entries.map(([cidr, label]) => {
		const [address, prefix] = cidr.split('/');
		const bytes = isIPv4(address)
			? Uint8Array.from(address.split('.').map(Number))
			: parseV6(address);
		return { bytes, prefix: Number(prefix), label };
	});
}

/** 16 bytes of an address already validated with `isIPv6` (zone removed). */
function parseV6(text: string): Uint8Array {
	const bytes = new Uint8Array(16);
	let body = text;
	let tailV4: number[] = [];
	const lastColon = body.lastIndexOf(':');
	if (body.includes('.', lastColon)) {
		tailV4 = body
			.slice(lastColon + 1)
			.split('.')
			.map(Number);
		// Keep the colon so a trailing `::` still splits into head and (empty) rest.
		body = body.slice(0, lastColon + 1);
		if (body.endsWith(':') && !body.endsWith('::')) body = body.slice(0, -1);
	}
	const groupsFor = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
	const doubleColon = body.indexOf('::');
	const head = groupsFor(doubleColon === -1 ? body : body.slice(0, doubleColon));
	const rest = doubleColon === -1 ? [] : groupsFor(body.slice(doubleColon + 2));
	const groupCount = 8 - tailV4.length / 2;
	const groups = [
		...head,
		...new Array<number>(groupCount - head.length - rest.length).fill(0),
		...rest,
	];
	groups.forEach((group, i) => {
		bytes[2 * i] = group >> 8;
		bytes[2 * i + 1] = group & 0xff;
	});
	tailV4.forEach((octet, i) => {
		bytes[12 + i] = octet;
	});
	return bytes;
}
