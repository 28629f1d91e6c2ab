import fc from 'fast-check';
import {
	checkHeaderValue,
	encodeComponent,
	encodeFormValue,
	encodeRfc3986,
	encodeValue,
	escapeJsonString,
	MacroValueError,
} from '../../../lib/macros';
import { toWellFormed } from '../../../lib/macros/encode';

/** Reference RFC 3986 encoder built from encodeURIComponent plus the documented fix-up. */
const reference3986 = (s: string) =>
	encodeURIComponent(toWellFormed(s)).replace(
		/[!'()*]/g,
		(c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
	);

/** Any UTF-16 code unit, lone surrogates included. */
const anyUnits = fc.string({
	unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
	maxLength: 40,
});
/** Well-formed Unicode (surrogates only in pairs). */
const wellFormed = fc.string({ unit: 'binary', maxLength: 40 });

describe('encodeRfc3986', () => {
	it.each([
		['a&b=c', 'a%26b%3Dc'],
		['purchase complete', 'purchase%20complete'],
		['com.example.game+beta', 'com.example.game%2Bbeta'],
		['Été 2024 — promo #17 🚀', '%C3%89t%C3%A9%202024%20%E2%80%94%20promo%20%2317%20%F0%9F%9A%80'],
		["Mozilla/5.0 (iPhone; CPU) it's *", 'Mozilla%2F5.0%20%28iPhone%3B%20CPU%29%20it%27s%20%2A'],
		['2001:db8::1', '2001%3Adb8%3A%3A1'],
		['A-Z_a.z~0', 'A-Z_a.z~0'],
		['', ''],
	])('%j → %s', (input, expected) => {
		expect(encodeRfc3986(input)).toBe(expected);
	});

	it('encodes exactly once: an already-encoded value is encoded again, not passed through', () => {
		expect(encodeRfc3986('%41')).toBe('%2541');
		expect(encodeRfc3986('a%20b')).toBe('a%2520b');
	});

	it('turns lone surrogates into U+FFFD instead of throwing like encodeURIComponent', () => {
		expect(() => encodeURIComponent('\ud800')).toThrow(URIError);
		expect(encodeRfc3986('x\ud800y')).toBe('x%EF%BF%BDy');
		expect(encodeRfc3986('\udc00')).toBe('%EF%BF%BD');
		expect(encodeRfc3986('\ud83d\ude80')).toBe('%F0%9F%9A%80');
	});

	it("matches encodeURIComponent plus the !'()* fix-up for any UTF-16 input", () => {
		fc.assert(fc.property(anyUnits, (s) => encodeRfc3986(s) === reference3986(s)));
	});

	it('round-trips: decodeURIComponent(encode(v)) === v for every well-formed string', () => {
		fc.assert(fc.property(wellFormed, (s) => decodeURIComponent(encodeRfc3986(s)) === s));
	});

	it('never lets a reserved or non-ASCII character through, and hex is upper case', () => {
		fc.assert(
			fc.property(anyUnits, (s) => {
				const out = encodeRfc3986(s);
				return /^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*$/.test(out);
			}),
		);
	});
});

describe('encodeComponent', () => {
	it('is encodeURIComponent for well-formed input', () => {
		fc.assert(fc.property(wellFormed, (s) => encodeComponent(s) === encodeURIComponent(s)));
	});
	it('does not throw on lone surrogates', () => {
		expect(encodeComponent('(a)\ud800!')).toBe('(a)%EF%BF%BD!');
	});
});

describe('encodeFormValue', () => {
	it('matches URLSearchParams serialisation (space as +)', () => {
		fc.assert(
			fc.property(wellFormed, (s) => {
				const expected = new URLSearchParams({ k: s }).toString().slice(2);
				return encodeFormValue(s) === expected;
			}),
		);
		expect(encodeFormValue('a b~*')).toBe('a+b%7E*');
	});
	it('round-trips through URLSearchParams', () => {
		fc.assert(
			fc.property(wellFormed, (s) => new URLSearchParams('k=' + encodeFormValue(s)).get('k') === s),
		);
	});
});

describe('escapeJsonString', () => {
	it('produces the inside of a JSON string that parses back to the value', () => {
		fc.assert(fc.property(wellFormed, (s) => JSON.parse(`"${escapeJsonString(s)}"`) === s));
		expect(escapeJsonString('say "hi"\n\\')).toBe('say \\"hi\\"\\n\\\\');
	});
	it('replaces lone surrogates with U+FFFD', () => {
		expect(JSON.parse(`"${escapeJsonString('a\ud800')}"`)).toBe('a\ufffd');
	});
});

describe('checkHeaderValue', () => {
	it('accepts printable Latin-1 and tabs', () => {
		expect(checkHeaderValue('Bearer abc\tdéf')).toBe('Bearer abc\tdéf');
	});
	it.each(['a\r\nHost: evil', 'a\nb', 'a\rb', 'nul\u0000', 'del\u007f', 'snow☃'])(
		'refuses %j with a MacroValueError naming the macro',
		(value) => {
			expect(() => checkHeaderValue(value, '{{x}}')).toThrow(MacroValueError);
			try {
				checkHeaderValue(value, '{{x}}');
			} catch (error) {
				expect((error as MacroValueError).macro).toBe('{{x}}');
				expect((error as Error).message).toContain('{{x}}');
			}
		},
	);
	it('names CR/LF as header injection', () => {
		expect(() => checkHeaderValue('a\r\nb', '{{x}}')).toThrow(/CR\/LF/);
	});
});

describe('encodeValue', () => {
	it('dispatches every encoding, and none leaves the value untouched', () => {
		expect(encodeValue('a b', 'rfc3986')).toBe('a%20b');
		expect(encodeValue("a'b", 'component')).toBe("a'b");
		expect(encodeValue('a b', 'form')).toBe('a+b');
		expect(encodeValue('a"b', 'json')).toBe('a\\"b');
		expect(encodeValue('a b', 'header')).toBe('a b');
		expect(encodeValue('a&b c\ud800', 'none')).toBe('a&b c\ud800');
	});
});
