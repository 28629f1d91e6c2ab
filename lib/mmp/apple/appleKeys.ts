// Apple's published public keys for install-validation postbacks, and the keyring a parser verifies
// against: these constants plus any keys the user adds (Apple has rotated keys before: SKAdNetwork
// 2.1 moved from P-192 to P-256). Sources are cited per key and in docs/mmp-setup/apple.md.
import { createPublicKey, type KeyObject } from 'node:crypto';

/**
 * SKAdNetwork 1.0 and 2.0, NIST P-192 (base64 SPKI). Source:
 * https://developer.apple.com/documentation/storekit/skadnetwork-1-release-notes and
 * https://developer.apple.com/documentation/storekit/skadnetwork-2-release-notes
 */
export const SKAN_P192_SPKI =
	'MEkwEwYHKoZIzj0CAQYIKoZIzj0DAQEDMgAEMyHD625uvsmGq4C43cQ9BnfN2xslVT5V1nOmAMP6qaRRUll3PB1JYmgSm+62sosG';

/**
 * SKAdNetwork 2.1 and later, NIST P-256 (base64 SPKI); also AdAttributionKit's production key
 * `apple-cas-identifier/0`. Source:
 * https://developer.apple.com/documentation/storekit/verifying-an-install-validation-postback
 */
export const SKAN_P256_SPKI =
	'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEWdp8GPcGqmhgzEFj9Z2nSpQVddayaPe4FMzqM9wib1+aHaaIzoHoLN9zW4K8y4SPykE3YVK3sVqW6Af0lfx3gg==';

export type AppleKeyEnvironment = 'production' | 'development';

/**
 * AdAttributionKit JWS keys (ES256, P-256) by `kid`. Source:
 * https://developer.apple.com/documentation/adattributionkit/verifying-a-postback
 */
export const AAK_PUBLIC_KEYS: Readonly<
	Record<string, { readonly spki: string; readonly environment: AppleKeyEnvironment }>
> = {
	'apple-cas-identifier/0': { spki: SKAN_P256_SPKI, environment: 'production' },
	// Development postbacks from end-to-end flows.
	'apple-development-identifier/0': {
		spki: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAELeEDzpJEP+/qRSE5hJVC1p1J0ssUnQGMzBBbvnACBok8OVGGLgxL0myrKiy6lvRtSlLRsWit87i+vftD8AEqeQ==',
		environment: 'development',
	},
	// Development postbacks generated from the device's developer settings.
	'apple-development-identifier/1': {
		spki: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8YzdO7eM97s/IJ25kdW5CZ3A14USE5IJ5Ha/vhWaxI6UBI1ZxCEvjrKxVluVGe6qWwF1BDFq+QHqKfH5u+wxHQ==',
		environment: 'development',
	},
};

export interface AakKey {
	readonly key: KeyObject;
	readonly environment: AppleKeyEnvironment;
}

export interface AppleKeyring {
	/** SKAdNetwork 1.0 / 2.0 candidates, Apple's first. */
	readonly p192: readonly KeyObject[];
	/** SKAdNetwork 2.1+ candidates, Apple's first. */
	readonly p256: readonly KeyObject[];
	/** AdAttributionKit keys by `kid`. */
	readonly byKid: ReadonlyMap<string, AakKey>;
	/** User keys added without a `kid`: tried for an AdAttributionKit `kid` Apple has not published. */
	readonly unnamedP256: readonly KeyObject[];
	/** Whether development-signed AdAttributionKit postbacks count as verified. */
	readonly acceptDevelopment: boolean;
}

export interface AppleKeyOptions {
	/**
	 * Extra keys, one per line: base64 SPKI or a PEM `PUBLIC KEY` block, optionally preceded by an
	 * AdAttributionKit key id and a space (`apple-cas-identifier/1 MFkw…`).
	 */
	readonly extraKeys?: string;
	readonly acceptDevelopment?: boolean;
}

/** `apple-development-identifier/…` ids are development keys; every other id is production. */
export function environmentOfKid(kid: string): AppleKeyEnvironment {
	return kid.startsWith('apple-development-identifier/') ? 'development' : 'production';
}

function spkiKey(base64: string): KeyObject {
	return createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
}

function curveOf(key: KeyObject): string | undefined {
	return key.asymmetricKeyType === 'ec' ? key.asymmetricKeyDetails?.namedCurve : undefined;
}

const PEM_BLOCK = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/g;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

interface ExtraKey {
	readonly kid: string | undefined;
	readonly key: KeyObject;
}

/** Parses the user's key list; throws TypeError naming the entry that is not an EC public key. */
export function parseExtraKeys(text: string): ExtraKey[] {
	// A PEM block becomes one line of base64, so both forms share the line parser below.
	const flat = text.replace(PEM_BLOCK, (_block, body: string) => body.replace(/\s+/g, ''));
	const keys: ExtraKey[] = [];
	const lines = flat.split(/\r?\n/);
	for (let i = 0; i < lines.length; i++) {
		const parts = lines[i].trim().split(/\s+/).filter(Boolean);
		if (parts.length === 0) continue;
		const entry = `Additional Apple public key on line ${i + 1}`;
		if (parts.length > 2 || !BASE64.test(parts[parts.length - 1])) {
			throw new TypeError(`${entry} is not "[key id] <base64 SPKI or PEM>"`);
		}
		let key: KeyObject;
		try {
			key = spkiKey(parts[parts.length - 1]);
		} catch {
			throw new TypeError(`${entry} is not a public key in SPKI form`);
		}
		const curve = curveOf(key);
		if (curve !== 'prime256v1' && curve !== 'prime192v1') {
			throw new TypeError(`${entry} is not a NIST P-256 or P-192 elliptic-curve key`);
		}
		keys.push({ kid: parts.length === 2 ? parts[0] : undefined, key });
	}
	return keys;
}

let appleKeys: { p192: KeyObject; p256: KeyObject; aak: Map<string, AakKey> } | undefined;

/** Apple's constants as KeyObjects, built on first use. */
function builtInKeys(): { p192: KeyObject; p256: KeyObject; aak: Map<string, AakKey> } {
	if (appleKeys === undefined) {
		const aak = new Map<string, AakKey>();
		for (const [kid, { spki, environment }] of Object.entries(AAK_PUBLIC_KEYS)) {
			aak.set(kid, { key: spkiKey(spki), environment });
		}
		appleKeys = { p192: spkiKey(SKAN_P192_SPKI), p256: spkiKey(SKAN_P256_SPKI), aak };
	}
	return appleKeys;
}

/** The keyring for a parser: Apple's keys plus the user's. Throws TypeError for a bad user key. */
export function createAppleKeyring(options: AppleKeyOptions = {}): AppleKeyring {
	const builtIn = builtInKeys();
	const p192 = [builtIn.p192];
	const p256 = [builtIn.p256];
	const byKid = new Map(builtIn.aak);
	const unnamedP256: KeyObject[] = [];
	for (const { kid, key } of parseExtraKeys(options.extraKeys ?? '')) {
		const isP256 = curveOf(key) === 'prime256v1';
		if (kid !== undefined) {
			if (isP256) byKid.set(kid, { key, environment: environmentOfKid(kid) });
			continue;
		}
		if (isP256) {
			p256.push(key);
			unnamedP256.push(key);
		} else p192.push(key);
	}
	return { p192, p256, byKid, unnamedP256, acceptDevelopment: options.acceptDevelopment === true };
}
