// Bad-input verdicts raised inside the parser and turned into `{ ok: false }` results by
// parseCallback; they never escape the public API.
import type { ParseCallbackFailure, ParseErrorCode } from './types';

export class CallbackInputError extends Error {
	constructor(
		readonly status: ParseCallbackFailure['status'],
		readonly code: ParseErrorCode,
		message: string,
	) {
		super(message);
		this.name = 'CallbackInputError';
	}
}

/** Keys that could reach an object's prototype chain when copied or merged carelessly. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
	'__proto__',
	'constructor',
	'prototype',
]);

/** FORBIDDEN_KEYS.has(key), with a length test first: this runs for every key of every payload. */
export function isForbiddenKey(key: string): boolean {
	return (key.length === 9 || key.length === 11) && FORBIDDEN_KEYS.has(key);
}

/** A short, printable excerpt of untrusted text for error messages (never a value, only names). */
export function excerpt(text: string, max = 64): string {
	// eslint-disable-next-line no-control-regex
	const printable = text.replace(/[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/g, '?');
	return printable.length > max ? `${printable.slice(0, max)}…` : printable;
}
