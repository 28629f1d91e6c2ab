import fc from 'fast-check';
import {
	callbackFromWebhookItem,
	compileTriggerConfig,
	handleCallback,
	normalizeCallback,
	type CallbackInput,
	type InboundAuth,
	type TriggerConfig,
	type TriggerSettings,
} from '../../../lib/inbound';
import { computeHmacSignature } from '../../../lib/security';
import { fixtureBody, loadMmpFixtures } from '../../support/fixtures';

function config(settings: TriggerSettings = {}): TriggerConfig {
	const result = compileTriggerConfig(settings);
	if (!result.ok) throw new Error(result.errors.join('; '));
	return result.config;
}

const adjustInstall =
	'/webhook/mmp?mmp=adjust&activity_kind=install&adid=abc&created_at=1700000000';
const purchaseJson = JSON.stringify({
	appsflyer_id: '1700000000000-1234567',
	event_name: 'af_purchase',
	event_type: 'in-app-event',
});
const json = { 'content-type': 'application/json' };

function input(overrides: Partial<CallbackInput> = {}): CallbackInput {
	return { url: adjustInstall, headers: {}, ...overrides };
}

/** What MMP Trigger's pipeline says about the same request. */
async function triggerOutcome(
	request: { method: string; url: string; headers: Record<string, string>; body?: string },
	cfg: TriggerConfig,
	auth?: InboundAuth,
	now?: number,
) {
	const bytes = request.body === undefined ? undefined : Buffer.from(request.body);
	const headers = bytes
		? { ...request.headers, 'content-length': String(bytes.length) }
		: request.headers;
	return await handleCallback(
		{
			method: request.method,
			url: request.url,
			headers,
			remoteAddress: '203.0.113.9',
			readBody: async () => bytes ?? Buffer.alloc(0),
			now,
		},
		cfg,
		auth,
	);
}

