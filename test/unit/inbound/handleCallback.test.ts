import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import {
	BodyReadError,
	compileTriggerConfig,
	handleCallback,
	type InboundAuth,
	type InboundRequest,
	type TriggerConfig,
	type TriggerSettings,
} from '../../../lib/inbound';
import { computeHmacSignature } from '../../../lib/security';

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
	event_revenue: '9.99',
	event_revenue_currency: 'USD',
});

function request(overrides: Partial<InboundRequest> & { body?: string } = {}) {
	const { body, ...rest } = overrides;
	const reads = { count: 0 };
	const bytes = body === undefined ? undefined : Buffer.from(body);
	const headers: Record<string, string> = bytes ? { 'content-length': String(bytes.length) } : {};
	const req: InboundRequest = {
		method: 'GET',
		url: adjustInstall,
		remoteAddress: '203.0.113.9',
		readBody: async () => {
			reads.count++;
			return bytes ?? Buffer.alloc(0);
		},
		...rest,
		headers: { ...headers, ...(rest.headers ?? {}) },
	};
	return { req, reads };
}

describe('handleCallback', () => {
	it('emits an Adjust GET install on Attribution, with raw', async () => {
		const { req, reads } = request();
		const outcome = await handleCallback(req, config());
		expect(outcome).toMatchObject({
			action: 'emit',
			output: 0,
			item: { mmp: 'adjust', event_kind: 'install', fraud_flag: false, raw: { adid: 'abc' } },
		});
		expect(reads.count).toBe(0); // a GET without a body is never read
	});

	it('emits a POSTed AppsFlyer purchase on In-App Event and a rejection on Fraud Alert', async () => {
		const post = request({
			method: 'POST',
			url: '/webhook/mmp',
			headers: { 'content-type': 'application/json' },
			body: purchaseJson,
		});
		expect(await handleCallback(post.req, config())).toMatchObject({
			action: 'emit',
			output: 1,
			item: { mmp: 'appsflyer', event_name: 'af_purchase', revenue: 9.99, currency: 'USD' },
		});
		const rejected = request({
			url: '/webhook/mmp?mmp=adjust&activity_kind=rejected_install&adid=abc&rejection_reason=engagement_injection',
		});
		expect(await handleCallback(rejected.req, config())).toMatchObject({
			action: 'emit',
			output: 2,
			item: {
				event_kind: 'rejected_install',
				fraud_flag: true,
				fraud_reason: 'engagement_injection',
			},
		});
	});

	it('leaves raw out when disabled', async () => {
		const outcome = await handleCallback(request().req, config({ includeRaw: false }));
		expect(outcome.action === 'emit' && 'raw' in outcome.item).toBe(false);
	});

	it('acknowledges without emitting what the start filter drops', async () => {
		const outcome = await handleCallback(request().req, config({ fraudOnly: true }));
		expect(outcome).toMatchObject({ action: 'acknowledge', event: { event_kind: 'install' } });
	});

	it('answers 405 with Allow for other methods, before anything else', async () => {
		const { req, reads } = request({ method: 'PUT', remoteAddress: '8.8.8.8', body: '{}' });
		expect(await handleCallback(req, config({ ipPresets: ['appsflyer'] }))).toEqual({
			action: 'reject',
			status: 405,
			error: {
				code: 'method_not_allowed',
				message: 'Method PUT is not allowed; MMP callbacks use GET or POST.',
			},
			headers: { Allow: 'GET, POST' },
		});
		expect(reads.count).toBe(0);
	});

	describe('IP allowlist', () => {
		const settings = { ipPresets: ['appsflyer'] };

		it('admits listed addresses, including IPv4-mapped ones', async () => {
			for (const remoteAddress of ['45.92.116.10', '::ffff:194.28.46.1']) {
				expect(
					(await handleCallback(request({ remoteAddress }).req, config(settings))).action,
				).toBe('emit');
			}
		});

		it('answers 403 for others, before authentication', async () => {
			const auth: InboundAuth = {
				type: 'headerToken',
				headerName: 'x-token',
				token: 'tok_0123456789abcdef',
			};
			expect(
				await handleCallback(request({ remoteAddress: '8.8.8.8' }).req, config(settings), auth),
			).toEqual({
				action: 'reject',
				status: 403,
				error: { code: 'ip_not_allowed', message: 'Client IP 8.8.8.8 is not in the IP allowlist.' },
			});
		});

		it('trusts X-Forwarded-For only as far as the configured proxy hops', async () => {
			const spoofed = request({
				remoteAddress: '10.0.0.2',
				headers: { 'x-forwarded-for': '45.92.116.10, 8.8.8.8' },
			}).req;
			expect((await handleCallback(spoofed, config(settings))).action).toBe('reject'); // 0 hops: socket
			expect(
				(await handleCallback(spoofed, config({ ...settings, trustedProxyHops: 1 }))).action,
			).toBe('reject');
			expect(
				(await handleCallback(spoofed, config({ ...settings, trustedProxyHops: 2 }))).action,
			).toBe('emit');
		});
	});

	describe('authentication', () => {
		const token = 'tok_0123456789abcdef';

		it('refuses a missing header token with 401 and reads no body', async () => {
			const { req, reads } = request({
				method: 'POST',
				body: purchaseJson,
				headers: { 'content-type': 'application/json' },
			});
			const auth: InboundAuth = { type: 'headerToken', headerName: 'x-token', token };
			expect(await handleCallback(req, config(), auth)).toMatchObject({
				action: 'reject',
				status: 401,
				error: { code: 'missing_credentials' },
			});
			expect(reads.count).toBe(0);
		});

		it('keeps a query token out of the item', async () => {
			const auth: InboundAuth = { type: 'queryToken', parameterName: 'auth', token };
			const outcome = await handleCallback(
				request({ url: `${adjustInstall}&auth=${token}` }).req,
				config(),
				auth,
			);
			expect(outcome.action).toBe('emit');
			expect(JSON.stringify(outcome)).not.toContain(token);
		});

		it('verifies HMAC over the body it read, answering 401 and 403', async () => {
			const secret = 'whsec_0123456789abcdef0123456789abcdef';
			const auth: InboundAuth = {
				type: 'hmacSha256',
				secret,
				signatureHeader: 'x-signature',
				timestampHeader: 'x-timestamp',
				replayWindowSeconds: 300,
				signatureEncoding: 'auto',
			};
			const now = 1_700_000_000_000;
			const signed = (timestamp: string, body = purchaseJson) =>
				request({
					method: 'POST',
					url: '/webhook/mmp',
					body,
					now,
					headers: {
						'content-type': 'application/json',
						'x-timestamp': timestamp,
						'x-signature': computeHmacSignature({ secret, body, timestamp }),
					},
				}).req;
			expect((await handleCallback(signed('1700000000'), config(), auth)).action).toBe('emit');
			const tampered = {
				...signed('1700000000'),
				readBody: async () => Buffer.from(purchaseJson.replace('9.99', '0.99')),
			};
			expect(await handleCallback(tampered, config(), auth)).toMatchObject({
				status: 401,
				error: { code: 'invalid_signature' },
			});
			expect(await handleCallback(signed('1699999000'), config(), auth)).toMatchObject({
				status: 403,
				error: { code: 'stale_timestamp' },
			});
		});
	});

	describe('body', () => {
		it('answers 413 from Content-Length without reading', async () => {
			const { req, reads } = request({
				method: 'POST',
				body: purchaseJson,
				headers: { 'content-type': 'application/json' },
			});
			expect(await handleCallback(req, config({ maxBodyBytes: 16 }))).toEqual({
				action: 'reject',
				status: 413,
				error: { code: 'body_too_large', message: 'Body is larger than the limit of 16 bytes.' },
			});
			expect(reads.count).toBe(0);
		});

		it('answers 413 for a chunked body that turns out too large', async () => {
			const { req } = request({
				method: 'POST',
				body: purchaseJson,
				headers: {
					'content-type': 'application/json',
					'transfer-encoding': 'chunked',
					'content-length': '',
				},
			});
			expect(await handleCallback(req, config({ maxBodyBytes: 16 }))).toMatchObject({
				status: 413,
				error: { code: 'body_too_large' },
			});
		});

		it('maps read failures to 413 and 400', async () => {
			const tooLarge = request({
				method: 'POST',
				body: '{}',
				readBody: async () => Promise.reject(new BodyReadError(413, 'Body over the server limit.')),
			});
			expect(await handleCallback(tooLarge.req, config())).toMatchObject({
				status: 413,
				error: { code: 'body_too_large', message: 'Body over the server limit.' },
			});
			const aborted = request({
				method: 'POST',
				body: '{}',
				readBody: async () => Promise.reject(new Error('aborted')),
			});
			expect(await handleCallback(aborted.req, config())).toMatchObject({
				status: 400,
				error: { code: 'body_unreadable' },
			});
		});

		it('answers 415 for unsupported content types and 400 for malformed JSON', async () => {
			const xml = request({
				method: 'POST',
				url: '/webhook/mmp',
				body: '<a/>',
				headers: { 'content-type': 'application/xml' },
			});
			expect(await handleCallback(xml.req, config())).toMatchObject({
				status: 415,
				error: { code: 'unsupported_media_type' },
			});
			const broken = request({
				method: 'POST',
				url: '/webhook/mmp',
				body: '{"a":',
				headers: { 'content-type': 'application/json' },
			});
			expect(await handleCallback(broken.req, config())).toMatchObject({
				status: 400,
				error: { code: 'malformed_body' },
			});
		});

		it('answers 400 for a callback that carries no field of any MMP, strict or not', async () => {
			const unknown = request({ url: '/webhook/mmp?foo=bar' });
			expect(await handleCallback(unknown.req, config())).toMatchObject({
				action: 'reject',
				status: 400,
				error: { code: 'unrecognised_callback' },
			});
			expect(await handleCallback(unknown.req, config({ strict: true }))).toMatchObject({
				status: 400,
				error: { code: 'unknown_mmp' },
			});
			const mapped = config({ fieldMap: { foo: 'click_id' } });
			expect(await handleCallback(unknown.req, mapped)).toMatchObject({
				action: 'emit',
				output: 0,
				item: { mmp: 'unknown', event_kind: 'install', click_id: 'bar' },
			});
		});

		describe('Content-Encoding and a malformed Content-Type (issue 12, item 11)', () => {
			function encoded(bytes: Buffer, headers: Record<string, string>, decoded?: string[]) {
				const req: InboundRequest = {
					method: 'POST',
					url: '/webhook/mmp',
					remoteAddress: '203.0.113.9',
					headers: {
						'content-type': 'application/json',
						'content-length': String(bytes.length),
						...headers,
					},
					readBody: async () => bytes,
					decodedContentCodings: decoded,
				};
				return req;
			}

			it('inflates GZIP in upper case, which the host passed through compressed', async () => {
				const req = encoded(gzipSync(purchaseJson), { 'content-encoding': 'GZIP' }, ['gzip']);
				expect(await handleCallback(req, config())).toMatchObject({
					action: 'emit',
					item: { mmp: 'appsflyer', event_name: 'af_purchase' },
				});
			});

			it('takes a body the host already inflated as it is', async () => {
				const req = encoded(Buffer.from(purchaseJson), { 'content-encoding': 'gzip' }, ['gzip']);
				expect((await handleCallback(req, config())).action).toBe('emit');
			});

			it('answers 415 for an unknown encoding instead of parsing the bytes anyway', async () => {
				const req = encoded(Buffer.from(purchaseJson), { 'content-encoding': 'br' }, ['gzip']);
				expect(await handleCallback(req, config())).toMatchObject({
					action: 'reject',
					status: 415,
					error: { code: 'unsupported_content_encoding' },
					headers: { 'Accept-Encoding': 'gzip, deflate' },
				});
			});

			it('answers 413 when the body inflates past Max Body Size', async () => {
				const big = JSON.stringify({ event_name: 'x', pad: 'y'.repeat(4096) });
				const req = encoded(gzipSync(big), { 'content-encoding': 'x-gzip' });
				expect(await handleCallback(req, config({ maxBodyBytes: 1024 }))).toMatchObject({
					status: 413,
					error: { code: 'body_too_large' },
				});
			});

			it('verifies an HMAC signature over the decoded body', async () => {
				const secret = 'whsec_0123456789abcdef0123456789abcdef';
				const auth: InboundAuth = {
					type: 'hmacSha256',
					secret,
					signatureHeader: 'x-signature',
					timestampHeader: 'x-timestamp',
					replayWindowSeconds: 300,
					signatureEncoding: 'auto',
				};
				const timestamp = '1700000000';
				const req = encoded(gzipSync(purchaseJson), {
					'content-encoding': 'GZIP',
					'x-timestamp': timestamp,
					'x-signature': computeHmacSignature({ secret, body: purchaseJson, timestamp }),
				});
				req.now = 1_700_000_000_000;
				expect((await handleCallback(req, config(), auth)).action).toBe('emit');
			});

			it('answers 415 for a Content-Type that names no media type', async () => {
				const req = encoded(Buffer.from(purchaseJson), { 'content-type': ';;;' });
				expect(await handleCallback(req, config())).toMatchObject({
					status: 415,
					error: { code: 'unsupported_media_type' },
				});
			});
		});

		it('answers 400 empty_callback for an empty JSON object, never an install', async () => {
			const empty = request({
				method: 'POST',
				url: '/webhook/mmp',
				body: '{}',
				headers: { 'content-type': 'application/json' },
			});
			expect(await handleCallback(empty.req, config())).toMatchObject({
				action: 'reject',
				status: 400,
				error: { code: 'empty_callback' },
			});
		});
	});

	it('always resolves to a well-formed outcome, whatever the request', async () => {
		const auth: InboundAuth = {
			type: 'queryToken',
			parameterName: 'auth',
			token: 'tok_0123456789abcdef',
		};
		const configs = [
			config(),
			config({ strict: true, ipAllowlist: '0.0.0.0/0' }),
			config({ fraudOnly: true }),
		];
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom('GET', 'POST', 'PUT', 'get', ''),
				fc.oneof(
					fc.string(),
					fc.webUrl({ withQueryParameters: true }).map((u) => u.replace(/^https?:\/\/[^/]*/, '')),
				),
				fc.dictionary(
					fc.constantFrom('content-type', 'content-length', 'x-forwarded-for', 'transfer-encoding'),
					fc.string(),
				),
				fc.uint8Array({ maxLength: 64 }),
				fc.option(fc.string(), { nil: undefined }),
				fc.nat(2),
				fc.boolean(),
				async (method, url, headers, body, remoteAddress, which, withAuth) => {
					const outcome = await handleCallback(
						{ method, url, headers, remoteAddress, readBody: async () => body },
						configs[which],
						withAuth ? auth : undefined,
					);
					if (outcome.action === 'reject') {
						expect([400, 401, 403, 405, 413, 415]).toContain(outcome.status);
						expect(outcome.error.code).toMatch(/^[a-z0-9_]+$/);
						expect(outcome.error.message).not.toContain('tok_0123456789abcdef');
					} else if (outcome.action === 'emit') {
						expect([0, 1, 2]).toContain(outcome.output);
					} else {
						expect(outcome.action).toBe('acknowledge');
					}
				},
			),
			{ numRuns: 300 },
		);
	});
});
