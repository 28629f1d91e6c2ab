// Request, options and result types of parseCallback (lib/mmp/parseCallback.ts).
import type { CanonicalEvent, DetectedMmp, MmpName, SourceName } from './canonical';

/** JSON-like value kept in `raw`: what the MMP sent, after decoding and sanitising. */
export type RawValue = string | number | boolean | null | RawValue[] | { [key: string]: RawValue };

/**
 * Query parameters merged with the body's fields (body wins on a clash). Keys are as sent;
 * `__proto__`, `constructor` and `prototype` keys are dropped at every level.
 */
export type RawPayload = { [key: string]: RawValue };

export interface CallbackRequest {
	method: string;
	/** Path plus query string, e.g. `/webhook/mmp?activity_kind=install&adid=…`. */
	url: string;
	/** Lower-case header names. */
	headers?: Readonly<Record<string, string | readonly string[] | undefined>>;
	/** Raw bytes or text (preferred: limits and UTF-8 checks apply exactly), or a parsed object. */
	body?: unknown;
}

export type MmpOption = 'auto' | SourceName;

export interface ParseCallbackOptions {
	/** Which MMP sent the callback; `auto` (default) detects it. */
	mmp?: MmpOption;
	/** Reject (400) callbacks from an unrecognised MMP or that fail the MMP's schema. */
	strict?: boolean;
	/**
	 * Extra parameter names: incoming name or dotted path (`user_data.custom.uid`) → canonical
	 * field. Wins over the adapter and the alias table.
	 */
	fieldMap?: Readonly<Record<string, string>>;
	/** Body size limit in bytes (413 above it). Default 1 MiB, Adjust's documented maximum. */
	maxBodyBytes?: number;
	/** Nesting limit for JSON bodies (400 above it). Default 32. */
	maxDepth?: number;
	/** Limit on query + form parameters (400 above it). Default 1000, as Node's querystring. */
	maxParams?: number;
	/** Repeated query/form parameter: keep the first (default), the last, or reject (400). */
	duplicateParams?: 'first' | 'last' | 'reject';
	/** `+` means a space in query strings and form bodies (default true, as HTML forms). */
	plusAsSpace?: boolean;
	/**
	 * Header name (lower case) → MMP: a request carrying that header is from that MMP, e.g. the
	 * AppsFlyer Push API token header you configured: `{ 'x-af-token': 'appsflyer' }`.
	 */
	headerHints?: Readonly<Record<string, MmpName>>;
	/**
	 * Parameter names removed from `raw` before anything else sees them, e.g. the name of a query
	 * token used for authentication, so that secrets never reach items.
	 */
	omitParams?: readonly string[];
	/**
	 * Apple public keys to trust besides the published ones (if Apple rotates them), one per line:
	 * base64 SPKI or PEM, optionally preceded by an AdAttributionKit key id and a space.
	 */
	applePublicKeys?: string;
	/**
	 * Count AdAttributionKit postbacks signed with Apple's development keys as verified (testing).
	 * Default false: in production they go to Fraud Alert.
	 */
	appleDevelopmentPostbacks?: boolean;
}

export type ParseErrorCode =
	| 'invalid_options'
	| 'invalid_request'
	| 'method_not_allowed'
	| 'body_too_large'
	| 'unsupported_media_type'
	| 'unsupported_charset'
	| 'invalid_utf8'
	| 'malformed_body'
	| 'body_too_deep'
	| 'too_many_parameters'
	| 'duplicate_parameter'
	| 'empty_callback'
	| 'unrecognised_callback'
	| 'unknown_mmp'
	| 'schema_mismatch'
	| 'unparseable_callback';

/**
 * How the MMP was identified: forced by `options.mmp`, a path segment, the `mmp` parameter, a
 * header, or payload keys; `none` when it stayed unknown.
 */
export type DetectionSource = 'option' | 'path' | 'parameter' | 'header' | 'fingerprint' | 'none';

export interface ParseCallbackSuccess {
	ok: true;
	mmp: DetectedMmp;
	event: CanonicalEvent;
	raw: RawPayload;
	detectedBy: DetectionSource;
}

export interface ParseCallbackFailure {
	ok: false;
	status: 400 | 405 | 413 | 415;
	error: { code: ParseErrorCode; message: string };
}

export type ParseCallbackResult = ParseCallbackSuccess | ParseCallbackFailure;

export type CallbackParser = (request: CallbackRequest) => ParseCallbackResult;
