// A host platform's outbound policy, layered under the delivery engine's own SSRF guard. Shaped
// after n8n's `NodeEgressFilter` (this.helpers.getSecureEgressFilter(), n8n-workflow 2.41, which
// applies the instance's N8N_SSRF_* settings) without importing n8n: any object with these two
// methods fits. Both policies apply; an address passes only when neither refuses it.
import type { LookupFunction } from 'node:net';

import { SsrfBlockedError } from './errors';

export type EgressVerdict = { ok: true } | { ok: false; error: Error };

export interface EgressFilter {
	/** Checks an IP-literal host, which no DNS lookup will see. Names pass here. */
	validateConnectionHost(host: string): EgressVerdict;
	/** A `dns.lookup` drop-in that refuses names and answers the policy forbids. */
	createSecureLookup(): LookupFunction;
}

/** The platform's refusal of an IP-literal host, as the engine's SsrfBlockedError. */
export function egressRefusalOf(
	filter: EgressFilter,
	host: string,
): SsrfBlockedError | undefined {
	const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
	const verdict = filter.validateConnectionHost(bare);
	return verdict.ok ? undefined : platformRefusal(verdict.error, bare);
}

/**
 * The platform's secure lookup, with its refusals turned into SsrfBlockedError (`ssrf_blocked`,
 * not retried). A DNS failure (an error with a `code`, e.g. ENOTFOUND) is passed on as it is.
 */
export function egressLookupOf(filter: EgressFilter): LookupFunction {
	const secureLookup = filter.createSecureLookup();
	return (hostname, options, callback) => {
		secureLookup(hostname, options, (error, address, family) => {
			if (error && !isDnsError(error)) {
				callback(platformRefusal(error, hostname), options.all ? [] : '', family);
				return;
			}
			(callback as (...args: unknown[]) => void)(error, address, family);
		});
	};
}

function isDnsError(error: NodeJS.ErrnoException): boolean {
	return typeof error.code === 'string' && error.code.length > 0;
}

function platformRefusal(error: Error, host: string): SsrfBlockedError {
	return new SsrfBlockedError(
		`Refused to connect to ${host}: the n8n instance's outbound policy (N8N_SSRF_*) blocks it (${error.message})`,
	);
}
