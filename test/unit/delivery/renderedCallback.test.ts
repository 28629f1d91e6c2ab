import { InvalidCallbackError, InvalidRequestError } from '../../../lib/delivery/errors';
import { requestFromCallback } from '../../../lib/delivery/renderedCallback';
import { caught } from './caught';

const refusal = (value: unknown, name?: string) =>
	caught(() => requestFromCallback(value, name), InvalidCallbackError);

describe('requestFromCallback', () => {
	it('returns the request of a rendered callback and ignores what rendering added', () => {
		expect(
			requestFromCallback({
				url: 'https://x.example/p',
				method: 'post',
				headers: { 'X-A': 'a', 'X-N': 2, 'X-B': true, 'X-Skip': null },
				body: 'a=1',
				missing: ['m'],
				template: 'acme',
			}),
		).toEqual({
			url: 'https://x.example/p',
			method: 'POST',
			headers: { 'X-A': 'a', 'X-N': '2', 'X-B': 'true' },
			body: 'a=1',
		});
	});

	it('leaves method, headers and body out when absent (the engine then picks GET or POST)', () => {
		expect(requestFromCallback({ url: 'https://x.example/', method: '', body: '' })).toEqual({
			url: 'https://x.example/',
			headers: {},
			body: undefined,
		});
	});

	it('sends an object body as JSON, with a JSON Content-Type unless one is set', () => {
		expect(requestFromCallback({ url: 'https://x.example/', body: { a: [1] } })).toMatchObject({
			body: '{"a":[1]}',
			headers: { 'content-type': 'application/json' },
		});
		expect(
			requestFromCallback({ url: 'u', headers: { 'Content-Type': 'text/x' }, body: { a: 1 } })
				.headers,
		).toEqual({ 'Content-Type': 'text/x' });
	});

	it.each([
		[undefined, 'callback', 'callback must be an object with url, method, headers, body'],
		[
			['https://x.example/'],
			'callback',
			'callback must be an object with url, method, headers, body',
		],
		[{ url: 42 }, 'callback.url', 'callback.url must be a string'],
		[
			{ url: 'u', method: 'HEAD' },
			'callback.method',
			'callback.method must be one of GET, POST, PUT, PATCH, DELETE',
		],
		[
			{ url: 'u', method: 7 },
			'callback.method',
			'callback.method must be one of GET, POST, PUT, PATCH, DELETE',
		],
		[
			{ url: 'u', headers: 'X-A: b' },
			'callback.headers',
			'callback.headers must be an object of header name → value',
		],
		[
			{ url: 'u', headers: { 'X Bad': 'v' } },
			'callback.headers["X Bad"]',
			'callback.headers["X Bad"] is not a valid header name',
		],
		[
			{ url: 'u', headers: { 'X-A': 'a\r\nb' } },
			'callback.headers["X-A"]',
			'callback.headers["X-A"] contains CR, LF or NUL',
		],
		[
			{ url: 'u', headers: { 'X-A': { b: 1 } } },
			'callback.headers["X-A"]',
			'callback.headers["X-A"] must be text, a number or a boolean',
		],
	])('refuses %j, naming %s', (value, field, message) => {
		const error = refusal(value);
		expect(error).toBeInstanceOf(InvalidRequestError);
		expect(error.code).toBe('invalid_request');
		expect(error.field).toBe(field);
		expect(error.message).toBe(message);
	});

	it('names the value as the caller calls it', () => {
		expect(refusal({ url: 'u', method: 'X' }, 'render.request').message).toBe(
			'render.request.method must be one of GET, POST, PUT, PATCH, DELETE',
		);
	});

	it('never quotes a header value', () => {
		expect(refusal({ url: 'u', headers: { 'X-Key': 'secret\n' } }).message).not.toContain('secret');
	});
});
