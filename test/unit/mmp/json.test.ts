import fc from 'fast-check';

import { CallbackInputError } from '../../../lib/mmp/errors';
import { parseJsonExact, parseJsonObject, parseJsonValue } from '../../../lib/mmp/json';

function codeOf(run: () => unknown): string {
	try {
		run();
	} catch (error) {
		if (error instanceof CallbackInputError) return error.code;
		throw error;
	}
	return 'ok';
}

// Integer-valued doubles whose JSON text has no exponent read back as exact strings, not numbers.
function hasUnsafeIntegerLiteral(text: string): boolean {
	return /(?:^|[^\w.+-])-?\d{16,}(?![\d.eE])/.test(text);
}

describe('parseJsonValue', () => {
	it('keeps integers beyond 2^53 as their exact decimal text', () => {
		expect(parseJsonObject('{"id":457624031399716729,"n":[-18446744073709551617]}', 32)).toEqual({
			id: '457624031399716729',
			n: ['-18446744073709551617'],
		});
	});

	it('keeps safe integers and floats as numbers; 2^53 itself is not safe', () => {
		expect(
			parseJsonObject('{"a":9007199254740991,"b":9007199254740992,"c":1.5,"d":-0.25e2}', 32),
		).toEqual({
			a: 9007199254740991,
			b: '9007199254740992',
			c: 1.5,
			d: -25,
		});
	});

	it('keeps a number JSON.parse would turn into Infinity as text', () => {
		expect(parseJsonObject('{"x":1e400,"y":-2E+999}', 32)).toEqual({ x: '1e400', y: '-2E+999' });
	});

	it('drops __proto__, constructor and prototype keys at every level without polluting Object.prototype', () => {
		const parsed = parseJsonObject(
			'{"__proto__":{"polluted":1},"a":{"constructor":{"prototype":{"polluted":2}},"prototype":3,"ok":true}}',
			32,
		);
		expect(parsed).toEqual({ a: { ok: true } });
		expect(Object.keys(parsed)).toEqual(['a']);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('drops forbidden keys on the exact path too (document with a big integer)', () => {
		const parsed = parseJsonObject('{"__proto__":{"x":1},"id":12345678901234567890}', 32);
		expect(parsed).toEqual({ id: '12345678901234567890' });
		expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
	});

	it('keeps lone surrogates as JSON.parse does', () => {
		expect(parseJsonObject('{"s":"\\ud800x\\udfff"}', 32)).toEqual({ s: '\ud800x\udfff' });
		expect(parseJsonExact('{"s":"\\ud800","n":99999999999999999}', 32)).toEqual({
			s: '\ud800',
			n: '99999999999999999',
		});
	});

	it('lets the last of duplicate keys win, as JSON.parse does', () => {
		expect(parseJsonObject('{"a":1,"a":2}', 32)).toEqual({ a: 2 });
		expect(parseJsonExact('{"a":1,"a":2,"b":12345678901234567890}', 32)).toMatchObject({ a: 2 });
	});

	it('enforces the depth limit on both paths', () => {
		const nested = (depth: number) => '['.repeat(depth - 1) + '{}' + ']'.repeat(depth - 1);
		expect(parseJsonValue(nested(32), 32)).toBeDefined();
		expect(codeOf(() => parseJsonValue(nested(33), 32))).toBe('body_too_deep');
		expect(codeOf(() => parseJsonExact(nested(33), 32))).toBe('body_too_deep');
		expect(codeOf(() => parseJsonValue(`{"a":${'['.repeat(40)}${']'.repeat(40)}}`, 32))).toBe(
			'body_too_deep',
		);
	});

	it('stops a hostile deep document early', () => {
		const hostile = '['.repeat(500_000) + ']'.repeat(500_000);
		expect(codeOf(() => parseJsonValue(hostile, 32))).toBe('body_too_deep');
	});

	it.each([
		['{"a":', 'unexpected end'],
		['{"a" 1}', "expected ':'"],
		['{"a":1,}', 'expected a property name'],
		['{"a":[1 2]}', "expected ',' or ']'"],
		['{"a":"x\ny"}', 'control character in string'],
		['{"a":"\\x"}', 'invalid escape'],
		['{"a":"\\u12G4"}', 'invalid \\u escape'],
		['{"a":01}', "expected ',' or '}'"],
		['{"a":tru}', 'unexpected character'],
		['{} {}', 'unexpected text after the JSON value'],
		['{"a":"open', 'unterminated string'],
	])('rejects %j as malformed_body (%s)', (text, reason) => {
		expect.assertions(2);
		try {
			parseJsonValue(text, 32);
		} catch (error) {
			expect((error as CallbackInputError).code).toBe('malformed_body');
			expect((error as CallbackInputError).message).toContain(reason);
		}
	});

	it('requires an object at the top level for bodies', () => {
		expect(codeOf(() => parseJsonObject('[1,2]', 32))).toBe('malformed_body');
		expect(codeOf(() => parseJsonObject('"text"', 32))).toBe('malformed_body');
		expect(codeOf(() => parseJsonObject('12345678901234567890', 32))).toBe('malformed_body');
	});

	it('agrees with JSON.parse on documents without unsafe integers (property)', () => {
		fc.assert(
			fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
				const text = JSON.stringify(value);
				fc.pre(!hasUnsafeIntegerLiteral(text) && !/__proto__|"constructor"|"prototype"/.test(text));
				expect(parseJsonValue(text, 64)).toEqual(JSON.parse(text));
				expect(parseJsonExact(text, 64)).toEqual(JSON.parse(text));
			}),
			{ numRuns: 500 },
		);
	});

	it('gives the same result on the fast and the exact path (property)', () => {
		fc.assert(
			fc.property(fc.json({ maxDepth: 6 }), (text) => {
				expect(parseJsonValue(text, 64)).toEqual(parseJsonExact(text, 64));
			}),
			{ numRuns: 500 },
		);
	});

	it('returns every integer beyond 2^53 exactly, wherever it sits (property)', () => {
		const big = fc.oneof(
			fc.bigInt({ min: 2n ** 53n, max: 2n ** 128n }),
			fc.bigInt({ min: -(2n ** 128n), max: -(2n ** 53n) }),
		);
		fc.assert(
			fc.property(big, fc.jsonValue({ maxDepth: 3 }), (id, other) => {
				const text = `{"other":${JSON.stringify(other)},"ids":[${id}],"nested":{"id":${id}}}`;
				const parsed = parseJsonObject(text, 32) as { ids: unknown[]; nested: { id: unknown } };
				expect(parsed.ids[0]).toBe(id.toString());
				expect(parsed.nested.id).toBe(id.toString());
			}),
			{ numRuns: 300 },
		);
	});

	it('throws nothing but CallbackInputError on arbitrary text (property)', () => {
		const units = fc
			.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 60 })
			.map((codes) => String.fromCharCode(...codes));
		const jsonish = fc
			.array(fc.constantFrom(...'{}[]":,\\u0123456789eE+-.tfnrl "ab'.split('')), {
				maxLength: 60,
			})
			.map((chars) => chars.join(''));
		fc.assert(
			fc.property(fc.oneof(units, jsonish, fc.json()), (text) => {
				try {
					parseJsonValue(text, 8);
				} catch (error) {
					expect(error).toBeInstanceOf(CallbackInputError);
				}
			}),
			{ numRuns: 1000 },
		);
	});
});
