// The MMP Trigger through n8n-core's real WebhookContext (test/support/inProcess.ts), one test per
// status path, auth mode and output.
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';
import { gzipSync } from 'node:zlib';

import { computeHmacSignature } from '../../lib/security';
import { MmpTrigger } from '../../nodes/MmpTrigger/MmpTrigger.node';
import { callWebhook, type RequestSpec } from '../support/inProcess';

const trigger = new MmpTrigger();

const ADJUST_INSTALL =
	'/webhook/mmp?mmp=adjust&activity_kind=install&adid=7f0c8d5e4b3a29180716a5b4c3d2e1f0&gps_adid=38400000-8cf0-11bd-b23e-10b96e40000d&created_at=1700000000&country=de';
const ADJUST_REJECTED =
	'/webhook/mmp?mmp=adjust&activity_kind=rejected_install&adid=7f0c8d5e4b3a29180716a5b4c3d2e1f0&rejection_reason=engagement_injection';
const APPSFLYER_PURCHASE = {
	appsflyer_id: '1700000000000-1234567',
	event_name: 'af_purchase',
	event_type: 'in-app-event',
	event_revenue: '9.99',
	event_revenue_currency: 'USD',
	customer_user_id: 'user-42',
};

async function call(
	request: RequestSpec,
	parameters: INodeParameters = {},
	credentials?: Record<string, ICredentialDataDecryptedObject>,
) {
	return await callWebhook(trigger, {
		parameters: { path: 'mmp', ...parameters },
		credentials,
		request,
	});
}

/** Which of the three outputs got the item, or undefined when no execution would start. */
function outputOf(workflowData: unknown[][] | undefined): number | undefined {
	if (!workflowData) return undefined;
	expect(workflowData).toHaveLength(3);
	expect(workflowData.flat()).toHaveLength(1);
	return workflowData.findIndex((items) => items.length === 1);
}

function itemOf(
	workflowData: Array<Array<{ json: unknown }>> | undefined,
): Record<string, unknown> {
	const item = workflowData?.flat()[0];
	if (!item) throw new Error('no item');
	return item.json as Record<string, unknown>;
}

