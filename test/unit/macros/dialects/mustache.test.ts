// Mustache `{{name}}` (default) and Tenjin, whose callback macros use the same syntax
// (docs.tenjin.com "Callback macros"; Bubbleye's published Tenjin install template).
import { compileTemplate, TemplateSyntaxError } from '../../../../lib/macros';
import { render, text } from '../helpers';

describe('mustache dialect', () => {
	it('substitutes {{name}} and {{ name }} with encoding', () => {
		expect(text('https://x.example/?a={{a}}&b={{ b }}', { a: 'x y', b: 'é' })).toBe(
			'https://x.example/?a=x%20y&b=%C3%A9',
		);
	});

	it('{{{name}}} and {{& name}} insert raw; {{! comment }} disappears', () => {
		expect(
			text('https://x.example/?{{{q}}}&b={{& b}}{{! note }}', { q: 'a=1&c=2', b: 'x/y' }),
		).toBe('https://x.example/?a=1&c=2&b=x/y');
	});

	it('reports an unclosed {{ with line and column', () => {
		let error: unknown;
		try {
			compileTemplate('https://x.example/?a=1\n&b={{b');
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(TemplateSyntaxError);
		expect((error as TemplateSyntaxError).message).toMatch(/Unclosed "\{\{".*line 2, column 4/);
		expect((error as TemplateSyntaxError).position).toEqual({ offset: 26, line: 2, column: 4 });
	});

	it.each(['{{#list}}x{{/list}}', '{{^a}}', '{{> partial}}', '{{=<% %>=}}'])(
		'refuses %s',
		(tpl) => {
			expect(() => compileTemplate(tpl, { url: false })).toThrow(/not supported/);
		},
	);

	it.each(['{{}}', '{{ }}', '{{a b}}'])('refuses the malformed macro %s', (tpl) => {
		expect(() => compileTemplate(tpl, { url: false })).toThrow(TemplateSyntaxError);
	});
});

describe('tenjin dialect', () => {
	const bubbleye =
		'https://log.bubbleye.com/install?t=tj&c={{campaign_name}}&pub_id={{site_id}}&click_id={{click_id}}' +
		'&t_ifa={{advertising_id}}&adv={{store_id}}&t_ip={{ip_address}}&t_osv={{os_version}}' +
		'&t_country={{country}}&t_created_at={{acquired_at_ms}}&t_os={{platform}}';

	it("renders Bubbleye's Tenjin install callback from Tenjin-named values", () => {
		const values = {
			campaign_name: 'Spring Sale',
			site_id: 'pub 7',
			click_id: 'abc',
			advertising_id: '6D92078A-8246-4BA4-AE5B-76104861E7DC',
			store_id: 'com.example.app',
			ip_address: '203.0.113.9',
			os_version: '17.2',
			country: 'US',
			acquired_at_ms: 1704207845067,
			platform: 'ios',
		};
		expect(text(bubbleye, values, { syntax: 'tenjin' })).toBe(
			'https://log.bubbleye.com/install?t=tj&c=Spring%20Sale&pub_id=pub%207&click_id=abc' +
				'&t_ifa=6D92078A-8246-4BA4-AE5B-76104861E7DC&adv=com.example.app&t_ip=203.0.113.9&t_osv=17.2' +
				'&t_country=US&t_created_at=1704207845067&t_os=ios',
		);
	});

	it('renders the same template from a canonical event through the Tenjin aliases', () => {
		const event = {
			campaign_name: 'Spring Sale',
			ip: '203.0.113.9',
			app_id: 'com.example.app',
			install_time: '2024-01-02T15:04:05.067Z',
		};
		const r = render(bubbleye, event, { syntax: 'tenjin' });
		expect(r.text).toContain('&adv=com.example.app&t_ip=203.0.113.9&');
		expect(r.text).toContain('&t_created_at=1704207845067&');
		expect(r.missing).toEqual([
			'site_id',
			'click_id',
			'advertising_id',
			'os_version',
			'country',
			'platform',
		]);
	});
});
