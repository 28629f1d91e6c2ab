// parseCallback: one HTTP request from an MMP → `{ ok: true, mmp, event, raw }` or a precise 4xx.
// Synchronous and total: every input, however malformed, yields a result; nothing throws.
//
// Order: method (405) → query → body (413, 415, 400) → drop omitParams (nothing left: 400
// empty_callback) → detect the MMP → strict checks (400) → parse JSON-in-a-string fields into raw
// → Apple signature check (Apple sources only; 400 when the body is no postback) → adapter →
// explicit `event_kind` parameter (not for Apple sources) → `/rejected` path segment (not for Apple
// sources) → user field mapping → no field of any MMP found or mapped (400 unrecognised_callback)
// → Apple verdict → shared rules → dedup key.
import type { MmpAdapter } from './adapter';
import { applySharedRules, assembleEvent } from './adapter';
import { genericAdapter, MMP_ADAPTERS } from './adapters';
import { createAppleKeyring, type AppleKeyring } from './apple/appleKeys';
import { verifyApplePostback } from './apple/verify';
import { fraudReasonOf, type AppleVerdict } from './apple/verdict';
import { parseBody } from './body';
import {
	isAppleSource,
	SOURCE_NAMES,
	type CanonicalEvent,
	type MappableField,
	type MmpName,
	type SourceName,
} from './canonical';
import { dedupKeyOf } from './dedupKey';
import { detectMmp, type Detection, type RequestHeaders } from './detect';
import { CallbackInputError, excerpt } from './errors';
import { kindFromWord, rejectedKindOf } from './eventKind';
import { isMappableField, setField, type DraftFields } from './fields';
import { parseJsonValue } from './json';
import { compilePath, isRecord, lookup, type CompiledPath } from './lookup';
import { parseParams, type ParamCounter } from './params';
import { carriesMmpField, UNRECOGNISED_CALLBACK_MESSAGE } from './recognised';
import { describeIssue } from './schemaParts';
import type {
	CallbackParser,
	CallbackRequest,
	ParseCallbackFailure,
	ParseCallbackOptions,
	ParseCallbackResult,
	RawPayload,
} from './types';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 32;
export const DEFAULT_MAX_PARAMS = 1000;

interface CompiledOptions {
	readonly forced: SourceName | undefined;
	readonly strict: boolean;
	readonly fieldMap: ReadonlyArray<readonly [CompiledPath, MappableField]>;
	readonly maxBodyBytes: number;
	readonly maxDepth: number;
	readonly maxParams: number;
	readonly duplicateParams: 'first' | 'last' | 'reject';
	readonly plusAsSpace: boolean;
	readonly headerHints: ReadonlyArray<readonly [string, MmpName]>;
	readonly omitParams: readonly string[];
	/** Built on the first Apple postback: most parsers never see one. */
	appleKeyring(): AppleKeyring;
}

const MMP_SET: ReadonlySet<string> = new Set(SOURCE_NAMES);
const REJECTED_SEGMENT = 'rejected';

function mappedField(name: string): MappableField {
	if (!isMappableField(name)) {
		throw new TypeError(
			`fieldMap target "${name}" is not a canonical field (mmp and dedup_key cannot be mapped)`,
		);
	}
	return name;
}

function positiveInteger(value: unknown, name: string, fallback: number): number {
	if (value === undefined) return fallback;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
		throw new TypeError(`${name} must be a positive integer`);
	}
	return value;
}

function compileOptions(options: ParseCallbackOptions): CompiledOptions {
	if (typeof options !== 'object' || options === null)
		throw new TypeError('options must be an object');
	const mmp = options.mmp ?? 'auto';
	if (mmp !== 'auto' && !MMP_SET.has(mmp)) {
		throw new TypeError(`mmp must be "auto" or one of ${SOURCE_NAMES.join(', ')}`);
	}
	const duplicateParams = options.duplicateParams ?? 'first';
	if (duplicateParams !== 'first' && duplicateParams !== 'last' && duplicateParams !== 'reject') {
		throw new TypeError('duplicateParams must be "first", "last" or "reject"');
	}
	const fieldMap = Object.entries(options.fieldMap ?? {}).map(
		([source, field]) => [compilePath(source), mappedField(field)] as const,
	);
	const headerHints = Object.entries(options.headerHints ?? {}).map(([header, hinted]) => {
		if (!MMP_SET.has(hinted)) throw new TypeError(`headerHints["${header}"] is not an MMP name`);
		return [header.toLowerCase(), hinted] as const;
	});
	const omitParams = options.omitParams ?? [];
	if (!Array.isArray(omitParams) || omitParams.some((name) => typeof name !== 'string')) {
		throw new TypeError('omitParams must be an array of parameter names');
	}
	const applePublicKeys = options.applePublicKeys ?? '';
	if (typeof applePublicKeys !== 'string') throw new TypeError('applePublicKeys must be text');
	const appleOptions = {
		extraKeys: applePublicKeys,
		acceptDevelopment: options.appleDevelopmentPostbacks === true,
	};
	// User keys are checked now, so a bad key is an options error rather than a 4xx per request.
	let keyring: AppleKeyring | undefined =
		applePublicKeys.trim() === '' ? undefined : createAppleKeyring(appleOptions);
	return {
		appleKeyring: () => (keyring ??= createAppleKeyring(appleOptions)),
		forced: mmp === 'auto' ? undefined : mmp,
		strict: options.strict === true,
		fieldMap,
		maxBodyBytes: positiveInteger(options.maxBodyBytes, 'maxBodyBytes', DEFAULT_MAX_BODY_BYTES),
		maxDepth: positiveInteger(options.maxDepth, 'maxDepth', DEFAULT_MAX_DEPTH),
		maxParams: positiveInteger(options.maxParams, 'maxParams', DEFAULT_MAX_PARAMS),
		duplicateParams,
		plusAsSpace: options.plusAsSpace !== false,
		headerHints,
		omitParams,
	};
}

