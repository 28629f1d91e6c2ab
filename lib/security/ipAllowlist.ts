// CIDR allowlist for IPv4 and IPv6 over node:net's BlockList: entries are subnets of either
// family, and an IPv4-mapped IPv6 client address (`::ffff:45.92.116.5`, what a dual-stack socket
// reports) is matched as the IPv4 it carries. n8n 2.41.1's Webhook node uses BlockList too, but
// skips an entry it cannot parse without a word; here a bad entry is an error the user sees.
import { BlockList, isIPv4, isIPv6 } from 'node:net';

export type IpFamily = 'ipv4' | 'ipv6';

export interface IpAllowlist {
	/** Whether the address is inside one of the entries; false for anything that is not an IP. */
	allows(address: string): boolean;
	/** The normalised entries, e.g. `['45.92.116.0/22', '2001:db8::/32']`. */
	readonly entries: readonly string[];
}

export type IpAllowlistResult =
	| { ok: true; allowlist: IpAllowlist }
	| { ok: false; errors: string[] };

/**
 * Builds an allowlist from addresses and CIDR blocks (`203.0.113.7`, `45.92.116.0/22`,
 * `2001:db8::/32`, `::ffff:10.0.0.0/104`). Invalid entries are reported, not skipped: an allowlist
 * that silently drops an entry fails open or closed in ways nobody intended.
 */
export function createIpAllowlist(entries: readonly string[]): IpAllowlistResult {
	const list = new BlockList();
	const normalised: string[] = [];
	const errors: string[] = [];
	for (const raw of entries) {
		const entry = raw.trim();
		if (!entry) continue;
		const parsed = parseCidr(entry);
		if (typeof parsed === 'string') {
			errors.push(`"${entry}": ${parsed}`);
			continue;
		}
		list.addSubnet(parsed.network, parsed.prefix, parsed.family);
		normalised.push(`${parsed.network}/${parsed.prefix}`);
	}
	if (errors.length > 0) return { ok: false, errors };
	return {
		ok: true,
		allowlist: {
			entries: normalised,
			allows(address: string) {
				const ip = normalizeIp(address);
				return ip !== undefined && list.check(ip.address, ip.family);
			},
		},
	};
}

/** Splits a user-entered list on commas, whitespace and new lines. */
export function splitIpList(text: string): string[] {
	return text.split(/[\s,]+/).filter((entry) => entry.length > 0);
}

interface Cidr {
	network: string;
	prefix: number;
	family: IpFamily;
}

function parseCidr(entry: string): Cidr | string {
	const slash = entry.indexOf('/');
	const addressPart = slash === -1 ? entry : entry.slice(0, slash);
	const ip = normalizeIp(addressPart);
	if (!ip) return 'not an IPv4 or IPv6 address';
	const max = ip.family === 'ipv4' ? 32 : 128;
	let prefix = max;
	if (slash !== -1) {
		const prefixText = entry.slice(slash + 1);
		if (!/^\d{1,3}$/.test(prefixText)) return 'the prefix length after "/" must be a number';
		prefix = Number(prefixText);
		// A mapped entry (`::ffff:10.0.0.0/104`) counts its prefix over 128 bits; 96 of them are the
		// mapping itself.
		if (ip.mapped) {
			if (prefix < 96 || prefix > 128) return 'an IPv4-mapped prefix must be between 96 and 128';
			prefix -= 96;
		}
		if (prefix > max) return `the prefix length must be at most ${max}`;
	}
	return { network: ip.address, prefix, family: ip.family };
}

export interface NormalizedIp {
	address: string;
	family: IpFamily;
	/** The input was an IPv4-mapped IPv6 address. */
	mapped: boolean;
}

/**
 * Parses an IP address for matching: strips an IPv6 zone (`%eth0`) and brackets, and turns an
 * IPv4-mapped IPv6 address (dotted or hex form) into its IPv4 address. Undefined when not an IP.
 */
export function normalizeIp(input: string): NormalizedIp | undefined {
	let text = input.trim();
	if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
	if (isIPv4(text)) return { address: text, family: 'ipv4', mapped: false };
	const zone = text.indexOf('%');
	if (zone !== -1) text = text.slice(0, zone);
	if (!isIPv6(text)) return undefined;
	const mapped = mappedIpv4(text);
	if (mapped) return { address: mapped, family: 'ipv4', mapped: true };
	return { address: text.toLowerCase(), family: 'ipv6', mapped: false };
}

/** The IPv4 address inside `::ffff:a.b.c.d` / `::ffff:hhhh:hhhh` (any zero spelling), if any. */
function mappedIpv4(ipv6: string): string | undefined {
	const groups = expandIpv6(ipv6.toLowerCase());
	if (!groups) return undefined;
	for (let i = 0; i < 5; i++) if (groups[i] !== 0) return undefined;
	if (groups[5] !== 0xffff) return undefined;
	return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
}

/** Eight 16-bit groups of a valid IPv6 address (validated by the caller with `isIPv6`). */
function expandIpv6(ipv6: string): number[] | undefined {
	let text = ipv6;
	const tail: number[] = [];
	const lastColon = text.lastIndexOf(':');
	const last = text.slice(lastColon + 1);
	if (last.includes('.')) {
		const octets = last.split('.').map(Number);
		tail.push((octets[0] << 8) | octets[1], (octets[2] << 8) | octets[3]);
		// Keep the trailing ':' so that `::ffff:` still splits into head and rest below.
		text = text.slice(0, lastColon + 1);
	}
	const [head, rest] = text.split('::');
	const parseGroups = (part: string | undefined) =>
		part
			? part
					.split(':')
					.filter((g) => g.length > 0)
					.map((g) => parseInt(g, 16))
			: [];
	const left = parseGroups(head);
	const right = parseGroups(rest);
	const total = 8 - tail.length;
	if (rest === undefined) {
		if (left.length !== total) return undefined;
		return [...left, ...tail];
	}
	const zeros = total - left.length - right.length;
	if (zeros < 0) return undefined;
	return [...left, ...new Array<number>(zeros).fill(0), ...right, ...tail];
}
