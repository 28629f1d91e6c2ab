import fc from 'fast-check';
import {
	compileTemplate,
	MacroValueError,
	TemplateSyntaxError,
	type CompileTemplateOptions,
} from '../../../lib/macros';
import { compileTemplateWith } from '../../../lib/macros/compileTemplate';
import { DIALECTS } from '../../../lib/macros/dialects';
import { render, text, usesBytes } from './helpers';

const wellFormed = fc.string({ unit: 'binary', maxLength: 30 });
const anyUnits = fc.string({
	unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
	maxLength: 30,
});

describe('compileTemplate: parse once', () => {
	it('tokenizes at compile time only, never per render', () => {
		const spy = jest.spyOn(DIALECTS.mustache, 'tokenize');
		try {
			const t = compileTemplate('https://x.example/?a={{a}}');
			for (let i = 0; i < 50; i++) t.render({ a: i });
			expect(spy).toHaveBeenCalledTimes(1);
		} finally {
			spy.mockRestore();
		}
	});

	it('exposes the macros, origin and options it was compiled with', () => {
		const t = compileTemplate('https://x.example:8443/p?a={{a}}&b={{b.c}}&a2={{a}}', {
			missing: 'drop',
		});
		expect(t.macros).toEqual(['a', 'b.c']);
		expect(t.origin).toBe('https://x.example:8443');
		expect(t.syntax).toBe('mustache');
		expect(t.encoding).toBe('rfc3986');
		expect(t.missingPolicy).toBe('drop');
	});

	it('uses the byte renderer for plain percent-encoded templates and the string renderer otherwise', () => {
		expect(usesBytes('https://x.example/?a={{a}}')).toBe(true);
		expect(usesBytes('{"a":"{{a}}"}', { encoding: 'json' })).toBe(false);
		expect(usesBytes('https://x.example/?a={{{a}}}')).toBe(false);
		expect(usesBytes('https://x.example/☃?a={{a}}')).toBe(false);
	});
});

describe('values', () => {
	const t = 'https://x.example/?v={{v}}';

	it.each([
		['string', 'a&b', 'a%26b'],
		['integer', 1700000000000, '1700000000000'],
		['decimal', 3.7, '3.7'],
		['negative', -0.5, '-0.5'],
		['huge number', 1e21, '1e%2B21'],
		['boolean', true, 'true'],
		['bigint', 12345678901234567890n, '12345678901234567890'],
		['object as JSON', { a: [1, 'x y'] }, '%7B%22a%22%3A%5B1%2C%22x%20y%22%5D%7D'],
		['Date as ISO', new Date(Date.UTC(2024, 0, 2)), '2024-01-02T00%3A00%3A00.000Z'],
	])('%s', (_what, v, expected) => {
		expect(text(t, { v })).toBe(`https://x.example/?v=${expected}`);
	});

	it.each([
		['undefined', undefined, true],
		['null', null, false],
		['empty string', '', false],
		['NaN', NaN, false],
		['Infinity', Infinity, false],
		['invalid Date', new Date(NaN), false],
	])('%s is missing (unknown: %s)', (_what, v, unknown) => {
		const r = render(t, v === undefined ? {} : { v });
		expect(r.text).toBe('https://x.example/?v=');
		expect(r.missing).toEqual(['v']);
		expect(r.unknown).toEqual(unknown ? ['v'] : undefined);
	});

	it('looks up the exact key first, then the dotted path, through flat or nested objects', () => {
		const tpl = 'https://x.example/?a={{user_data.aaid}}';
		expect(text(tpl, { 'user_data.aaid': 'flat', user_data: { aaid: 'nested' } })).toBe(
			'https://x.example/?a=flat',
		);
		expect(text(tpl, { user_data: { aaid: 'nested' } })).toBe('https://x.example/?a=nested');
		expect(text('https://x.example/?a={{a.b.c}}', { a: { 'b.c': 'mixed' } })).toBe(
			'https://x.example/?a=mixed',
		);
		expect(
			text('https://x.example/?s={{items[1].sku}}', { items: [{ sku: 'a' }, { sku: 'b' }] }),
		).toBe('https://x.example/?s=b');
	});

	it('never reads Object.prototype members', () => {
		const r = render(
			'https://x.example/?a={{constructor}}&b={{toString}}&c={{__proto__}}&d={{a.constructor}}',
			{
				a: {},
			},
		);
		expect(r.text).toBe('https://x.example/?a=&b=&c=&d=');
		expect(r.missing).toEqual(['constructor', 'toString', '__proto__', 'a.constructor']);
	});

	it('treats non-object values as an empty value set', () => {
		const t2 = compileTemplate('https://x.example/?a={{a}}');
		expect(t2.render(null as unknown as object).text).toBe('https://x.example/?a=');
	});
});

