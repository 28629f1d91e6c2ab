// The SSRF policy, applied where a connection is made (docs/sources.md, "SSRF: where the check is made"):
//   - IP-literal hosts are checked before connecting: a connect-time `lookup` is never called for
//     them, so a lookup hook alone would let `http://127.0.0.1/` through;
//   - host names are checked inside the socket's own `lookup`, on the very answers the socket then
//     connects to, so a DNS answer that changes between a check and the connect (rebinding) can't
//     slip past;
//   - every redirect hop is a new request through the same dispatcher, so it is checked again.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';

import { createIpAllowlist, type IpAllowlist } from '../security/ipAllowlist';
import { classifyAddress } from './addressClass';
import { egressLookupOf, egressRefusalOf, type EgressFilter } from './egressFilter';
import { DeliveryConfigError, SsrfBlockedError } from './errors';

export interface SsrfOptions {
	/**
	 * Also refuse loopback, RFC 1918, CGNAT, unique-local, unspecified, multicast, documentation and
	 * other non-public ranges. Default false. Link-local and cloud metadata are refused regardless.
	 */
	blockPrivateNetworks?: boolean;
	/**
	 * Addresses or CIDR blocks (`127.0.0.1`, `10.20.0.0/16`) reachable even when private networks
	 * are blocked, e.g. a local stand-in for a partner. Never opens link-local or metadata.
	 */
	allow?: readonly string[];
}

export interface SsrfGuard {
	/** The refusal for an address, or undefined when it may be contacted. */
	checkAddress(address: string, hostname?: string): SsrfBlockedError | undefined;
	/** The refusal for an IP-literal host; undefined for allowed literals and for names. */
	checkLiteralHost(hostname: string): SsrfBlockedError | undefined;
	/** A `dns.lookup` for `net.connect` that refuses when any answer is refused. */
	readonly lookup: LookupFunction;
	/**
	 * Resolves a name and checks every answer. For requests through a proxy, where the proxy
	 * resolves and connects; this pre-flight check cannot stop rebinding at the proxy.
	 */
	checkName(hostname: string): Promise<SsrfBlockedError | undefined>;
}

/** The `dns.lookup` signature the guard wraps (injectable for tests and custom resolvers). */
export type BaseLookup = (
	hostname: string,
	options: LookupOptions & { all: true },
	callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const defaultLookup: BaseLookup = (hostname, options, callback) =>
	dnsLookup(hostname, options, callback);

/**
 * `egress`, when given, is the platform's policy (n8n's N8N_SSRF_*): its secure lookup replaces
 * `baseLookup` (so its hostname rules and answer checks run first, then ours) and it is asked
 * about IP-literal hosts too.
 */
export function createSsrfGuard(
	options: SsrfOptions = {},
	lookupBelow: BaseLookup = defaultLookup,
	egress?: EgressFilter,
): SsrfGuard {
	const baseLookup = egress ? (egressLookupOf(egress) as unknown as BaseLookup) : lookupBelow;
	const blockPrivate = options.blockPrivateNetworks === true;
	const allowlist = buildAllowlist(options.allow);

	const checkAddress = (address: string, hostname?: string): SsrfBlockedError | undefined => {
		const verdict = classifyAddress(address);
		if (!verdict || verdict.kind === 'public') return undefined;
		if (verdict.kind === 'private' && (!blockPrivate || allowlist?.allows(address))) {
			return undefined;
		}
		const target = hostname && hostname !== address ? `${hostname} (${address})` : address;
		const why = verdict.kind === 'metadata' ? 'always refused' : 'private networks are blocked';
		return new SsrfBlockedError(`Refused to connect to ${target}: ${verdict.label}; ${why}`);
	};

	const checkAll = (hostname: string, addresses: readonly LookupAddress[]) => {
		for (const { address } of addresses) {
			const refusal = checkAddress(address, hostname);
			if (refusal) return refusal;
		}
		return undefined;
	};

	const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
		const wantAll = lookupOptions.all === true;
		let synchronous = true;
		baseLookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
			const reply = () => {
				if (error) return callback(error, wantAll ? [] : '');
				const refusal = checkAll(hostname, addresses);
				if (refusal) return callback(refusal, wantAll ? [] : '');
				if (wantAll) return callback(null, addresses);
				const [first] = addresses;
				if (!first) return callback(notFound(hostname), '');
				return callback(null, first.address, first.family);
			};
			// A socket destroyed synchronously inside its own lookup trips an internal assertion
			// (nodejs/node#50841); dns.lookup is always async, a stub may not be.
			if (synchronous) process.nextTick(reply);
			else reply();
		});
		synchronous = false;
	};

	return {
		checkAddress,
		checkLiteralHost: (hostname) => {
			if (!classifyAddress(hostname)) return undefined;
			return checkAddress(hostname) ?? (egress ? egressRefusalOf(egress, hostname) : undefined);
		},
		lookup,
		checkName: (hostname) =>
			new Promise((resolve, reject) => {
				baseLookup(hostname, { all: true }, (error, addresses) => {
					if (error) reject(error);
					else resolve(checkAll(hostname, addresses));
				});
			}),
	};
}

function buildAllowlist(entries: readonly string[] | undefined): IpAllowlist | undefined {
	if (!entries || entries.length === 0) return undefined;
	const result = createIpAllowlist(entries);
	if (!result.ok) {
		throw new DeliveryConfigError(`SSRF allow list: ${result.errors.join('; ')}`);
	}
	return result.allowlist;
}

function notFound(hostname: string): NodeJS.ErrnoException {
	const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
	error.code = 'ENOTFOUND';
	return error;
}
