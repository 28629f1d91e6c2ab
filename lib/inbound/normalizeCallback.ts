// One callback that already arrived through another trigger (n8n's Webhook node, a queue, a file)
// to a verdict, with the MMP Trigger's checks in the trigger's order: method → IP allowlist →
// credentials → body size → parsing → the filter → the output. Nothing is answered here: a
// rejected callback becomes an item error, and one the filter drops is just not emitted.
// Synchronous: every part of the request is already in memory.
import type { CanonicalEvent } from '../mmp/canonical';
import { NO_INBOUND_AUTH, type InboundAuth } from './authConfig';
import { authenticateRequest, authNeedsBody } from './authenticate';
import type { CallbackInput } from './callbackInput';
import { checkClient } from './checkClient';
import type { InboundError, TriggerItem } from './handleCallback';
import { routeEvent, type TriggerOutputIndex } from './routeEvent';
import type { TriggerConfig } from './triggerConfig';

export type NormalizeVerdict =
	/** Not a valid callback: `status` is what MMP Trigger would have answered. */
	| { action: 'reject'; status: number; error: InboundError }
	/** Valid, but the filter does not keep it. */
	| { action: 'drop'; event: CanonicalEvent }
	/** Valid: emit `item` on `output`. */
	| { action: 'emit'; output: TriggerOutputIndex; item: TriggerItem };

function reject(status: number, code: string, message: string): NormalizeVerdict {
	return { action: 'reject', status, error: { code, message } };
}

function bodySize(body: CallbackInput['body']): number {
	if (body === undefined) return 0;
	if (typeof body === 'string') return Buffer.byteLength(body, 'utf8');
	return body instanceof Uint8Array ? body.length : 0;
}

/** The bytes an HMAC covers, when the body was kept as sent. */
function rawBytes(body: CallbackInput['body']): Uint8Array | undefined {
	if (body === undefined) return new Uint8Array(0);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	return body instanceof Uint8Array ? body : undefined;
}

export function normalizeCallback(
	input: CallbackInput,
	config: TriggerConfig,
	auth: InboundAuth = NO_INBOUND_AUTH,
	now?: number,
): NormalizeVerdict {
	const method = (input.method ?? (input.body === undefined ? 'GET' : 'POST')).toUpperCase();
	const client = checkClient(
		{ method, remoteAddress: input.remoteAddress, forwardedFor: input.headers['x-forwarded-for'] },
		config,
		'The client IP address could not be determined: map Client IP Field, or turn on Behind Reverse Proxy when X-Forwarded-For holds it.',
	);
	if (client) return reject(client.status, client.code, client.message);

	const bodyFirst = authNeedsBody(auth);
	if (!bodyFirst) {
		const verdict = authenticateRequest(auth, { headers: input.headers, url: input.url, now });
		if (!verdict.ok) return reject(verdict.status, verdict.code, verdict.message);
	}

	if (bodySize(input.body) > config.maxBodyBytes) {
		return reject(
			413,
			'body_too_large',
			`Body is larger than the limit of ${config.maxBodyBytes} bytes.`,
		);
	}

	if (bodyFirst) {
		const bytes = rawBytes(input.body);
		if (bytes === undefined) {
			return reject(
				401,
				'raw_body_unavailable',
				"HMAC signatures cover the raw body, but the item only holds a parsed body. Turn on Raw Body in the Webhook node's options (or map a body field holding the text as sent).",
			);
		}
		const verdict = authenticateRequest(auth, {
			headers: input.headers,
			url: input.url,
			rawBody: bytes,
			now,
		});
		if (!verdict.ok) return reject(verdict.status, verdict.code, verdict.message);
	}

	const parse = config.parser(auth.type === 'queryToken' ? auth.parameterName : undefined);
	const parsed = parse({ method, url: input.url, headers: input.headers, body: input.body });
	if (!parsed.ok) return reject(parsed.status, parsed.error.code, parsed.error.message);

	const { event } = parsed;
	if (config.startFilter && !config.startFilter(event)) return { action: 'drop', event };
	const item: TriggerItem = config.includeRaw ? { ...event, raw: parsed.raw } : event;
	return { action: 'emit', output: routeEvent(event), item };
}
