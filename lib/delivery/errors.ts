// Error codes of the delivery engine. Codes the engine assigns itself are snake_case; transport
// failures keep the code Node or undici gave them (ECONNRESET, UND_ERR_HEADERS_TIMEOUT, ...), which
// is what an operator searches for.

/** Codes the engine assigns itself, as they appear in `history[].errorCode` and `error.code`. */
export const DELIVERY_ERROR_CODES = {
	/** The response arrived but did not meet the success criterion (`status` says which). */
	httpStatus: 'http_status',
	/** A 2xx response whose body did not meet the success criterion. */
	unexpectedResponse: 'unexpected_response',
	/** The URL, method or a header value is unusable (CR/LF/NUL, bad scheme, ...); nothing was sent. */
	invalidRequest: 'invalid_request',
	/** The target address is link-local, cloud metadata or (when blocked) a private network. */
	ssrfBlocked: 'ssrf_blocked',
	/** The host's circuit breaker is open; no request was made. */
	circuitOpen: 'circuit_open',
	/** The item's time budget (`maxElapsedMs`) ran out. */
	deadlineExceeded: 'deadline_exceeded',
	/** The whole run was cancelled through its AbortSignal. */
	aborted: 'aborted',
	/** A transport failure without a code of its own. */
	requestFailed: 'request_failed',
} as const;

export type DeliveryErrorCode = (typeof DELIVERY_ERROR_CODES)[keyof typeof DELIVERY_ERROR_CODES];

/** A delivery option is out of range or malformed. Thrown before anything is sent. */
export class DeliveryConfigError extends Error {
	readonly code = 'invalid_config';
	constructor(message: string) {
		super(message);
		this.name = 'DeliveryConfigError';
	}
}

/** The request itself is unusable; thrown by `prepareRequest`, reported per item. */
export class InvalidRequestError extends Error {
	readonly code = DELIVERY_ERROR_CODES.invalidRequest;
	constructor(message: string) {
		super(message);
		this.name = 'InvalidRequestError';
	}
}

/** The SSRF guard refused an address. Raised in the dispatcher's connect path. */
export class SsrfBlockedError extends Error {
	readonly code = DELIVERY_ERROR_CODES.ssrfBlocked;
	constructor(message: string) {
		super(message);
		this.name = 'SsrfBlockedError';
	}
}

/** The code to record for a thrown value: its own `code`, or one of ours for aborts. */
export function errorCodeOf(error: unknown): string {
	// Duck-typed, not `instanceof Error`: errors raised by Node's core can come from another realm
	// (a vm context, a test sandbox) and still carry a code.
	if (typeof error === 'object' && error !== null) {
		const { name, code } = error as { name?: unknown; code?: unknown };
		// AbortSignal.timeout() rejects with a DOMException named TimeoutError; a plain abort with an
		// AbortError (or undici's RequestAbortedError, code UND_ERR_ABORTED).
		if (name === 'TimeoutError') return DELIVERY_ERROR_CODES.deadlineExceeded;
		if (typeof code === 'string' && code.length > 0) {
			return code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR'
				? DELIVERY_ERROR_CODES.aborted
				: code;
		}
		if (name === 'AbortError') return DELIVERY_ERROR_CODES.aborted;
	}
	return DELIVERY_ERROR_CODES.requestFailed;
}

export function errorMessageOf(error: unknown): string {
	if (typeof error === 'object' && error !== null) {
		const { message, name } = error as { message?: unknown; name?: unknown };
		if (typeof message === 'string' && message.length > 0) return message;
		if (typeof name === 'string') return name;
	}
	return String(error);
}
