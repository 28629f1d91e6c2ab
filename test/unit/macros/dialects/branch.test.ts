// Branch FreeMarker subset (help.branch.io "Postback Macros & Functions", mirrored in
// github.com/dweekly/docs pages/resources/postback-macros-and-functions.md).
import { compileTemplate, TemplateSyntaxError } from '../../../../lib/macros';
import { render, text } from '../helpers';

const branch = { syntax: 'branch' as const };
const now = Date.UTC(2024, 0, 2, 15, 4, 5, 67);

describe('branch dialect: values', () => {
	it('${(path)!} prints nested values, encoded once', () => {
		const values = {
			name: 'PURCHASE',
			user_data: { aaid: 'a-1', os: 'ANDROID' },
			last_attributed_touch_data: { '~campaign': 'Summer & Sun', '~tune_publisher_id': '77' },
			content_items: [{ $sku: 'SKU 1' }],
		};
		expect(
			text(
				'https://x.example/?e=${(name)!}&aaid=${(user_data.aaid)!}&c=${(last_attributed_touch_data.~campaign)!}' +
					'&p=${(last_attributed_touch_data["~tune_publisher_id"])!}&sku=${(content_items[0].$sku)!}',
				values,
				branch,
			),
		).toBe('https://x.example/?e=PURCHASE&aaid=a-1&c=Summer%20%26%20Sun&p=77&sku=SKU%201');
	});

	it('${(x)!"default"} supplies a default; ${(x)!} is empty and reported missing', () => {
		const r = render('https://x.example/?a=${(a)!"none"}&b=${(b)!}', {}, branch);
		expect(r.text).toBe('https://x.example/?a=none&b=');
		expect(r.missing).toEqual(['b']);
	});

	it('built-ins ?lower_case ?upper_case ?trim ?long and .now', () => {
		const r = render(
			'https://x.example/?os=${(user_data.os)!?lower_case}&ts=${.now?long}&n=${.now}',
			{ user_data: { os: 'IOS' } },
			{ ...branch, now: () => now },
		);
		expect(r.text).toBe(
			'https://x.example/?os=ios&ts=1704207845067&n=2024-01-02T15%3A04%3A05.067Z',
		);
	});

	it('maps Branch paths onto the canonical event', () => {
		const event = {
			advertising_id: 'gaid',
			campaign_name: 'C 1',
			event_name: 'install',
			event_time: '2024-01-02T15:04:05.067Z',
		};
		expect(
			text(
				'https://x.example/?a=${(user_data.aaid)!}&c=${(last_attributed_touch_data.~campaign)!}&e=${(name)!}&t=${(event_timestamp)!}',
				event,
				branch,
			),
		).toBe('https://x.example/?a=gaid&c=C%201&e=install&t=1704207845067');
	});
});

describe('branch dialect: conditionals', () => {
	it('<#if attributed>1<#else>0</#if>', () => {
		const t = 'https://x.example/?attr=<#if attributed>1<#else>0</#if>';
		expect(text(t, { attributed: true }, branch)).toBe('https://x.example/?attr=1');
		expect(text(t, { attributed: false }, branch)).toBe('https://x.example/?attr=0');
		expect(text(t, {}, branch)).toBe('https://x.example/?attr=0');
	});

	it('<#elseif> chains and comparisons (getPlatformAsInt)', () => {
		const t =
			'https://x.example/?p=<#if user_data.os == "IOS">0<#elseif user_data.os == "ANDROID">1<#elseif user_data.os == "WINDOWS">2<#else>null</#if>';
		expect(text(t, { user_data: { os: 'IOS' } }, branch)).toBe('https://x.example/?p=0');
		expect(text(t, { user_data: { os: 'ANDROID' } }, branch)).toBe('https://x.example/?p=1');
		expect(text(t, {}, branch)).toBe('https://x.example/?p=null');
	});

	it('(x)! == "…", !=, !, &&, || and ?? with parentheses', () => {
		const t =
			'https://x.example/?a=<#if (last_attributed_touch_data["~tune_publisher_id"])! == "77">1<#else>0</#if>' +
			'&b=<#if !(x)?? && (y == "1" || y == 2)>yes<#else>no</#if>&c=<#if z != "a">ne<#else>eq</#if>';
		expect(
			text(t, { last_attributed_touch_data: { '~tune_publisher_id': '77' }, y: 2, z: 'a' }, branch),
		).toBe('https://x.example/?a=1&b=yes&c=eq');
		expect(text(t, { x: 1, y: '1' }, branch)).toBe('https://x.example/?a=0&b=no&c=ne');
	});

	it('values inside a branch are encoded like any value', () => {
		expect(
			text('https://x.example/?a=<#if f>${(v)!}<#else>-</#if>', { f: 1, v: 'a b' }, branch),
		).toBe('https://x.example/?a=a%20b');
	});
});

