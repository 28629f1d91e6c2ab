// SKAdNetwork install-validation postbacks (versions 1.0–4.0), as Apple documents them:
// https://developer.apple.com/documentation/storekit/identifying-the-parameters-in-install-validation-postbacks
// The signature is checked before this adapter runs (apple/skanSignature.ts); the mapping here
// prefers signed fields, so values added to a genuine body cannot pose as Apple's.
import { z } from 'zod/v4';

import { defineAdapter, type MmpAdapter } from './adapter';
import { skanVersionOf } from './apple/skanSignature';
import { setField } from './fields';
import { toBoolean, toText } from './normalize';
import { optionalFlag, optionalText } from './schemaParts';
import type { RawPayload } from './types';

/** Strict mode: the fields every version has; the signature check then judges the rest. */
export const skadnetworkSchema = z.looseObject({
	'attribution-signature': z.string().min(1),
	'transaction-id': z.string().min(1),
	'ad-network-id': z.string().min(1),
	'app-id': z.union([z.string(), z.number()]),
	version: optionalText,
	redownload: optionalFlag,
	'did-win': optionalFlag,
	'conversion-value': z.number().int().min(0).max(63).optional(),
	'coarse-conversion-value': z.enum(['low', 'medium', 'high']).optional(),
});

const SIGNED_CAMPAIGN_KEY = { v4: 'source-identifier', older: 'campaign-id' } as const;

const base = defineAdapter({
	mmp: 'skadnetwork',
	schema: skadnetworkSchema,
	aliases: false,
	sources: {
		app_id: ['app-id'],
		site_id: ['source-app-id', 'source-domain'],
		media_source: ['ad-network-id'],
		conversion_value: ['conversion-value'],
		coarse_conversion_value: ['coarse-conversion-value'],
		postback_sequence_index: ['postback-sequence-index'],
		did_win: ['did-win'],
		fidelity_type: ['fidelity-type'],
	},
	reads: ['version', 'campaign-id', 'source-identifier', 'redownload', 'transaction-id'],
	derive(raw, draft) {
		const version = skanVersionOf(raw);
		draft.skan_version = version;
		// 4.0 signs the hierarchical source identifier in place of the campaign id.
		const campaignKey = version.startsWith('4.')
			? SIGNED_CAMPAIGN_KEY.v4
			: SIGNED_CAMPAIGN_KEY.older;
		setField(draft, 'campaign_id', raw[campaignKey]);
		draft.platform = 'ios';
		if (draft.fidelity_type !== undefined) {
			draft.touch_type = draft.fidelity_type === 0 ? 'impression' : 'click';
		}
		return toBoolean(raw.redownload) === true ? 'reinstall' : 'install';
	},
});

/** Apple's unique key: transaction-id, per conversion window (postback-sequence-index). */
function transactionKey(raw: RawPayload): string | undefined {
	const transaction = toText(raw['transaction-id']);
	if (transaction === undefined) return undefined;
	return `${transaction}:${toText(raw['postback-sequence-index']) ?? '0'}`;
}

export const skadnetworkAdapter: MmpAdapter = { ...base, sourceEventId: transactionKey };
