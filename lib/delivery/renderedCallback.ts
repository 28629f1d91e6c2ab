// The contract between rendering and delivery: what Render Callback writes into `$json.callback`
// (renderCallback.ts produces it) and what Send Postback accepts back. On the way in, the value
// has passed through a workflow where anything may have edited it, so it is checked field by field
// and every refusal names the field.
import { isRecord } from '../mmp/lookup';
import { hasLineBreakOrNul, isHeaderName } from '../security/httpSyntax';
import { InvalidCallbackError } from './errors';
import { HTTP_METHODS, type HttpMethod, type PostbackRequest } from './request';
import { encodeBody } from './requestBody';

/** A rendered request: a PostbackRequest plus what rendering found out. */
export interface RenderedCallback extends PostbackRequest {
	url: string;
	method: HttpMethod;
	headers: Record<string, string>;
	body?: string;
	/** Macro names without a value, across URL, body and headers. */
	missing: string[];
	/** Of those, names nothing was found for at all (likely typos); only when there are any. */
	unknown?: string[];
	template: { id: string; dialect: string };
}

/** The request part of a callback, ready for the delivery engine. */
export interface CheckedRequest extends PostbackRequest {
	headers: Record<string, string>;
	body?: string;
}

const METHODS: ReadonlySet<string> = new Set(HTTP_METHODS);

/**
 * Checks that `value` is a rendered callback and returns its request: `url` a string, `method`
 * (optional) one of HTTP_METHODS in any case, `headers` (optional) an object of token names to
 * text, number or boolean values without CR/LF/NUL, `body` (optional) a string, or an object sent
 * as JSON. Other fields (`missing`, `template`, ...) are ignored. Throws InvalidCallbackError whose
 * message starts with the field, e.g. `callback.method`; `name` is what the value is called.
 */
export function requestFromCallback(value: unknown, name = 'callback'): CheckedRequest {
	if (!isRecord(value)) {
		throw new InvalidCallbackError(
			name,
			`${name} must be an object with url, method, headers, body`,
		);
	}
	if (typeof value.url !== 'string') {
		throw new InvalidCallbackError(`${name}.url`, `${name}.url must be a string`);
	}
	const headers = callbackHeaders(value.headers, `${name}.headers`);
	const method = callbackMethod(value.method, `${name}.method`);
	const request: CheckedRequest = {
		url: value.url,
		headers,
		body: encodeBody(value.body, 'json', headers),
	};
	if (method !== undefined) request.method = method;
	return request;
}

function callbackMethod(value: unknown, field: string): HttpMethod | undefined {
	// '' as well as nothing: the engine's default (POST with a body, else GET).
	if (value === undefined || value === null || value === '') return undefined;
	const method = typeof value === 'string' ? value.toUpperCase() : undefined;
	if (method === undefined || !METHODS.has(method)) {
		throw new InvalidCallbackError(field, `${field} must be one of ${HTTP_METHODS.join(', ')}`);
	}
	return method as HttpMethod;
}

function callbackHeaders(value: unknown, field: string): Record<string, string> {
	const headers: Record<string, string> = {};
	if (value === undefined || value === null) return headers;
	if (!isRecord(value)) {
		throw new InvalidCallbackError(field, `${field} must be an object of header name → value`);
	}
	for (const name of Object.keys(value)) {
		const entry = value[name];
		if (entry === undefined || entry === null) continue;
		const where = `${field}[${JSON.stringify(name)}]`;
		if (!isHeaderName(name)) {
			throw new InvalidCallbackError(where, `${where} is not a valid header name`);
		}
		if (typeof entry === 'object') {
			throw new InvalidCallbackError(where, `${where} must be text, a number or a boolean`);
		}
		const text = String(entry);
		if (hasLineBreakOrNul(text)) {
			throw new InvalidCallbackError(where, `${where} contains CR, LF or NUL`);
		}
		headers[name] = text;
	}
	return headers;
}
