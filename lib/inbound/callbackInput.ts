// Where one callback's request parts sit in an item that another trigger produced: n8n's Webhook
// node (`{ headers, params, query, body, webhookUrl }`, the raw bytes in binary data when its "Raw
// Body" option is on), or fields the user names (a queue message, a row of exported raw data).
// The result is what normalizeCallback judges.
import { compilePath, isRecord, lookup, type CompiledPath } from '../mmp/lookup';
import type { RawPayload } from '../mmp/types';
import type { HeaderValue } from './authenticate';
import type { InboundError } from './handleCallback';

export interface CallbackInput {
	/** GET or POST; when absent, POST if there is a body, else GET. */
	method?: string;
	/** Path plus query string, or an absolute URL. The path helps Auto-Detect. */
	url: string;
	/** Lower-case header names. */
	headers: Readonly<Record<string, HeaderValue>>;
	/**
	 * Bytes or text as sent (limits, charset and HMAC apply exactly), or an object a previous node
	 * already parsed (HMAC cannot be verified then).
	 */
	body?: Uint8Array | string | Readonly<Record<string, unknown>>;
	/** The client address, when the item carries one (used by the IP allowlist). */
	remoteAddress?: string;
}

export type CallbackInputResult =
	| { ok: true; input: CallbackInput }
	| { ok: false; error: InboundError };

/** Dotted paths into the item's JSON; empty or absent means "not in the item". */
export interface CallbackFieldPaths {
	method?: string;
	url?: string;
	query?: string;
	headers?: string;
	body?: string;
	clientIp?: string;
}

type Json = Readonly<Record<string, unknown>>;

const hasOwn = Object.prototype.hasOwnProperty;

function notAWebhookItem(): CallbackInputResult {
	return {
		ok: false,
		error: {
			code: 'not_a_webhook_item',
			message:
				"The item has no headers object, so it does not come from n8n's Webhook node. For other triggers, set Input to Callback Fields.",
		},
	};
}

/**
 * Reads an item of n8n's Webhook node. `rawBody` is its binary raw body ("Raw Body" option), which
 * wins over the parsed `body`. The URL is rebuilt from `webhookUrl` (with `:name` path parameters
 * filled from `params`) and the parsed `query`, since the item does not keep the request line.
 */
export function callbackFromWebhookItem(
	json: unknown,
	rawBody?: Uint8Array,
	clientIpPath?: string,
): CallbackInputResult {
	if (!isRecord(json) || !isRecord(json.headers)) return notAWebhookItem();
	const path = fillPathParams(
		typeof json.webhookUrl === 'string' ? json.webhookUrl : '/',
		json.params,
	);
	const query = isRecord(json.query) ? encodeQuery(json.query) : '';
	const input: CallbackInput = {
		url: query === '' ? path : `${path}?${query}`,
		headers: json.headers as CallbackInput['headers'],
	};
	const body = rawBody !== undefined && rawBody.length > 0 ? rawBody : bodyValue(json.body);
	if (body !== undefined) input.body = body;
	const address = clientIpPath
		? text(lookup(json as RawPayload, compilePath(clientIpPath)))
		: undefined;
	if (address !== undefined) input.remoteAddress = address;
	return { ok: true, input };
}

export interface CompiledFieldPaths {
	readonly method?: CompiledPath;
	readonly url?: CompiledPath;
	readonly query?: CompiledPath;
	readonly headers?: CompiledPath;
	readonly body?: CompiledPath;
	readonly clientIp?: CompiledPath;
}

export function compileFieldPaths(paths: CallbackFieldPaths): CompiledFieldPaths {
	const compiled: Record<string, CompiledPath> = {};
	for (const [part, path] of Object.entries(paths)) {
		const trimmed = typeof path === 'string' ? path.trim() : '';
		if (trimmed !== '') compiled[part] = compilePath(trimmed);
	}
	return compiled;
}