describe('branch dialect: function tags encode once', () => {
	it('<@urlencode> around a value does not double-encode in a URL', () => {
		expect(
			text('https://x.example/?c=<@urlencode>${(c)!}</@urlencode>', { c: 'a b&c' }, branch),
		).toBe('https://x.example/?c=a%20b%26c');
	});

	it('<@urlencode> encodes its whole content, literal text included, once', () => {
		expect(
			text(
				'https://x.example/?c=<@urlencode>${(a)!} ${(b)!}</@urlencode>',
				{ a: 'x', b: 'y&z' },
				branch,
			),
		).toBe('https://x.example/?c=x%20y%26z');
	});

	it('in a JSON body (no encoding context) <@urlencode> really encodes, nested ones do not again', () => {
		const out = text(
			'{"u":"<@urlencode><@urlencode>${(a)!}</@urlencode></@urlencode>"}',
			{ a: 'x y' },
			{
				...branch,
				encoding: 'json',
			},
		);
		expect(JSON.parse(out)).toEqual({ u: 'x%20y' });
	});

	it('TUNE compatibility: <@urlencode><@dateformat output_date_format="TIMESTAMP_SECONDS">${.now}</@dateformat></@urlencode>', () => {
		expect(
			text(
				'https://x.example/?ts=<@urlencode><@dateformat output_date_format="TIMESTAMP_SECONDS">${.now}</@dateformat></@urlencode>&d=<@dateformat output_date_format="yyyy-MM-dd HH:mm:ss">${(t)!}</@dateformat>',
				{ t: 1704207845067 },
				{ ...branch, now: () => now },
			),
		).toBe('https://x.example/?ts=1704207845&d=2024-01-02%2015%3A04%3A05');
	});

	it('hashing, case and other helpers', () => {
		expect(
			text(
				'https://x.example/?h=<@sha256><@lower>${(i)!}</@lower></@sha256>&u=<@upper>${(i)!}</@upper>&b=<@base64>${(i)!}</@base64>&f=<@firstNotEmpty>${(a)!}|${(b)!}</@firstNotEmpty>&t=<@ternary>${(os)!}|IOS|0|1</@ternary>&iso=<@iso8601UTCDate>${(t)!}</@iso8601UTCDate>',
				{ i: 'AbC', b: 'second', os: 'IOS', t: 1704207845067 },
				branch,
			),
		).toBe(
			'https://x.example/?h=ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad&u=ABC&b=QWJD&f=second&t=0&iso=2024-01-02T15%3A04%3A05.000Z',
		);
	});

	it('a tag with no value is missing as a whole (policy applies to the tag)', () => {
		const r = render(
			'https://x.example/?h=<@sha256>${(i)!}</@sha256>&z=1',
			{},
			{ ...branch, missing: 'drop' },
		);
		expect(r.text).toBe('https://x.example/?z=1');
		expect(r.missing).toEqual(['i']);
		expect(
			render('https://x.example/?h=<@md5>${(i)!}</@md5>', {}, { ...branch, missing: 'keep' }).text,
		).toBe('https://x.example/?h=<@md5>${(i)!}</@md5>');
	});
});

describe('branch dialect: errors', () => {
	const compileError = (template: string) => {
		try {
			compileTemplate(template, branch);
		} catch (error) {
			return error as TemplateSyntaxError;
		}
		throw new Error('expected a TemplateSyntaxError');
	};

	it.each([
		'<#list items as i>${i}</#list>',
		'<#include "x">',
		'<#assign x = 1>',
		'<#macro m></#macro>',
	])('refuses the FreeMarker directive in %s', (tpl) => {
		const error = compileError('https://x.example/?a=' + tpl);
		expect(error).toBeInstanceOf(TemplateSyntaxError);
		expect(error.message).toMatch(/Unknown or unsupported FreeMarker directive/);
		expect(error.position.offset).toBe('https://x.example/?a='.length);
	});

	it.each([
		['<@loop data=x val="y">a</@loop>', /Unsupported Branch function/],
		['<#if a>x', /Unclosed "<#if>"/],
		['<@md5>x', /Unclosed "<@md5>"/],
		['</#if>', /without an open <#if>/],
		['<#else>', /without an open <#if>/],
		['<@md5>x</@sha1>', /does not close/],
		['${(a)!', /Unclosed "\$\{"/],
		['${a?substring(2)}', /Unsupported FreeMarker built-in/],
		['<@dateformat>x</@dateformat>', /output_date_format/],
	])('%s → %p', (tpl, message) => {
		expect(compileError('https://x.example/?a=' + tpl).message).toMatch(message);
	});
});
