// The first two checks of every inbound callback, before any credential or byte of body: the
// method (405), then the IP allowlist (403). MMP Trigger (handleCallback) and MMP Normalize
// (normalizeCallback) both run them, so a callback gets the same verdict through either node.
import { resolveClientIp } from '../security/clientIp';
import type { HeaderValue } from './authenticate';
import type { TriggerConfig } from './triggerConfig';

export const ALLOWED_CALLBACK_METHODS = ['GET', 'POST'] as const;

const ALLOW_HEADER = { Allow: ALLOWED_CALLBACK_METHODS.join(', ') };

export interface CallbackClient {
	/** Upper-case request method. */
	method: string;
	/** The TCP peer address, or the address the item carries. */
	remoteAddress: string | undefined;
	/** The X-Forwarded-For header. */
	forwardedFor: HeaderValue | undefined;
}

export interface ClientRejection {
	status: number;
	code: string;
	message: string;
	/** `Allow` on a 405. */
	headers?: Record<string, string>;
}

const UNKNOWN_ADDRESS = 'The client IP address could not be determined.';

/**
 * Undefined when the method is GET or POST and the client passes the allowlist (or there is none).
 * `unknownAddress` is the message when no address can be read (callers add their own hint).
 */
export function checkClient(
	client: CallbackClient,
	config: Pick<TriggerConfig, 'allowlist' | 'trustedProxyHops'>,
	unknownAddress = UNKNOWN_ADDRESS,
): ClientRejection | undefined {
	const { method } = client;
	if (method !== 'GET' && method !== 'POST') {
		return {
			status: 405,
			code: 'method_not_allowed',
			message: `Method ${method} is not allowed; MMP callbacks use GET or POST.`,
			headers: ALLOW_HEADER,
		};
	}
	if (!config.allowlist) return undefined;
	const { address } = resolveClientIp({
		remoteAddress: client.remoteAddress,
		forwardedFor: client.forwardedFor,
		trustedProxyHops: config.trustedProxyHops,
	});
	if (address === undefined) {
		return { status: 403, code: 'ip_not_allowed', message: unknownAddress };
	}
	if (!config.allowlist.allows(address)) {
		return {
			status: 403,
			code: 'ip_not_allowed',
			message: `Client IP ${address} is not in the IP allowlist.`,
		};
	}
	return undefined;
}
