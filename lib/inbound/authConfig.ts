// The "MMP Webhook Auth" credential as data: its field names, the typed configuration the
// authenticator uses, and validation shared by the credential test and the trigger at run time.
// Problems name fields, never values, so they are safe to show and log.
import { DEFAULT_REPLAY_WINDOW_SECONDS, type SignatureDecoding } from '../security/hmac';
import { isHeaderName } from '../security/httpSyntax';

export const INBOUND_AUTH_TYPES = [
	'none',
	'headerToken',
	'queryToken',
	'basicAuth',
	'hmacSha256',
] as const;

export type InboundAuthType = (typeof INBOUND_AUTH_TYPES)[number];

export type InboundAuth =
	| { type: 'none' }
	/** `headerName` is lower case, as Node delivers header names. */
	| { type: 'headerToken'; headerName: string; token: string }
	| { type: 'queryToken'; parameterName: string; token: string }
	| { type: 'basicAuth'; user: string; password: string }
	| {
			type: 'hmacSha256';
			secret: string;
			/** Lower case. */
			signatureHeader: string;
			/** Lower case; empty when the sender signs the body alone (no replay window then). */
			timestampHeader: string;
			replayWindowSeconds: number;
			signatureEncoding: SignatureDecoding;
	  };

export const NO_INBOUND_AUTH: InboundAuth = Object.freeze({ type: 'none' });

/** The credential's stored fields (names used by credentials/MmpWebhookAuth.credentials.ts). */
export interface MmpWebhookAuthData {
	authType?: unknown;
	headerName?: unknown;
	queryParameter?: unknown;
	token?: unknown;
	user?: unknown;
	password?: unknown;
	secret?: unknown;
	signatureHeader?: unknown;
	timestampHeader?: unknown;
	replayWindowSeconds?: unknown;
	signatureEncoding?: unknown;
}

export const MIN_TOKEN_LENGTH = 16;
export const MIN_HMAC_SECRET_LENGTH = 32;
export const MAX_REPLAY_WINDOW_SECONDS = 86_400;

/** Query parameter names usable without percent-encoding. */
const PARAMETER_NAME = /^[A-Za-z0-9._~\-[\]]{1,64}$/;
const URL_SAFE = /^[A-Za-z0-9._~-]+$/;
/** Headers that carry framing, routing or proxy data; a secret there cannot work. */
const RESERVED_HEADERS = new Set([
	'host',
	'content-length',
	'content-type',
	'content-encoding',
	'transfer-encoding',
	'connection',
	'upgrade',
	'te',
	'trailer',
	'expect',
	'x-forwarded-for',
	'forwarded',
]);

export interface AuthConfigCheck {
	/** The configuration the authenticator runs with; absent when `errors` is non-empty. */
	auth?: InboundAuth;
	/** Problems that make the credential unusable; the trigger answers 500 while they last. */
	errors: string[];
	/** Weak but usable settings; the credential test reports them, requests still pass. */
	warnings: string[];
}

