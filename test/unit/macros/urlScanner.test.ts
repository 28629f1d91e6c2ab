// The URL-state machine (lib/macros/urlScanner.ts) behind layoutTemplate: its transitions, and
// properties proving that no value can change a URL's scheme, host or port, nor add a query
// parameter, whatever the template's shape and the values.
import fc from 'fast-check';
import { compileTemplate, MacroValueError, TemplateSyntaxError } from '../../../lib/macros';
import { DIALECTS } from '../../../lib/macros/dialects';
import type { ValueEncoding } from '../../../lib/macros/encode';
import { layoutTemplate, type Part } from '../../../lib/macros/layout';
import type { MissingPolicy } from '../../../lib/macros/types';
import { render } from './helpers';

function parts(template: string, missing: MissingPolicy = 'drop', url = true): Part[] {
	return layoutTemplate(DIALECTS.mustache.tokenize(template), {
		template,
		encoding: 'rfc3986',
		missing,
		url,
		slots: {
			dialect: DIALECTS.mustache,
			filterMap: new Map(),
			constants: new Map(),
			now: Date.now,
		},
	}).parts;
}

/** Parts as a compact string: literal text, `$` a value, `[?` `[&` `[` a pair start, `]` query end. */
function shape(list: Part[]): string {
	return list
		.map((p) =>
			p.kind === 'lit' ? p.text : p.kind === 'val' ? '$' : p.kind === 'sep' ? `[${p.ch}` : ']',
		)
		.join('|');
}

