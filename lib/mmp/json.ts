// A strict JSON parser for callback bodies. Unlike JSON.parse it keeps integers beyond 2^53 as their
// exact decimal text (Branch ids such as 457624031399716729), drops `__proto__` / `constructor` /
// `prototype` keys, and stops at a nesting limit before allocating the rest of a hostile document.
// Duplicate keys: the last one wins, as with JSON.parse.
import { CallbackInputError, isForbiddenKey } from './errors';
import type { RawPayload, RawValue } from './types';

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
// Above this size JSON.parse is not used: it would build a hostile deep document in full before
// the depth check could run.
const FAST_PATH_MAX_CHARS = 16 * 1024;

const ESCAPES: Readonly<Record<string, string>> = {
	'"': '"',
	'\\': '\\',
	'/': '/',
	b: '\b',
	f: '\f',
	n: '\n',
	r: '\r',
	t: '\t',
};

class JsonReader {
	private index = 0;

	constructor(
		private readonly text: string,
		private readonly maxDepth: number,
	) {}

	document(): RawValue {
		const value = this.value(0);
		this.skipWhitespace();
		if (this.index !== this.text.length) this.fail('unexpected text after the JSON value');
		return value;
	}

	private fail(reason: string): never {
		throw new CallbackInputError(
			400,
			'malformed_body',
			`Malformed JSON body: ${reason} at offset ${this.index}`,
		);
	}

	private skipWhitespace(): void {
		const text = this.text;
		let index = this.index;
		while (index < text.length) {
			const code = text.charCodeAt(index);
			if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) break;
			index++;
		}
		this.index = index;
	}

	private value(depth: number): RawValue {
		this.skipWhitespace();
		const code = this.text.charCodeAt(this.index);
		switch (code) {
			case 0x7b: // {
				return this.object(depth + 1);
			case 0x5b: // [
				return this.array(depth + 1);
			case 0x22: // "
				return this.string();
			case 0x74: // t
				return this.literal('true', true);
			case 0x66: // f
				return this.literal('false', false);
			case 0x6e: // n
				return this.literal('null', null);
			default:
				if (code === 0x2d || (code >= 0x30 && code <= 0x39)) return this.number();
				return this.fail(Number.isNaN(code) ? 'unexpected end' : 'unexpected character');
		}
	}

	private enter(depth: number): void {
		if (depth > this.maxDepth) throw tooDeep(this.maxDepth);
		this.index++;
	}

	private object(depth: number): RawValue {
		this.enter(depth);
		const result: { [key: string]: RawValue } = {};
		this.skipWhitespace();
		if (this.text.charCodeAt(this.index) === 0x7d) {
			this.index++;
			return result;
		}
		for (;;) {
			this.skipWhitespace();
			if (this.text.charCodeAt(this.index) !== 0x22) this.fail('expected a property name');
			const key = this.string();
			this.skipWhitespace();
			if (this.text.charCodeAt(this.index) !== 0x3a) this.fail("expected ':'");
			this.index++;
			const item = this.value(depth);
			if (!isForbiddenKey(key)) result[key] = item;
			this.skipWhitespace();
			const code = this.text.charCodeAt(this.index);
			this.index++;
			if (code === 0x2c) continue;
			if (code === 0x7d) return result;
			this.index--;
			this.fail("expected ',' or '}'");
		}
	}

	private array(depth: number): RawValue {
		this.enter(depth);
		const result: RawValue[] = [];
		this.skipWhitespace();
		if (this.text.charCodeAt(this.index) === 0x5d) {
			this.index++;
			return result;
		}
		for (;;) {
			result.push(this.value(depth));
			this.skipWhitespace();
			const code = this.text.charCodeAt(this.index);
			this.index++;
			if (code === 0x2c) continue;
			if (code === 0x5d) return result;
			this.index--;
			this.fail("expected ',' or ']'");
		}
	}

	private string(): string {
		const text = this.text;
		let index = this.index + 1;
		let start = index;
		let result = '';
		for (;;) {
			if (index >= text.length) {
				this.index = index;
				this.fail('unterminated string');
			}
			const code = text.charCodeAt(index);
			if (code === 0x22) break;
			if (code < 0x20) {
				this.index = index;
				this.fail('control character in string');
			}
			if (code !== 0x5c) {
				index++;
				continue;
			}
			result += text.slice(start, index);
			const escape = text[index + 1];
			if (escape === 'u') {
				const hex = text.slice(index + 2, index + 6);
				if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
					this.index = index;
					this.fail('invalid \\u escape');
				}
				// Code units one by one, as JSON.parse: a lone surrogate stays a lone surrogate.
				result += String.fromCharCode(parseInt(hex, 16));
				index += 6;
			} else {
				const replacement = escape === undefined ? undefined : ESCAPES[escape];
				if (replacement === undefined) {
					this.index = index;
					this.fail('invalid escape');
				}
				result += replacement;
				index += 2;
			}
			start = index;
		}
		this.index = index + 1;
		return result + text.slice(start, index);
	}

	private number(): RawValue {
		NUMBER.lastIndex = this.index;
		const match = NUMBER.exec(this.text);
		if (match === null) this.fail('invalid number');
		const token = match[0];
		this.index += token.length;
		const value = Number(token);
		if (match[1] === undefined && match[2] === undefined) {
			// Integers JavaScript cannot hold exactly stay exact as text (ids, not quantities).
			return Number.isSafeInteger(value) ? value : token;
		}
		return Number.isFinite(value) ? value : token;
	}

	private literal<T extends RawValue>(word: string, value: T): T {
		if (!this.text.startsWith(word, this.index)) this.fail('unexpected character');
		this.index += word.length;
		return value;
	}
}

