import fc from 'fast-check';

import { InvalidRequestError } from '../../../lib/delivery/errors';
import { prepareRequest, setHeader } from '../../../lib/delivery/request';

describe('prepareRequest', () => {
	it('splits the URL into origin and path+query, dropping the fragment', () => {
		expect(prepareRequest({ url: 'https://Partner.Example:8443/p/b?click=1&x=%20#frag' })).toEqual({
			origin: 'https://partner.example:8443',
			path: '/p/b?click=1&x=%20',
			method: 'GET',
			headers: {},
			body: undefined,
		});
		expect(prepareRequest({ url: 'http://[::1]:3000' }).origin).toBe('http://[::1]:3000');
	});

	it('defaults to POST with a body, GET without; an empty body is no body', () => {
		expect(prepareRequest({ url: 'https://a.test/', body: '{}' }).method).toBe('POST');
		expect(prepareRequest({ url: 'https://a.test/', body: '' })).toMatchObject({
			method: 'GET',
			body: undefined,
		});
		expect(prepareRequest({ url: 'https://a.test/', method: 'put', body: 'x' }).method).toBe('PUT');
	});

	it.each([
		['CR LF (header injection)', 'https://a.test/?x=1\r\nHost: evil'],
		['LF', 'https://a.test/\n'],
		['TAB', 'https://a.test/\tx'],
		['NUL', 'https://a.test/\0'],
		['DEL', 'https://a.test/\u007f'],
	])('refuses a URL with %s before parsing it', (_, url) => {
		expect(() => prepareRequest({ url })).toThrow(/control character/);
	});

	it('refuses any URL containing a C0 control character', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 0x1f }), fc.nat(20), (code, at) => {
				const base = 'https://partner.test/path?q=1';
				const position = Math.min(at, base.length);
				const url = base.slice(0, position) + String.fromCharCode(code) + base.slice(position);
				try {
					prepareRequest({ url });
					return false;
				} catch (error) {
					return error instanceof InvalidRequestError;
				}
			}),
		);
	});

	it.each([
		['', /empty/],
		['/relative', /not a valid absolute URL/],
		['ftp://a.test/', /Only http and https/],
		['file:///etc/passwd', /Only http and https/],
		['https://user:pass@a.test/', /user:password/],
	])('refuses %j', (url, message) => {
		expect(() => prepareRequest({ url })).toThrow(message);
	});

	it('refuses methods outside GET, POST, PUT, PATCH, DELETE', () => {
		expect(() => prepareRequest({ url: 'https://a.test/', method: 'CONNECT' as never })).toThrow(
			/Method CONNECT/,
		);
	});

	it('lower-cases header names, stringifies values, drops undefined and content-length', () => {
		expect(
			prepareRequest({
				url: 'https://a.test/',
				headers: {
					'Content-Type': 'application/json',
					'X-Count': 3,
					'X-None': undefined,
					'Content-Length': '99',
				},
			}).headers,
		).toEqual({ 'content-type': 'application/json', 'x-count': '3' });
	});

	it.each([
		[{ 'X-A': 'v\r\nSet-Cookie: a=b' }, /CR, LF or NUL/],
		[{ 'X-A': 'v\0' }, /CR, LF or NUL/],
		[{ 'Bad Name': 'v' }, /not a valid token/],
		[{ 'Transfer-Encoding': 'chunked' }, /managed by the connection/],
		[{ Connection: 'close' }, /managed by the connection/],
	])('refuses headers %j', (headers, message) => {
		expect(() => prepareRequest({ url: 'https://a.test/', headers })).toThrow(message);
	});

	it('setHeader refuses CR/LF in the value', () => {
		const request = prepareRequest({ url: 'https://a.test/' });
		expect(setHeader(request, 'Idempotency-Key', 'k').headers).toEqual({ 'idempotency-key': 'k' });
		expect(() => setHeader(request, 'Idempotency-Key', 'k\r\nX: y')).toThrow(InvalidRequestError);
	});
});
