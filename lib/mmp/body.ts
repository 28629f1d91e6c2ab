// Request bodies: bytes or text are decoded and parsed by content type; an object the host already
// parsed is copied under the same limits. Returns undefined for "no body" (GET callbacks).
//
// - application/json, application/*+json, text/json: a JSON object.
// - application/x-www-form-urlencoded: form fields.
// - text/plain, application/octet-stream or no content type: JSON when it starts with `{` or `[`,
//   form fields when it contains `=`, otherwise 400 malformed_body. A Content-Type header that
//   names no media type (`;;;`) is malformed, not missing: 415.
// - anything else: 415 unsupported_media_type. Charsets: UTF-8 / US-ASCII (default) and ISO-8859-1;
//   others 415 unsupported_charset.
import { isUtf8 } from 'node:buffer';

import { CallbackInputError, excerpt } from './errors';
import { parseJsonObject } from './json';
import { isRecord } from './lookup';
import { parseParams, type ParamCounter, type ParamLimits } from './params';
import { sanitizeParsedBody } from './sanitize';
import type { RawPayload } from './types';

export interface BodyLimits extends ParamLimits {
	readonly maxBodyBytes: number;
	readonly maxDepth: number;
}

type BodyFormat = 'json' | 'form' | 'sniff';

interface ContentType {
	readonly format: BodyFormat;
	readonly latin1: boolean;
}

const JSON_TYPES: ReadonlySet<string> = new Set(['application/json', 'text/json']);
const SNIFFED_TYPES: ReadonlySet<string> = new Set(['', 'text/plain', 'application/octet-stream']);
const UTF8_CHARSETS: ReadonlySet<string> = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);
const LATIN1_CHARSETS: ReadonlySet<string> = new Set(['iso-8859-1', 'latin1', 'l1']);
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;

function parseContentType(header: string | undefined): ContentType {
	const value = header ?? '';
	const semicolon = value.indexOf(';');
	const mediaType = (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase();
	// `;;;` or `; charset=utf-8` is a header that names no type, not a missing header.
	if (mediaType === '' && value.trim() !== '') {
		throw new CallbackInputError(
			415,
			'unsupported_media_type',
			'Content type names no media type; send application/json, form fields or text/plain',
		);
	}
	let format: BodyFormat;
	if (JSON_TYPES.has(mediaType) || mediaType.endsWith('+json')) format = 'json';
	else if (mediaType === 'application/x-www-form-urlencoded') format = 'form';
	else if (SNIFFED_TYPES.has(mediaType)) format = 'sniff';
	else {
		throw new CallbackInputError(
			415,
			'unsupported_media_type',
			`Content type "${excerpt(mediaType)}" is not supported; send JSON, form fields or text`,
		);
	}
	let latin1 = false;
	const charset = semicolon === -1 ? null : CHARSET.exec(value.slice(semicolon));
	if (charset !== null && charset[1] !== '') {
		const name = charset[1].toLowerCase();
		if (LATIN1_CHARSETS.has(name)) latin1 = true;
		else if (!UTF8_CHARSETS.has(name)) {
			throw new CallbackInputError(
				415,
				'unsupported_charset',
				`Charset "${excerpt(name)}" is not supported; send UTF-8`,
			);
		}
	}
	return { format, latin1 };
}

function tooLarge(limit: number): CallbackInputError {
	return new CallbackInputError(
		413,
		'body_too_large',
		`Body is larger than the limit of ${limit} bytes`,
	);
}

function isBlank(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return false;
	}
	return true;
}

function firstNonBlank(text: string): string {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return text[i];
	}
	return '';
}

function parseText(
	text: string,
	format: BodyFormat,
	limits: BodyLimits,
	counter: ParamCounter,
): RawPayload | undefined {
	const content = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // byte order mark
	if (isBlank(content)) return undefined;
	let resolved = format;
	if (resolved === 'sniff') {
		const first = firstNonBlank(content);
		if (first === '{' || first === '[') resolved = 'json';
		else if (content.includes('=')) resolved = 'form';
		else {
			throw new CallbackInputError(
				400,
				'malformed_body',
				'Text body is neither a JSON object nor form fields',
			);
		}
	}
	if (resolved === 'json') return parseJsonObject(content, limits.maxDepth);
	const fields: RawPayload = {};
	parseParams(content.trim(), fields, limits, counter);
	return fields;
}

/** Parses a request body; throws CallbackInputError for a 4xx verdict. */
export function parseBody(
	body: unknown,
	contentTypeHeader: string | undefined,
	limits: BodyLimits,
	counter: ParamCounter,
): RawPayload | undefined {
	if (body === undefined || body === null) return undefined;
	if (typeof body === 'string') {
		if (body.length === 0) return undefined;
		// Cheap bound first: a UTF-16 code unit is at most 3 UTF-8 bytes.
		if (
			body.length * 3 > limits.maxBodyBytes &&
			Buffer.byteLength(body, 'utf8') > limits.maxBodyBytes
		) {
			throw tooLarge(limits.maxBodyBytes);
		}
		return parseText(body, parseContentType(contentTypeHeader).format, limits, counter);
	}
	if (body instanceof Uint8Array) {
		if (body.byteLength === 0) return undefined;
		if (body.byteLength > limits.maxBodyBytes) throw tooLarge(limits.maxBodyBytes);
		const contentType = parseContentType(contentTypeHeader);
		const bytes = Buffer.isBuffer(body)
			? body
			: Buffer.from(body.buffer, body.byteOffset, body.byteLength);
		let text: string;
		if (contentType.latin1) {
			text = bytes.toString('latin1');
		} else {
			if (!isUtf8(bytes)) {
				throw new CallbackInputError(400, 'invalid_utf8', 'Body is not valid UTF-8');
			}
			text = bytes.toString('utf8');
		}
		return parseText(text, contentType.format, limits, counter);
	}
	if (typeof body === 'object') {
		if (Array.isArray(body)) {
			throw new CallbackInputError(400, 'malformed_body', 'Body must be an object, not an array');
		}
		const copy = sanitizeParsedBody(body, limits.maxDepth, limits.maxBodyBytes);
		if (!isRecord(copy) || Object.keys(copy).length === 0) return undefined;
		return copy;
	}
	throw new CallbackInputError(
		400,
		'malformed_body',
		`Body of type ${typeof body} is not supported`,
	);
}
