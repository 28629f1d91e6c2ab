import fc from 'fast-check';

import {
	createCallbackParser,
	parseCallback,
	type CallbackRequest,
	type ParseCallbackOptions,
	type ParseCallbackResult,
	type ParseCallbackSuccess,
	type ParseErrorCode,
} from '../../../lib/mmp';

const ADID = 'f2e728d8a3a1b6c2d1e0f9a8b7c6d5e4';
const ADJUST_QUERY = `mmp=adjust&activity_kind=install&adid=${ADID}&created_at=1404214665&country=de`;

function get(url: string, headers: Record<string, string> = {}): CallbackRequest {
	return { method: 'GET', url, headers };
}
function post(url: string, body: unknown, contentType = 'application/json'): CallbackRequest {
	return { method: 'POST', url, headers: { 'content-type': contentType }, body };
}
function ok(result: ParseCallbackResult): ParseCallbackSuccess {
	if (!result.ok) throw new Error(`${result.status} ${result.error.code}: ${result.error.message}`);
	return result;
}
function verdict(result: ParseCallbackResult): string {
	return result.ok ? 'ok' : `${result.status} ${result.error.code}`;
}

describe('parseCallback: bad input gets a precise 4xx', () => {
	it.each<[string, unknown, ParseCallbackOptions | undefined, string]>([
		['a request that is not an object', 'GET /', undefined, '400 invalid_request'],
		['a url that is not a string', { method: 'GET', url: 42 }, undefined, '400 invalid_request'],
		['PUT', { method: 'PUT', url: `/?${ADJUST_QUERY}` }, undefined, '405 method_not_allowed'],
		['HEAD', { method: 'HEAD', url: `/?${ADJUST_QUERY}` }, undefined, '405 method_not_allowed'],
		['a missing method', { url: `/?${ADJUST_QUERY}` }, undefined, '405 method_not_allowed'],
		[
			'a body over maxBodyBytes',
			post('/', Buffer.alloc(2048, 0x20)),
			{ maxBodyBytes: 1024 },
			'413 body_too_large',
		],
		['XML', post('/', '<x/>', 'application/xml'), undefined, '415 unsupported_media_type'],
		[
			'UTF-16',
			post('/', Buffer.from('{}'), 'application/json; charset=utf-16'),
			undefined,
			'415 unsupported_charset',
		],
		[
			'invalid UTF-8 in the body',
			post('/', Buffer.from([0x7b, 0xff, 0x7d])),
			undefined,
			'400 invalid_utf8',
		],
		[
			'invalid UTF-8 in the query',
			get('/?mmp=adjust&campaign_name=%C0%AF'),
			undefined,
			'400 invalid_utf8',
		],
		['malformed JSON', post('/', '{"a":'), undefined, '400 malformed_body'],
		[
			'JSON nested past maxDepth',
			post('/', `{"a":${'['.repeat(10)}${']'.repeat(10)}}`),
			{ maxDepth: 8 },
			'400 body_too_deep',
		],
		[
			'too many parameters',
			get(`/?${'a=1&'.repeat(20)}`),
			{ maxParams: 10 },
			'400 too_many_parameters',
		],
		[
			'a repeated parameter in reject mode',
			get('/?mmp=adjust&a=1&a=2'),
			{ duplicateParams: 'reject' },
			'400 duplicate_parameter',
		],
		['a GET without a query', get('/webhook/mmp'), undefined, '400 empty_callback'],
		[
			'a POST with an empty body and no query',
			post('/webhook/mmp', ''),
			undefined,
			'400 empty_callback',
		],
		['only forbidden parameter names', get('/?__proto__=1'), undefined, '400 empty_callback'],
		[
			'an unknown MMP in strict mode',
			get('/?clickid=1&payout=2'),
			{ strict: true },
			'400 unknown_mmp',
		],
		[
			'an Adjust adid that is not 32 hex digits in strict mode',
			get('/adjust?activity_kind=install&adid=xyz'),
			{ strict: true },
			'400 schema_mismatch',
		],
		[
			'a Branch body without a name in strict mode',
			post('/branch', '{"id":1}'),
			{ strict: true },
			'400 schema_mismatch',
		],
		[
			'options.mmp naming no MMP',
			get(`/?${ADJUST_QUERY}`),
			{ mmp: 'airbridge' as never },
			'400 invalid_options',
		],
		[
			'a fieldMap target that is not a canonical field',
			get(`/?${ADJUST_QUERY}`),
			{ fieldMap: { x: 'dedup_key' } },
			'400 invalid_options',
		],
		['maxBodyBytes 0', get(`/?${ADJUST_QUERY}`), { maxBodyBytes: 0 }, '400 invalid_options'],
	])('%s → %s', (_what, request, options, expected) => {
		expect(verdict(parseCallback(request as CallbackRequest, options))).toBe(expected);
	});

	it('names the schema problem without echoing values', () => {
		const result = parseCallback(get('/adjust?activity_kind=install&adid=secret-token-value'), {
			strict: true,
		});
		expect(result).toMatchObject({ ok: false, error: { code: 'schema_mismatch' } });
		expect(!result.ok && result.error.message).toMatch(/^Not a valid adjust callback: adid: /);
		expect(!result.ok && result.error.message).not.toContain('secret-token-value');
	});

	it('keeps error codes to the documented set', () => {
		const codes: ParseErrorCode[] = [
			'invalid_options',
			'invalid_request',
			'method_not_allowed',
			'body_too_large',
			'unsupported_media_type',
			'unsupported_charset',
			'invalid_utf8',
			'malformed_body',
			'body_too_deep',
			'too_many_parameters',
			'duplicate_parameter',
			'empty_callback',
			'unrecognised_callback',
			'unknown_mmp',
			'schema_mismatch',
			'unparseable_callback',
		];
		expect(new Set(codes).size).toBe(codes.length);
	});
});