describe('missing-value policies', () => {
	const tpl = 'https://x.example/p/{{seg}}?a={{a}}&b={{b}}&c=x{{c}}y#frag{{f}}';
	const opts = (missing: CompileTemplateOptions['missing']) => ({ missing });

	it('empty (default): the macro becomes the empty string', () => {
		expect(text(tpl, { a: 1 })).toBe('https://x.example/p/?a=1&b=&c=xy#frag');
	});

	it('keep: the macro text stays', () => {
		expect(text(tpl, { a: 1 }, opts('keep'))).toBe(
			'https://x.example/p/{{seg}}?a=1&b={{b}}&c=x{{c}}y#frag{{f}}',
		);
	});

	it('drop: the whole key=value pair goes; outside the query it acts like empty', () => {
		expect(text(tpl, { a: 1 }, opts('drop'))).toBe('https://x.example/p/?a=1#frag');
		expect(text(tpl, { b: 2, c: 3 }, opts('drop'))).toBe('https://x.example/p/?b=2&c=x3y#frag');
		expect(text(tpl, {}, opts('drop'))).toBe('https://x.example/p/#frag');
		expect(text(tpl, { a: 1, b: 2, c: 3, seg: 's', f: 'f' }, opts('drop'))).toBe(
			'https://x.example/p/s?a=1&b=2&c=x3y#fragf',
		);
	});

	it('drop: every position of the missing pair, and pairs with several macros', () => {
		const t = 'https://x.example/?a={{a}}&b={{b}}&c={{c}}';
		const d = opts('drop');
		expect(text(t, { b: 2, c: 3 }, d)).toBe('https://x.example/?b=2&c=3');
		expect(text(t, { a: 1, c: 3 }, d)).toBe('https://x.example/?a=1&c=3');
		expect(text(t, { a: 1, b: 2 }, d)).toBe('https://x.example/?a=1&b=2');
		expect(text(t, { c: 3 }, d)).toBe('https://x.example/?c=3');
		expect(text(t, {}, d)).toBe('https://x.example/');
		expect(text('https://x.example/?ab={{a}}-{{b}}&z=1', { a: 1 }, d)).toBe(
			'https://x.example/?z=1',
		);
		expect(text('https://x.example/?fixed=1&a={{a}}', {}, d)).toBe('https://x.example/?fixed=1');
	});

	it('drop reports what was dropped in missing', () => {
		const r = render('https://x.example/?a={{a}}&b={{b}}', { b: null }, opts('drop'));
		expect(r.missing).toEqual(['a', 'b']);
		expect(r.unknown).toEqual(['a']);
	});

	it('drop works on form bodies from the first pair', () => {
		const form = { encoding: 'form' as const, missing: 'drop' as const };
		expect(text('a={{a}}&b={{b}}', { b: 'x y' }, form)).toBe('b=x+y');
		expect(text('a={{a}}&b={{b}}', { a: 1 }, form)).toBe('a=1');
		expect(text('a={{a}}&b={{b}}', {}, form)).toBe('');
	});

	it('a default filter means the value is not missing', () => {
		const r = render('https://x.example/?a={{a|default:none}}', {}, opts('drop'));
		expect(r).toEqual({ text: 'https://x.example/?a=none', missing: [] });
	});
});

