import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

import {
	createAppleKeyring,
	SKAN_SEPARATOR,
	skanSignedString,
	verifySkanPostback,
	type RawPayload,
} from '../../../../lib/mmp';
import { SKAN_EXAMPLES } from './appleVectors';

const apple = createAppleKeyring();

// The orders Apple documents, written out here independently of lib's table:
// verifying-an-install-validation-postback (4.0), combining-parameters-for-skadnetwork-3-postbacks,
// combining-parameters-for-previous-skadnetwork-postback-versions (2.2, 2.0/2.1, 1.0).
const DOCUMENTED_ORDER: Record<string, string[]> = {
	'1.0': ['ad-network-id', 'campaign-id', 'app-id', 'transaction-id'],
	'2.0': [
		'version',
		'ad-network-id',
		'campaign-id',
		'app-id',
		'transaction-id',
		'redownload',
		'source-app-id',
	],
	'2.1': [
		'version',
		'ad-network-id',
		'campaign-id',
		'app-id',
		'transaction-id',
		'redownload',
		'source-app-id',
	],
	'2.2': [
		'version',
		'ad-network-id',
		'campaign-id',
		'app-id',
		'transaction-id',
		'redownload',
		'source-app-id',
		'fidelity-type',
	],
	'3.0': [
		'version',
		'ad-network-id',
		'campaign-id',
		'app-id',
		'transaction-id',
		'redownload',
		'source-app-id',
		'fidelity-type',
		'did-win',
	],
	'4.0': [
		'version',
		'ad-network-id',
		'source-identifier',
		'app-id',
		'transaction-id',
		'redownload',
		'source-app-id|source-domain',
		'fidelity-type',
		'did-win',
		'postback-sequence-index',
	],
};
const OPTIONAL = new Set(['source-app-id', 'source-app-id|source-domain']);

function documentedString(version: string, raw: RawPayload): string {
	const values: string[] = [];
	for (const field of DOCUMENTED_ORDER[version]) {
		const name = field.split('|').find((candidate) => raw[candidate] !== undefined);
		if (name === undefined) {
			if (OPTIONAL.has(field)) continue;
			throw new Error(`test postback lacks ${field}`);
		}
		values.push(String(raw[name]));
	}
	return values.join('\u2063');
}

function signedFieldsOf(version: string, raw: RawPayload): string[] {
	return DOCUMENTED_ORDER[version]
		.flatMap((field) => field.split('|'))
		.filter((name) => raw[name] !== undefined);
}

function altered(value: RawPayload[string]): RawPayload[string] {
	if (typeof value === 'boolean') return !value;
	if (typeof value === 'number') return value + 1;
	return `${String(value)}x`;
}

describe("SKAdNetwork signatures: Apple's published examples", () => {
	it('uses U+2063 INVISIBLE SEPARATOR', () => {
		expect(SKAN_SEPARATOR).toBe('\u2063');
	});

	it.each(SKAN_EXAMPLES)("%s verifies with Apple's key", (_name, body) => {
		expect(verifySkanPostback({ ...body }, apple)).toEqual({ verified: true });
	});

	it.each(SKAN_EXAMPLES)(
		"%s: the signed string follows Apple's documented order",
		(_name, body) => {
			const version = String(body.version);
			expect(skanSignedString(version, body)).toEqual({ text: documentedString(version, body) });
		},
	);

	describe.each(SKAN_EXAMPLES)('%s: altering any signed field fails', (_name, body) => {
		it.each(signedFieldsOf(String(body.version), body))('%s', (field) => {
			const verdict = verifySkanPostback({ ...body, [field]: altered(body[field]) }, apple);
			// An altered version names a version Apple never issued, or signs with other rules.
			const code = field === 'version' ? 'apple_unsupported_version' : 'apple_signature_invalid';
			expect(verdict).toMatchObject({ verified: false, code });
		});
	});

	it.each(SKAN_EXAMPLES)('%s: conversion values are unsigned', (_name, body) => {
		const changed = { ...body, 'conversion-value': 1, 'coarse-conversion-value': 'low' };
		expect(verifySkanPostback(changed, apple)).toEqual({ verified: true });
	});

	it('a source-app-id added to a postback signed without one fails (3.0 non-winning)', () => {
		const [, lose] = SKAN_EXAMPLES[3];
		expect(verifySkanPostback({ ...lose, 'source-app-id': 1234567891 }, apple)).toMatchObject({
			verified: false,
			code: 'apple_signature_invalid',
		});
	});

	it('a signed optional field removed fails (2.2 without source-app-id)', () => {
		const [, v22] = SKAN_EXAMPLES[4];
		const { 'source-app-id': _dropped, ...rest } = v22;
		expect(verifySkanPostback(rest, apple)).toMatchObject({ verified: false });
	});

	it('4.0 signs source-domain in the source-app-id slot; a campaign-id does not stand in for source-identifier', () => {
		const [, fine] = SKAN_EXAMPLES[0];
		const { 'source-identifier': sid, ...rest } = fine;
		expect(verifySkanPostback({ ...rest, 'campaign-id': sid }, apple)).toMatchObject({
			verified: false,
			code: 'apple_missing_signed_field',
		});
	});

	it('a required signed field that is missing is named', () => {
		const [, win] = SKAN_EXAMPLES[2];
		const { 'did-win': _dropped, ...rest } = win;
		expect(verifySkanPostback(rest, apple)).toEqual({
			verified: false,
			code: 'apple_missing_signed_field',
			detail: 'version 3.0 signs did-win, which the postback lacks',
		});
	});

	it('an unsupported version is unverified, not rejected', () => {
		const [, fine] = SKAN_EXAMPLES[0];
		expect(verifySkanPostback({ ...fine, version: '5.0' }, apple)).toMatchObject({
			verified: false,
			code: 'apple_unsupported_version',
		});
	});

	it('a signature that is not base64 or not DER is invalid, never an exception', () => {
		const [, fine] = SKAN_EXAMPLES[0];
		for (const signature of ['not base64!', 'AAAA', 'MEUCIQ==']) {
			expect(
				verifySkanPostback({ ...fine, 'attribution-signature': signature }, apple),
			).toMatchObject({
				verified: false,
				code: 'apple_signature_invalid',
			});
		}
	});

	it('a body without attribution-signature is not a postback (400)', () => {
		const [, fine] = SKAN_EXAMPLES[0];
		const { 'attribution-signature': _dropped, ...rest } = fine;
		expect(() => verifySkanPostback(rest, apple)).toThrow(/attribution-signature is missing/);
	});
});