describe('parseCallback: nothing recognisable is not an install (issue 12, item 10)', () => {
	it.each<[string, CallbackRequest, ParseCallbackOptions | undefined, string]>([
		['an empty JSON object', post('/webhook/mmp', '{}'), undefined, '400 empty_callback'],
		[
			'an empty JSON object as bytes',
			post('/', Buffer.from(' {} ')),
			undefined,
			'400 empty_callback',
		],
		[
			'an empty form body',
			post('/', '&&', 'application/x-www-form-urlencoded'),
			undefined,
			'400 empty_callback',
		],
		[
			'a query of unknown parameters',
			get('/?foo=bar&payload=1'),
			undefined,
			'400 unrecognised_callback',
		],
		[
			'a JSON body of unknown keys',
			post('/', '{"foo":"bar","n":1}'),
			undefined,
			'400 unrecognised_callback',
		],
		[
			'unknown parameters on /rejected',
			get('/rejected?foo=bar'),
			undefined,
			'400 unrecognised_callback',
		],
		[
			'an MMP named by path with nothing else',
			get('/adjust?foo=1'),
			undefined,
			'400 unrecognised_callback',
		],
		[
			'an MMP named by parameter only',
			get('/?mmp=appsflyer'),
			undefined,
			'400 unrecognised_callback',
		],
		[
			'an MMP forced by option, unknown fields',
			get('/?foo=1'),
			{ mmp: 'branch' },
			'400 unrecognised_callback',
		],
		[
			'only unfilled macros',
			get('/?click_id={click_id}&idfa={idfa}'),
			undefined,
			'400 unrecognised_callback',
		],
		[
			'a kind parameter with an unknown word',
			get('/?event_kind=bogus'),
			undefined,
			'400 unrecognised_callback',
		],
		['a kind parameter with a known word', get('/?activity_kind=install'), undefined, 'ok'],
		['one alias field', get('/?clickid=abc'), undefined, 'ok'],
		['an empty body with a recognisable query', post(`/?${ADJUST_QUERY}`, '{}'), undefined, 'ok'],
	])('%s → %s', (_what, request, options, expected) => {
		expect(verdict(parseCallback(request, options))).toBe(expected);
	});

	it('says what was expected and how to map fields, without echoing the request', () => {
		const result = parseCallback(get('/?secret_looking_name=tok_0123456789'));
		expect(result).toMatchObject({
			ok: false,
			status: 400,
			error: { code: 'unrecognised_callback' },
		});
		const message = result.ok ? '' : result.error.message;
		expect(message).toContain('Field Mapping');
		expect(message).toContain('event_name');
		expect(message).not.toMatch(/secret_looking_name|tok_0123456789/);
	});

	it("lets a custom template through the user's field mapping", () => {
		const event = ok(
			parseCallback(get('/?txid=T-1&amount=2.5'), { fieldMap: { txid: 'click_id' } }),
		).event;
		expect(event).toMatchObject({ mmp: 'unknown', event_kind: 'install', click_id: 'T-1' });
		const kindOnly = ok(
			parseCallback(get('/?status=install'), { fieldMap: { status: 'event_kind' } }),
		);
		expect(kindOnly.event.event_kind).toBe('install');
		// A mapping whose source is absent or empty maps nothing, so the callback is still refused.
		expect(verdict(parseCallback(get('/?txid='), { fieldMap: { txid: 'click_id' } }))).toBe(
			'400 unrecognised_callback',
		);
	});

	it('never turns parameters no MMP uses into an event', () => {
		// `zz_` names are in no alias table, fingerprint or adapter source.
		const unknownKey = fc.stringMatching(/^[a-z0-9_]{1,12}$/).map((key) => `zz_${key}`);
		fc.assert(
			fc.property(
				fc.dictionary(unknownKey, fc.string({ maxLength: 20 }), { minKeys: 1, maxKeys: 8 }),
				fc.boolean(),
				(fields, asJson) => {
					const request = asJson
						? post('/webhook/mmp', JSON.stringify(fields))
						: get(`/webhook/mmp?${new URLSearchParams(fields).toString()}`);
					const result = parseCallback(request);
					expect(result.ok).toBe(false);
				},
			),
			{ numRuns: 300 },
		);
	});
});

