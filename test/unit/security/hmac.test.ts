import fc from 'fast-check';
import { computeHmacSignature, verifyHmacSignature } from '../../../lib/security';

const secret = 'mmp-test-secret-0123456789';
const body = Buffer.from('{"event_name":"af_purchase"}');
const timestamp = '1700000000';
const now = 1_700_000_000_000;
// HMAC-SHA256(secret, "1700000000." + body), computed independently with node:crypto.
const vectorHex = 'a85829fd74893f4bb20ca3f57d64bcba2ba2c38cddfec3adcd5886d1d2603085';
const vectorBase64 = 'qFgp/XSJP0uyDKP1fWS8uiuiw4zd/sOtzViG0dJgMIU=';

function verify(overrides: Partial<Parameters<typeof verifyHmacSignature>[0]> = {}) {
	return verifyHmacSignature({
		secret,
		body,
		signature: vectorHex,
		timestamp,
		timestampRequired: true,
		replayWindowSeconds: 300,
		now,
		...overrides,
	});
}

describe('computeHmacSignature', () => {
	it('signs "<timestamp>." + body', () => {
		expect(computeHmacSignature({ secret, body, timestamp })).toBe(vectorHex);
		expect(computeHmacSignature({ secret, body, timestamp, encoding: 'base64' })).toBe(
			vectorBase64,
		);
	});

	it('signs the body alone without a timestamp (GitHub documentation vector)', () => {
		expect(
			computeHmacSignature({ secret: "It's a Secret to Everybody", body: 'Hello, World!' }),
		).toBe('757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');
	});

	it('matches RFC 4231 test case 2', () => {
		expect(computeHmacSignature({ secret: 'Jefe', body: 'what do ya want for nothing?' })).toBe(
			'5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
		);
	});
});

describe('verifyHmacSignature', () => {
	it('accepts hex, upper-case hex, base64, url-safe base64 and a sha256= prefix', () => {
		expect(verify()).toEqual({ ok: true });
		expect(verify({ signature: vectorHex.toUpperCase() })).toEqual({ ok: true });
		expect(verify({ signature: `sha256=${vectorHex}` })).toEqual({ ok: true });
		expect(verify({ signature: `SHA256=${vectorHex}` })).toEqual({ ok: true });
		expect(verify({ signature: vectorBase64 })).toEqual({ ok: true });
		expect(verify({ signature: vectorBase64.replace(/=$/, '') })).toEqual({ ok: true });
		const urlSafe = vectorBase64.replace(/\+/g, '-').replace(/\//g, '_');
		expect(verify({ signature: urlSafe })).toEqual({ ok: true });
		expect(verify({ signature: vectorBase64, decoding: 'base64' })).toEqual({ ok: true });
	});

	it('accepts when any of several space-separated signatures matches (key rotation)', () => {
		const other = computeHmacSignature({ secret: 'old-secret', body, timestamp });
		expect(verify({ signature: `${other} ${vectorHex}` })).toEqual({ ok: true });
	});

	it('rejects a body with one flipped byte', () => {
		for (let i = 0; i < body.length; i++) {
			const flipped = Buffer.from(body);
			flipped[i] ^= 0x01;
			expect(verify({ body: flipped })).toEqual({ ok: false, reason: 'signature_mismatch' });
		}
	});

	it('rejects a signature with one changed character', () => {
		const changed = (vectorHex[0] === 'a' ? 'b' : 'a') + vectorHex.slice(1);
		expect(verify({ signature: changed })).toEqual({ ok: false, reason: 'signature_mismatch' });
	});

	it('rejects a signed request older or newer than the window, and accepts its edges', () => {
		expect(verify({ now: now + 301_000 })).toEqual({ ok: false, reason: 'timestamp_expired' });
		expect(verify({ now: now - 301_000 })).toEqual({ ok: false, reason: 'timestamp_in_future' });
		expect(verify({ now: now + 300_000 })).toEqual({ ok: true });
		expect(verify({ now: now - 300_000 })).toEqual({ ok: true });
	});

	it('reads millisecond timestamps as milliseconds', () => {
		const ms = '1700000000000';
		const signature = computeHmacSignature({ secret, body, timestamp: ms });
		expect(verify({ timestamp: ms, signature })).toEqual({ ok: true });
		expect(verify({ timestamp: ms, signature, now: now + 301_000 })).toEqual({
			ok: false,
			reason: 'timestamp_expired',
		});
	});

	it('binds the timestamp: a valid signature does not verify with another timestamp', () => {
		expect(verify({ timestamp: '1700000001', now })).toEqual({
			ok: false,
			reason: 'signature_mismatch',
		});
	});

	it('rejects wrong-length and non-digest signatures as malformed, without throwing', () => {
		expect(verify({ signature: vectorHex.slice(0, 62) })).toEqual({
			ok: false,
			reason: 'malformed_signature',
		});
		expect(verify({ signature: `${vectorHex}00` })).toEqual({
			ok: false,
			reason: 'malformed_signature',
		});
		expect(verify({ signature: 'c2hvcnQ=' })).toEqual({ ok: false, reason: 'malformed_signature' });
		expect(verify({ signature: vectorBase64, decoding: 'hex' })).toEqual({
			ok: false,
			reason: 'malformed_signature',
		});
		expect(verify({ signature: 'x '.repeat(9) })).toEqual({
			ok: false,
			reason: 'malformed_signature',
		});
	});

	it('reports missing and invalid inputs', () => {
		expect(verify({ signature: undefined })).toEqual({ ok: false, reason: 'missing_signature' });
		expect(verify({ signature: '   ' })).toEqual({ ok: false, reason: 'missing_signature' });
		expect(verify({ timestamp: undefined })).toEqual({ ok: false, reason: 'missing_timestamp' });
		expect(verify({ timestamp: '17e8' })).toEqual({ ok: false, reason: 'invalid_timestamp' });
		expect(verify({ timestamp: '-1700000000' })).toEqual({
			ok: false,
			reason: 'invalid_timestamp',
		});
	});

	it('verifies body-only signatures when no timestamp is required', () => {
		const signature = computeHmacSignature({ secret, body });
		expect(verify({ signature, timestamp: undefined, timestampRequired: false })).toEqual({
			ok: true,
		});
		// A timestamp-bound signature is not a body-only signature.
		expect(verify({ timestampRequired: false })).toEqual({
			ok: false,
			reason: 'signature_mismatch',
		});
	});

	it('never throws, whatever the header values', () => {
		fc.assert(
			fc.property(
				fc.option(fc.string(), { nil: undefined }),
				fc.option(fc.string(), { nil: undefined }),
				fc.boolean(),
				fc.constantFrom('hex', 'base64', 'auto' as const),
				(signature, ts, timestampRequired, decoding) => {
					const verdict = verify({ signature, timestamp: ts, timestampRequired, decoding });
					expect(verdict.ok).toBe(false);
				},
			),
		);
	});

	it('accepts exactly what computeHmacSignature produces, for any body and secret', () => {
		fc.assert(
			fc.property(
				fc.uint8Array({ maxLength: 256 }),
				fc.string({ minLength: 1 }),
				fc.constantFrom('hex' as const, 'base64' as const),
				(anyBody, anySecret, encoding) => {
					const signature = computeHmacSignature({
						secret: anySecret,
						body: anyBody,
						timestamp,
						encoding,
					});
					expect(verify({ secret: anySecret, body: anyBody, signature })).toEqual({ ok: true });
				},
			),
		);
	});
});
