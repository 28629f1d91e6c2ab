// AdAttributionKit postbacks, as Apple documents them:
// https://developer.apple.com/documentation/adattributionkit/identifying-the-parameters-in-a-postback
// Signed fields are read from the verified JWS payload that apple/verify.ts places at
// `jws-payload`; the body's own fields (conversion values, country, interaction type) are unsigned.
import { z } from 'zod/v4';

import { defineAdapter, type MmpAdapter } from './adapter';
import { JWS_PAYLOAD_KEY } from './apple/aakJws';
import type { EventKind } from './canonical';
import { isRecord } from './lookup';
import { toText } from './normalize';
import type { RawPayload } from './types';

/** Strict mode: a JWS compact string; the signature check then judges its content. */
export const adattributionkitSchema = z.looseObject({
	'jws-string': z.string().regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/),
	'conversion-value': z.number().int().min(0).max(63).optional(),
	'coarse-conversion-value': z.enum(['low', 'medium', 'high']).optional(),
});

const signed = (key: string) => `${JWS_PAYLOAD_KEY}.${key}`;

// `conversion-type` values Apple documents.
const CONVERSION_KINDS: Readonly<Record<string, EventKind>> = {
	download: 'install',
	're-download': 'reinstall',
	redownload: 'reinstall',
	're-engagement': 'reengagement',
	reengagement: 'reengagement',
};

const base = defineAdapter({
	mmp: 'adattributionkit',
	schema: adattributionkitSchema,
	aliases: false,
	sources: {
		app_id: [signed('advertised-item-identifier')],
		campaign_id: [signed('source-identifier')],
		site_id: [signed('publisher-item-identifier'), signed('source-domain')],
		media_source: [signed('ad-network-identifier')],
		did_win: [signed('did-win')],
		postback_sequence_index: [signed('postback-sequence-index')],
		conversion_value: ['conversion-value'],
		coarse_conversion_value: ['coarse-conversion-value'],
		country: ['country-code'],
		touch_type: ['ad-interaction-type'],
	},
	reads: ['jws-string', 'jws-header'],
	derive(raw, draft) {
		draft.platform = 'ios';
		const payload = raw[JWS_PAYLOAD_KEY];
		const type = isRecord(payload) ? toText(payload['conversion-type']) : undefined;
		return (type === undefined ? undefined : CONVERSION_KINDS[type.toLowerCase()]) ?? 'install';
	},
});

/** Apple's unique key: postback-identifier, per conversion window. */
function postbackKey(raw: RawPayload): string | undefined {
	const payload = raw[JWS_PAYLOAD_KEY];
	if (!isRecord(payload)) return undefined;
	const id = toText(payload['postback-identifier']);
	if (id === undefined) return undefined;
	return `${id}:${toText(payload['postback-sequence-index']) ?? '0'}`;
}

export const adattributionkitAdapter: MmpAdapter = { ...base, sourceEventId: postbackKey };