/** Parses and checks credential data. Never throws. */
export function checkInboundAuth(data: MmpWebhookAuthData): AuthConfigCheck {
	const errors: string[] = [];
	const warnings: string[] = [];
	const type = data.authType ?? 'none';
	switch (type as InboundAuthType) {
		case 'none':
			return { auth: NO_INBOUND_AUTH, errors, warnings };
		case 'headerToken': {
			const headerName = headerField('Header Name', data.headerName, errors);
			const token = secretField('Token', data.token, MIN_TOKEN_LENGTH, errors, warnings);
			return result({ type: 'headerToken', headerName, token }, errors, warnings);
		}
		case 'queryToken': {
			const parameterName = text(data.queryParameter).trim();
			if (!parameterName) errors.push('Query Parameter Name is empty.');
			else if (!PARAMETER_NAME.test(parameterName)) {
				errors.push(
					'Query Parameter Name may only use letters, digits and . _ ~ - [ ] (at most 64 characters).',
				);
			}
			const token = secretField('Token', data.token, MIN_TOKEN_LENGTH, errors, warnings);
			if (token && !URL_SAFE.test(token)) {
				warnings.push(
					'Token has characters other than letters, digits and . _ ~ -; they must be percent-encoded in the callback URL.',
				);
			}
			return result({ type: 'queryToken', parameterName, token }, errors, warnings);
		}
		case 'basicAuth': {
			const user = text(data.user);
			if (!user) errors.push('User is empty.');
			else if (user.includes(':'))
				errors.push('User must not contain ":" (HTTP Basic uses it as separator).');
			const password = secretField('Password', data.password, 12, errors, warnings);
			return result({ type: 'basicAuth', user, password }, errors, warnings);
		}
		case 'hmacSha256': {
			const secret = secretField('Secret', data.secret, MIN_HMAC_SECRET_LENGTH, errors, warnings);
			const signatureHeader = headerField('Signature Header Name', data.signatureHeader, errors);
			const timestampText = text(data.timestampHeader).trim();
			const timestampHeader = timestampText
				? headerField('Timestamp Header Name', timestampText, errors)
				: '';
			if (!timestampText) {
				warnings.push(
					'Timestamp Header Name is empty: signatures cover the body alone, so a captured request can be replayed at any time.',
				);
			} else if (timestampHeader && timestampHeader === signatureHeader) {
				errors.push('Timestamp Header Name must differ from Signature Header Name.');
			}
			const replayWindowSeconds = windowField(data.replayWindowSeconds, errors, warnings);
			const signatureEncoding = encodingField(data.signatureEncoding, errors);
			return result(
				{
					type: 'hmacSha256',
					secret,
					signatureHeader,
					timestampHeader,
					replayWindowSeconds,
					signatureEncoding,
				},
				errors,
				warnings,
			);
		}
		default:
			errors.push(`Authentication must be one of: ${INBOUND_AUTH_TYPES.join(', ')}.`);
			return { errors, warnings };
	}
}

function result(auth: InboundAuth, errors: string[], warnings: string[]): AuthConfigCheck {
	return errors.length > 0 ? { errors, warnings } : { auth, errors, warnings };
}

function text(value: unknown): string {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function headerField(label: string, value: unknown, errors: string[]): string {
	const name = text(value).trim();
	if (!name) {
		errors.push(`${label} is empty.`);
		return '';
	}
	if (!isHeaderName(name)) {
		errors.push(
			`${label} "${name}" is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_\`|~).`,
		);
		return '';
	}
	const lower = name.toLowerCase();
	if (RESERVED_HEADERS.has(lower)) {
		errors.push(
			`${label} "${name}" is set by HTTP itself or by proxies; choose a custom header such as X-MMP-Token.`,
		);
		return '';
	}
	return lower;
}

function secretField(
	label: string,
	value: unknown,
	minLength: number,
	errors: string[],
	warnings: string[],
): string {
	const secret = text(value);
	if (!secret) errors.push(`${label} is empty.`);
	else if (secret !== secret.trim()) errors.push(`${label} starts or ends with whitespace.`);
	else if (secret.length < minLength) {
		warnings.push(`${label} is shorter than ${minLength} characters; use a long random value.`);
	}
	return secret;
}

function windowField(value: unknown, errors: string[], warnings: string[]): number {
	const seconds =
		value === undefined || value === '' ? DEFAULT_REPLAY_WINDOW_SECONDS : Number(value);
	if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_REPLAY_WINDOW_SECONDS) {
		errors.push(
			`Replay Window must be a whole number of seconds from 1 to ${MAX_REPLAY_WINDOW_SECONDS}.`,
		);
		return DEFAULT_REPLAY_WINDOW_SECONDS;
	}
	if (seconds < 30)
		warnings.push(
			'Replay Window is under 30 seconds; small clock skew will reject genuine requests.',
		);
	if (seconds > 3600)
		warnings.push('Replay Window is over an hour; a captured request stays replayable that long.');
	return seconds;
}

function encodingField(value: unknown, errors: string[]): SignatureDecoding {
	const encoding = value ?? 'auto';
	if (encoding === 'hex' || encoding === 'base64' || encoding === 'auto') return encoding;
	errors.push('Signature Encoding must be hex, base64 or auto.');
	return 'auto';
}
