// Value encoders: where a substituted value lands decides how it is escaped, exactly once.
//
// - `rfc3986` (default for URLs): UTF-8, every byte outside `A–Z a–z 0–9 - . _ ~` as `%XX` with
//   upper-case hex; space is `%20`, never `+` (receivers disagree on `+`, nobody misreads `%20`).
// - `component`: exactly `encodeURIComponent` (leaves `! ' ( ) *`), without its URIError.
// - `form`: application/x-www-form-urlencoded as URLSearchParams writes it (space → `+`).
// - `json`: the inside of a JSON string literal.
// - `header`: the value as is, refused when it holds CR, LF or another byte HTTP forbids.
// - `none`: the value as is.
// Lone surrogates (invalid UTF-16) become U+FFFD in every encoding except `none`.
import { MacroValueError } from './errors';
import {
	COMPONENT_UNESCAPED,
	FORM_UNESCAPED,
	percentEncodeString,
	RFC3986_UNRESERVED,
} from './percentBytes';

export const VALUE_ENCODINGS = ['rfc3986', 'component', 'form', 'json', 'header', 'none'] as const;
export type ValueEncoding = (typeof VALUE_ENCODINGS)[number];

/** The encodings whose output is plain ASCII percent-encoding. */
export function isPercentEncoding(encoding: ValueEncoding): boolean {
	return encoding === 'rfc3986' || encoding === 'component' || encoding === 'form';
}

const RFC3986_PLAIN = /^[A-Za-z0-9\-._~]*$/;
const COMPONENT_PLAIN = /^[A-Za-z0-9\-._~!'()*]*$/;
const FORM_PLAIN = /^[A-Za-z0-9*\-._]*$/;

/** RFC 3986 percent-encoding of a value (UTF-8, upper-case hex, space as `%20`). */
export function encodeRfc3986(value: string): string {
	return RFC3986_PLAIN.test(value) ? value : percentEncodeString(value, RFC3986_UNRESERVED, false);
}

/** `encodeURIComponent` output, except that lone surrogates become `%EF%BF%BD` instead of throwing. */
export function encodeComponent(value: string): string {
	return COMPONENT_PLAIN.test(value)
		? value
		: percentEncodeString(value, COMPONENT_UNESCAPED, false);
}

/** One value of an application/x-www-form-urlencoded body, as `URLSearchParams` serialises it. */
export function encodeFormValue(value: string): string {
	return FORM_PLAIN.test(value) ? value : percentEncodeString(value, FORM_UNESCAPED, true);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Replaces unpaired surrogates with U+FFFD so the string is valid UTF-16 (and encodable UTF-8). */
export function toWellFormed(value: string): string {
	return value.replace(LONE_SURROGATE, '\ufffd');
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const JSON_PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** Escapes a value for use inside a JSON string literal (without the surrounding quotes). */
export function escapeJsonString(value: string): string {
	if (JSON_PLAIN.test(value)) return value;
	const quoted = JSON.stringify(toWellFormed(value));
	return quoted.slice(1, -1);
}

// Node's http module and undici refuse header values outside HTAB, SP–~ and 0x80–0xFF.
const HEADER_FORBIDDEN = /[^\t\u0020-\u007e\u0080-\u00ff]/;

/** Returns the value if it is a legal HTTP header value; throws MacroValueError otherwise. */
export function checkHeaderValue(value: string, macro = ''): string {
	const bad = HEADER_FORBIDDEN.exec(value);
	if (bad === null) return value;
	const code = bad[0].charCodeAt(0);
	const what =
		code === 13 || code === 10
			? 'a CR/LF line break (header injection)'
			: code > 0xff
				? `the character U+${code.toString(16).toUpperCase().padStart(4, '0')}, which HTTP headers cannot carry`
				: `the control character 0x${code.toString(16).padStart(2, '0')}`;
	throw new MacroValueError(
		macro,
		macro
			? `The value of ${macro} contains ${what}; header values must be single-line Latin-1 text`
			: `The header value contains ${what}; header values must be single-line Latin-1 text`,
	);
}

/** Encodes a value for the given context; the single entry point for string-level encoding. */
export function encodeValue(value: string, encoding: ValueEncoding, macro = ''): string {
	switch (encoding) {
		case 'rfc3986':
			return encodeRfc3986(value);
		case 'component':
			return encodeComponent(value);
		case 'form':
			return encodeFormValue(value);
		case 'json':
			return escapeJsonString(value);
		case 'header':
			return checkHeaderValue(value, macro);
		case 'none':
			return value;
	}
}
