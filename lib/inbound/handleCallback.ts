// One inbound callback from request to verdict, in a fixed order so the cheapest and least
// revealing checks run first: method (405) → IP allowlist (403) → credentials (401, 403 for a
// stale signed timestamp) → body size (413) → content encoding (415, inflated size 413) → content
// type (415) → parsing (400) → the "start executions for" filter → the output. HMAC needs the
// body, so for it the body is read (bounded by Content-Length) and decoded before the credentials
// are checked: the signature covers the decoded body, whoever inflated it.
import type { CanonicalEvent } from '../mmp/canonical';
import type { RawPayload } from '../mmp/types';
import { NO_INBOUND_AUTH, type InboundAuth } from './authConfig';
import { toBodyReadError } from './bodyRead';
import { checkClient } from './checkClient';
import { decodeContentEncoding } from './contentEncoding';
import { authenticateRequest, authNeedsBody, type HeaderValue } from './authenticate';
import { routeEvent, type TriggerOutputIndex } from './routeEvent';
import type { TriggerConfig } from './triggerConfig';

export interface InboundRequest {
	method: string;
	/** Path plus query string. */
	url: string;
	/** Lower-case header names. */
	headers: Readonly<Record<string, HeaderValue>>;
	/** The TCP peer address. */
	remoteAddress: string | undefined;
	/**
	 * Reads the whole body. Called at most once, and only when the request declares one. A
	 * rejection is mapped by {@link toBodyReadError} (413 over a limit, else 400).
	 */
	readBody(): Promise<Uint8Array>;
	/**
	 * Content-Encoding header values the host has already decoded in `readBody` (n8n:
	 * N8N_DECODED_CONTENT_CODINGS). Any other coding is decoded here or refused with 415.
	 */
	decodedContentCodings?: readonly string[];
	/** Current time in milliseconds (injectable for tests). */
	now?: number;
}

export interface InboundError {
	code: string;
	message: string;
}

/** The item a valid callback becomes: the canonical event's fields, plus `raw` when enabled. */
export type TriggerItem = CanonicalEvent & { raw?: RawPayload };

export type InboundOutcome =
	/** Answer with this status and `{ error }`; start nothing. */
	| { action: 'reject'; status: number; error: InboundError; headers?: Record<string, string> }
	/** Valid, but the start filter drops it: acknowledge, start nothing. */
	| { action: 'acknowledge'; event: CanonicalEvent }
	/** Valid: acknowledge and start an execution with `item` on `output`. */
	| { action: 'emit'; output: TriggerOutputIndex; item: TriggerItem };

const EMPTY_BODY = new Uint8Array(0);

function reject(
	status: number,
	code: string,
	message: string,
	headers?: Record<string, string>,
): InboundOutcome {
	return headers
		? { action: 'reject', status, error: { code, message }, headers }
		: { action: 'reject', status, error: { code, message } };
}

function tooLarge(limit: number): InboundOutcome {
	return reject(413, 'body_too_large', `Body is larger than the limit of ${limit} bytes.`);
}

function header(headers: InboundRequest['headers'], name: string): string | undefined {
	const value = headers[name];
	return typeof value === 'string' ? value : value?.join(', ');
}

/** A body exists when it is chunked or has a non-zero Content-Length (RFC 9112 §6.3). */
function declaredBodyLength(headers: InboundRequest['headers']): number | 'chunked' | 0 {
	if (headers['transfer-encoding'] !== undefined) return 'chunked';
	const length = header(headers, 'content-length');
	if (length === undefined) return 0;
	const bytes = Number(length);
	return Number.isFinite(bytes) && bytes > 0 ? bytes : 0;
}

export async function handleCallback(
	request: InboundRequest,
	config: TriggerConfig,
	auth: InboundAuth = NO_INBOUND_AUTH,
): Promise<InboundOutcome> {
	const method = request.method.toUpperCase();
	const client = checkClient(
		{
			method,
			remoteAddress: request.remoteAddress,
			forwardedFor: request.headers['x-forwarded-for'],
		},
		config,
	);
	if (client) return reject(client.status, client.code, client.message, client.headers);

	const bodyFirst = authNeedsBody(auth);
	if (!bodyFirst) {
		const verdict = authenticateRequest(auth, request);
		if (!verdict.ok) return reject(verdict.status, verdict.code, verdict.message, verdict.headers);
	}

	const declared = declaredBodyLength(request.headers);
	if (typeof declared === 'number' && declared > config.maxBodyBytes) {
		return tooLarge(config.maxBodyBytes);
	}
	let body: Uint8Array = EMPTY_BODY;
	if (declared !== 0) {
		try {
			body = await request.readBody();
		} catch (error) {
			const { status, message } = toBodyReadError(error);
			return reject(status, status === 413 ? 'body_too_large' : 'body_unreadable', message);
		}
		if (body.length > config.maxBodyBytes) return tooLarge(config.maxBodyBytes);
		const decoded = decodeContentEncoding(
			body,
			header(request.headers, 'content-encoding'),
			request.decodedContentCodings ?? [],
			config.maxBodyBytes,
		);
		if (!decoded.ok) return reject(decoded.status, decoded.code, decoded.message, decoded.headers);
		body = decoded.body;
	}

	if (bodyFirst) {
		const verdict = authenticateRequest(auth, {
			headers: request.headers,
			url: request.url,
			rawBody: body,
			now: request.now,
		});
		if (!verdict.ok) return reject(verdict.status, verdict.code, verdict.message, verdict.headers);
	}

	const parse = config.parser(auth.type === 'queryToken' ? auth.parameterName : undefined);
	const parsed = parse({
		method,
		url: request.url,
		headers: request.headers,
		body: body.length > 0 ? body : undefined,
	});
	if (!parsed.ok) return reject(parsed.status, parsed.error.code, parsed.error.message);

	const { event } = parsed;
	if (config.startFilter && !config.startFilter(event)) return { action: 'acknowledge', event };
	const item: TriggerItem = config.includeRaw ? { ...event, raw: parsed.raw } : event;
	return { action: 'emit', output: routeEvent(event), item };
}
