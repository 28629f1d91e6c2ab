// Turns a caller's request into what undici is handed, refusing what must never be sent. Done
// once per item, not per attempt: the URL is parsed here and nowhere else.
import { hasControlCharacter, hasLineBreakOrNul, isHeaderName } from '../security/httpSyntax';
import { InvalidRequestError } from './errors';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type RequestBody = string | Uint8Array;

export interface PostbackRequest {
	url: string;
	/** Default: POST when there is a body, else GET. */
	method?: HttpMethod | Lowercase<HttpMethod>;
	headers?: Readonly<Record<string, string | number | boolean | undefined | null>>;
	body?: RequestBody;
}

export interface PreparedRequest {
	/** `scheme://host[:port]`, the dispatcher's pool key. */
	readonly origin: string;
	/** Path and query, no fragment. */
	readonly path: string;
	readonly method: HttpMethod;
	/** Lower-case names. */
	readonly headers: Readonly<Record<string, string>>;
	readonly body?: RequestBody;
}

/** Connection-level headers that the client owns; a caller setting them breaks framing. */
const CONNECTION_HEADERS = new Set([
	'connection',
	'keep-alive',
	'proxy-connection',
	'transfer-encoding',
	'te',
	'trailer',
	'upgrade',
	'expect',
]);
const METHODS: ReadonlySet<string> = new Set(HTTP_METHODS);

/** Validates and normalises a request. Throws InvalidRequestError; nothing is sent then. */
export function prepareRequest(request: PostbackRequest): PreparedRequest {
	const { url } = request;
	if (typeof url !== 'string' || url.length === 0)
		throw new InvalidRequestError('The URL is empty');
	// Before parsing: WHATWG URL parsing would silently delete TAB, CR and LF.
	if (hasControlCharacter(url)) {
		throw new InvalidRequestError('The URL contains a control character (CR, LF, TAB, NUL, ...)');
	}
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new InvalidRequestError('The URL is not a valid absolute URL');
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new InvalidRequestError(`Only http and https URLs can be sent, not ${parsed.protocol}`);
	}
	if (parsed.username || parsed.password) {
		throw new InvalidRequestError(
			'The URL carries user:password; set credentials in the auth settings instead',
		);
	}

	const body = request.body === undefined || request.body.length === 0 ? undefined : request.body;
	const method = (request.method?.toUpperCase() ?? (body ? 'POST' : 'GET')) as HttpMethod;
	if (!METHODS.has(method)) {
		throw new InvalidRequestError(`Method ${method} is not one of ${HTTP_METHODS.join(', ')}`);
	}

	return {
		origin: parsed.origin,
		path: parsed.pathname + parsed.search,
		method,
		headers: normaliseHeaders(request.headers),
		body,
	};
}

function normaliseHeaders(headers: PostbackRequest['headers']): Record<string, string> {
	const result: Record<string, string> = {};
	if (!headers) return result;
	for (const name of Object.keys(headers)) {
		const raw = headers[name];
		if (raw === undefined || raw === null) continue;
		if (!isHeaderName(name)) {
			throw new InvalidRequestError(`Header name ${JSON.stringify(name)} is not a valid token`);
		}
		const lower = name.toLowerCase();
		if (CONNECTION_HEADERS.has(lower)) {
			throw new InvalidRequestError(
				`Header ${name} is managed by the connection and cannot be set`,
			);
		}
		// The body's real length is sent; a stale one would desynchronise the connection.
		if (lower === 'content-length') continue;
		result[lower] = checkHeaderValue(name, String(raw));
	}
	return result;
}

/** Returns the request with one header set (name lower-cased); refuses CR, LF and NUL. */
export function setHeader(request: PreparedRequest, name: string, value: string): PreparedRequest {
	return {
		...request,
		headers: { ...request.headers, [name.toLowerCase()]: checkHeaderValue(name, value) },
	};
}

/** The value itself when it may be sent in header `name`; throws InvalidRequestError otherwise. */
export function checkHeaderValue(name: string, value: string): string {
	if (hasLineBreakOrNul(value)) {
		throw new InvalidRequestError(`Header ${name} contains CR, LF or NUL`);
	}
	return value;
}
