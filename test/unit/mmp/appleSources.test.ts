// Apple postbacks through parseCallback: detection, 4xx for non-postbacks, the verdict on the
// event, and the rules that keep fields outside Apple's signature from changing what it vouches for.
import {
	createCallbackParser,
	parseCallback,
	skadnetworkAdapter,
	type ParseCallbackOptions,
	type ParseCallbackSuccess,
	type RawPayload,
} from '../../../lib/mmp';
import { routeEvent, TRIGGER_OUTPUT } from '../../../lib/inbound';
import { AAK_DEV_EXAMPLE, SKAN_EXAMPLES } from './apple/appleVectors';

const [, V4_FINE] = SKAN_EXAMPLES[0];
const [, V3_WIN] = SKAN_EXAMPLES[2];

function post(
	body: unknown,
	url = '/webhook/apple/report-attribution',
	options?: ParseCallbackOptions,
) {
	return parseCallback(
		{
			method: 'POST',
			url,
			headers: { 'content-type': 'application/json' },
			body: Buffer.from(JSON.stringify(body)),
		},
		options,
	);
}

function ok(result: ReturnType<typeof parseCallback>): ParseCallbackSuccess {
	if (!result.ok) throw new Error(`${result.status} ${result.error.code}: ${result.error.message}`);
	return result;
}