describe('MMP Trigger webhook', () => {
	describe('accepted callbacks', () => {
		it('routes an Adjust GET install to Attribution and acknowledges 200 {"status":"ok"}', async () => {
			const result = await call({ method: 'GET', url: ADJUST_INSTALL });
			expect(result.status).toBe(200);
			expect(result.body).toEqual({ status: 'ok' });
			expect(result.respondedByNode).toBe(false);
			expect(outputOf(result.workflowData)).toBe(0);
			expect(itemOf(result.workflowData)).toMatchObject({
				mmp: 'adjust',
				event_kind: 'install',
				advertising_id: '38400000-8cf0-11bd-b23e-10b96e40000d',
				country: 'DE',
				fraud_flag: false,
				dedup_key: expect.any(String),
				raw: { activity_kind: 'install', adid: '7f0c8d5e4b3a29180716a5b4c3d2e1f0' },
			});
		});

		it('routes a POSTed AppsFlyer purchase (JSON) to In-App Event', async () => {
			const result = await call({ method: 'POST', url: '/webhook/mmp', body: APPSFLYER_PURCHASE });
			expect(result.status).toBe(200);
			expect(outputOf(result.workflowData)).toBe(1);
			expect(itemOf(result.workflowData)).toMatchObject({
				mmp: 'appsflyer',
				event_kind: 'in_app_event',
				event_name: 'af_purchase',
				revenue: 9.99,
				currency: 'USD',
				customer_user_id: 'user-42',
			});
		});

		it('routes a rejected install to Fraud Alert', async () => {
			const result = await call({ method: 'GET', url: ADJUST_REJECTED });
			expect(outputOf(result.workflowData)).toBe(2);
			expect(itemOf(result.workflowData)).toMatchObject({
				event_kind: 'rejected_install',
				fraud_flag: true,
				fraud_reason: 'engagement_injection',
			});
		});

		it('accepts form-urlencoded and text/plain bodies on POST', async () => {
			const form = await call({
				method: 'POST',
				url: '/webhook/mmp',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: 'mmp=adjust&activity_kind=session&adid=7f0c8d5e4b3a29180716a5b4c3d2e1f0',
			});
			expect(outputOf(form.workflowData)).toBe(1);
			expect(itemOf(form.workflowData)).toMatchObject({ mmp: 'adjust', event_kind: 'session' });
			const text = await call({
				method: 'POST',
				url: '/webhook/mmp',
				headers: { 'content-type': 'text/plain' },
				body: JSON.stringify(APPSFLYER_PURCHASE),
			});
			expect(itemOf(text.workflowData)).toMatchObject({
				mmp: 'appsflyer',
				event_name: 'af_purchase',
			});
		});

		it('leaves raw out when Include Raw Payload is off', async () => {
			const result = await call({ method: 'GET', url: ADJUST_INSTALL }, { includeRaw: false });
			expect(itemOf(result.workflowData)).not.toHaveProperty('raw');
			expect(itemOf(result.workflowData)).toMatchObject({ event_kind: 'install' });
		});

		it('applies field mapping', async () => {
			const result = await call(
				{ method: 'GET', url: `${ADJUST_INSTALL}&uid=user-7` },
				{ fieldMapping: { mappings: [{ incoming: 'uid', field: 'customer_user_id' }] } },
			);
			expect(itemOf(result.workflowData)).toMatchObject({ customer_user_id: 'user-7' });
		});

		it('uses the MMP chosen on the node', async () => {
			const result = await call(
				{
					method: 'GET',
					url: '/webhook/mmp?activity_kind=install&adid=7f0c8d5e4b3a29180716a5b4c3d2e1f0',
				},
				{ mmp: 'adjust', strict: true },
			);
			expect(itemOf(result.workflowData)).toMatchObject({ mmp: 'adjust', event_kind: 'install' });
		});

		it('answers with the configured response code and body', async () => {
			const result = await call(
				{ method: 'GET', url: ADJUST_INSTALL },
				{ additionalOptions: { responseCode: 202, responseBody: 'OK' } },
			);
			expect(result.status).toBe(202);
			expect(result.body).toBe('OK');
			expect(outputOf(result.workflowData)).toBe(0);
		});

		it('works on the test URL (manual mode) too', async () => {
			const result = await callWebhook(trigger, {
				parameters: { path: 'mmp' },
				request: { method: 'GET', url: ADJUST_INSTALL },
				mode: 'manual',
			});
			expect(outputOf(result.workflowData)).toBe(0);
		});
	});

	describe('Start Executions For', () => {
		it('acknowledges a filtered-out callback with 200 and starts nothing', async () => {
			const result = await call(
				{ method: 'GET', url: ADJUST_INSTALL },
				{ startFor: { fraudOnly: true } },
			);
			expect(result.status).toBe(200);
			expect(result.body).toEqual({ status: 'ok' });
			expect(result.workflowData).toBeUndefined();
		});

		it('starts for what matches', async () => {
			const parameters = { startFor: { fraudOnly: true } };
			expect(
				outputOf((await call({ method: 'GET', url: ADJUST_REJECTED }, parameters)).workflowData),
			).toBe(2);
			const names = { startFor: { eventKinds: ['in_app_event'], eventNames: 'af_*' } };
			const purchase = await call(
				{ method: 'POST', url: '/webhook/mmp', body: APPSFLYER_PURCHASE },
				names,
			);
			expect(outputOf(purchase.workflowData)).toBe(1);
			expect(
				(await call({ method: 'GET', url: ADJUST_INSTALL }, names)).workflowData,
			).toBeUndefined();
		});
	});

	describe('rejected requests: JSON error, no execution', () => {
		async function expectRejected(
			promise: ReturnType<typeof call>,
			status: number,
			code: string,
		): Promise<Awaited<ReturnType<typeof call>>> {
			const result = await promise;
			expect(result.status).toBe(status);
			expect(result.body).toEqual({ error: { code, message: expect.any(String) } });
			expect(result.headers['content-type']).toMatch(/^application\/json/);
			expect(result.respondedByNode).toBe(true);
			expect(result.workflowData).toBeUndefined();
			return result;
		}

		it('400 for malformed JSON: the node reads the raw body, so n8n does not answer 422 first', async () => {
			const result = await expectRejected(
				call({
					method: 'POST',
					url: '/webhook/mmp',
					headers: { 'content-type': 'application/json' },
					body: '{"event_name":',
				}),
				400,
				'malformed_body',
			);
			expect((result.body as { error: { message: string } }).error.message).toMatch(/JSON/);
		});

		it('400 for an unrecognised callback in strict mode', async () => {
			await expectRejected(
				call({ method: 'GET', url: '/webhook/mmp?foo=bar' }, { strict: true }),
				400,
				'unknown_mmp',
			);
		});

		it('400, not an install, for a callback that carries no field of any MMP', async () => {
			await expectRejected(
				call({ method: 'GET', url: '/webhook/mmp?foo=bar&n=1' }),
				400,
				'unrecognised_callback',
			);
			await expectRejected(
				call({ method: 'POST', url: '/webhook/mmp', body: { foo: 'bar' } }),
				400,
				'unrecognised_callback',
			);
			await expectRejected(
				call({ method: 'POST', url: '/webhook/mmp', body: {} }),
				400,
				'empty_callback',
			);
			// A custom template gets through once Field Mapping maps one of its parameters.
			const mapped = await call(
				{ method: 'GET', url: '/webhook/mmp?foo=bar&n=1' },
				{ fieldMapping: { mappings: [{ incoming: 'foo', field: 'click_id' }] } },
			);
			expect(outputOf(mapped.workflowData)).toBe(0);
			expect(itemOf(mapped.workflowData)).toMatchObject({ event_kind: 'install', click_id: 'bar' });
		});

		it('inflates gzip in any case; 415 for an unknown Content-Encoding or Content-Type ;;;', async () => {
			const body = JSON.stringify(APPSFLYER_PURCHASE);
			for (const coding of ['gzip', 'GZIP']) {
				const result = await call({
					method: 'POST',
					url: '/webhook/mmp',
					headers: { 'content-type': 'application/json', 'content-encoding': coding },
					body: gzipSync(body),
				});
				expect(itemOf(result.workflowData)).toMatchObject({ event_name: 'af_purchase' });
			}
			const br = await expectRejected(
				call({
					method: 'POST',
					url: '/webhook/mmp',
					headers: { 'content-type': 'application/json', 'content-encoding': 'br' },
					body,
				}),
				415,
				'unsupported_content_encoding',
			);
			expect(br.headers['accept-encoding']).toBe('gzip, deflate');
			await expectRejected(
				call({ method: 'POST', url: '/webhook/mmp', headers: { 'content-type': ';;;' }, body }),
				415,
				'unsupported_media_type',
			);
		});

		it('405 with Allow for methods MMPs do not use', async () => {
			for (const method of ['PUT', 'PATCH', 'DELETE', 'HEAD']) {
				const result = await expectRejected(
					call({ method, url: ADJUST_INSTALL }),
					405,
					'method_not_allowed',
				);
				expect(result.headers.allow).toBe('GET, POST');
			}
		});

		it('413 for a body over Max Body Size', async () => {
			const body = { ...APPSFLYER_PURCHASE, padding: 'x'.repeat(2048) };
			await expectRejected(
				call(
					{ method: 'POST', url: '/webhook/mmp', body },
					{ additionalOptions: { maxBodyKib: 1 } },
				),
				413,
				'body_too_large',
			);
		});

		it('415 for content types other than JSON, form or text', async () => {
			await expectRejected(
				call({
					method: 'POST',
					url: '/webhook/mmp',
					headers: { 'content-type': 'application/xml' },
					body: '<e/>',
				}),
				415,
				'unsupported_media_type',
			);
			await expectRejected(
				call({
					method: 'POST',
					url: '/webhook/mmp',
					headers: { 'content-type': 'multipart/form-data; boundary=x' },
					body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
				}),
				415,
				'unsupported_media_type',
			);
		});

		describe('403 for addresses outside the IP allowlist', () => {
			it('checks presets and custom CIDRs, IPv4-mapped addresses included', async () => {
				const parameters = { ipPresets: ['appsflyer'], ipAllowlist: '203.0.113.0/24' };
				await expectRejected(
					call({ method: 'GET', url: ADJUST_INSTALL, ip: '198.51.100.1' }, parameters),
					403,
					'ip_not_allowed',
				);
				for (const ip of ['45.92.117.3', '::ffff:194.28.46.9', '203.0.113.50']) {
					expect(
						outputOf(
							(await call({ method: 'GET', url: ADJUST_INSTALL, ip }, parameters)).workflowData,
						),
					).toBe(0);
				}
			});

			it('uses X-Forwarded-For only behind a proxy, hops from the right', async () => {
				const request = {
					method: 'GET',
					url: ADJUST_INSTALL,
					ip: '10.0.0.2',
					headers: { 'x-forwarded-for': '45.92.116.10, 198.51.100.1' },
				};
				const presets = { ipPresets: ['appsflyer'] };
				await expectRejected(call(request, presets), 403, 'ip_not_allowed');
				await expectRejected(
					call(request, { ...presets, behindProxy: true, proxyHops: 1 }),
					403,
					'ip_not_allowed',
				);
				const twoHops = await call(request, { ...presets, behindProxy: true, proxyHops: 2 });
				expect(outputOf(twoHops.workflowData)).toBe(0);
			});
		});

		describe('401 and 403 from the MMP Webhook Auth credential', () => {
			const token = 'tok_3f9c1b7e5a2d4c6f8e0a';

			it('header token', async () => {
				const credentials = {
					mmpWebhookAuth: { authType: 'headerToken', headerName: 'X-MMP-Token', token },
				};
				await expectRejected(
					call({ method: 'GET', url: ADJUST_INSTALL }, {}, credentials),
					401,
					'missing_credentials',
				);
				const wrong = await expectRejected(
					call(
						{ method: 'GET', url: ADJUST_INSTALL, headers: { 'x-mmp-token': 'nope' } },
						{},
						credentials,
					),
					401,
					'invalid_credentials',
				);
				expect(JSON.stringify(wrong)).not.toContain(token);
				const ok = await call(
					{ method: 'GET', url: ADJUST_INSTALL, headers: { 'X-MMP-Token': token } },
					{},
					credentials,
				);
				expect(outputOf(ok.workflowData)).toBe(0);
			});

			it('query token, which never reaches the item', async () => {
				const credentials = {
					mmpWebhookAuth: { authType: 'queryToken', queryParameter: 'auth', token },
				};
				await expectRejected(
					call({ method: 'GET', url: `${ADJUST_INSTALL}&auth=x` }, {}, credentials),
					401,
					'invalid_credentials',
				);
				const ok = await call(
					{ method: 'GET', url: `${ADJUST_INSTALL}&auth=${token}` },
					{},
					credentials,
				);
				expect(outputOf(ok.workflowData)).toBe(0);
				expect(JSON.stringify(ok.workflowData)).not.toContain(token);
			});

			it('HTTP basic', async () => {
				const credentials = {
					mmpWebhookAuth: {
						authType: 'basicAuth',
						user: 'adjust',
						password: 'correct horse battery',
					},
				};
				const basic = (value: string) => ({
					authorization: `Basic ${Buffer.from(value).toString('base64')}`,
				});
				const missing = await expectRejected(
					call({ method: 'GET', url: ADJUST_INSTALL }, {}, credentials),
					401,
					'missing_credentials',
				);
				expect(missing.headers['www-authenticate']).toBe(
					'Basic realm="MMP Trigger", charset="UTF-8"',
				);
				await expectRejected(
					call(
						{ method: 'GET', url: ADJUST_INSTALL, headers: basic('adjust:wrong') },
						{},
						credentials,
					),
					401,
					'invalid_credentials',
				);
				const ok = await call(
					{ method: 'GET', url: ADJUST_INSTALL, headers: basic('adjust:correct horse battery') },
					{},
					credentials,
				);
				expect(outputOf(ok.workflowData)).toBe(0);
			});

			it('HMAC-SHA256 over the raw body with a timestamp: 200, 401 tampered, 403 stale', async () => {
				const secret = 'whsec_7d1f0c9e8b2a4f6d3c5e7a9b1d3f5e7c';
				const credentials = {
					mmpWebhookAuth: {
						authType: 'hmacSha256',
						secret,
						signatureHeader: 'X-MMP-Signature',
						timestampHeader: 'X-MMP-Timestamp',
						replayWindowSeconds: 300,
						signatureEncoding: 'auto',
					},
				};
				const body = JSON.stringify(APPSFLYER_PURCHASE);
				const signed = (timestamp: number, sentBody = body) => ({
					method: 'POST',
					url: '/webhook/mmp',
					headers: {
						'content-type': 'application/json',
						'x-mmp-timestamp': String(timestamp),
						'x-mmp-signature': `sha256=${computeHmacSignature({ secret, body, timestamp: String(timestamp) })}`,
					},
					body: sentBody,
				});
				const now = Math.floor(Date.now() / 1000);
				expect(outputOf((await call(signed(now), {}, credentials)).workflowData)).toBe(1);
				await expectRejected(
					call(signed(now, body.replace('9.99', '0.99')), {}, credentials),
					401,
					'invalid_signature',
				);
				await expectRejected(call(signed(now - 3600), {}, credentials), 403, 'stale_timestamp');
				await expectRejected(
					call(
						{ ...signed(now), headers: { 'content-type': 'application/json' } },
						{},
						credentials,
					),
					401,
					'missing_signature',
				);
			});
		});

		it('500 (so MMPs retry) when the node settings are invalid', async () => {
			await expectRejected(
				call({ method: 'GET', url: ADJUST_INSTALL }, { ipAllowlist: '10.0.0.0/33' }),
				500,
				'trigger_misconfigured',
			);
		});

		it('500 when the credential is unusable, without echoing secrets', async () => {
			const credentials = {
				mmpWebhookAuth: {
					authType: 'headerToken',
					headerName: 'Bad Header',
					token: 'tok_3f9c1b7e5a2d4c6f8e0a',
				},
			};
			const result = await expectRejected(
				call({ method: 'GET', url: ADJUST_INSTALL }, {}, credentials),
				500,
				'credential_misconfigured',
			);
			expect(JSON.stringify(result.body)).not.toContain('tok_3f9c1b7e5a2d4c6f8e0a');
		});
	});
});
