// The address an allowlist should judge. Each reverse proxy appends the address it received the
// request from to X-Forwarded-For, so only the right-most `hops` entries were written by proxies
// you run; everything further left is whatever the client chose to send. The client is therefore
// the entry `hops` places from the right (counting the socket peer as place 0), never simply the
// left-most one.
import { normalizeIp } from './ipAllowlist';

export interface ClientIpInput {
	/** The TCP peer (`req.socket.remoteAddress`). */
	remoteAddress: string | undefined;
	/** The X-Forwarded-For header, as one string or as repeated headers. */
	forwardedFor?: string | readonly string[] | undefined;
	/** How many reverse proxies you run in front of n8n; 0 ignores X-Forwarded-For entirely. */
	trustedProxyHops: number;
}

export interface ClientIp {
	/** Normalised address (IPv4-mapped IPv6 as IPv4), or undefined when it is not an IP. */
	address: string | undefined;
	source: 'socket' | 'x-forwarded-for';
}

export function resolveClientIp(input: ClientIpInput): ClientIp {
	const hops = Math.max(0, Math.floor(input.trustedProxyHops));
	if (hops === 0 || input.forwardedFor === undefined) {
		return { address: ipOnly(input.remoteAddress), source: 'socket' };
	}
	const forwarded = (
		typeof input.forwardedFor === 'string' ? [input.forwardedFor] : input.forwardedFor
	)
		.flatMap((header) => header.split(','))
		.map((entry) => entry.trim())
		.filter((entry) => entry.length > 0);
	if (forwarded.length === 0) return { address: ipOnly(input.remoteAddress), source: 'socket' };
	// chain[0] is the socket peer, chain[1] the right-most forwarded entry, and so on leftwards. A
	// chain shorter than `hops` means fewer proxies than configured touched the request; the
	// left-most entry is then still one a proxy wrote, as with Express's `trust proxy: <n>`.
	const index = Math.min(hops, forwarded.length);
	return { address: ipOnly(forwarded[forwarded.length - index]), source: 'x-forwarded-for' };
}

/** Accepts `1.2.3.4`, `1.2.3.4:5678`, `[2001:db8::1]:443` and bare IPv6; undefined otherwise. */
function ipOnly(value: string | undefined): string | undefined {
	if (!value) return undefined;
	let text = value.trim();
	if (text.startsWith('[')) {
		const end = text.indexOf(']');
		if (end === -1) return undefined;
		text = text.slice(1, end);
	} else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(text)) {
		text = text.slice(0, text.lastIndexOf(':'));
	}
	return normalizeIp(text)?.address;
}
