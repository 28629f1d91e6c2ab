import { createHash } from 'node:crypto';
import {
	applyFilters,
	createFilter,
	FILTER_NAMES,
	splitFilterChain,
} from '../../../lib/macros/filters';

const run = (value: unknown, ...specs: string[]) => applyFilters(value, specs.map(createFilter));

describe('filters', () => {
	it('lists every filter it accepts', () => {
		expect(FILTER_NAMES).toEqual(
			expect.arrayContaining([
				'default',
				'lower',
				'upper',
				'trim',
				'sha256',
				'md5',
				'round',
				'unix',
				'unix_ms',
				'iso',
				'date',
			]),
		);
	});

	it('default applies to missing values only', () => {
		expect(run(undefined, 'default:n/a')).toBe('n/a');
		expect(run(null, 'default:"a|b"')).toBe('a|b');
		expect(run('', "default:'x'")).toBe('x');
		expect(run('set', 'default:n/a')).toBe('set');
		expect(run(0, 'default:n/a')).toBe(0);
	});

	it('other filters pass a missing value through untouched', () => {
		expect(run(undefined, 'upper', 'sha256')).toBeUndefined();
		expect(run(undefined, 'upper', 'default:none')).toBe('none');
	});

	it('lower, upper, trim', () => {
		expect(run(' AbC ', 'trim', 'lower')).toBe('abc');
		expect(run('ios', 'upper')).toBe('IOS');
	});

	it('hashes to lower-case hex of the UTF-8 text (hashed device ids)', () => {
		const idfa = '6D92078A-8246-4BA4-AE5B-76104861E7DC';
		expect(run(idfa, 'lower', 'sha256')).toBe(
			createHash('sha256').update(idfa.toLowerCase()).digest('hex'),
		);
		expect(run('abc', 'md5')).toBe('900150983cd24fb0d6963f7d28e17f72');
		expect(run('abc', 'sha1')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
	});

	it('rounds numbers and numeric strings', () => {
		expect(run(3.14159, 'round:2')).toBe(3.14);
		expect(run('2.5', 'round')).toBe(3);
		expect(run(3, 'fixed:2')).toBe('3.00');
		expect(run('abc', 'round:2')).toBeUndefined();
		expect(run(true, 'int')).toBe(1);
		expect(run('7.9', 'int')).toBe(7);
	});

	it('formats dates from ISO strings, seconds and milliseconds', () => {
		expect(run('2024-01-02T15:04:05.067Z', 'unix')).toBe(1704207845);
		expect(run(1704207845, 'unix_ms')).toBe(1704207845000);
		expect(run(1704207845067, 'iso')).toBe('2024-01-02T15:04:05.067Z');
		expect(run('2024-01-02T15:04:05Z', 'date:yyyy/MM/dd')).toBe('2024/01/02');
		expect(run('not a date', 'unix')).toBeUndefined();
	});

	it('json yields a complete JSON value, null when missing', () => {
		expect(run('a"b', 'json')).toBe('"a\\"b"');
		expect(run(undefined, 'json')).toBe('null');
		expect(run({ a: 1 }, 'json')).toBe('{"a":1}');
	});

	it("slack escapes Slack's three control characters and nothing else", () => {
		expect(run('<!here> & <@U1|x>', 'slack')).toBe('&lt;!here&gt; &amp; &lt;@U1|x&gt;');
		expect(run('*bold* _it_ `code` "q"', 'slack')).toBe('*bold* _it_ `code` "q"');
		expect(run('&amp;', 'slack')).toBe('&amp;amp;');
		expect(run(42, 'slack')).toBe('42');
		expect(run(undefined, 'slack')).toBeUndefined();
		expect(run(undefined, 'default:<none>', 'slack')).toBe('&lt;none&gt;');
	});

	it('Branch helpers: base64, alphanumeric, truncate, urldecode, first_not_empty, ternary', () => {
		expect(run('hi', 'base64')).toBe('aGk=');
		expect(run('a-b_c 1!', 'alphanumeric')).toBe('abc1');
		expect(run('x'.repeat(50), 'truncate')).toBe('x'.repeat(40));
		expect(run('a%20b+c', 'urldecode')).toBe('a b c');
		expect(run('%E0%A4%A', 'urldecode')).toBe('%E0%A4%A');
		expect(run(' | |b|c', 'first_not_empty')).toBe('b');
		expect(run('IOS|IOS|0|1', 'ternary')).toBe('0');
		expect(run('a|b|0|1', 'ternary')).toBe('1');
	});

	it('rejects unknown filters and bad arguments', () => {
		expect(() => createFilter('nope')).toThrow(/unknown filter "nope"/);
		expect(() => createFilter('round:x')).toThrow(/whole number/);
		expect(() => createFilter('date')).toThrow(/pattern/);
	});

	it('splits chains on | outside quotes', () => {
		expect(splitFilterChain('lower|default:"a|b"|sha256')).toEqual([
			'lower',
			'default:"a|b"',
			'sha256',
		]);
	});
});
