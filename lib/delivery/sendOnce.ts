// One attempt: one request (plus any redirect hops the caller allows) through the run's shared
// dispatcher, with per-attempt header and body timeouts, and a size-capped read of the response.
// Never throws: every way an attempt can end is a value the retry policy can judge.
//
// Timeouts are our own timers, not undici's: undici runs `headersTimeout` and `bodyTimeout` on
// coarse "fast timers" that tick about every 500 ms, so a 200 ms limit fired after up to a second
// (node_modules/undici/lib/util/timers.js, RESOLUTION_MS). One timer per phase holds them to the
// event loop's precision:
//   - headers: from the moment the request is handed to a connected socket (as undici's own;
//     connecting has the connect timeout) until the final headers (headersTimer.ts);
//   - body: the whole body from the headers on (undici's `bodyTimeout` only bounds the gap between
//     two chunks, so a body trickling a byte at a time would never end); the timer destroys it.
// undici's own timeouts stay set to the same values, as a backstop that can only fire later.
// `attemptTimeoutMs` (the item's remaining time budget) caps both phases together; a phase cut
// by it ends with `deadline_exceeded`.
import type { Dispatcher } from 'undici';

import { DELIVERY_ERROR_CODES, transportFailureOf } from './errors';
import { withHeadersTimer, type TimedRequestOptions } from './headersTimer';
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
	/**
	 * Time allowed for the whole attempt, headers and body together (the item's remaining time
	 * budget). A phase cut short by it ends with `deadline_exceeded`. Default: no such cap.
	 */
	attemptTimeoutMs?: number;
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
	/** The status a proxy answered instead of opening the tunnel (code `proxy_error`). */
	proxyStatus?: number;
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
	const clock = new AttemptClock(options);
	let current = request;
	for (let redirects = 0; ; redirects++) {
		let response: Dispatcher.ResponseData;
		const phase = clock.phase(options.headersTimeoutMs, 'headers');
		const timed: Dispatcher.RequestOptions & TimedRequestOptions = {
			origin: current.origin,
			path: current.path,
			method: current.method,
			headers: current.headers,
			body: current.body,
			headersTimeout: options.headersTimeoutMs,
			bodyTimeout: options.bodyTimeoutMs,
			signal: options.signal,
			headersDeadlineMs: phase.limitMs,
			headersDeadlineError: phase.error,
		};
		try {
			response = await withHeadersTimer(options.dispatcher).request(timed);
		} catch (error) {
			return { kind: 'error', ...transportFailureOf(error) };
		}
		if (redirects < options.followRedirects && isRedirect(response.statusCode)) {
			const next = redirectTarget(current, response.statusCode, response.headers.location, options);
			if (next) {
				await drain(response.body, clock.phase(options.bodyTimeoutMs, 'body').limitMs);
				current = next;
				continue;
			}
		}
		return readResponse(response, options, redirects, clock);
	}
}

async function readResponse(
	response: Dispatcher.ResponseData,
	options: SendOptions,
	redirects: number,
	clock: AttemptClock,
): Promise<SendResponse> {
	const result: SendResponse = {
		kind: 'response',
		status: response.statusCode,
		headers: response.headers,
		redirects,
	};
	const { body } = response;
	const phase = clock.phase(options.bodyTimeoutMs, 'body');
	if (!options.readBody) {
		await drain(body, phase.limitMs);
		return result;
	}
	const timer = setTimeout(() => body.destroy(phase.error()), phase.limitMs);
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
		const { code, message } = transportFailureOf(error);
		result.bodyError = { code, message };
	} finally {
		clearTimeout(timer);
	}
	return result;
}

/** One phase's time limit, and the error it ends with when the limit is reached. */
interface Phase {
	limitMs: number;
	error(): Error;
}

/** The attempt's start and cap, to cut each phase to what is left of `attemptTimeoutMs`. */
class AttemptClock {
	private readonly startedAt = performance.now();

	constructor(private readonly options: SendOptions) {}

	phase(ownLimitMs: number, which: 'headers' | 'body'): Phase {
		const cap = this.options.attemptTimeoutMs;
		const left = cap === undefined ? Infinity : cap - (performance.now() - this.startedAt);
		if (left < ownLimitMs) {
			const limitMs = Math.max(1, left);
			return { limitMs, error: deadlineExceeded };
		}
		return { limitMs: ownLimitMs, error: () => phaseTimeout(which, ownLimitMs) };
	}
}

function phaseTimeout(which: 'headers' | 'body', limitMs: number): Error {
	return which === 'headers'
		? Object.assign(new Error(`No response headers within ${limitMs} ms`), {
				code: 'UND_ERR_HEADERS_TIMEOUT',
			})
		: Object.assign(new Error(`The response body took longer than ${limitMs} ms`), {
				code: 'UND_ERR_BODY_TIMEOUT',
			});
}

function deadlineExceeded(): Error {
	return Object.assign(new Error("The item's time budget ran out during the attempt"), {
		code: DELIVERY_ERROR_CODES.deadlineExceeded,
	});
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
