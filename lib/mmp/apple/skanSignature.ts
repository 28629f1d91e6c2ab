// SKAdNetwork install-validation postbacks: ECDSA with SHA-256 over the values of the version's
// fields joined by U+2063 (INVISIBLE SEPARATOR), in the order Apple documents per version:
// - https://developer.apple.com/documentation/storekit/verifying-an-install-validation-postback (4.0)
// - https://developer.apple.com/documentation/storekit/combining-parameters-for-skadnetwork-3-postbacks
// - https://developer.apple.com/documentation/storekit/combining-parameters-for-previous-skadnetwork-postback-versions
// Conversion values are never signed.
import { verify as verifySignature, type KeyObject } from 'node:crypto';

import { CallbackInputError } from '../errors';
import type { RawPayload, RawValue } from '../types';
import type { AppleKeyring } from './appleKeys';
import { unverified, VERIFIED, type AppleVerdict } from './verdict';

export const SKAN_SEPARATOR = '\u2063';

/** A field that is signed when the postback carries it (one of `anyOf`, the first present). */
interface OptionalField {
	readonly anyOf: readonly string[];
}

type SignedField = string | OptionalField;

interface VersionRule {
	readonly curve: 'p192' | 'p256';
	readonly fields: readonly SignedField[];
}

const SOURCE_APP: OptionalField = { anyOf: ['source-app-id'] };
// Web ads (4.0) carry source-domain instead of source-app-id; an app ad's id wins if both appear.
const SOURCE_APP_OR_DOMAIN: OptionalField = { anyOf: ['source-app-id', 'source-domain'] };
const V2_FIELDS = [
	'version',
	'ad-network-id',
	'campaign-id',
	'app-id',
	'transaction-id',
	'redownload',
	SOURCE_APP,
];

export const SKAN_VERSION_RULES: Readonly<Record<string, VersionRule>> = {
	// The original postback has no version parameter and signs no version.
	'1.0': { curve: 'p192', fields: ['ad-network-id', 'campaign-id', 'app-id', 'transaction-id'] },
	'2.0': { curve: 'p192', fields: V2_FIELDS },
	'2.1': { curve: 'p256', fields: V2_FIELDS },
	'2.2': { curve: 'p256', fields: [...V2_FIELDS, 'fidelity-type'] },
	'3.0': { curve: 'p256', fields: [...V2_FIELDS, 'fidelity-type', 'did-win'] },
	'4.0': {
		curve: 'p256',
		fields: [
			'version',
			'ad-network-id',
			'source-identifier',
			'app-id',
			'transaction-id',
			'redownload',
			SOURCE_APP_OR_DOMAIN,
			'fidelity-type',
			'did-win',
			'postback-sequence-index',
		],
	},
};

export const SKAN_VERSIONS = Object.keys(SKAN_VERSION_RULES);

/** The postback's version: its `version` parameter, or `1.0` when it has none (Apple's rule). */
export function skanVersionOf(raw: RawPayload): string {
	const version = raw.version;
	if (version === undefined || version === null) return '1.0';
	return typeof version === 'string' ? version.trim() : String(version);
}

/** A signed value as text: strings as sent, numbers in decimal, booleans as `true` / `false`. */
function signedText(value: RawValue | undefined): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	return undefined;
}

/**
 * The string Apple signed for `version`, or the name of a required field the postback lacks.
 * Exported for tests, which build it independently from Apple's documented order.
 */
export function skanSignedString(
	version: string,
	raw: RawPayload,
): { text: string } | { missing: string } | undefined {
	const rule = SKAN_VERSION_RULES[version];
	if (rule === undefined) return undefined;
	const values: string[] = [];
	for (const field of rule.fields) {
		if (typeof field === 'string') {
			const value = signedText(raw[field]);
			if (value === undefined) return { missing: field };
			values.push(value);
			continue;
		}
		for (const name of field.anyOf) {
			const value = signedText(raw[name]);
			if (value !== undefined) {
				values.push(value);
				break;
			}
		}
	}
	return { text: values.join(SKAN_SEPARATOR) };
}

function verifiesWithAny(data: Buffer, signature: Buffer, keys: readonly KeyObject[]): boolean {
	for (const key of keys) {
		try {
			if (verifySignature('sha256', data, key, signature)) return true;
		} catch {
			// A signature that is not DER for this curve is simply not a valid one.
		}
	}
	return false;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Verifies a SKAdNetwork postback. Throws CallbackInputError (400) for a body that is not a
 * postback (no `attribution-signature`); every other failure is an unverified verdict.
 */
export function verifySkanPostback(raw: RawPayload, keyring: AppleKeyring): AppleVerdict {
	const signature = raw['attribution-signature'];
	if (typeof signature !== 'string' || signature.trim() === '') {
		throw new CallbackInputError(
			400,
			'schema_mismatch',
			'Not a valid skadnetwork postback: attribution-signature is missing',
		);
	}
	const version = skanVersionOf(raw);
	const signed = skanSignedString(version, raw);
	if (signed === undefined) {
		return unverified(
			'apple_unsupported_version',
			`SKAdNetwork version "${version.slice(0, 16)}" is not one of ${SKAN_VERSIONS.join(', ')}`,
		);
	}
	if ('missing' in signed) {
		return unverified(
			'apple_missing_signed_field',
			`version ${version} signs ${signed.missing}, which the postback lacks`,
		);
	}
	const compact = signature.trim();
	if (!BASE64.test(compact)) {
		return unverified('apple_signature_invalid', 'attribution-signature is not base64');
	}
	const rule = SKAN_VERSION_RULES[version];
	const keys = rule.curve === 'p192' ? keyring.p192 : keyring.p256;
	if (verifiesWithAny(Buffer.from(signed.text, 'utf8'), Buffer.from(compact, 'base64'), keys)) {
		return VERIFIED;
	}
	return unverified(
		'apple_signature_invalid',
		`attribution-signature does not verify with Apple's ${rule.curve === 'p192' ? 'P-192' : 'P-256'} key for version ${version}`,
	);
}