describe('parseCallback: request handling', () => {
	it('accepts GET and POST in any case', () => {
		expect(verdict(parseCallback({ method: 'get', url: `/?${ADJUST_QUERY}` }))).toBe('ok');
		expect(verdict(parseCallback({ method: 'Post', url: `/?${ADJUST_QUERY}` }))).toBe('ok');
	});

	it('accepts an empty POST body when the query carries the callback', () => {
		expect(
			ok(parseCallback(post(`/webhook/mmp?${ADJUST_QUERY}`, Buffer.alloc(0)))).event.event_kind,
		).toBe('install');
	});

	it('merges query and body, the body winning a clash', () => {
		const result = ok(
			parseCallback(
				post(
					'/webhook/mmp?mmp=singular&app=12&event_name=from_query',
					'{"event_name":"__START__","aifa":"x"}',
				),
			),
		);
		expect(result.raw).toEqual({ mmp: 'singular', app: '12', event_name: '__START__', aifa: 'x' });
		expect(result.event.event_kind).toBe('install');
	});

	it('accepts an absolute URL and ignores a fragment', () => {
		const result = ok(
			parseCallback(
				get(`https://n8n.example.com/webhook/adjust?activity_kind=click&adid=${ADID}#frag`),
			),
		);
		expect(result).toMatchObject({
			mmp: 'adjust',
			detectedBy: 'path',
			event: { event_kind: 'click' },
		});
		expect(result.raw).not.toHaveProperty('frag');
	});

	it('takes a parsed body as n8n hands it over', () => {
		const result = ok(
			parseCallback({
				method: 'POST',
				url: '/webhook/mmp',
				headers: { 'user-agent': 'Branch Metrics API' },
				body: { name: 'INSTALL', user_data: { aaid: 'aaid-1' } },
			}),
		);
		expect(result.event).toMatchObject({
			mmp: 'branch',
			event_kind: 'install',
			advertising_id: 'aaid-1',
		});
	});

	it('removes omitParams (a query token) from raw before anything sees it', () => {
		const result = ok(
			parseCallback(get(`/?${ADJUST_QUERY}&token=s3cret`), { omitParams: ['token'] }),
		);
		expect(result.raw).not.toHaveProperty('token');
		expect(JSON.stringify(result)).not.toContain('s3cret');
		expect(verdict(parseCallback(get('/?token=s3cret'), { omitParams: ['token'] }))).toBe(
			'400 empty_callback',
		);
	});

	it('never lets a payload reach Object.prototype', () => {
		const requests = [
			get(
				'/?__proto__[polluted]=1&constructor[prototype][polluted]=1&mmp=adjust&activity_kind=install',
			),
			post(
				'/webhook/mmp',
				'{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"name":"open","user_data":{"aaid":"x","__proto__":{"polluted":1}}}',
			),
			post(
				'/webhook/mmp',
				'__proto__=1&constructor=2&prototype=3&event_name=x',
				'application/x-www-form-urlencoded',
			),
		];
		for (const request of requests) {
			const result = ok(
				parseCallback(request, { fieldMap: { '__proto__.polluted': 'campaign_name' } }),
			);
			expect(result.event).not.toHaveProperty('campaign_name');
			expect(Object.getPrototypeOf(result.raw)).toBe(Object.prototype);
		}
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('parses a JSON-in-a-string field into raw next to the string', () => {
		const result = ok(
			parseCallback(
				post(
					'/?mmp=appsflyer',
					JSON.stringify({
						event_name: 'af_purchase',
						event_value: '{"af_revenue":"1.5","id":12345678901234567890}',
					}),
				),
			),
		);
		expect(result.raw.event_value).toBe('{"af_revenue":"1.5","id":12345678901234567890}');
		expect(result.raw.event_value_parsed).toEqual({
			af_revenue: '1.5',
			id: '12345678901234567890',
		});
		expect(result.event.revenue).toBe(1.5);
	});

	it('leaves a JSON-looking string that is not JSON as it is', () => {
		const result = ok(parseCallback(get('/?mmp=appsflyer&event_name=af_x&event_value=%7Bbroken')));
		expect(result.raw).not.toHaveProperty('event_value_parsed');
		expect(result.raw.event_value).toBe('{broken');
	});
});

describe('parseCallback: options', () => {
	it('maps extra parameter names and dotted paths with fieldMap, winning over the adapter', () => {
		const result = ok(
			parseCallback(
				post(
					'/?mmp=branch',
					JSON.stringify({
						name: 'PURCHASE',
						custom_data: { uid: 'u-1', sku_country: 'fr' },
						last_attributed_touch_data: { '~campaign': 'adapter' },
					}),
				),
				{
					fieldMap: {
						'custom_data.uid': 'customer_user_id',
						'custom_data.sku_country': 'country',
						'last_attributed_touch_data.~campaign': 'adgroup',
						missing: 'campaign_name',
					},
				},
			),
		);
		expect(result.event).toMatchObject({
			customer_user_id: 'u-1',
			country: 'FR',
			adgroup: 'adapter',
			campaign_name: 'adapter',
		});
	});

	it('lets fieldMap set the kind and the fraud flag through their normalisers', () => {
		const result = ok(
			parseCallback(get('/?net_status=rejected_install&blocked=yes&clickid=c1'), {
				fieldMap: { net_status: 'event_kind', blocked: 'fraud_flag' },
			}),
		);
		expect(result.event).toMatchObject({
			mmp: 'unknown',
			event_kind: 'rejected_install',
			fraud_flag: true,
			click_id: 'c1',
		});
	});

	it('forces the MMP with options.mmp', () => {
		expect(
			ok(parseCallback(get('/?event_name=_install&adid=gaid-1'), { mmp: 'kochava' })).event,
		).toMatchObject({ mmp: 'kochava', event_kind: 'install', advertising_id: 'gaid-1' });
	});

	it('accepts unknown but well-formed callbacks as mmp "unknown", normalised by the alias table', () => {
		const result = ok(
			parseCallback(
				get(
					'/webhook/postback?subid=abc123&payout=1.25&cur=eur&ifa=gaid-9&country_code=br&ts=1700000000',
				),
			),
		);
		expect(result).toMatchObject({ mmp: 'unknown', detectedBy: 'none' });
		expect(result.event).toMatchObject({
			event_kind: 'install',
			click_id: 'abc123',
			revenue: 1.25,
			currency: 'EUR',
			advertising_id: 'gaid-9',
			country: 'BR',
			event_time: '2023-11-14T22:13:20.000Z',
		});
	});

	it('prepares options once with createCallbackParser and throws TypeError for invalid ones', () => {
		const parser = createCallbackParser({ mmp: 'adjust', strict: true });
		expect(ok(parser(get(`/?activity_kind=session&adid=${ADID}`))).event.event_kind).toBe(
			'session',
		);
		expect(() => createCallbackParser({ maxDepth: -1 })).toThrow(TypeError);
		expect(() => createCallbackParser({ duplicateParams: 'both' as never })).toThrow(TypeError);
		expect(() => createCallbackParser({ headerHints: { 'x-a': 'nope' as never } })).toThrow(
			TypeError,
		);
	});

	it('honours an explicit event_kind parameter and a /rejected path segment', () => {
		expect(
			ok(parseCallback(get('/?mmp=tenjin&event_kind=session&advertising_id=x'))).event.event_kind,
		).toBe('session');
		const rejected = ok(
			parseCallback(
				post(
					'/webhook/singular/rejected',
					'{"event_name":"__START__","aifa":"x","network":"N","is_re_eng":1}',
				),
			),
		);
		expect(rejected.event).toMatchObject({
			event_kind: 'rejected_reattribution',
			fraud_flag: true,
		});
	});
});

describe('parseCallback: properties', () => {
	const anyHeaders = fc.dictionary(
		fc.constantFrom('content-type', 'user-agent', 'x-af-token', 'authorization'),
		fc.oneof(
			fc.string(),
			fc.constantFrom(
				'application/json',
				'text/plain',
				'application/x-www-form-urlencoded; charset=latin1',
				'Branch Metrics API',
			),
			fc.array(fc.string(), { maxLength: 2 }),
		),
	);
	const units = fc
		.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 })
		.map((codes) => String.fromCharCode(...codes));
	const anyBody = fc.oneof(
		fc.constant(undefined),
		fc.string(),
		units,
		fc.json(),
		fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
		fc.jsonValue({ maxDepth: 4 }).map((value) => Buffer.from(JSON.stringify({ v: value }))),
		fc.object({ maxDepth: 3 }),
		fc.anything({ maxDepth: 3 }),
	);
	const anyUrl = fc.oneof(
		fc.string(),
		units,
		fc.webUrl({ withQueryParameters: true, withFragments: true }),
		fc
			.tuple(
				fc.constantFrom('/webhook/', '/adjust/', '/branch/rejected/', '/x?'),
				fc.array(fc.tuple(units, units), { maxLength: 6 }),
			)
			.map(([prefix, pairs]) => prefix + '?' + pairs.map(([k, v]) => `${k}=${v}`).join('&')),
	);
	const anyRequest = fc.oneof(
		fc.record(
			{
				method: fc.oneof(fc.constantFrom('GET', 'POST', 'get', 'PUT'), fc.string()),
				url: anyUrl,
				headers: anyHeaders,
				body: anyBody,
			},
			{ requiredKeys: [] },
		),
		fc.anything({ maxDepth: 3 }),
	);

	it('never throws, and every failure is a documented 4xx (property)', () => {
		fc.assert(
			fc.property(
				anyRequest,
				fc.constantFrom<ParseCallbackOptions | undefined>(
					undefined,
					{ strict: true },
					{ mmp: 'branch' },
					{ plusAsSpace: false, duplicateParams: 'last' },
				),
				(request, options) => {
					const result = parseCallback(request as CallbackRequest, options);
					if (result.ok) {
						expect(typeof result.event.dedup_key).toBe('string');
						expect(typeof result.event.fraud_flag).toBe('boolean');
					} else {
						expect([400, 405, 413, 415]).toContain(result.status);
						expect(result.error.code).not.toBe('unparseable_callback');
					}
				},
			),
			{ numRuns: 3000 },
		);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('decodes a value exactly once: encodeURIComponent(v) in a query is v in raw and event (property)', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme', maxLength: 50 }), (value) => {
				const result = ok(
					parseCallback(
						get(
							`/webhook/mmp?${ADJUST_QUERY}&campaign_name=${encodeURIComponent(value)}&user_agent=${encodeURIComponent(value)}`,
						),
					),
				);
				expect(result.raw.campaign_name).toBe(value);
				expect(result.raw.user_agent).toBe(value);
				const trimmed = value.trim();
				if (trimmed !== '' && !/^[{$]/.test(trimmed))
					expect(result.event.campaign_name).toBe(trimmed);
			}),
			{ numRuns: 1000 },
		);
	});
});
