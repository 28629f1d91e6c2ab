// AdAttributionKit postbacks: a JSON body whose `jws-string` is a JWS compact serialisation
// (header.payload.signature, base64url), ES256, signed with the key the header's `kid` names.
// Sources: https://developer.apple.com/documentation/adattributionkit/verifying-a-postback and
// https://developer.apple.com/documentation/adattributionkit/identifying-the-parameters-in-a-postback
// Only the JWS payload is signed; the body's other fields (conversion values, country code,
// ad interaction type) are not.
import { verify as verifySignature, type KeyObject } from 'node:crypto';

import { CallbackInputError } from '../errors';
import { parseJsonValue } from '../json';
import { isRecord } from '../lookup';
import type { RawPayload } from '../types';
import { environmentOfKid, type AakKey, type AppleKeyring } from './appleKeys';
import { unverified, VERIFIED, type AppleVerdict } from './verdict';

export const JWS_STRING_KEY = 'jws-string';
/** Where the decoded, signed payload is placed in `raw` for the adapter and for users. */
export const JWS_PAYLOAD_KEY = 'jws-payload';
export const JWS_HEADER_KEY = 'jws-header';

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const ES256_SIGNATURE_BYTES = 64;
const MAX_DEPTH = 8;

function notAPostback(reason: string): CallbackInputError {
	return new CallbackInputError(
		400,
		'schema_mismatch',
		`Not a valid adattributionkit postback: ${reason}`,
	);
}

function decodeJsonPart(part: string, name: string): RawPayload {
	if (!BASE64URL.test(part)) throw notAPostback(`the JWS ${name} is not base64url`);
	let value;
	try {
		value = parseJsonValue(Buffer.from(part, 'base64url').toString('utf8'), MAX_DEPTH);
	} catch {
		throw notAPostback(`the JWS ${name} is not JSON`);
	}
	if (!isRecord(value)) throw notAPostback(`the JWS ${name} is not a JSON object`);
	return value;
}

export interface DecodedJws {
	readonly header: RawPayload;
	readonly payload: RawPayload;
	readonly signingInput: string;
	readonly signature: string;
}

/** Splits and decodes a JWS compact string; throws CallbackInputError (400) when it is not one. */
export function decodeJws(raw: RawPayload): DecodedJws {
	const jws = raw[JWS_STRING_KEY];
	if (typeof jws !== 'string' || jws.trim() === '') throw notAPostback('jws-string is missing');
	const parts = jws.trim().split('.');
	if (parts.length !== 3) throw notAPostback('jws-string is not header.payload.signature');
	return {
		header: decodeJsonPart(parts[0], 'header'),
		payload: decodeJsonPart(parts[1], 'payload'),
		signingInput: `${parts[0]}.${parts[1]}`,
		signature: parts[2],
	};
}

function verifiesWith(jws: DecodedJws, key: KeyObject): boolean {
	if (!BASE64URL.test(jws.signature)) return false;
	const signature = Buffer.from(jws.signature, 'base64url');
	if (signature.length !== ES256_SIGNATURE_BYTES) return false;
	try {
		return verifySignature(
			'sha256',
			Buffer.from(jws.signingInput, 'ascii'),
			{ key, dsaEncoding: 'ieee-p1363' },
			signature,
		);
	} catch {
		return false;
	}
}

/**
 * Replaces any body keys that could pose as the decoded payload (`jws-payload`, or a literal
 * `jws-payload.did-win`) with the decoded header and payload.
 */
export function placeDecodedJws(raw: RawPayload, jws: DecodedJws): void {
	for (const key of Object.keys(raw)) {
		if (key.startsWith(JWS_PAYLOAD_KEY) || key.startsWith(JWS_HEADER_KEY)) delete raw[key];
	}
	raw[JWS_HEADER_KEY] = jws.header;
	raw[JWS_PAYLOAD_KEY] = jws.payload;
}

function keyFor(kid: string, keyring: AppleKeyring, jws: DecodedJws): AakKey | undefined {
	const known = keyring.byKid.get(kid);
	if (known !== undefined) return known;
	// A kid Apple has not published: a key the user added without an id may be the rotated one.
	const match = keyring.unnamedP256.find((key) => verifiesWith(jws, key));
	return match === undefined ? undefined : { key: match, environment: environmentOfKid(kid) };
}

/** Verifies the decoded JWS of an AdAttributionKit postback. */
export function verifyAakJws(jws: DecodedJws, keyring: AppleKeyring): AppleVerdict {
	const { alg, kid } = jws.header;
	if (alg !== 'ES256') {
		return unverified(
			'apple_unsupported_algorithm',
			`JWS alg "${String(alg).slice(0, 16)}" is not ES256`,
		);
	}
	if (typeof kid !== 'string' || kid === '') {
		return unverified('apple_unknown_key_id', 'the JWS header names no kid');
	}
	const shownKid = kid.slice(0, 64);
	const entry = keyFor(kid, keyring, jws);
	if (entry === undefined) {
		return unverified('apple_unknown_key_id', `no Apple public key is known for kid "${shownKid}"`);
	}
	if (!verifiesWith(jws, entry.key)) {
		return unverified(
			'apple_signature_invalid',
			`the JWS signature does not verify with the key for kid "${shownKid}"`,
		);
	}
	if (entry.environment === 'development' && !keyring.acceptDevelopment) {
		return unverified(
			'apple_development_key',
			`signed with development key "${shownKid}"; production accepts only production keys`,
		);
	}
	return VERIFIED;
}