/**
 * Reads a callback from named fields: the URL (path and query) and/or a query object or string,
 * headers, a body (text as sent, or an object), the method and the client address. `rawBody`
 * (bytes from binary data) wins over the body field.
 */
export function callbackFromFields(
	json: unknown,
	paths: CompiledFieldPaths,
	rawBody?: Uint8Array,
): CallbackInputResult {
	if (!isRecord(json)) {
		return { ok: false, error: { code: 'invalid_item', message: 'The item has no JSON object.' } };
	}
	const at = (path: CompiledPath | undefined) =>
		path === undefined ? undefined : (lookup(json as RawPayload, path) as unknown);

	let url = text(at(paths.url)) ?? '/';
	const query = at(paths.query);
	const queryText = isRecord(query) ? encodeQuery(query) : (text(query)?.replace(/^\?/, '') ?? '');
	if (queryText !== '') url += (url.includes('?') ? '&' : '?') + queryText;

	const rawHeaders = at(paths.headers);
	if (rawHeaders !== undefined && !isRecord(rawHeaders)) {
		return {
			ok: false,
			error: {
				code: 'invalid_headers',
				message: `The headers field "${paths.headers?.key}" does not hold an object.`,
			},
		};
	}
	const input: CallbackInput = { url, headers: lowerCaseHeaders(rawHeaders) };
	const method = text(at(paths.method));
	if (method !== undefined) input.method = method;
	const body = rawBody !== undefined && rawBody.length > 0 ? rawBody : bodyValue(at(paths.body));
	if (body !== undefined) input.body = body;
	const address = text(at(paths.clientIp));
	if (address !== undefined) input.remoteAddress = address;
	return { ok: true, input };
}

function text(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim() === '' ? undefined : value;
	if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
	return undefined;
}

/** A parsed `{}` (what the Webhook node gives a GET) or an empty string is no body. */
function bodyValue(value: unknown): CallbackInput['body'] | undefined {
	if (typeof value === 'string') return value === '' ? undefined : value;
	if (value instanceof Uint8Array) return value.length === 0 ? undefined : value;
	if (isRecord(value)) return Object.keys(value).length === 0 ? undefined : value;
	return undefined;
}

function lowerCaseHeaders(headers: Json | undefined): Record<string, HeaderValue> {
	const result: Record<string, HeaderValue> = {};
	if (headers === undefined) return result;
	for (const name in headers) {
		if (!hasOwn.call(headers, name)) continue;
		const value = headers[name];
		if (typeof value === 'string') result[name.toLowerCase()] = value;
		else if (typeof value === 'number') result[name.toLowerCase()] = String(value);
		else if (Array.isArray(value)) result[name.toLowerCase()] = value.map(String);
	}
	return result;
}

/** `/webhook/mmp/:network` with `{ network: 'adjust' }` → `/webhook/mmp/adjust`. */
function fillPathParams(url: string, params: unknown): string {
	if (!isRecord(params) || !url.includes('/:')) return url;
	return url.replace(/\/:([A-Za-z0-9_]+)/g, (whole, name: string) =>
		typeof params[name] === 'string' ? `/${encodeURIComponent(params[name] as string)}` : whole,
	);
}

/**
 * Serialises a parsed query object back to a query string: repeated keys for arrays, brackets for
 * nested objects (`a[b]=1`, as n8n's extended query parser read them).
 */
export function encodeQuery(query: Json): string {
	const parts: string[] = [];
	const add = (key: string, value: unknown) => {
		if (value === undefined || value === null) return;
		if (Array.isArray(value)) {
			for (const entry of value) add(key, entry);
		} else if (isRecord(value)) {
			for (const sub in value) if (hasOwn.call(value, sub)) add(`${key}[${sub}]`, value[sub]);
		} else {
			parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
		}
	};
	for (const key in query) if (hasOwn.call(query, key)) add(key, query[key]);
	return parts.join('&');
}