describe('filters', () => {
	it('inline filters run left to right', () => {
		expect(text('https://x.example/?h={{idfa|trim|lower|sha256}}', { idfa: ' ABC ' })).toBe(
			'https://x.example/?h=ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
		);
	});

	it('the filters option applies per macro name, after inline filters', () => {
		const r = render(
			'https://x.example/?i={{idfa}}&r={{revenue|default:0}}&t={{event_time}}',
			{ idfa: 'ABC', revenue: 3.14159, event_time: '2024-01-02T15:04:05Z' },
			{ filters: { idfa: ['lower', 'md5'], revenue: ['round:2'], event_time: ['unix'] } },
		);
		expect(r.text).toBe(
			'https://x.example/?i=900150983cd24fb0d6963f7d28e17f72&r=3.14&t=1704207845',
		);
	});

	it('urlencode never encodes twice: a no-op where the context encodes, real encoding elsewhere', () => {
		expect(text('https://x.example/?a={{a|urlencode}}', { a: 'x y' })).toBe(
			'https://x.example/?a=x%20y',
		);
		expect(text('{"u":"{{a|urlencode}}"}', { a: 'x y' }, { encoding: 'json' })).toBe(
			'{"u":"x%20y"}',
		);
	});

	it('rejects unknown filters at compile time with the macro position', () => {
		expect(() => compileTemplate('https://x.example/?a={{a|nope}}')).toThrow(TemplateSyntaxError);
		expect(() => compileTemplate('x', { filters: { a: ['nope'] } })).toThrow(RangeError);
	});
});

describe('constants (static parameters)', () => {
	it('may form the host; elsewhere they are encoded like values', () => {
		const t = compileTemplate('https://{{domain}}/{{key}}/pb?s={{click_id}}&src={{source}}', {
			constants: { domain: 'tracker.example.com:8443', key: 'k/1', source: 'a b' },
		});
		expect(t.origin).toBe('https://tracker.example.com:8443');
		expect(t.macros).toEqual(['click_id']);
		expect(t.render({ click_id: 'c' }).text).toBe(
			'https://tracker.example.com:8443/k%2F1/pb?s=c&src=a%20b',
		);
	});

	it('a constant may be the whole base URL', () => {
		const t = compileTemplate('{{hook}}', {
			constants: { hook: 'https://hooks.slack.com/services/T/B/X' },
			url: true,
		});
		expect(t.origin).toBe('https://hooks.slack.com');
		expect(t.render({}).text).toBe('https://hooks.slack.com/services/T/B/X');
	});

	it('refuses a constant that is not a valid host', () => {
		expect(() => compileTemplate('https://{{d}}/x', { constants: { d: 'a b' } })).toThrow(
			/not a valid http/,
		);
	});
});

describe('URL safety (docs/sources.md, goal 11)', () => {
	it('refuses any value macro in the scheme or host, with its position', () => {
		for (const tpl of [
			'https://{{host}}/pb',
			'https://x.example{{path}}',
			'https://x.example:{{port}}/',
			'https://{{user}}@x.example/',
		]) {
			expect(() => compileTemplate(tpl)).toThrow(/inside the URL's scheme or host/);
		}
		try {
			compileTemplate('https://x.example\n  .{{sub}}/');
		} catch (error) {
			expect(error).toBeInstanceOf(TemplateSyntaxError);
			expect((error as TemplateSyntaxError).position).toMatchObject({
				line: 2,
				column: 4,
				offset: 21,
			});
		}
	});

	it('a URL template must start with http(s):// when url is true', () => {
		expect(() => compileTemplate('{{url}}?a=1', { url: true })).toThrow(/must start with http/);
		expect(() => compileTemplate('ftp://x/', { url: true })).toThrow(/must start with http/);
		expect(compileTemplate('{{url}}?a={{a}}').origin).toBeUndefined();
	});

	it.each([
		['a&b=c', 'a%26b%3Dc'],
		['\r\nHost: evil.example', '%0D%0AHost%3A%20evil.example'],
		['%00', '%2500'],
		['🚀', '%F0%9F%9A%80'],
		['\ud800', '%EF%BF%BD'],
		['@evil.example/', '%40evil.example%2F'],
	])('a value %j renders only as percent-encoded bytes', (value, encoded) => {
		expect(text('https://x.example/cb?click_id={{click_id}}', { click_id: value })).toBe(
			`https://x.example/cb?click_id=${encoded}`,
		);
	});

	it('no value can change scheme, host or port, in any encoding', () => {
		for (const encoding of ['rfc3986', 'component', 'none'] as const) {
			const t = compileTemplate('https://x.example:8443/{{p}}?q={{q}}#{{f}}', { encoding });
			fc.assert(
				fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (p, q) => {
					let url: URL;
					try {
						url = new URL(t.render({ p, q, f: p }).text);
					} catch (error) {
						// raw values may make an unparsable URL (refused later), never a different origin
						return encoding === 'none' || error instanceof MacroValueError;
					}
					return url.origin === 'https://x.example:8443';
				}),
			);
		}
	});

	it('refuses control characters in raw values inside a URL', () => {
		const t = compileTemplate('https://x.example/?a={{{a}}}');
		expect(t.render({ a: 'x&y=z' }).text).toBe('https://x.example/?a=x&y=z');
		expect(() => t.render({ a: 'x\r\nHost: y' })).toThrow(MacroValueError);
	});
});

