import {
	HEADER_NAME_TOKEN,
	hasControlCharacter,
	hasLineBreakOrNul,
	isHeaderName,
} from '../../../lib/security/httpSyntax';

describe('HTTP syntax primitives', () => {
	it('accepts RFC 9110 tokens as header names, and nothing else', () => {
		for (const name of ['X-Api-Key', 'content-type', "a!#$%&'*+-.^_`|~9"]) {
			expect(isHeaderName(name)).toBe(true);
		}
		for (const name of ['', 'X Bad', 'X:Y', 'X\r\nY', 'Ä', '(x)', 'a/b', 'a"b']) {
			expect(isHeaderName(name)).toBe(false);
		}
		expect(HEADER_NAME_TOKEN.test('X-Api-Key')).toBe(true);
	});

	it('finds CR, LF and NUL, which end or split a header line', () => {
		for (const text of ['a\rb', 'a\nb', 'a\0b', '\r\n']) expect(hasLineBreakOrNul(text)).toBe(true);
		for (const text of ['', 'a\tb', 'plain value', 'é'])
			expect(hasLineBreakOrNul(text)).toBe(false);
	});

	it('finds every C0 control character and DEL, and nothing printable', () => {
		for (let code = 0; code < 0x20; code++) {
			expect(hasControlCharacter(`a${String.fromCharCode(code)}b`)).toBe(true);
		}
		expect(hasControlCharacter('a\x7fb')).toBe(true);
		expect(hasControlCharacter('https://x.example/?a=1&b=%0D%0A é ~')).toBe(false);
		expect(hasControlCharacter('\x80\xa0')).toBe(false);
	});

	it('is re-exported by the package main', () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const main = require('../../../lib') as Record<string, unknown>;
		expect(main.isHeaderName).toBe(isHeaderName);
		expect(main.hasControlCharacter).toBe(hasControlCharacter);
	});
});