function tooDeep(maxDepth: number): CallbackInputError {
	return new CallbackInputError(
		400,
		'body_too_deep',
		`JSON body nests deeper than ${maxDepth} levels`,
	);
}

// JSON.parse rounded this number: an integer literal beyond 2^53 (or a float literal that reads as
// one, which the exact reader then keeps as a number) or an overflow such as 1e400.
function isImprecise(value: number): boolean {
	return !Number.isSafeInteger(value) && (Number.isInteger(value) || !Number.isFinite(value));
}

/**
 * Enforces the depth limit on JSON.parse output and deletes forbidden keys in place. Returns false
 * when a rounded number was seen, i.e. the document must be parsed again exactly.
 */
function sanitizeParsed(node: object, depth: number, maxDepth: number): boolean {
	if (depth > maxDepth) throw tooDeep(maxDepth);
	if (Array.isArray(node)) {
		for (let i = 0; i < node.length; i++) {
			const item: unknown = node[i];
			if (typeof item === 'number') {
				if (isImprecise(item)) return false;
			} else if (typeof item === 'object' && item !== null) {
				if (!sanitizeParsed(item, depth + 1, maxDepth)) return false;
			}
		}
		return true;
	}
	const record = node as Record<string, unknown>;
	const keys = Object.keys(record);
	for (let i = 0; i < keys.length; i++) {
		const key = keys[i];
		const item = record[key];
		if (isForbiddenKey(key)) {
			delete record[key];
		} else if (typeof item === 'number') {
			if (isImprecise(item)) return false;
		} else if (typeof item === 'object' && item !== null) {
			if (!sanitizeParsed(item, depth + 1, maxDepth)) return false;
		}
	}
	return true;
}

/** Exact parse of any JSON value, bypassing the JSON.parse fast path (tests compare the two). */
export function parseJsonExact(text: string, maxDepth: number): RawValue {
	return new JsonReader(text, maxDepth).document();
}

/**
 * Parses any JSON value (see the file comment for what differs from JSON.parse). Small documents
 * take JSON.parse plus a sanitising walk, falling back to the exact reader when the walk finds a
 * rounded number; large ones go to the exact reader directly. Throws CallbackInputError.
 */
export function parseJsonValue(text: string, maxDepth: number): RawValue {
	if (text.length > FAST_PATH_MAX_CHARS) return parseJsonExact(text, maxDepth);
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		// The exact reader produces the error, with the offending offset.
		return parseJsonExact(text, maxDepth);
	}
	if (typeof value === 'number') return isImprecise(value) ? parseJsonExact(text, maxDepth) : value;
	if (typeof value !== 'object' || value === null) return value as RawValue;
	return sanitizeParsed(value, 1, maxDepth) ? (value as RawValue) : parseJsonExact(text, maxDepth);
}

/** Parses a JSON document that must be an object. Throws CallbackInputError. */
export function parseJsonObject(text: string, maxDepth: number): RawPayload {
	const value = parseJsonValue(text, maxDepth);
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new CallbackInputError(400, 'malformed_body', 'JSON body must be an object');
	}
	return value;
}