const DEFAULT_OPTIONS = compileOptions({});

function failure(
	status: ParseCallbackFailure['status'],
	code: ParseCallbackFailure['error']['code'],
	message: string,
): ParseCallbackFailure {
	return { ok: false, status, error: { code, message } };
}

function headerValue(headers: RequestHeaders, name: string): string | undefined {
	const value = headers[name];
	if (typeof value === 'string') return value;
	if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
	return undefined;
}

/** Splits `url` (path + query, or an absolute URL) into lower-cased path segments and the query. */
function splitUrl(url: string): { segments: string[]; query: string } {
	let start = 0;
	const scheme = url.indexOf('://');
	if (scheme !== -1 && scheme < url.indexOf('/') + 1) {
		const slash = url.indexOf('/', scheme + 3);
		start = slash === -1 ? url.length : slash;
	}
	let end = url.indexOf('#', start);
	if (end === -1) end = url.length;
	const question = url.indexOf('?', start);
	const pathEnd = question === -1 || question > end ? end : question;
	const query = pathEnd < end ? url.slice(pathEnd + 1, end) : '';
	const segments: string[] = [];
	for (const segment of url.slice(start, pathEnd).split('/')) {
		if (segment !== '') segments.push(segment.toLowerCase());
	}
	return { segments, query };
}

/** Parses the strings in `keys` that hold JSON into `<key>_parsed` (AppsFlyer `event_value`). */
function parseEmbeddedJson(raw: RawPayload, keys: readonly string[], maxDepth: number): void {
	for (let i = 0; i < keys.length; i++) {
		const text = raw[keys[i]];
		if (typeof text !== 'string') continue;
		const first = text.trimStart()[0];
		if (first !== '{' && first !== '[') continue;
		try {
			raw[`${keys[i]}_parsed`] = parseJsonValue(text, maxDepth);
		} catch {
			// Not JSON after all: the string stays as sent.
		}
	}
}

function hasNoKeys(raw: RawPayload): boolean {
	for (const _key in raw) return false;
	return true;
}

