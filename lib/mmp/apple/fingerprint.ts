// Auto-detection of Apple postbacks from their bodies. Both formats are JSON with hyphenated keys no
// MMP uses: SKAdNetwork's `attribution-signature` with `transaction-id` / `ad-network-id`;
// AdAttributionKit's `jws-string`.
import type { RawPayload } from '../types';

const hasOwn = Object.prototype.hasOwnProperty;

export function looksLikeSkadnetwork(raw: RawPayload): boolean {
	return (
		hasOwn.call(raw, 'attribution-signature') &&
		(hasOwn.call(raw, 'transaction-id') || hasOwn.call(raw, 'ad-network-id'))
	);
}

export function looksLikeAdattributionkit(raw: RawPayload): boolean {
	return typeof raw['jws-string'] === 'string';
}