describe('Apple postbacks in parseCallback', () => {
	it('detects both formats from the body alone', () => {
		expect(ok(post(V4_FINE))).toMatchObject({ mmp: 'skadnetwork', detectedBy: 'fingerprint' });
		expect(ok(post(AAK_DEV_EXAMPLE))).toMatchObject({
			mmp: 'adattributionkit',
			detectedBy: 'fingerprint',
		});
	});

	it("detects Apple's well-known path and the node's MMP option", () => {
		expect(ok(post(V4_FINE, '/.well-known/skadnetwork/report-attribution/'))).toMatchObject({
			mmp: 'skadnetwork',
			detectedBy: 'path',
		});
		expect(ok(post(V4_FINE, '/webhook/x', { mmp: 'skadnetwork' }))).toMatchObject({
			detectedBy: 'option',
		});
	});

	it('a verified postback is an attribution; an altered copy is a fraud alert with the reason', () => {
		const genuine = ok(post(V4_FINE)).event;
		expect(routeEvent(genuine)).toBe(TRIGGER_OUTPUT.attribution);
		const forged = ok(post({ ...V4_FINE, 'app-id': 1 })).event;
		expect(forged).toMatchObject({ signature_verified: false, fraud_flag: true });
		expect(forged.fraud_reason).toMatch(/^apple_signature_invalid: /);
		expect(routeEvent(forged)).toBe(TRIGGER_OUTPUT.fraudAlert);
	});

	it('an unsupported version goes to Fraud Alert, not to a 4xx', () => {
		const event = ok(post({ ...V4_FINE, version: '9.9' })).event;
		expect(event).toMatchObject({ skan_version: '9.9', fraud_flag: true });
		expect(event.fraud_reason).toMatch(/^apple_unsupported_version: /);
	});

	it('answers 400 for a body that is not a postback of the chosen source', () => {
		const { 'attribution-signature': _s, ...unsigned } = V4_FINE;
		expect(post(unsigned, '/webhook/x', { mmp: 'skadnetwork' })).toMatchObject({
			ok: false,
			status: 400,
			error: { code: 'schema_mismatch' },
		});
		expect(post({ 'jws-string': 'abc' }, '/webhook/x')).toMatchObject({
			ok: false,
			status: 400,
			error: { code: 'schema_mismatch' },
		});
		expect(post({ foo: 1 }, '/webhook/x', { mmp: 'adattributionkit' })).toMatchObject({
			status: 400,
		});
	});

	it('strict mode checks the shape before the signature', () => {
		expect(ok(post(V4_FINE, undefined, { strict: true })).event.signature_verified).toBe(true);
		const { 'transaction-id': _t, ...noTransaction } = V4_FINE;
		expect(post(noTransaction, '/webhook/x', { mmp: 'skadnetwork', strict: true })).toMatchObject({
			status: 400,
			error: { code: 'schema_mismatch', message: expect.stringContaining('transaction-id') },
		});
		expect(post({ ...V4_FINE, 'conversion-value': 64 }, undefined, { strict: true })).toMatchObject(
			{
				status: 400,
			},
		);
	});

	it('development postbacks verify only when the option allows them', () => {
		expect(ok(post(AAK_DEV_EXAMPLE)).event).toMatchObject({
			signature_verified: false,
			fraud_flag: true,
		});
		const event = ok(post(AAK_DEV_EXAMPLE, undefined, { appleDevelopmentPostbacks: true })).event;
		expect(event).toMatchObject({
			mmp: 'adattributionkit',
			event_kind: 'reengagement',
			signature_verified: true,
			fraud_flag: false,
			app_id: '10738027756',
			campaign_id: '1234',
			media_source: 'development.adattributionkit',
			did_win: true,
			postback_sequence_index: 0,
			conversion_value: 24,
			country: 'US',
			touch_type: 'click',
		});
		expect(event).not.toHaveProperty('fraud_reason');
		expect(routeEvent(event)).toBe(TRIGGER_OUTPUT.attribution);
	});

	describe('fields outside the signature', () => {
		it('do not change the kind or add fields: no event_kind override, no alias fallback', () => {
			const result = ok(
				post(
					{
						...V4_FINE,
						event_kind: 'in_app_event',
						revenue: 100,
						currency: 'USD',
						fraud_flag: true,
					},
					'/webhook/rejected?event_kind=uninstall',
				),
			);
			expect(result.event).toMatchObject({ event_kind: 'install', fraud_flag: false });
			expect(result.event).not.toHaveProperty('revenue');
			expect(result.event).not.toHaveProperty('currency');
		});

		it('a campaign-id added to a 4.0 postback does not replace the signed source-identifier', () => {
			expect(ok(post({ ...V4_FINE, 'campaign-id': 999 })).event).toMatchObject({
				campaign_id: '5239',
				signature_verified: true,
			});
		});

		it('keys posing as the decoded JWS payload are replaced by the payload Apple signed', () => {
			const result = ok(
				post(
					{
						...AAK_DEV_EXAMPLE,
						'jws-payload': { 'advertised-item-identifier': 1 },
						'jws-payload.did-win': false,
						'jws-payload.advertised-item-identifier': 2,
					},
					undefined,
					{ appleDevelopmentPostbacks: true },
				),
			);
			expect(result.event).toMatchObject({ app_id: '10738027756', did_win: true });
			expect(result.raw).not.toHaveProperty(['jws-payload.did-win']);
		});

		it('a field mapping cannot vouch for a signature', () => {
			const options = { fieldMap: { trusted: 'signature_verified', reason: 'fraud_reason' } };
			const event = ok(post({ ...V4_FINE, 'app-id': 2, trusted: true }, undefined, options)).event;
			expect(event).toMatchObject({ signature_verified: false, fraud_flag: true });
			const genuine = ok(post({ ...V4_FINE, reason: 'x' }, undefined, options)).event;
			expect(genuine).not.toHaveProperty('fraud_reason');
		});
	});

	describe('dedup_key', () => {
		const key = (body: RawPayload, options?: ParseCallbackOptions) =>
			ok(post(body, undefined, options)).event.dedup_key;

		it("is Apple's transaction-id per conversion window", () => {
			expect(key(V4_FINE)).toBe(key({ ...V4_FINE }));
			// Apple's unsigned fields may differ between retries of one postback; the key does not.
			expect(key({ ...V4_FINE, 'conversion-value': 1 })).toBe(key(V4_FINE));
			expect(key(V3_WIN)).not.toBe(key(V4_FINE));
		});

		it("takes the postback-sequence-index into Apple's id (absent = 0)", () => {
			const id = (index?: number) =>
				skadnetworkAdapter.sourceEventId({ ...V4_FINE, 'postback-sequence-index': index ?? null });
			expect(id(1)).toBe('6aafb7a5-0170-41b5-bbe4-fe71dedf1e30:1');
			expect(id(2)).not.toBe(id(1));
			expect(id()).toBe('6aafb7a5-0170-41b5-bbe4-fe71dedf1e30:0');
		});

		it('a forged copy reusing a genuine transaction-id never shares its key', () => {
			const forged = key({ ...V4_FINE, 'source-identifier': '1111' });
			expect(forged).not.toBe(key(V4_FINE));
		});

		it('AdAttributionKit: the postback-identifier', () => {
			const options = { appleDevelopmentPostbacks: true };
			expect(key(AAK_DEV_EXAMPLE, options)).toBe(
				key({ ...AAK_DEV_EXAMPLE, 'conversion-value': 3 }, options),
			);
		});
	});

	it('rejects a bad additional key as an options error', () => {
		expect(post(V4_FINE, undefined, { applePublicKeys: 'nope' })).toMatchObject({
			ok: false,
			error: { code: 'invalid_options' },
		});
		expect(() => createCallbackParser({ applePublicKeys: 'nope' })).toThrow(TypeError);
	});
});
