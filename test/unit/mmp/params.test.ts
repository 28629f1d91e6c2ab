import fc from 'fast-check';

import { CallbackInputError } from '../../../lib/mmp/errors';
import { decodeParam, parseParams, type ParamLimits } from '../../../lib/mmp/params';
import type { RawPayload } from '../../../lib/mmp';

const FORM: ParamLimits = { plusAsSpace: true, duplicateParams: 'first', maxParams: 1000 };

function parse(text: string, limits: Partial<ParamLimits> = {}): RawPayload {
	const into: RawPayload = {};
	parseParams(text, into, { ...FORM, ...limits }, { count: 0, stored: 0 });
	return into;
}

function errorCode(run: () => unknown): string | undefined {
	try {
		run();
	} catch (error) {
		return (error as CallbackInputError).code;
	}
	return undefined;
}

describe('query strings and form bodies', () => {
	it('percent-decodes exactly once', () => {
		expect(parse('a=%2520&b=%25&c=Network1%3A%3AChristmas%20Campaign')).toEqual({
			a: '%20',
			b: '%',
			c: 'Network1::Christmas Campaign',
		});
	});

	it('reads + as a space and %2B as a plus', () => {
		expect(parse('ua=Mozilla+5.0&tz=%2B0000&both=a+b%2Bc')).toEqual({
			ua: 'Mozilla 5.0',
			tz: '+0000',
			both: 'a b+c',
		});
	});

	it('keeps + literal when plusAsSpace is off', () => {
		expect(parse('tz=+0000&x=%2B', { plusAsSpace: false })).toEqual({ tz: '+0000', x: '+' });
	});

	it('decodes UTF-8 sequences and literal non-ASCII text', () => {
		expect(parse('city=M%C3%BCnchen&emoji=%F0%9F%9A%80&raw=café')).toEqual({
			city: 'München',
			emoji: '🚀',
			raw: 'café',
		});
	});

	it('keeps a % that starts no escape, as URLSearchParams does', () => {
		expect(parse('discount=100%&bad=%zz&mixed=%zz%C3%A9')).toEqual({
			discount: '100%',
			bad: '%zz',
			mixed: '%zzé',
		});
	});

	it('rejects percent-encoded bytes that are not UTF-8', () => {
		expect(errorCode(() => parse('name=%FF%FE'))).toBe('invalid_utf8');
		expect(errorCode(() => parse('name=%C3'))).toBe('invalid_utf8');
		expect(errorCode(() => parse('surrogate=%ED%A0%80'))).toBe('invalid_utf8');
		expect(errorCode(() => parse('%zz=%FF'))).toBe('invalid_utf8');
	});

	it('decodes names as well as values', () => {
		expect(parse('last_attributed_touch_data.%7Ecampaign=x&user%5Fid=7')).toEqual({
			'last_attributed_touch_data.~campaign': 'x',
			user_id: '7',
		});
	});

	it('treats a name without = as an empty value and skips empty pairs and names', () => {
		expect(parse('&flag&&a=1&=orphan&b=')).toEqual({ flag: '', a: '1', b: '' });
	});

	it('splits only on & (a ; is data)', () => {
		expect(parse('ua=Mozilla/5.0 (Linux; U)&b=2')).toEqual({
			ua: 'Mozilla/5.0 (Linux; U)',
			b: '2',
		});
	});

	it('keeps the value after the first = only as the value', () => {
		expect(parse('redirect=https://x.test/?a=1=2')).toEqual({ redirect: 'https://x.test/?a=1=2' });
	});

	it('keeps the first of repeated names by default, or the last, or rejects', () => {
		expect(parse('a=1&a=2')).toEqual({ a: '1' });
		expect(parse('a=1&a=2', { duplicateParams: 'last' })).toEqual({ a: '2' });
		expect(errorCode(() => parse('a=1&a=2', { duplicateParams: 'reject' }))).toBe(
			'duplicate_parameter',
		);
	});

	it('drops names that reach the prototype chain', () => {
		const parsed = parse('__proto__=x&constructor=y&prototype=z&__proto__%5Bpolluted%5D=1&ok=1');
		expect(parsed).toEqual({ '__proto__[polluted]': '1', ok: '1' });
		expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('limits the number of parameters, counting across calls that share a counter', () => {
		expect(errorCode(() => parse('a=1&b=2&c=3', { maxParams: 2 }))).toBe('too_many_parameters');
		const counter = { count: 0, stored: 0 };
		const into: RawPayload = {};
		parseParams('a=1&b=2', into, { ...FORM, maxParams: 3 }, counter);
		expect(errorCode(() => parseParams('c=3&d=4', into, { ...FORM, maxParams: 3 }, counter))).toBe(
			'too_many_parameters',
		);
	});

	it('never turns a lone surrogate in the text into an exception', () => {
		expect(decodeParam('a\ud800b%41', true)).toBe('a\ud800bA');
		expect(decodeParam('\udc00%zz', true)).toBe('\ufffd%zz');
	});

	it('gives back exactly the value encodeURIComponent encoded (property)', () => {
		fc.assert(
			fc.property(
				fc.string({ unit: 'grapheme', maxLength: 40 }),
				fc.string({ unit: 'grapheme', maxLength: 40 }),
				(name, value) => {
					fc.pre(!['', 'x', 'y', '__proto__', 'constructor', 'prototype'].includes(name));
					const parsed = parse(`x=1&${encodeURIComponent(name)}=${encodeURIComponent(value)}&y=2`);
					expect(parsed[name]).toBe(value);
				},
			),
			{ numRuns: 1000 },
		);
	});

	it('gives back exactly what URLSearchParams form-encoded (property)', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (value) => {
				const text = new URLSearchParams({ v: value }).toString();
				expect(parse(text).v).toBe(value);
			}),
			{ numRuns: 1000 },
		);
	});
});
