// How Send Postback turns items into requests: Render Callback's output (nested, custom field or
// top level), "Define Below" parameters with per-item expressions, and the idempotency key.
import { jsonPathOfExpression } from '../../nodes/SendPostback/itemParameter';
import {
	ok,
	postbackOf,
	runSendPostback,
	startServer,
	type TestServer,
} from './sendPostbackSupport';

describe('Send Postback requests', () => {
	let server: TestServer;
	beforeEach(async () => {
		server = await startServer(() => ok());
	});
	afterEach(async () => server.close());

	it('sends Render Callback output as it is: method, headers and body', async () => {
		const { delivered } = await runSendPostback({
			parameters: { retryPreset: 'none' },
			items: [
				{
					dedup_key: 'k1',
					callback: {
						url: `${server.origin}/s2s?click=1&sub=a%20b`,
						method: 'post',
						headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Network': 'acme' },
						body: 'a=1&b=2',
						missing: [],
						template: 'acme',
					},
				},
			],
		});
		expect(delivered).toHaveLength(1);
		const [request] = server.requests;
		expect(request).toMatchObject({
			method: 'POST',
			url: '/s2s?click=1&sub=a%20b',
			body: 'a=1&b=2',
		});
		expect(request.headers).toMatchObject({
			'content-type': 'application/x-www-form-urlencoded',
			'x-network': 'acme',
			'idempotency-key': 'k1',
		});
		expect(postbackOf(delivered[0])).toMatchObject({
			method: 'POST',
			url: `${server.origin}/s2s?click=1&sub=a%20b`,
		});
	});

	it('serialises an object body as JSON', async () => {
		await runSendPostback({
			parameters: { retryPreset: 'none' },
			items: [
				{ callback: { url: `${server.origin}/j`, method: 'POST', body: { a: 1, b: [true] } } },
			],
		});
		expect(server.requests[0].body).toBe('{"a":1,"b":[true]}');
		expect(server.requests[0].headers['content-type']).toBe('application/json');
	});

	it('reads the request from a custom field, or from the top level when Render Callback merged it', async () => {
		const nested = await runSendPostback({
			parameters: { retryPreset: 'none', callbackField: 'render.request' },
			items: [{ render: { request: { url: `${server.origin}/nested` } } }],
		});
		const top = await runSendPostback({
			parameters: { retryPreset: 'none', callbackField: '' },
			items: [{ url: `${server.origin}/top`, method: 'GET', headers: {}, body: '' }],
		});
		expect(nested.delivered).toHaveLength(1);
		expect(top.delivered).toHaveLength(1);
		expect(server.requests.map((r) => r.path)).toEqual(['/nested', '/top']);
	});

	it('checks Render Callback output field by field: an item that is not a request goes to Failed, naming the field', async () => {
		const { delivered, failed } = await runSendPostback({
			parameters: { retryPreset: 'none', callbackField: 'render.request' },
			items: [
				{ render: { request: { url: `${server.origin}/ok`, method: 'get' } } },
				{ render: { request: { url: `${server.origin}/m`, method: 'HEAD' } } },
				{ render: { request: { url: `${server.origin}/h`, headers: { 'X Bad': 'v' } } } },
				{ render: { request: { url: `${server.origin}/t`, headers: 'X-A: b' } } },
			],
		});
		expect(delivered.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(failed.map((item) => postbackOf(item).error)).toEqual([
			{
				code: 'invalid_request',
				message: 'render.request.method must be one of GET, POST, PUT, PATCH, DELETE',
			},
			{
				code: 'invalid_request',
				message: 'render.request.headers["X Bad"] is not a valid header name',
			},
			{
				code: 'invalid_request',
				message: 'render.request.headers must be an object of header name → value',
			},
		]);
		for (const item of failed) expect(postbackOf(item).attempts).toBe(0);
		expect(server.requests.map((r) => r.path)).toEqual(['/ok']);
	});

	it('builds each item\'s request from "Define Below" expressions', async () => {
		const { delivered, failed } = await runSendPostback({
			parameters: {
				requestSource: 'define',
				method: 'POST',
				url: `={{ "${server.origin}/install?click_id=" + $json.click_id }}`,
				sendHeaders: true,
				headerParameters: {
					parameters: [
						{ name: 'X-Partner', value: 'acme' },
						{ name: 'X-Country', value: '={{ $json.country }}' },
					],
				},
				sendBody: true,
				contentType: 'json',
				body: '={{ { click: $json.click_id, revenue: $json.revenue } }}',
				retryPreset: 'none',
			},
			items: [
				{ click_id: 'c1', country: 'DE', revenue: 1.5, dedup_key: 'd1' },
				{ click_id: 'c2', country: 'FR', revenue: 0, dedup_key: 'd2' },
			],
		});
		expect(failed).toHaveLength(0);
		expect(delivered).toHaveLength(2);
		expect(server.requests.map((r) => [r.method, r.url, r.headers['x-country'], r.body])).toEqual([
			['POST', '/install?click_id=c1', 'DE', '{"click":"c1","revenue":1.5}'],
			['POST', '/install?click_id=c2', 'FR', '{"click":"c2","revenue":0}'],
		]);
		for (const request of server.requests) {
			expect(request.headers['content-type']).toBe('application/json');
			expect(request.headers['x-partner']).toBe('acme');
		}
	});

	it('form-encodes an object body for Form URL-Encoded and sends text as it is', async () => {
		await runSendPostback({
			parameters: {
				requestSource: 'define',
				method: 'PUT',
				url: `${server.origin}/form`,
				sendBody: true,
				contentType: 'form',
				body: '={{ { a: "x y", b: 2 } }}',
				retryPreset: 'none',
			},
			items: [{}],
		});
		await runSendPostback({
			parameters: {
				requestSource: 'define',
				method: 'PATCH',
				url: `${server.origin}/text`,
				sendBody: true,
				contentType: 'text',
				body: 'plain body',
				retryPreset: 'none',
			},
			items: [{}],
		});
		expect(server.requests.map((r) => [r.method, r.headers['content-type'], r.body])).toEqual([
			['PUT', 'application/x-www-form-urlencoded', 'a=x+y&b=2'],
			['PATCH', 'text/plain; charset=utf-8', 'plain body'],
		]);
	});

	it('sends an item whose URL expression yields nothing to Failed and the others on', async () => {
		const { delivered, failed } = await runSendPostback({
			parameters: {
				requestSource: 'define',
				method: 'GET',
				url: `={{ "${server.origin}/e/" + $json.a.b.toUpperCase() }}`,
				retryPreset: 'none',
			},
			items: [{ a: { b: 'x' } }, { a: {} }, { a: { b: 'z' } }],
		});
		expect(delivered.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(failed.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(postbackOf(failed[0]).error).toMatchObject({
			code: 'invalid_request',
			message: expect.stringMatching(/URL is empty for this item/),
		});
		expect(server.requests.map((r) => r.path)).toEqual(['/e/X', '/e/Z']);
	});

	describe('idempotency key', () => {
		it('resolves expressions per item, plain $json paths and others alike', async () => {
			const items = [
				{ a: { b: 'nested' }, 'x-y': 'dash', n: 5 },
				{ a: { b: 7 }, 'x-y': 'dash2', n: 6 },
			];
			const keys: Record<string, string[]> = {};
			for (const expression of [
				'={{ $json.a.b }}',
				'={{ $json["x-y"] }}',
				'={{$json.n}}',
				'={{ $json.a.b + "-" + $json.n }}',
			]) {
				const before = server.requests.length;
				await runSendPostback({
					parameters: { retryPreset: 'none', idempotencyKey: expression },
					items: items.map((json) => ({ ...json, callback: { url: `${server.origin}/k` } })),
				});
				keys[expression] = server.requests
					.slice(before)
					.map((r) => r.headers['idempotency-key'] as string);
			}
			expect(keys).toEqual({
				'={{ $json.a.b }}': ['nested', '7'],
				'={{ $json["x-y"] }}': ['dash', 'dash2'],
				'={{$json.n}}': ['5', '6'],
				'={{ $json.a.b + "-" + $json.n }}': ['nested-5', '7-6'],
			});
		});

		it('omits the header for an item without a key, uses a custom header name, or sends none', async () => {
			await runSendPostback({
				parameters: { retryPreset: 'none', idempotencyKeyHeader: 'X-Dedup' },
				items: [
					{ dedup_key: 'present', callback: { url: `${server.origin}/a` } },
					{ callback: { url: `${server.origin}/b` } },
				],
			});
			await runSendPostback({
				parameters: { retryPreset: 'none', sendIdempotencyKey: false },
				items: [{ dedup_key: 'present', callback: { url: `${server.origin}/c` } }],
			});
			const [withKey, withoutKey, disabled] = server.requests;
			expect(withKey.headers['x-dedup']).toBe('present');
			expect(withKey.headers['idempotency-key']).toBeUndefined();
			expect(withoutKey.headers['x-dedup']).toBeUndefined();
			expect(disabled.headers['idempotency-key']).toBeUndefined();
		});

		it('reads only exact $json paths directly', () => {
			expect(jsonPathOfExpression('={{ $json.dedup_key }}')).toEqual(['dedup_key']);
			expect(jsonPathOfExpression('={{$json["a-b"].c[0]}}')).toEqual(['a-b', 'c', '0']);
			expect(jsonPathOfExpression("={{ $json['x'] }}")).toEqual(['x']);
			for (const other of [
				'={{ $json.a + 1 }}',
				'={{ $json.a() }}',
				'={{ $json }}',
				'={{ $json.a }} tail',
				'=prefix {{ $json.a }}',
				'={{ $json[a] }}',
				'={{ $input.item.json.a }}',
				'={{ $json.a }}{{ $json.b }}',
			]) {
				expect(jsonPathOfExpression(other)).toBeUndefined();
			}
		});
	});
});
