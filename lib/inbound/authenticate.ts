// Authentication verdicts for one inbound request. Every secret comparison is constant-time, and
// messages name the header or parameter that failed, never a value.
import { verifyHmacSignature, type HmacFailureReason } from '../security/hmac';
import { timingSafeEqualString } from '../security/timingSafeEqual';
import type { InboundAuth } from './authConfig';

export type HeaderValue = string | readonly string[] | undefined;

export interface AuthRequest {
	/** Lower-case header names. */
	headers: Readonly<Record<string, HeaderValue>>;
	/** Path plus query string. */
	url: string;
	/** The raw body bytes; needed for HMAC only (see {@link authNeedsBody}). */
	rawBody?: Uint8Array;
	/** Current time in milliseconds (injectable for tests). */
	now?: number;
}

export type AuthFailureCode =
	| 'missing_credentials'
	| 'invalid_credentials'
	| 'missing_signature'
	| 'invalid_signature'
	| 'invalid_timestamp'
	| 'stale_timestamp';

export type AuthVerdict =
	| { ok: true }
	| {
			ok: false;
			status: 401 | 403;
			code: AuthFailureCode;
			message: string;
			headers?: Record<string, string>;
	  };

const OK: AuthVerdict = Object.freeze({ ok: true });
const BASIC_CHALLENGE = { 'WWW-Authenticate': 'Basic realm="MMP Trigger", charset="UTF-8"' };

/** Whether the verdict depends on the body, so the body must be read before authenticating. */
export function authNeedsBody(auth: InboundAuth): boolean {
	return auth.type === 'hmacSha256';
}

export function authenticateRequest(auth: InboundAuth, request: AuthRequest): AuthVerdict {
	switch (auth.type) {
		case 'none':
			return OK;
		case 'headerToken':
			return checkHeaderToken(auth.headerName, auth.token, request.headers[auth.headerName]);
		case 'queryToken':
			return checkQueryToken(auth.parameterName, auth.token, request.url);
		case 'basicAuth':
			return checkBasic(auth.user, auth.password, single(request.headers.authorization));
		case 'hmacSha256':
			return checkHmac(auth, request);
	}
}

function fail(
	status: 401 | 403,
	code: AuthFailureCode,
	message: string,
	headers?: Record<string, string>,
): AuthVerdict {
	return headers
		? { ok: false, status, code, message, headers }
		: { ok: false, status, code, message };
}

function single(value: HeaderValue): string | undefined {
	if (value === undefined) return undefined;
	return typeof value === 'string' ? value : value.length === 1 ? value[0] : undefined;
}

function checkHeaderToken(headerName: string, token: string, value: HeaderValue): AuthVerdict {
	const received = single(value);
	if (received === undefined || received === '') {
		return fail(401, 'missing_credentials', `Missing the ${headerName} header.`);
	}
	// `Authorization: Bearer <token>` also matches a token configured without the scheme.
	const candidate =
		headerName === 'authorization' && /^bearer /i.test(received) && !/^bearer /i.test(token)
			? received.slice(7).trim()
			: received;
	return timingSafeEqualString(candidate, token)
		? OK
		: fail(
				401,
				'invalid_credentials',
				`The ${headerName} header does not hold the expected token.`,
			);
}

function checkQueryToken(parameterName: string, token: string, url: string): AuthVerdict {
	const query = url.indexOf('?');
	const values =
		query === -1 ? [] : new URLSearchParams(url.slice(query + 1)).getAll(parameterName);
	if (values.length === 0 || values[0] === '') {
		return fail(401, 'missing_credentials', `Missing the ${parameterName} query parameter.`);
	}
	if (values.length > 1) {
		return fail(401, 'invalid_credentials', `The ${parameterName} query parameter is repeated.`);
	}
	return timingSafeEqualString(values[0], token)
		? OK
		: fail(
				401,
				'invalid_credentials',
				`The ${parameterName} query parameter does not hold the expected token.`,
			);
}

function checkBasic(user: string, password: string, header: string | undefined): AuthVerdict {
	const match = header === undefined ? null : /^basic +([A-Za-z0-9+/=]+) *$/i.exec(header);
	if (!match) {
		return fail(401, 'missing_credentials', 'Missing HTTP Basic credentials.', BASIC_CHALLENGE);
	}
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	const givenUser = colon === -1 ? decoded : decoded.slice(0, colon);
	const givenPassword = colon === -1 ? '' : decoded.slice(colon + 1);
	// Evaluate both comparisons so the time does not reveal which one failed.
	const userMatches = timingSafeEqualString(givenUser, user);
	const passwordMatches = timingSafeEqualString(givenPassword, password);
	return userMatches && passwordMatches
		? OK
		: fail(401, 'invalid_credentials', 'HTTP Basic user or password is wrong.', BASIC_CHALLENGE);
}

const HMAC_FAILURES: Record<HmacFailureReason, { status: 401 | 403; code: AuthFailureCode }> = {
	missing_signature: { status: 401, code: 'missing_signature' },
	malformed_signature: { status: 401, code: 'invalid_signature' },
	signature_mismatch: { status: 401, code: 'invalid_signature' },
	missing_timestamp: { status: 401, code: 'invalid_timestamp' },
	invalid_timestamp: { status: 401, code: 'invalid_timestamp' },
	timestamp_expired: { status: 403, code: 'stale_timestamp' },
	timestamp_in_future: { status: 403, code: 'stale_timestamp' },
};

function checkHmac(
	auth: Extract<InboundAuth, { type: 'hmacSha256' }>,
	request: AuthRequest,
): AuthVerdict {
	const verdict = verifyHmacSignature({
		secret: auth.secret,
		body: request.rawBody ?? new Uint8Array(0),
		signature: single(request.headers[auth.signatureHeader]),
		timestamp: auth.timestampHeader ? single(request.headers[auth.timestampHeader]) : undefined,
		timestampRequired: auth.timestampHeader !== '',
		replayWindowSeconds: auth.replayWindowSeconds,
		decoding: auth.signatureEncoding,
		now: request.now,
	});
	if (verdict.ok) return OK;
	const { status, code } = HMAC_FAILURES[verdict.reason];
	return fail(status, code, hmacMessage(verdict.reason, auth));
}

function hmacMessage(
	reason: HmacFailureReason,
	auth: Extract<InboundAuth, { type: 'hmacSha256' }>,
): string {
	switch (reason) {
		case 'missing_signature':
			return `Missing the ${auth.signatureHeader} signature header.`;
		case 'malformed_signature':
			return `The ${auth.signatureHeader} header does not hold a SHA-256 HMAC (64 hex digits or 44 base64 characters, optionally prefixed "sha256=").`;
		case 'signature_mismatch':
			return auth.timestampHeader
				? `The ${auth.signatureHeader} signature does not match HMAC-SHA256 of "<${auth.timestampHeader}>." followed by the raw body.`
				: `The ${auth.signatureHeader} signature does not match HMAC-SHA256 of the raw body.`;
		case 'missing_timestamp':
			return `Missing the ${auth.timestampHeader} timestamp header.`;
		case 'invalid_timestamp':
			return `The ${auth.timestampHeader} header must be a Unix time in seconds or milliseconds.`;
		case 'timestamp_expired':
			return `The ${auth.timestampHeader} timestamp is more than ${auth.replayWindowSeconds} s old; the request is refused as a possible replay.`;
		case 'timestamp_in_future':
			return `The ${auth.timestampHeader} timestamp is more than ${auth.replayWindowSeconds} s in the future; check the sender's clock.`;
	}
}
