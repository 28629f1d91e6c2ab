// Content-Encoding of a callback body. Codings are case-insensitive (RFC 9110 §8.4.1), but n8n's
// raw-body reader inflates only the exact values `gzip` and `deflate` and passes every other value
// through as compressed bytes, which were then parsed as if plain. So: the values the host already
// decoded are taken as they are, gzip (also `x-gzip`) and deflate in any other spelling are
// inflated here, bounded by the body limit, and anything else is 415 rather than guessed at.
import { gunzipSync, inflateSync } from 'node:zlib';

export type ContentDecoding =
	| { ok: true; body: Uint8Array }
	| {
			ok: false;
			status: 400 | 413 | 415;
			code: 'unsupported_content_encoding' | 'body_too_large' | 'body_unreadable';
			message: string;
			headers?: Record<string, string>;
	  };

/** What a 415 for a content coding advertises (RFC 9110 §12.5.3). */
export const ACCEPTED_CONTENT_CODINGS = 'gzip, deflate';

/**
 * The Content-Encoding values n8n's body reader has already inflated: it compares the header
 * verbatim (`middlewares/body-parser.js`, n8n 2.x), so `GZIP` reaches the node still compressed.
 */
export const N8N_DECODED_CONTENT_CODINGS: readonly string[] = ['gzip', 'deflate'];

// A Map, not an object literal: `constructor` must not find Object's.
const INFLATERS: ReadonlyMap<string, typeof gunzipSync> = new Map([
	['gzip', gunzipSync],
	['x-gzip', gunzipSync],
	['deflate', inflateSync],
]);

function unsupported(coding: string): ContentDecoding {
	// Only a coding we recognise is named back; an unknown value is client text and stays out.
	return {
		ok: false,
		status: 415,
		code: 'unsupported_content_encoding',
		message: `${coding} is not supported; send the body uncompressed, gzip or deflate.`,
		headers: { 'Accept-Encoding': ACCEPTED_CONTENT_CODINGS },
	};
}

/**
 * Removes the content coding `header` names from `body`. `hostDecoded` lists header values the
 * host has already decoded; `maxBytes` bounds the inflated size.
 */
export function decodeContentEncoding(
	body: Uint8Array,
	header: string | undefined,
	hostDecoded: readonly string[],
	maxBytes: number,
): ContentDecoding {
	if (header === undefined || hostDecoded.includes(header)) return { ok: true, body };
	const codings = header
		.split(',')
		.map((coding) => coding.trim().toLowerCase())
		.filter((coding) => coding !== '' && coding !== 'identity');
	if (codings.length === 0) return { ok: true, body };
	if (codings.length > 1) return unsupported('More than one Content-Encoding');
	const inflate = INFLATERS.get(codings[0]);
	if (inflate === undefined) return unsupported('This Content-Encoding');
	try {
		return { ok: true, body: inflate(body, { maxOutputLength: maxBytes }) };
	} catch (error) {
		if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
			return {
				ok: false,
				status: 413,
				code: 'body_too_large',
				message: `Body is larger than the limit of ${maxBytes} bytes once decompressed.`,
			};
		}
		return {
			ok: false,
			status: 400,
			code: 'body_unreadable',
			message: `Body could not be decompressed as ${codings[0]} (Content-Encoding).`,
		};
	}
}