describe('URL-state machine transitions', () => {
	it.each([
		// scheme → authority → path (on /, \, ?, #) → query (?) → pairs (&) → fragment (#)
		['https://x.example/p?a={{a}}&b=1#f', 'https://x.example/p|[?|a=|$|[&|b=1|]|#f'],
		['https://x.example?a={{a}}', 'https://x.example|[?|a=|$|]'],
		['https://x.example#{{a}}?b&c', 'https://x.example#|$|?b&c'],
		['https://x.example\\p?a&b', 'https://x.example\\p|[?|a|[&|b|]'],
		['https://x.example/p#a?b&c', 'https://x.example/p#a?b&c'],
		['https://x.example', 'https://x.example'],
		['https://x.example/a&b', 'https://x.example/a&b'],
		['https://x.example/?a=1?b&c#d#e', 'https://x.example/|[?|a=1?b|[&|c|]|#d#e'],
	])('%s', (template, expected) => {
		expect(shape(parts(template))).toBe(expected);
	});

	it('marks no pairs unless the drop policy needs them', () => {
		expect(shape(parts('https://x.example/p?a={{a}}&b=1#f', 'empty'))).toBe(
			'https://x.example/p?a=|$|&b=1#f',
		);
	});

	it('a form body starts in the query: the first pair has no separator, # is literal', () => {
		expect(shape(parts('a={{a}}&b=#{{b}}', 'drop', false))).toBe('[|a=|$|[&|b=#|$|]');
		expect(shape(parts('a={{a}}&b=1', 'empty', false))).toBe('a=|$|&b=1');
	});

	it.each([
		[
			'{{a}}://x.example/',
			/must start with http:\/\/ or https:\/\/ \(literal text or a constant\), not with \{\{a\}\}/,
		],
		['https:/{{a}}/x', /not with \{\{a\}\}/],
		['https://', /"https:\/\/" is not a valid http\(s\) scheme and host/],
		['https://x.example:{{port}}/', /inside the URL's scheme or host/],
		['https://x y/', /not a valid http\(s\) scheme and host/],
		['https:x.example/', /must start with http:\/\/ or https:\/\/ \(line 1, column 1\)/],
		['gopher://x.example/', /must start with http:\/\/ or https:\/\/ \(line 1, column 1\)/],
	])('refuses %j', (template, message) => {
		expect(() => parts(template)).toThrow(TemplateSyntaxError);
		expect(() => parts(template)).toThrow(message);
	});
});

// --- properties -------------------------------------------------------------------------------

const ENCODINGS: ValueEncoding[] = ['rfc3986', 'component', 'form', 'none'];
const PERCENT: ValueEncoding[] = ['rfc3986', 'component', 'form'];

const value = fc.option(fc.string({ unit: 'binary', maxLength: 12 }), { nil: undefined });
const values = fc.record({ v: value, w: value });
const hostText = fc.string({
	unit: fc.constantFrom('a', 'x', '1', '.', '-', ':', '8', '@', '%', '[', ']'),
	maxLength: 10,
});
const literalText = fc.string({
	unit: fc.constantFrom('/', '\\', '?', '#', '&', '=', 'a', '.', ':', '@', '%', ' ', '+'),
	maxLength: 5,
});
/** A URL template of random shape: a scheme, some host text, then literals and macros mixed. */
const urlTemplate = fc
	.tuple(
		fc.constantFrom('https://', 'http://', 'HTTPS://'),
		hostText,
		fc.array(fc.oneof(literalText, fc.constantFrom('{{v}}', '{{{w}}}')), { maxLength: 6 }),
	)
	.map(([scheme, host, rest]) => scheme + host + rest.join(''));

/** Where the authority ends: the first `/ \ ? #` after the scheme. */
function authorityEnd(template: string): number {
	const end = template.slice(template.indexOf('//') + 2).search(/[/\\?#]/);
	return end < 0 ? template.length : template.indexOf('//') + 2 + end;
}

describe('URL-state machine properties', () => {
	it('a macro before the authority ends is refused; otherwise the origin is the literal prefix', () => {
		fc.assert(
			fc.property(urlTemplate, (template) => {
				const end = authorityEnd(template);
				const macroInOrigin = template.slice(0, end).includes('{{');
				let origin: string | undefined;
				try {
					origin = compileTemplate(template).origin;
				} catch (error) {
					if (!(error instanceof TemplateSyntaxError)) throw error;
					// Refused: a macro in the origin, or a literal origin that is not a valid host.
					return macroInOrigin || /not a valid http\(s\) scheme and host/.test(error.message);
				}
				return !macroInOrigin && origin === template.slice(0, end);
			}),
			{ numRuns: 500 },
		);
	});

	it('no value changes scheme, host or port, in any encoding or missing-value policy', () => {
		fc.assert(
			fc.property(
				urlTemplate,
				fc.constantFrom(...ENCODINGS),
				fc.constantFrom<MissingPolicy>('empty', 'drop', 'keep'),
				values,
				(template, encoding, missing, vals) => {
					let origin: string | undefined;
					try {
						origin = compileTemplate(template, { encoding, missing }).origin;
					} catch {
						return true; // refused at compile time (the property above says when)
					}
					const expected = new URL(`${origin}/`).origin;
					let rendered: string;
					try {
						rendered = render(template, vals, { encoding, missing }).text;
					} catch (error) {
						return error instanceof MacroValueError; // raw control characters
					}
					if (!rendered.startsWith(origin as string)) return false;
					try {
						return new URL(rendered).origin === expected;
					} catch {
						// raw values may make an unparsable URL (refused later), never another origin
						return encoding === 'none';
					}
				},
			),
			{ numRuns: 800 },
		);
	});

	const key = fc.string({
		unit: fc.constantFrom('a', 'b', 'k', '_', '1'),
		minLength: 1,
		maxLength: 3,
	});
	const query = fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 4 });

	it('in a percent encoding no value adds, removes or renames a query parameter', () => {
		fc.assert(
			fc.property(query, fc.constantFrom(...PERCENT), value, (pairs, encoding, fragment) => {
				const template =
					'https://x.example/p?' + pairs.map(([k], i) => `${k}={{v${i}}}`).join('&') + '#{{f}}';
				const vals: Record<string, string | undefined> = { f: fragment };
				pairs.forEach(([, v], i) => (vals[`v${i}`] = v));
				const url = new URL(render(template, vals, { encoding }).text);
				const got = [...url.searchParams];
				const want = pairs.map(([k, v]) => [k, v ?? '']);
				return url.origin === 'https://x.example' && JSON.stringify(got) === JSON.stringify(want);
			}),
			{ numRuns: 500 },
		);
	});

	it('with the drop policy only the pairs of missing values go, in a URL or a form body', () => {
		fc.assert(
			fc.property(query, fc.boolean(), (pairs, url) => {
				const head = url ? 'https://x.example/p?' : '';
				const template = head + pairs.map(([k], i) => `${k}={{v${i}}}`).join('&');
				const vals: Record<string, string | undefined> = {};
				pairs.forEach(([, v], i) => (vals[`v${i}`] = v));
				const out = render(template, vals, {
					encoding: 'form',
					missing: 'drop',
					url,
				}).text;
				const search = url ? new URL(out).search : out;
				const got = [...new URLSearchParams(search)];
				const want = pairs
					.filter(([, v]) => v !== undefined && v !== '')
					.map(([k, v]) => [k, v as string]);
				return JSON.stringify(got) === JSON.stringify(want);
			}),
			{ numRuns: 300 },
		);
	});
});