// Apple publishes no example postback for versions 1.0, 2.0 and 2.1. These tests sign the string
// built from Apple's documented field order with a key generated here (NOT Apple's key) and give
// its public half to the keyring as an "additional key", as a user would after a rotation.
describe('SKAdNetwork 1.0, 2.0, 2.1: documented order, signed with a key generated in the test', () => {
	function keyPair(curve: 'prime192v1' | 'prime256v1'): { privateKey: KeyObject; spki: string } {
		const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
		return {
			privateKey,
			spki: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
		};
	}
	const p192 = keyPair('prime192v1');
	const p256 = keyPair('prime256v1');
	const keyring = createAppleKeyring({ extraKeys: `${p192.spki}\n${p256.spki}` });

	const base: RawPayload = {
		'ad-network-id': 'example123.skadnetwork',
		'campaign-id': 42,
		'app-id': 525463029,
		'transaction-id': '6aafb7a5-0170-41b5-bbe4-fe71dedf1e28',
		redownload: false,
		'source-app-id': 1234567891,
		'conversion-value': 7,
	};
	const { 'source-app-id': _sourceApp, ...withoutSourceApp } = base;
	const cases: Array<[string, RawPayload, typeof p192]> = [
		['1.0 (no version parameter)', { ...base }, p192],
		['2.0', { ...base, version: '2.0' }, p192],
		['2.0 without source-app-id', { ...withoutSourceApp, version: '2.0' }, p192],
		['2.1', { ...base, version: '2.1' }, p256],
	];

	function signed(body: RawPayload, key: typeof p192): RawPayload {
		const clean = Object.fromEntries(
			Object.entries(body).filter(([, v]) => v !== undefined),
		) as RawPayload;
		const version = clean.version === undefined ? '1.0' : String(clean.version);
		const text = documentedString(version, clean);
		const signature = sign('sha256', Buffer.from(text, 'utf8'), key.privateKey).toString('base64');
		return { ...clean, 'attribution-signature': signature };
	}

	it.each(cases)('%s verifies', (_name, body, key) => {
		expect(verifySkanPostback(signed(body, key), keyring)).toEqual({ verified: true });
	});

	it.each(cases)('%s: altering any signed field fails', (_name, body, key) => {
		const postback = signed(body, key);
		const version = postback.version === undefined ? '1.0' : String(postback.version);
		for (const field of signedFieldsOf(version, postback)) {
			const verdict = verifySkanPostback(
				{ ...postback, [field]: altered(postback[field]) },
				keyring,
			);
			expect([field, verdict.verified]).toEqual([field, false]);
		}
	});

	it('1.0 does not sign version, redownload or source-app-id', () => {
		const postback = signed(cases[0][1], p192);
		expect(
			verifySkanPostback({ ...postback, redownload: true, 'source-app-id': 1 }, keyring),
		).toEqual({
			verified: true,
		});
	});

	it('uses the curve of the version: a 2.1 postback signed with the P-192 key fails', () => {
		const postback = signed({ ...base, version: '2.1' }, p192);
		expect(verifySkanPostback(postback, keyring)).toMatchObject({ verified: false });
	});

	it('without the added key, the same postbacks do not verify', () => {
		for (const [, body, key] of cases) {
			expect(verifySkanPostback(signed(body, key), apple)).toMatchObject({ verified: false });
		}
	});
});
