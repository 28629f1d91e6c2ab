import {
	callbackFromFields,
	callbackFromWebhookItem,
	compileFieldPaths,
	encodeQuery,
} from '../../../lib/inbound';

function ok<T extends { ok: boolean }>(result: T) {
	if (!result.ok) throw new Error(JSON.stringify(result));
	return (result as unknown as { input: import('../../../lib/inbound').CallbackInput }).input;
}

describe('callbackFromWebhookItem', () => {
	const base = {
		headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' },
		params: {},
		query: {},
		body: {},
		webhookUrl: 'http://127.0.0.1:5678/webhook/mmp/adjust',
		executionMode: 'production',
	};

	it('rebuilds the URL from webhookUrl and the parsed query', () => {
		const input = ok(callbackFromWebhookItem({ ...base, query: { a: '1 2', b: ['x', 'y'] } }));
		expect(input.url).toBe('http://127.0.0.1:5678/webhook/mmp/adjust?a=1%202&b=x&b=y');
		expect(input.headers).toBe(base.headers);
		expect(input.body).toBeUndefined();
		expect(input.method).toBeUndefined();
	});

	it('fills :name path parameters from params', () => {
		const input = ok(
			callbackFromWebhookItem({
				...base,
				webhookUrl: 'http://h/webhook/mmp/:network/:kind',
				params: { network: 'adjust' },
			}),
		);
		expect(input.url).toBe('http://h/webhook/mmp/adjust/:kind');
	});

	it('prefers the raw body bytes to the parsed body', () => {
		const raw = Buffer.from('{"a": 1}');
		expect(ok(callbackFromWebhookItem({ ...base, body: { a: 1 } }, raw)).body).toBe(raw);
		expect(ok(callbackFromWebhookItem({ ...base, body: { a: 1 } })).body).toEqual({ a: 1 });
		expect(ok(callbackFromWebhookItem({ ...base, body: 'a=1' }, Buffer.alloc(0))).body).toBe('a=1');
	});

	it('reads the client address from a mapped field', () => {
		expect(
			ok(callbackFromWebhookItem(base, undefined, 'headers.x-forwarded-for')).remoteAddress,
		).toBe('203.0.113.7');
		expect(ok(callbackFromWebhookItem(base)).remoteAddress).toBeUndefined();
	});

	it('says when the item is not from the Webhook node', () => {
		expect(callbackFromWebhookItem({ message: 'x' })).toEqual({
			ok: false,
			error: { code: 'not_a_webhook_item', message: expect.stringContaining('Callback Fields') },
		});
	});
});

describe('callbackFromFields', () => {
	const paths = compileFieldPaths({
		method: 'method',
		url: 'url',
		query: 'query',
		headers: 'headers',
		body: 'body',
		clientIp: 'meta.ip',
	});

	it('reads each part from its field, lower-casing header names', () => {
		const input = ok(
			callbackFromFields(
				{
					method: 'post',
					url: '/mmp/adjust?x=1',
					query: { y: '2' },
					headers: { 'Content-Type': 'application/json', 'X-N': 3 },
					body: '{"a":1}',
					meta: { ip: '203.0.113.7' },
				},
				paths,
			),
		);
		expect(input).toEqual({
			method: 'post',
			url: '/mmp/adjust?x=1&y=2',
			headers: { 'content-type': 'application/json', 'x-n': '3' },
			body: '{"a":1}',
			remoteAddress: '203.0.113.7',
		});
	});

	it('accepts a query string and missing parts', () => {
		expect(ok(callbackFromFields({ query: '?a=1' }, paths))).toEqual({ url: '/?a=1', headers: {} });
		expect(ok(callbackFromFields({}, compileFieldPaths({ url: ' ' })))).toEqual({
			url: '/',
			headers: {},
		});
	});

	it('rejects headers that are not an object', () => {
		expect(callbackFromFields({ headers: 'x' }, paths)).toEqual({
			ok: false,
			error: {
				code: 'invalid_headers',
				message: 'The headers field "headers" does not hold an object.',
			},
		});
	});
});

describe('encodeQuery', () => {
	it('writes nested objects with brackets and skips null', () => {
		expect(encodeQuery({ a: { b: '1' }, c: null, d: 2 })).toBe('a%5Bb%5D=1&d=2');
	});
});
