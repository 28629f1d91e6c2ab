// HMAC-SHA256 request signatures over the raw body bytes, with an optional timestamp that binds
// the signature to a moment and bounds replays. Scheme (docs/security.md):
//   signed content = `${timestamp}.` + rawBody   (or rawBody alone when no timestamp is used)
//   signature      = hex or base64 of HMAC-SHA256(secret, signed content), optionally `sha256=`-prefixed
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureEncoding = 'hex' | 'base64';

/** How a signature header value is decoded: one encoding, or `auto` (64 hex digits, else base64). */
export type SignatureDecoding = SignatureEncoding | 'auto';

export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

/** Senders may list several signatures (key rotation); more than this is refused, not scanned. */
const MAX_SIGNATURES = 8;
const DIGEST_BYTES = 32;
const HEX_DIGEST = /^[0-9a-f]{64}$/i;
const BASE64_DIGEST = /^[A-Za-z0-9+/_-]{43}={0,1}$/;
const DECIMAL = /^\d{1,16}$/;
/** Unix times above this are milliseconds (1e10 s is the year 2286), as n8n's own helper does. */
const MILLISECONDS_THRESHOLD = 1e10;

export interface HmacSignInput {
	secret: string | Uint8Array;
	body: string | Uint8Array;
	/** The timestamp exactly as it will be sent in the timestamp header. */
	timestamp?: string;
	encoding?: SignatureEncoding;
}

/** The signature a sender puts in the signature header (without the optional `sha256=` prefix). */
export function computeHmacSignature(input: HmacSignInput): string {
	return hmacDigest(input.secret, input.body, input.timestamp).toString(input.encoding ?? 'hex');
}

export interface HmacVerifyInput {
	secret: string | Uint8Array;
	/** The raw request body, before any parsing (re-serialised JSON would not match). */
	body: string | Uint8Array;
	/** The signature header's value; several signatures may be separated by spaces. */
	signature: string | undefined;
	/**
	 * The timestamp header's value. When `timestampRequired` is true it must be present, is part
	 * of the signed content and must lie within `replayWindowSeconds` of `now`.
	 */
	timestamp?: string | undefined;
	timestampRequired: boolean;
	replayWindowSeconds?: number;
	decoding?: SignatureDecoding;
	/** Current time in milliseconds (injectable for tests). */
	now?: number;
}

export type HmacFailureReason =
	| 'missing_signature'
	| 'malformed_signature'
	| 'signature_mismatch'
	| 'missing_timestamp'
	| 'invalid_timestamp'
	| 'timestamp_expired'
	| 'timestamp_in_future';

export type HmacVerdict = { ok: true } | { ok: false; reason: HmacFailureReason };

/**
 * Verifies a signed request. Never throws: any malformed input is a failed verdict.
 *
 * The signature is checked before the timestamp's age, so `timestamp_expired` and
 * `timestamp_in_future` mean a genuinely signed request outside the window (a replay or a badly
 * skewed clock), not merely an unsigned request with an old timestamp.
 */
export function verifyHmacSignature(input: HmacVerifyInput): HmacVerdict {
	try {
		return verify(input);
	} catch {
		// Defensive: e.g. an unusable secret type. A verifier must fail closed, not crash.
		return { ok: false, reason: 'signature_mismatch' };
	}
}

function verify(input: HmacVerifyInput): HmacVerdict {
	const candidates = splitSignatures(input.signature);
	if (candidates.length === 0) return { ok: false, reason: 'missing_signature' };
	if (candidates.length > MAX_SIGNATURES) return { ok: false, reason: 'malformed_signature' };

	let timestamp: string | undefined;
	let timestampSeconds = 0;
	if (input.timestampRequired) {
		timestamp = input.timestamp?.trim();
		if (!timestamp) return { ok: false, reason: 'missing_timestamp' };
		if (!DECIMAL.test(timestamp)) return { ok: false, reason: 'invalid_timestamp' };
		const value = Number(timestamp);
		timestampSeconds = value > MILLISECONDS_THRESHOLD ? value / 1000 : value;
	}

	const decoding = input.decoding ?? 'auto';
	const expected = hmacDigest(input.secret, input.body, timestamp);
	let decodedAny = false;
	let matched = false;
	for (const candidate of candidates) {
		const actual = decodeSignature(candidate, decoding);
		if (!actual) continue;
		decodedAny = true;
		// Both are 32 bytes here; no early exit, so the number of comparisons is not a signal.
		if (timingSafeEqual(actual, expected)) matched = true;
	}
	if (!matched)
		return { ok: false, reason: decodedAny ? 'signature_mismatch' : 'malformed_signature' };

	if (input.timestampRequired) {
		const window = input.replayWindowSeconds ?? DEFAULT_REPLAY_WINDOW_SECONDS;
		const age = (input.now ?? Date.now()) / 1000 - timestampSeconds;
		if (age > window) return { ok: false, reason: 'timestamp_expired' };
		if (age < -window) return { ok: false, reason: 'timestamp_in_future' };
	}
	return { ok: true };
}

function hmacDigest(
	secret: string | Uint8Array,
	body: string | Uint8Array,
	timestamp: string | undefined,
): Buffer {
	const hmac = createHmac('sha256', secret);
	if (timestamp !== undefined) hmac.update(`${timestamp}.`);
	return hmac.update(body).digest();
}

function splitSignatures(header: string | undefined): string[] {
	if (!header) return [];
	return header.split(' ').filter((part) => part.length > 0);
}

function decodeSignature(value: string, decoding: SignatureDecoding): Buffer | undefined {
	const text =
		value.length > 7 && value.slice(0, 7).toLowerCase() === 'sha256=' ? value.slice(7) : value;
	const useHex = decoding === 'hex' || (decoding === 'auto' && HEX_DIGEST.test(text));
	if (useHex) return HEX_DIGEST.test(text) ? Buffer.from(text, 'hex') : undefined;
	if (!BASE64_DIGEST.test(text)) return undefined;
	// Node decodes both the standard and the URL-safe alphabet under 'base64'.
	const bytes = Buffer.from(text, 'base64');
	return bytes.length === DIGEST_BYTES ? bytes : undefined;
}
