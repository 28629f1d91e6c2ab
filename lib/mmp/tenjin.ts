// Tenjin S2S callbacks: one GET callback per trigger (install, each custom event, purchases, app
// opens) built from `{{macro}}` values (docs.tenjin.com callback-macros; spellings from Bubbleye's
// Tenjin setup). Tenjin has no kind macro, so our templates carry a static `event_kind`; without it
// a callback naming an event (`{{value}}`) is an in-app event and one without is an install.
// Tenjin's `advertising_id` is the IDFA on iOS and the GAID on Android.
import { z } from 'zod/v4';

import { defineAdapter } from './adapter';
import type { EventKind } from './canonical';
import { kindFromWord, rejectedKindOf } from './eventKind';
import { readText } from './lookup';
import { optionalDecimal, optionalEpoch, optionalFlag, optionalText } from './schemaParts';
import type { RawPayload } from './types';

const ID_KEYS = ['advertising_id', 'developer_device_id', 'analytics_installation_id', 'click_id'];

export const tenjinSchema = z
	.looseObject({
		event_kind: optionalText,
		event_name: optionalText,
		advertising_id: optionalText,
		time_in_ms: optionalEpoch,
		acquired_at_ms: optionalEpoch,
		engaged_at_ms: optionalEpoch,
		revenue_usd_gross: optionalDecimal,
		revenue_usd_net: optionalDecimal,
		limit_ad_tracking_integer: optionalFlag,
	})
	.refine((payload) => ID_KEYS.some((key) => readText(payload as RawPayload, key) !== undefined), {
		message: 'expected advertising_id, developer_device_id, analytics_installation_id or click_id',
		path: ['advertising_id'],
	});

export const tenjinAdapter = defineAdapter({
	mmp: 'tenjin',
	schema: tenjinSchema,
	sources: {
		event_name: ['event_name', 'value'],
		event_time: ['time_in_ms', 't_created_at'],
		install_time: ['acquired_at_ms'],
		advertising_id: ['advertising_id'],
		idfv: ['developer_device_id', 'idfv'],
		ip: ['ip_address'],
		country: ['country'],
		platform: ['platform'],
		os_version: ['os_version'],
		app_id: ['store_id', 'bundle_id'],
		app_version: ['app_version'],
		campaign_id: ['campaign_id'],
		campaign_name: ['campaign_name'],
		creative: ['creative_name'],
		site_id: ['site_id'],
		media_source: ['ad_network'],
		click_id: ['click_id'],
		revenue_usd: ['revenue_usd_gross', 't_rev_usd'],
		fraud_reason: ['t_rej_r'],
		mmp_device_id: ['analytics_installation_id'],
	},
	reads: ['event_kind', 't_activity_kind', 'revenue_usd_net'],
	derive(raw, draft) {
		if (
			draft.platform === 'ios' &&
			draft.idfa === undefined &&
			draft.advertising_id !== undefined
		) {
			draft.idfa = draft.advertising_id;
		}
		// Tenjin reports purchase revenue in USD only.
		if (draft.revenue === undefined && draft.revenue_usd !== undefined) {
			draft.revenue = draft.revenue_usd;
			draft.currency ??= 'USD';
		}
		const explicit = kindFromWord(
			readText(raw, 'event_kind') ?? readText(raw, 't_activity_kind') ?? '',
		);
		let kind: EventKind;
		if (explicit !== undefined) kind = explicit;
		else if (draft.event_kind !== undefined) kind = draft.event_kind;
		else if (draft.event_name === undefined) kind = 'install';
		else kind = kindFromWord(draft.event_name) ?? 'in_app_event';
		// Bubbleye's receiving spec for Tenjin postbacks carries a rejection reason in t_rej_r.
		return draft.fraud_reason === undefined ? kind : rejectedKindOf(kind);
	},
});
