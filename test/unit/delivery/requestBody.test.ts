import {
	CONTENT_TYPES,
	defaultContentType,
	encodeBody,
	hasHeader,
} from '../../../lib/delivery/requestBody';

describe('request bodies', () => {
	it('names one content type per body kind', () => {
		expect(CONTENT_TYPES).toEqual({
			json: 'application/json',
			form: 'application/x-www-form-urlencoded',
			text: 'text/plain; charset=utf-8',
		});
	});

	it('finds a header in any letter case', () => {
		expect(hasHeader({ 'Content-Type': 'x' }, 'content-type')).toBe(true);
		expect(hasHeader({ 'X-A': 'x' }, 'content-type')).toBe(false);
	});

	it('defaults Content-Type only when none is set', () => {
		const headers: Record<string, string> = {};
		defaultContentType(headers, 'form');
		expect(headers).toEqual({ 'content-type': 'application/x-www-form-urlencoded' });
		const given: Record<string, string> = { 'Content-Type': 'text/csv' };
		defaultContentType(given, 'json');
		expect(given).toEqual({ 'Content-Type': 'text/csv' });
	});

	it('sends text as it is, and nothing for undefined, null or ""', () => {
		const headers: Record<string, string> = {};
		expect(encodeBody('a=1', 'json', headers)).toBe('a=1');
		for (const value of [undefined, null, ''])
			expect(encodeBody(value, 'json', headers)).toBe(undefined);
		expect(headers).toEqual({});
	});

	it('serialises an object as JSON (defaulting Content-Type), or as a form for `form`', () => {
		const json: Record<string, string> = {};
		expect(encodeBody({ a: 1, b: [true] }, 'json', json)).toBe('{"a":1,"b":[true]}');
		expect(json).toEqual({ 'content-type': 'application/json' });
		const form: Record<string, string> = {};
		expect(encodeBody({ a: 'x y', b: 2, c: null }, 'form', form)).toBe('a=x+y&b=2');
		expect(form).toEqual({});
	});

	it('turns a number or boolean into its text', () => {
		expect(encodeBody(42, 'json', {})).toBe('42');
		expect(encodeBody(false, 'text', {})).toBe('false');
	});
});
