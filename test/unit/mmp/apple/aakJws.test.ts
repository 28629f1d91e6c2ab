import { generateKeyPairSync, sign } from 'node:crypto';

import {
	AAK_PUBLIC_KEYS,
	createAppleKeyring,
	decodeJws,
	verifyAakJws,
	type RawPayload,
} from '../../../../lib/mmp';
import { AAK_DEV_EXAMPLE, AAK_EARLIER_PAGE_EXAMPLE } from './appleVectors';

const production = createAppleKeyring();
const development = createAppleKeyring({ acceptDevelopment: true });

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWS signed here with a generated key (NOT Apple's), for rules Apple's example cannot show. */
function generatedJws(header: Record<string, unknown>, payload: Record<string, unknown>) {
	const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
	const input = `${b64url(header)}.${b64url(payload)}`;
	const signature = sign('sha256', Buffer.from(input), {
		key: privateKey,
		dsaEncoding: 'ieee-p1363',
	});
	return {
		jws: `${input}.${signature.toString('base64url')}`,
		spki: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
	};
}

function jwsParts(body: RawPayload): string[] {
	return String(body['jws-string']).split('.');
}

describe('AdAttributionKit JWS', () => {
	it("publishes the three keys of Apple's page, production and development", () => {
		expect(Object.keys(AAK_PUBLIC_KEYS).sort()).toEqual([
			'apple-cas-identifier/0',
			'apple-development-identifier/0',
			'apple-development-identifier/1',
		]);
	});

	it("decodes Apple's example: ES256, kid apple-development-identifier/1", () => {
		const jws = decodeJws(AAK_DEV_EXAMPLE);
		expect(jws.header).toEqual({ kid: 'apple-development-identifier/1', alg: 'ES256' });
		expect(jws.payload).toMatchObject({
			'postback-identifier': '85546EB7-FD39-44BC-8990-C98A4AC36A49',
			'advertised-item-identifier': 10738027756,
			'conversion-type': 're-engagement',
		});
	});

	it("Apple's example verifies where development postbacks are accepted", () => {
		expect(verifyAakJws(decodeJws(AAK_DEV_EXAMPLE), development)).toEqual({ verified: true });
	});

	it("Apple's example is a development postback: unverified in production", () => {
		expect(verifyAakJws(decodeJws(AAK_DEV_EXAMPLE), production)).toMatchObject({
			verified: false,
			code: 'apple_development_key',
		});
	});

	it("the earlier page revision's production-kid example does not verify with Apple's production key", () => {
		expect(verifyAakJws(decodeJws(AAK_EARLIER_PAGE_EXAMPLE), development)).toMatchObject({
			verified: false,
			code: 'apple_signature_invalid',
		});
	});

	it('an altered payload (source-identifier 1234 → 1235) fails', () => {
		const [header, payload, signature] = jwsParts(AAK_DEV_EXAMPLE);
		const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
			string,
			unknown
		>;
		const forged = `${header}.${b64url({ ...decoded, 'source-identifier': '1235' })}.${signature}`;
		expect(verifyAakJws(decodeJws({ 'jws-string': forged }), development)).toMatchObject({
			verified: false,
			code: 'apple_signature_invalid',
		});
	});

	it('a header naming the production kid over a development signature fails', () => {
		const [, payload, signature] = jwsParts(AAK_DEV_EXAMPLE);
		const forged = `${b64url({ kid: 'apple-cas-identifier/0', alg: 'ES256' })}.${payload}.${signature}`;
		expect(verifyAakJws(decodeJws({ 'jws-string': forged }), production)).toMatchObject({
			verified: false,
			code: 'apple_signature_invalid',
		});
	});

	it('an unknown kid, a missing kid and a non-ES256 alg are unverified with their reason', () => {
		const [, payload, signature] = jwsParts(AAK_DEV_EXAMPLE);
		const withHeader = (header: unknown) =>
			verifyAakJws(
				decodeJws({ 'jws-string': `${b64url(header)}.${payload}.${signature}` }),
				production,
			);
		expect(withHeader({ kid: 'apple-cas-identifier/9', alg: 'ES256' })).toMatchObject({
			code: 'apple_unknown_key_id',
		});
		expect(withHeader({ alg: 'ES256' })).toMatchObject({ code: 'apple_unknown_key_id' });
		expect(withHeader({ kid: 'apple-cas-identifier/0', alg: 'none' })).toMatchObject({
			code: 'apple_unsupported_algorithm',
		});
		expect(withHeader({ kid: 'apple-cas-identifier/0', alg: 'HS256' })).toMatchObject({
			code: 'apple_unsupported_algorithm',
		});
	});

	it('a signature of the wrong length or alphabet is invalid, never an exception', () => {
		const [header, payload] = jwsParts(AAK_DEV_EXAMPLE);
		for (const signature of ['AAAA', '*', Buffer.alloc(64).toString('base64url')]) {
			const jws = decodeJws({ 'jws-string': `${header}.${payload}.${signature}` });
			expect(verifyAakJws(jws, development)).toMatchObject({ verified: false });
		}
	});

	it('throws a 400 for what is not a JWS compact string', () => {
		for (const value of [
			undefined,
			'',
			'a.b',
			'a.b.c.d',
			'!!.e30.x',
			'e30.bm90IGpzb24.x',
			'WzFd.e30.x',
		]) {
			expect(() => decodeJws({ 'jws-string': value as string })).toThrow(
				/Not a valid adattributionkit postback/,
			);
		}
	});

	describe("keys the user adds (key generated in the test, not Apple's)", () => {
		const payload = { 'postback-identifier': 'p-1', 'did-win': true };

		it('with a kid: a rotated production key verifies', () => {
			const { jws, spki } = generatedJws({ kid: 'apple-cas-identifier/1', alg: 'ES256' }, payload);
			const keyring = createAppleKeyring({ extraKeys: `apple-cas-identifier/1 ${spki}` });
			expect(verifyAakJws(decodeJws({ 'jws-string': jws }), keyring)).toEqual({ verified: true });
			expect(verifyAakJws(decodeJws({ 'jws-string': jws }), production)).toMatchObject({
				code: 'apple_unknown_key_id',
			});
		});

		it('without a kid: tried for a kid Apple has not published; a development kid stays development', () => {
			const prod = generatedJws({ kid: 'apple-cas-identifier/2', alg: 'ES256' }, payload);
			const keyring = createAppleKeyring({ extraKeys: prod.spki });
			expect(verifyAakJws(decodeJws({ 'jws-string': prod.jws }), keyring)).toEqual({
				verified: true,
			});
			const dev = generatedJws({ kid: 'apple-development-identifier/7', alg: 'ES256' }, payload);
			const devKeyring = createAppleKeyring({ extraKeys: dev.spki });
			expect(verifyAakJws(decodeJws({ 'jws-string': dev.jws }), devKeyring)).toMatchObject({
				code: 'apple_development_key',
			});
		});

		it('as PEM', () => {
			const { jws, spki } = generatedJws({ kid: 'k/1', alg: 'ES256' }, payload);
			const pem = `-----BEGIN PUBLIC KEY-----\n${spki.slice(0, 64)}\n${spki.slice(64)}\n-----END PUBLIC KEY-----`;
			expect(
				verifyAakJws(decodeJws({ 'jws-string': jws }), createAppleKeyring({ extraKeys: pem })),
			).toEqual({
				verified: true,
			});
		});

		it('rejects what is not an EC P-256 / P-192 public key, naming the line', () => {
			const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
				.publicKey.export({ format: 'der', type: 'spki' })
				.toString('base64');
			expect(() => createAppleKeyring({ extraKeys: 'not a key' })).toThrow(/line 1/);
			expect(() => createAppleKeyring({ extraKeys: `\n${rsa}` })).toThrow(/line 2 is not a NIST/);
			expect(() => createAppleKeyring({ extraKeys: 'QUJD' })).toThrow(/not a public key/);
		});
	});
});