describe('normalizeCallback', () => {
	const plain = config();

	it('gives every corpus fixture the output and item MMP Trigger gives it', async () => {
		const fixtures = loadMmpFixtures();
		expect(fixtures.length).toBeGreaterThan(50);
		for (const fixture of fixtures) {
			const body = fixtureBody(fixture);
			const headers = { ...(fixture.request.headers ?? {}) };
			if (typeof fixture.request.body === 'object') headers['content-type'] ??= 'application/json';
			const expected = await triggerOutcome(
				{ method: fixture.request.method, url: fixture.request.url, headers, body },
				plain,
			);
			const verdict = normalizeCallback(
				{
					method: fixture.request.method,
					url: fixture.request.url,
					headers,
					body: body === undefined ? undefined : Buffer.from(body),
				},
				plain,
			);
			expect(expected.action).toBe('emit');
			expect({ file: fixture.file, ...verdict }).toEqual({
				file: fixture.file,
				...(expected as object),
			});
		}
	});

	it('routes a valid callback to its output with the canonical event', () => {
		const verdict = normalizeCallback(input(), plain);
		expect(verdict).toMatchObject({
			action: 'emit',
			output: 0,
			item: { mmp: 'adjust', event_kind: 'install', dedup_key: expect.any(String) },
		});
	});

	it('defaults the method to POST when there is a body, GET otherwise', () => {
		const post = normalizeCallback(
			input({ url: '/webhook/mmp', headers: json, body: purchaseJson }),
			plain,
		);
		expect(post).toMatchObject({ action: 'emit', output: 1, item: { event_name: 'af_purchase' } });
		expect(normalizeCallback(input({ method: 'put' }), plain)).toEqual({
			action: 'reject',
			status: 405,
			error: { code: 'method_not_allowed', message: expect.stringContaining('PUT') },
		});
	});

	it('accepts a body a previous node already parsed', () => {
		const verdict = normalizeCallback(
			input({ url: '/webhook/mmp', headers: json, body: JSON.parse(purchaseJson) }),
			plain,
		);
		const fromBytes = normalizeCallback(
			input({ url: '/webhook/mmp', headers: json, body: Buffer.from(purchaseJson) }),
			plain,
		);
		expect(verdict).toEqual(fromBytes);
	});

	it('rejects malformed bodies with the parser’s precise error', () => {
		expect(
			normalizeCallback(input({ url: '/webhook/mmp', headers: json, body: '{"a":' }), plain),
		).toMatchObject({ action: 'reject', status: 400, error: { code: 'malformed_body' } });
		expect(normalizeCallback(input({ url: '/webhook/mmp' }), plain)).toMatchObject({
			action: 'reject',
			status: 400,
			error: { code: 'empty_callback' },
		});
	});

	it('refuses bodies over Max Body Size with 413, counting UTF-8 bytes', () => {
		const small = config({ maxBodyBytes: 10 });
		expect(normalizeCallback(input({ body: 'é'.repeat(6), headers: json }), small)).toMatchObject({
			action: 'reject',
			status: 413,
			error: { code: 'body_too_large' },
		});
	});

	it('drops what the filter does not keep, and keeps what it does', () => {
		const installsOnly = config({ eventKinds: ['install'] });
		expect(normalizeCallback(input(), installsOnly).action).toBe('emit');
		const purchasesOnly = config({ eventNames: 'af_purchase' });
		expect(normalizeCallback(input(), purchasesOnly)).toMatchObject({
			action: 'drop',
			event: { event_kind: 'install' },
		});
	});

	it('omits raw when Include Raw Payload is off', () => {
		const verdict = normalizeCallback(input(), config({ includeRaw: false }));
		expect(verdict.action === 'emit' && 'raw' in verdict.item).toBe(false);
	});

	describe('IP allowlist', () => {
		const allow = config({ ipAllowlist: '203.0.113.0/24' });

		it('judges the mapped client address', () => {
			expect(normalizeCallback(input({ remoteAddress: '203.0.113.7' }), allow).action).toBe('emit');
			expect(normalizeCallback(input({ remoteAddress: '198.51.100.1' }), allow)).toMatchObject({
				action: 'reject',
				status: 403,
				error: {
					code: 'ip_not_allowed',
					message: 'Client IP 198.51.100.1 is not in the IP allowlist.',
				},
			});
		});

		it('refuses when no address is known, saying what to map', () => {
			expect(normalizeCallback(input(), allow)).toMatchObject({
				action: 'reject',
				status: 403,
				error: { message: expect.stringContaining('Client IP Field') },
			});
		});

		it('reads X-Forwarded-For only behind the configured proxy hops', () => {
			const behind = config({ ipAllowlist: '203.0.113.0/24', trustedProxyHops: 1 });
			const headers = { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' };
			expect(normalizeCallback(input({ headers }), behind).action).toBe('emit');
			expect(normalizeCallback(input({ headers }), allow).action).toBe('reject');
		});
	});

	describe('credentials', () => {
		const token = 'a-very-long-token-value-1234';
		it('checks a header token', () => {
			const auth: InboundAuth = { type: 'headerToken', headerName: 'x-mmp-token', token };
			expect(
				normalizeCallback(input({ headers: { 'x-mmp-token': token } }), plain, auth).action,
			).toBe('emit');
			expect(normalizeCallback(input(), plain, auth)).toMatchObject({
				action: 'reject',
				status: 401,
				error: { code: 'missing_credentials' },
			});
		});

		it('checks a query token and keeps it out of the item', () => {
			const auth: InboundAuth = { type: 'queryToken', parameterName: 'key', token };
			const verdict = normalizeCallback(
				input({ url: `${adjustInstall}&key=${token}` }),
				plain,
				auth,
			);
			expect(verdict.action).toBe('emit');
			expect(JSON.stringify(verdict)).not.toContain(token);
			expect(
				normalizeCallback(input({ url: `${adjustInstall}&key=wrong` }), plain, auth),
			).toMatchObject({ action: 'reject', error: { code: 'invalid_credentials' } });
		});

		describe('HMAC', () => {
			const secret = 's'.repeat(40);
			const auth: InboundAuth = {
				type: 'hmacSha256',
				secret,
				signatureHeader: 'x-signature',
				timestampHeader: 'x-timestamp',
				replayWindowSeconds: 300,
				signatureEncoding: 'auto',
			};
			const now = 1_700_000_000_000;
			const timestamp = String(now / 1000);
			const signed = (body: string) => ({
				...json,
				'x-timestamp': timestamp,
				'x-signature': computeHmacSignature({ secret, body, timestamp }),
			});

			it('verifies the raw bytes, or text kept as sent', () => {
				const headers = signed(purchaseJson);
				const url = '/webhook/mmp';
				expect(
					normalizeCallback(
						input({ url, headers, body: Buffer.from(purchaseJson) }),
						plain,
						auth,
						now,
					).action,
				).toBe('emit');
				expect(
					normalizeCallback(input({ url, headers, body: purchaseJson }), plain, auth, now).action,
				).toBe('emit');
				expect(
					normalizeCallback(input({ url, headers, body: `${purchaseJson} ` }), plain, auth, now),
				).toMatchObject({ action: 'reject', status: 401, error: { code: 'invalid_signature' } });
			});

			it('says that a parsed body cannot be verified', () => {
				const verdict = normalizeCallback(
					input({
						url: '/webhook/mmp',
						headers: signed(purchaseJson),
						body: JSON.parse(purchaseJson),
					}),
					plain,
					auth,
					now,
				);
				expect(verdict).toMatchObject({
					action: 'reject',
					status: 401,
					error: { code: 'raw_body_unavailable', message: expect.stringContaining('Raw Body') },
				});
			});

			it('refuses a stale timestamp with 403', () => {
				const verdict = normalizeCallback(
					input({ url: '/webhook/mmp', headers: signed(purchaseJson), body: purchaseJson }),
					plain,
					auth,
					now + 3_600_000,
				);
				expect(verdict).toMatchObject({
					action: 'reject',
					status: 403,
					error: { code: 'stale_timestamp' },
				});
			});

			it('never puts the secret into a verdict', () => {
				const verdict = normalizeCallback(
					input({ headers: { 'x-signature': 'abc' } }),
					plain,
					auth,
					now,
				);
				expect(JSON.stringify(verdict)).not.toContain(secret.slice(0, 8));
			});
		});
	});

	it('agrees with MMP Trigger on arbitrary query callbacks (property)', async () => {
		const key = fc.constantFrom(
			'mmp',
			'activity_kind',
			'adid',
			'event_name',
			'event_kind',
			'x',
			'af_status',
		);
		const value = fc.oneof(
			fc.constantFrom(
				'adjust',
				'install',
				'session',
				'appsflyer',
				'Non-organic',
				'rejected_install',
				'',
			),
			fc.string({ maxLength: 8 }),
		);
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.tuple(key, value), { maxLength: 6 }),
				fc.constantFrom('/webhook/mmp', '/webhook/mmp/rejected', '/webhook/adjust'),
				async (pairs, path) => {
					const query = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
					const url = query ? `${path}?${query}` : path;
					const expected = await triggerOutcome({ method: 'GET', url, headers: {} }, plain);
					const verdict = normalizeCallback({ method: 'GET', url, headers: {} }, plain);
					if (expected.action === 'reject') {
						expect(verdict).toEqual({
							action: 'reject',
							status: expected.status,
							error: expected.error,
						});
					} else {
						expect(verdict).toEqual(expected);
					}
				},
			),
			{ numRuns: 200 },
		);
	});

	it('reads an item of n8n’s Webhook node into the same verdict as the request', async () => {
		const item = {
			headers: { host: 'n8n', 'user-agent': 'x' },
			params: {},
			query: { mmp: 'adjust', activity_kind: 'install', adid: 'abc', created_at: '1700000000' },
			body: {},
			webhookUrl: 'http://127.0.0.1:5678/webhook/mmp',
			executionMode: 'production',
		};
		const read = callbackFromWebhookItem(item);
		if (!read.ok) throw new Error(read.error.message);
		expect(normalizeCallback(read.input, plain)).toEqual(
			await triggerOutcome({ method: 'GET', url: adjustInstall, headers: item.headers }, plain),
		);
	});
});
