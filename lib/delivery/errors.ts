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
	/**
	 * The response was not HTTP (an invalid status line, garbage bytes, a broken header block):
	 * a broken middlebox or a non-HTTP service. A transport failure, retried like a reset.
	 */
	invalidResponse: 'invalid_response',
	/**
	 * The HTTP(S)_PROXY answered the tunnel request (CONNECT) with a status other than 200, e.g. 502
	 * when the target is down or 407 when it wants credentials. Retried as that status would be.
	 */
	proxyError: 'proxy_error',
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

/** undici's refusal of a tunnel: `Proxy response (502) !== 200 when HTTP Tunneling`. */
const PROXY_REFUSAL = /^Proxy response \((\d{3})\) !== 200/;

/** A transport failure: its code, its message, and the proxy's status when a proxy refused. */
export interface TransportFailure {
	code: string;
	message: string;
	proxyStatus?: number;
}

/** Classifies what a request threw. */
export function transportFailureOf(error: unknown): TransportFailure {
	const message = errorMessageOf(error);
	// undici reports a refused tunnel as an abort (UND_ERR_ABORTED), which would read as the run
	// being cancelled; it is the proxy's answer, to be judged like a status.
	const refusal = PROXY_REFUSAL.exec(message);
	if (refusal) {
		const proxyStatus = Number(refusal[1]);
		return {
			code: DELIVERY_ERROR_CODES.proxyError,
			message: `The proxy answered HTTP ${proxyStatus} instead of opening a tunnel to the target`,
			proxyStatus,
		};
	}
	if (isParserError(error)) {
		return { code: DELIVERY_ERROR_CODES.invalidResponse, message: `Invalid response: ${message}` };
	}
	return { code: errorCodeOf(error), message };
}

/** undici's HTTPParserError (llhttp refused the bytes); its `code` is often missing. */
function isParserError(error: unknown): boolean {
	if (typeof error !== 'object' || error === null) return false;
	const { name, code } = error as { name?: unknown; code?: unknown };
	return name === 'HTTPParserError' || (typeof code === 'string' && code.startsWith('HPE_'));
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

/**
 * A callback template could not be rendered into a request (a syntax error, a value the template
 * cannot take, a URL that does not parse). `description` says how to fix it.
 */
export class CallbackRenderError extends Error {
	readonly code = 'render_failed';
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
		this.name = 'CallbackRenderError';
	}
}

/**
 * A value handed over as a rendered callback is not one; `field` names the part that is wrong
 * (`callback.method`, `callback.headers["X Bad"]`). Nothing was sent.
 */
export class InvalidCallbackError extends InvalidRequestError {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'InvalidCallbackError';
	}
}