describe('encoding properties', () => {
	it('decode(render(v)) === v for every well-formed string', () => {
		const t = compileTemplate('https://x.example/?k={{v}}&z=1');
		fc.assert(
			fc.property(wellFormed, (v) => {
				const url = new URL(t.render({ v }).text);
				return (
					url.searchParams.get('k') === (v === '' ? '' : v) && url.searchParams.get('z') === '1'
				);
			}),
		);
	});

	it('literal template text is untouched and values never leak reserved characters', () => {
		const literal = fc
			.string({ maxLength: 12 })
			.filter((s) => !s.includes('{') && !s.includes('}'));
		fc.assert(
			fc.property(literal, literal, anyUnits, (a, b, v) => {
				const out = compileTemplate(`${a}{{v}}${b}`, { url: false }).render({ v }).text;
				if (!out.startsWith(a) || !out.endsWith(b)) return false;
				const middle = out.slice(a.length, out.length - b.length);
				return /^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*$/.test(middle);
			}),
		);
	});

	it('encodes exactly once: %41 in a value comes out as %2541', () => {
		expect(text('https://x.example/?v={{v}}', { v: '%41' })).toBe('https://x.example/?v=%2541');
		expect(text('a={{v}}', { v: '%41' }, { encoding: 'form' })).toBe('a=%2541');
	});

	it('the byte and string renderers agree on every value', () => {
		const options: CompileTemplateOptions[] = [
			{},
			{ encoding: 'component' },
			{ encoding: 'form', url: false },
			{ missing: 'drop' },
			{ missing: 'keep' },
		];
		for (const o of options) {
			const tpl = 'https://x.example/p?a={{a}}&b={{b|default:d}}&n={{n}}';
			const s = compileTemplateWith(tpl, o, 'string');
			const b = compileTemplateWith(tpl, o, 'bytes');
			fc.assert(
				fc.property(
					fc.option(anyUnits, { nil: undefined }),
					fc.option(anyUnits, { nil: undefined }),
					fc.oneof(fc.double(), fc.integer(), fc.constant(undefined)),
					(a, bb, n) => {
						const values = { a, b: bb, n };
						expect(b.render(values)).toEqual(s.render(values));
					},
				),
			);
		}
	});

	it('renders values far larger than the scratch buffer', () => {
		const big = '€'.repeat(200_000);
		const out = text('https://x.example/?v={{v}}', { v: big });
		expect(out.length).toBe('https://x.example/?v='.length + 9 * 200_000);
		expect(text('https://x.example/?v={{v}}', { v: 'small' })).toBe('https://x.example/?v=small');
	});
});

describe('body and header contexts', () => {
	it('JSON: values are escaped as string content; |json inserts a complete JSON value', () => {
		const tpl = '{"name":"{{name}}","rev":{{revenue}},"idfa":{{idfa|json}},"obj":{{o|json}}}';
		const out = text(tpl, { name: 'say "hi"\n', revenue: 1.5, o: { a: 1 } }, { encoding: 'json' });
		expect(JSON.parse(out)).toEqual({ name: 'say "hi"\n', rev: 1.5, idfa: null, obj: { a: 1 } });
	});

	it('header: values pass as they are, CR/LF is refused naming the macro', () => {
		const t = compileTemplate('Bearer {{token}}', { encoding: 'header' });
		expect(t.render({ token: 'abc def' }).text).toBe('Bearer abc def');
		expect(() => t.render({ token: 'abc\r\nX-Evil: 1' })).toThrow(/\{\{token\}\}.*CR\/LF/);
	});

	it('none: values are inserted as they are', () => {
		expect(text('{{a}} & {{b}}', { a: '<x>', b: 'y z' }, { encoding: 'none' })).toBe('<x> & y z');
	});
});

describe('options', () => {
	it('rejects unknown syntax, encoding and policy names', () => {
		expect(() => compileTemplate('x', { syntax: 'nope' as never })).toThrow(RangeError);
		expect(() => compileTemplate('x', { encoding: 'nope' as never })).toThrow(RangeError);
		expect(() => compileTemplate('x', { missing: 'nope' as never })).toThrow(RangeError);
	});
});