function run(request: CallbackRequest, config: CompiledOptions): ParseCallbackResult {
	if (!isRecord(request)) return failure(400, 'invalid_request', 'The request must be an object');
	const method = typeof request.method === 'string' ? request.method.toUpperCase() : '';
	if (method !== 'GET' && method !== 'POST') {
		return failure(
			405,
			'method_not_allowed',
			`Method "${excerpt(method)}" is not allowed; use GET or POST`,
		);
	}
	if (typeof request.url !== 'string') {
		return failure(400, 'invalid_request', 'The request url must be a string');
	}
	const headers: RequestHeaders = isRecord(request.headers)
		? (request.headers as RequestHeaders)
		: {};

	const { segments, query } = splitUrl(request.url);
	const counter: ParamCounter = { count: 0, stored: 0 };
	let raw: RawPayload = {};
	if (query !== '') parseParams(query, raw, config, counter);
	const queryCount = counter.stored;
	const body = parseBody(request.body, headerValue(headers, 'content-type'), config, counter);
	if (body !== undefined) {
		// The body wins a clash. Copying the (usually few) query parameters into the body, rather
		// than the body into the query object, keeps the larger object as the parser built it.
		for (const key in raw)
			if (!Object.prototype.hasOwnProperty.call(body, key)) body[key] = raw[key];
		raw = body;
	}
	// A body of `{}` is as empty as no body at all.
	let empty = body === undefined ? queryCount === 0 : hasNoKeys(raw);
	if (config.omitParams.length > 0) {
		for (let i = 0; i < config.omitParams.length; i++) delete raw[config.omitParams[i]];
		empty = hasNoKeys(raw);
	}
	if (empty) {
		return failure(400, 'empty_callback', 'The callback carries no parameters and no body');
	}

	const detection: Detection =
		config.forced !== undefined
			? { mmp: config.forced, by: 'option' }
			: detectMmp(segments, raw, headers, config.headerHints);
	let adapter: MmpAdapter = genericAdapter;
	if (detection.mmp !== 'unknown') adapter = MMP_ADAPTERS[detection.mmp];
	if (config.strict) {
		if (detection.mmp === 'unknown') {
			return failure(
				400,
				'unknown_mmp',
				'No MMP could be identified from the path, headers or payload',
			);
		}
		const check = adapter.schema?.safeParse(raw);
		if (check !== undefined && !check.success) {
			return failure(
				400,
				'schema_mismatch',
				`Not a valid ${detection.mmp} callback: ${describeIssue(check.error)}`,
			);
		}
	}
	if (adapter.jsonStringKeys.length > 0) {
		parseEmbeddedJson(raw, adapter.jsonStringKeys, config.maxDepth);
	}

	// Apple postbacks: the signature decides; nothing outside Apple's fields changes the kind.
	const apple: AppleVerdict | undefined = isAppleSource(detection.mmp)
		? verifyApplePostback(detection.mmp, raw, config.appleKeyring())
		: undefined;

	const draft = adapter.collect(raw);
	// Our own `event_kind` parameter states the kind outright (Tenjin templates carry it); Apple's
	// signed fields alone decide an Apple postback's kind.
	const explicitKind =
		apple === undefined && typeof raw.event_kind === 'string'
			? kindFromWord(raw.event_kind)
			: undefined;
	if (explicitKind !== undefined) draft.event_kind = explicitKind;
	// Judged before the `/rejected` segment, so that segment's fraud_flag cannot pass as data.
	const recognised = carriesMmpField(draft, raw);
	if (apple === undefined && segments.includes(REJECTED_SEGMENT)) {
		draft.event_kind = rejectedKindOf(draft.event_kind);
		draft.fraud_flag = true;
	}
	let mapped = false;
	for (let i = 0; i < config.fieldMap.length; i++) {
		const [source, field] = config.fieldMap[i];
		if (setField(draft as DraftFields, field, lookup(raw, source))) mapped = true;
	}
	if (!recognised && !mapped) {
		return failure(400, 'unrecognised_callback', UNRECOGNISED_CALLBACK_MESSAGE);
	}
	let sourceEventId = adapter.sourceEventId(raw);
	if (apple !== undefined) {
		// After the field mapping, so that no mapping can vouch for a signature.
		draft.signature_verified = apple.verified;
		draft.fraud_reason = fraudReasonOf(apple);
		draft.fraud_flag = !apple.verified;
		// Apple's id counts only once verified: a forged copy reusing a genuine transaction-id
		// must not share, and so pre-empt, the genuine postback's dedup key.
		if (!apple.verified) sourceEventId = undefined;
	}
	applySharedRules(draft);
	const dedupKey = dedupKeyOf(detection.mmp, draft, sourceEventId, raw);
	const event = assembleEvent(detection.mmp, draft, dedupKey) as CanonicalEvent;
	return { ok: true, mmp: detection.mmp, event, raw, detectedBy: detection.by };
}

function runSafely(request: CallbackRequest, config: CompiledOptions): ParseCallbackResult {
	try {
		return run(request, config);
	} catch (error) {
		if (error instanceof CallbackInputError) {
			return failure(error.status, error.code, error.message);
		}
		// A defect, not bad input; still an answer rather than an exception in the caller's hands.
		const reason = error instanceof Error ? error.message : String(error);
		return failure(
			400,
			'unparseable_callback',
			`The callback could not be parsed: ${excerpt(reason, 200)}`,
		);
	}
}

/**
 * Prepares a parser for fixed options (validated once; throws TypeError for invalid options).
 * The returned function never throws.
 */
export function createCallbackParser(options: ParseCallbackOptions = {}): CallbackParser {
	const config = compileOptions(options);
	return (request) => runSafely(request, config);
}

/** Parses one MMP callback; never throws (invalid options give 400 `invalid_options`). */
export function parseCallback(
	request: CallbackRequest,
	options?: ParseCallbackOptions,
): ParseCallbackResult {
	let config = DEFAULT_OPTIONS;
	if (options !== undefined) {
		try {
			config = compileOptions(options);
		} catch (error) {
			return failure(
				400,
				'invalid_options',
				error instanceof Error ? error.message : 'Invalid options',
			);
		}
	}
	return runSafely(request, config);
}
