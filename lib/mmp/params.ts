// Query strings and application/x-www-form-urlencoded bodies.
//
// - Each name and value is percent-decoded exactly once: `%2520` arrives as the text `%20`.
// - `+` is a space (form encoding, which HTML forms, Go's url.QueryEscape and Java's URLEncoder all
//   produce), unless `plusAsSpace` is off; `%2B` is always a literal `+`.
// - A `%` not followed by two hex digits is kept literally (as WHATWG URLSearchParams does).
// - Percent-decoded bytes must be UTF-8; otherwise 400 `invalid_utf8`.
// - Repeated names: first wins by default (an MMP's SDK parameters are appended after the template's
//   own, so the template's value is the one to keep); `last` and `reject` are options.
// - `__proto__`, `constructor` and `prototype` names are dropped.
import { isUtf8 } from 'node:buffer';

import { CallbackInputError, excerpt, isForbiddenKey } from './errors';
import type { RawPayload } from './types';

export interface ParamLimits {
	readonly plusAsSpace: boolean;
	readonly duplicateParams: 'first' | 'last' | 'reject';
	readonly maxParams: number;
}

/** Parameters seen so far in one request (query and form body share the limit). */
export interface ParamCounter {
	/** Name=value pairs read, counted against maxParams. */
	count: number;
	/** Pairs stored under a new name. */
	stored: number;
}

const PLUS = /\+/g;
const HEX_PAIR = /^[0-9a-fA-F]{2}$/;

function invalidUtf8(): CallbackInputError {
	return new CallbackInputError(400, 'invalid_utf8', 'Percent-encoded bytes are not valid UTF-8');
}

// decodeURIComponent rejected the text: it has a stray `%` or encodes bytes that are not UTF-8.
// Decode byte-wise, keeping stray `%` literally, then insist on UTF-8.
function decodeLeniently(text: string): string {
	const bytes: number[] = [];
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code === 0x25 && HEX_PAIR.test(text.slice(i + 1, i + 3))) {
			bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
			i += 2;
		} else if (code < 0x80) {
			bytes.push(code);
		} else {
			// A literal non-ASCII character (or surrogate pair): append its UTF-8 encoding.
			const point = text.codePointAt(i) as number;
			if (point > 0xffff) i++;
			for (const byte of Buffer.from(String.fromCodePoint(point), 'utf8')) bytes.push(byte);
		}
	}
	const buffer = Buffer.from(bytes);
	if (!isUtf8(buffer)) throw invalidUtf8();
	return buffer.toString('utf8');
}

/** Decodes one name or value of a query string / form body. Throws CallbackInputError. */
export function decodeParam(text: string, plusAsSpace: boolean): string {
	let decoded = text;
	if (plusAsSpace && decoded.includes('+')) decoded = decoded.replace(PLUS, ' ');
	if (!decoded.includes('%')) return decoded;
	try {
		return decodeURIComponent(decoded);
	} catch {
		return decodeLeniently(decoded);
	}
}

/**
 * Adds the parameters of `text` (no leading `?`) to `into`. Throws CallbackInputError on
 * invalid UTF-8, too many parameters, or a repeated name when `duplicateParams` is `reject`.
 */
export function parseParams(
	text: string,
	into: RawPayload,
	limits: ParamLimits,
	counter: ParamCounter,
): void {
	let start = 0;
	const length = text.length;
	while (start <= length) {
		let end = text.indexOf('&', start);
		if (end === -1) end = length;
		if (end > start) {
			counter.count++;
			if (counter.count > limits.maxParams) {
				throw new CallbackInputError(
					400,
					'too_many_parameters',
					`More than ${limits.maxParams} parameters`,
				);
			}
			const equals = text.indexOf('=', start);
			const hasValue = equals !== -1 && equals < end;
			const name = decodeParam(text.slice(start, hasValue ? equals : end), limits.plusAsSpace);
			const value = hasValue ? decodeParam(text.slice(equals + 1, end), limits.plusAsSpace) : '';
			if (name !== '' && !isForbiddenKey(name)) {
				if (!Object.prototype.hasOwnProperty.call(into, name)) {
					into[name] = value;
					counter.stored++;
				} else if (limits.duplicateParams === 'last') {
					into[name] = value;
				} else if (limits.duplicateParams === 'reject') {
					throw new CallbackInputError(
						400,
						'duplicate_parameter',
						`Parameter "${excerpt(name)}" appears more than once`,
					);
				}
			}
		}
		start = end + 1;
	}
}
