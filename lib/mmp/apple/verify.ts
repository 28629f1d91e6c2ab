// Signature check for whichever Apple source a postback came from; AdAttributionKit's decoded
// payload is placed into `raw` first, so the adapter maps signed values only.
import type { AppleSource } from '../canonical';
import type { RawPayload } from '../types';
import { decodeJws, placeDecodedJws, verifyAakJws } from './aakJws';
import type { AppleKeyring } from './appleKeys';
import { verifySkanPostback } from './skanSignature';
import type { AppleVerdict } from './verdict';

/** Throws CallbackInputError (400) when the body is not a postback of `source` at all. */
export function verifyApplePostback(
	source: AppleSource,
	raw: RawPayload,
	keyring: AppleKeyring,
): AppleVerdict {
	if (source === 'skadnetwork') return verifySkanPostback(raw, keyring);
	const jws = decodeJws(raw);
	placeDecodedJws(raw, jws);
	return verifyAakJws(jws, keyring);
}
