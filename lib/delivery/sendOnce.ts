// One attempt: one request (plus any redirect hops the caller allows) through the run's shared
// dispatcher, with per-attempt header and body timeouts, and a size-capped read of the response.
// Never throws: every way an attempt can end is a value the retry policy can judge.
//
// Timeouts: undici's `headersTimeout` bounds the wait for the status line and headers; its
// `bodyTimeout` only bounds the gap between two body chunks, so a response trickling a byte at a
// time would never end. Reading the body is therefore also bounded as a whole, by one timer that
// destroys the body stream: an attempt lasts at most connect + headers + body timeouts.
import type { Dispatcher } from 'undici';

import { errorCodeOf, errorMessageOf } from './errors';
import type { PreparedRequest } from './request';
import type { ResponseHeaders } from './retryPolicy';

export interface SendOptions {
	dispatcher: Dispatcher;
	/** Time allowed until the response headers have arrived. */
	headersTimeoutMs: number;
	/** Time allowed for the whole response body, from the headers on. */
	bodyTimeoutMs: number;
	/** Read the response body (to capture it or to judge success by it). */
	readBody: boolean;
	/** Body bytes kept when reading; beyond this the response is abandoned and `bodyTruncated` set. */
	maxResponseBytes: number;
	/** Redirects to follow; 0 (the default elsewhere) returns a 3xx as the response. */
	followRedirects: number;
	/** Extra header names (lower case) not forwarded when a redirect leaves the origin. */
	sensitiveHeaders?: readonly string[];
	/** Aborts the attempt (e.g. a run's cancellation, when the caller owns the dispatcher). */
	signal?: AbortSignal;
}

export interface SendResponse {
	kind: 'response';
	status: number;
	headers: ResponseHeaders;
	/** UTF-8 text of at most `maxResponseBytes` bytes, when `readBody`. */
	body?: string;
	bodyTruncated?: boolean;
	/** The body could not be read completely (timeout, reset) after the status arrived. */
	bodyError?: { code: string; message: string };
	/** Redirect hops followed before this response. */
	redirects: number;
}

export interface SendFailure {
	kind: 'error';
	code: string;
	message: string;
}

export type SendOutcome = SendResponse | SendFailure;

/** Bytes drained from an unread body so the connection can be reused; beyond, it is closed. */
const DRAIN_LIMIT = 64 * 1024;
/** Headers that must not follow a redirect to another origin (plus the auth header). */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];
const BODY_HEADERS = ['content-type', 'content-encoding', 'content-language', 'content-location'];

export async function sendOnce(
	request: PreparedRequest,
	options: SendOptions,
): Promise<SendOutcome> {
	let current = request;
	for (let redirects = 0; ; redirects++) {
		let response: Dispatcher.ResponseData;
		try {
			response = await options.dispatcher.request({
				origin: current.origin,
				path: current.path,
				method: current.method,
				headers: current.headers,
				body: current.body,
				headersTimeout: options.headersTimeoutMs,
				bodyTimeout: options.bodyTimeoutMs,
				signal: options.signal,
			});
		} catch (error) {
			return { kind: 'error', code: errorCodeOf(error), message: errorMessageOf(error) };
		}
		if (redirects < options.followRedirects && isRedirect(response.statusCode)) {
			const next = redirectTarget(current, response.statusCode, response.headers.location, options);
			if (next) {
				await drain(response.body, options.bodyTimeoutMs);
				current = next;
				continue;
			}
		}
		return readResponse(response, options, redirects);
	}
}

async function readResponse(
	response: Dispatcher.ResponseData,
	options: SendOptions,
	redirects: number,
): Promise<SendResponse> {
	const result: SendResponse = {
		kind: 'response',
		status: response.statusCode,
		headers: response.headers,
		redirects,
	};
	const { body } = response;
	if (!options.readBody) {
		await drain(body, options.bodyTimeoutMs);
		return result;
	}
	const timer = setTimeout(
		() => body.destroy(bodyTooSlow(options.bodyTimeoutMs)),
		options.bodyTimeoutMs,
	);
	try {
		const declared = Number(response.headers['content-length']);
		if (declared <= options.maxResponseBytes) {
			// Known to fit: undici collects it without the async-iterator machinery.
			result.body = await body.text();
		} else {
			const captured = await readCapped(body, options.maxResponseBytes);
			result.body = captured.text;
			if (captured.truncated) result.bodyTruncated = true;
		}
	} catch (error) {
		result.bodyError = { code: errorCodeOf(error), message: errorMessageOf(error) };
	} finally {
		clearTimeout(timer);
	}
	return result;
}

/**
 * Consumes what is left of a body (up to DRAIN_LIMIT) so its connection can be reused, within the
 * body time limit. Resolves, never rejects, once the body is consumed, abandoned or destroyed.
 */
async function drain(body: Dispatcher.ResponseData['body'], limitMs: number): Promise<void> {
	const timer = setTimeout(() => body.destroy(), limitMs);
	await body.dump({ limit: DRAIN_LIMIT });
	clearTimeout(timer);
}

function bodyTooSlow(limitMs: number): Error {
	return Object.assign(new Error(`The response body took longer than ${limitMs} ms`), {
		code: 'UND_ERR_BODY_TIMEOUT',
	});
}

async function readCapped(
	body: AsyncIterable<Buffer>,
	maxBytes: number,
): Promise<{ text: string; truncated: boolean }> {
	const chunks: Buffer[] = [];
	let size = 0;
	let truncated = false;
	for await (const chunk of body) {
		if (size + chunk.length > maxBytes) {
			chunks.push(chunk.subarray(0, maxBytes - size));
			truncated = true;
			// Leaving the loop destroys the stream: the rest is never read, the socket is closed.
			break;
		}
		chunks.push(chunk);
		size += chunk.length;
	}
	return { text: Buffer.concat(chunks).toString('utf8'), truncated };
}

function isRedirect(status: number): boolean {
	return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** The next hop, or undefined when the Location is missing, unparsable or not http(s). */
function redirectTarget(
	current: PreparedRequest,
	status: number,
	location: string | string[] | undefined,
	options: SendOptions,
): PreparedRequest | undefined {
	if (typeof location !== 'string' || location.length === 0) return undefined;
	let url: URL;
	try {
		url = new URL(location, current.origin + current.path);
	} catch {
		return undefined;
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;

	// As browsers and undici do: 303 turns everything but HEAD into GET; 301/302 turn POST into GET.
	const toGet =
		status === 303 ? current.method !== 'GET' : status <= 302 && current.method === 'POST';
	let headers = current.headers;
	if (toGet) headers = without(headers, BODY_HEADERS);
	if (url.origin !== current.origin) {
		headers = without(headers, [...CREDENTIAL_HEADERS, ...(options.sensitiveHeaders ?? [])]);
	}
	return {
		origin: url.origin,
		path: url.pathname + url.search,
		method: toGet ? 'GET' : current.method,
		headers,
		body: toGet ? undefined : current.body,
	};
}

function without(
	headers: Readonly<Record<string, string>>,
	names: readonly string[],
): Record<string, string> {
	const copy = { ...headers };
	for (const name of names) delete copy[name];
	return copy;
}
