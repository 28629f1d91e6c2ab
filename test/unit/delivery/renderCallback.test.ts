import { CallbackRenderError } from '../../../lib/delivery/errors';
import { createCallbackRenderer, renderCallback } from '../../../lib/delivery/renderCallback';
import { requestFromCallback } from '../../../lib/delivery/renderedCallback';
import { prepareRequest } from '../../../lib/delivery/request';
import { TemplateCache } from '../../../lib/delivery/templateCache';
import * as macros from '../../../lib/macros';
import { caught } from './caught';

const renderError = (run: () => unknown) => caught(run, CallbackRenderError);

describe('renderCallback', () => {
	it('renders URL, headers and body into a RenderedCallback', () => {
		const callback = renderCallback(
			{
				url: ' https://net.example/pb?c={{click_id}}&r={{revenue}} ',
				method: 'post',
				headers: { 'X-Event': '{{event}}' },
				body: '{"c":"{{click_id}}","n":{{count}}}',
				bodyKind: 'json',
				id: 'acme',
			},
			{ click_id: 'a b', revenue: 1.5, event: 'install', count: 2 },
		);
		expect(callback).toEqual({
			url: 'https://net.example/pb?c=a%20b&r=1.5',
			method: 'POST',
			headers: { 'X-Event': 'install', 'content-type': 'application/json' },
			body: '{"c":"a b","n":2}',
			missing: [],
			template: { id: 'acme', dialect: 'mustache' },
		});
		// Keys in the order Render Callback has always written them.
		expect(Object.keys(callback)).toEqual([
			'url',
			'method',
			'headers',
			'body',
			'missing',
			'template',
		]);
	});

	it('defaults to GET without a body, and lists missing and unknown macros once', () => {
		const callback = renderCallback(
			{
				url: 'https://net.example/pb?a={{a}}&b={{b}}&a2={{a}}',
				headers: [{ name: 'X-B', value: '{{b}}' }],
			},
			{},
		);
		expect(callback.method).toBe('GET');
		expect(callback).not.toHaveProperty('body');
		expect(callback.missing).toEqual(['a', 'b']);
		expect(callback.unknown).toEqual(['a', 'b']);
	});

	it('keeps a Content-Type given in any case, and defaults it from the body kind otherwise', () => {
		const given = renderCallback(
			{
				url: 'https://x.example/',
				headers: { 'Content-Type': 'text/csv' },
				body: 'a',
				bodyKind: 'text',
			},
			{},
		);
		expect(given.headers).toEqual({ 'Content-Type': 'text/csv' });
		const form = renderCallback(
			{ url: 'https://x.example/', body: 'a={{a}}', bodyKind: 'form' },
			{ a: 'x y' },
		);
		expect(form).toMatchObject({
			body: 'a=x+y',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
		});
		const text = renderCallback({ url: 'https://x.example/', body: 'hi' }, {});
		expect(text.headers).toEqual({ 'content-type': 'text/plain; charset=utf-8' });
	});

	it('produces what Send Postback accepts and the engine can prepare', () => {
		const callback = renderCallback(
			{
				url: 'https://x.example/p?c={{c}}',
				method: 'POST',
				body: '{"c":"{{c}}"}',
				bodyKind: 'json',
			},
			{ c: 'é' },
		);
		const request = requestFromCallback(JSON.parse(JSON.stringify(callback)));
		expect(request).toEqual({
			url: callback.url,
			method: 'POST',
			headers: callback.headers,
			body: callback.body,
		});
		expect(prepareRequest(request).path).toBe('/p?c=%C3%A9');
	});

	it.each([
		[{ url: '  ' }, /^The URL Template is empty$/],
		[{ url: 'https://x.example/{{#a}}' }, /^The URL Template is not a valid template: /],
		[{ url: 'https://x.example/', headers: { 'X Bad': 'v' } }, /^Invalid header name "X Bad"$/],
		[
			{ url: 'https://x.example/', body: '{"a":{{a}}}', bodyKind: 'json' as const },
			/^The rendered JSON body is not valid JSON: /,
		],
		[
			{ url: 'https://x.example/', method: 'HEAD' },
			/^Method HEAD is not one of GET, POST, PUT, PATCH, DELETE$/,
		],
	])('refuses %j with a CallbackRenderError that says how to fix it', (template, message) => {
		const error = renderError(() => renderCallback(template, { a: 'x' }));
		expect(error.message).toMatch(message);
		expect(error.description.length).toBeGreaterThan(0);
		expect(error.code).toBe('render_failed');
	});

	it('refuses a value a macro cannot take, naming where it is used', () => {
		const header = renderError(() =>
			renderCallback({ url: 'https://x.example/', headers: { 'X-N': '{{n}}' } }, { n: 'a\r\nb' }),
		);
		expect(header.message).toMatch(/\(in the header "X-N"\)$/);
		expect(header.description).toMatch(/^Fix the value upstream/);
		const url = renderError(() =>
			renderCallback(
				{ url: 'https://x.example/?a={{{a}}}', urlEncoding: 'none' },
				{ a: 'b\u0001' },
			),
		);
		expect(url.message).toMatch(/\(in the URL Template\)$/);
	});
});

describe('createCallbackRenderer', () => {
	it('compiles each distinct template text once', () => {
		const compile = jest.spyOn(macros, 'compileTemplate');
		try {
			const render = createCallbackRenderer({ id: 'p', syntax: 'adjust' });
			for (const value of ['1', '2', '3']) {
				const callback = render({ url: 'https://x.example/?v={value}' }, { value });
				expect(callback.template).toEqual({ id: 'p', dialect: 'adjust' });
			}
			expect(compile).toHaveBeenCalledTimes(1);
		} finally {
			compile.mockRestore();
		}
	});

	it('gives each callback its own template object', () => {
		const render = createCallbackRenderer();
		const a = render({ url: 'https://x.example/' }, {});
		const b = render({ url: 'https://x.example/' }, {});
		expect(a.template).toEqual(b.template);
		expect(a.template).not.toBe(b.template);
	});
});

describe('TemplateCache', () => {
	it('remembers a syntax error and reports it each time, naming where', () => {
		const cache = new TemplateCache({ syntax: 'mustache' });
		for (let i = 0; i < 2; i++) {
			const error = renderError(() => cache.get('Body Template', '{{#a}}', 'json', false));
			expect(error.message).toMatch(/^The Body Template is not a valid template: /);
			expect(error.description).toMatch(/^Near: …/);
		}
	});

	it('keys entries by where they are used as well as their text', () => {
		const cache = new TemplateCache({});
		const url = cache.get('URL Template', 'https://x.example/{{a}}', 'rfc3986', true);
		expect(cache.get('URL Template', 'https://x.example/{{a}}', 'rfc3986', true)).toBe(url);
		expect(cache.get('Body Template', 'https://x.example/{{a}}', 'json', false)).not.toBe(url);
	});
});
