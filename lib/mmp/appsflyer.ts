// AppsFlyer: Push API messages (POST JSON by default, or GET with the same fields as query
// parameters; support article 207034356) and partner-style rejected-install postbacks
// (`is_rejected=1&reject_reason=site_blacklist&reject_reason_value="1123456"`, article 115004744123).
// The kind comes from event_name + conversion_type + campaign_type (docs/sources.md, "AppsFlyer's event kinds").
import { z } from 'zod/v4';

import { defineAdapter } from './adapter';
import type { EventKind } from './canonical';
import { foldKindWord, kindFromWord, rejectedKindOf } from './eventKind';
import { setField } from './fields';
import { isRecord, readText } from './lookup';
import { stripQuotes, toBoolean, toText } from './normalize';
import { optionalDateTime, optionalDecimal, optionalFlag, optionalText } from './schemaParts';
import type { RawPayload } from './types';

// event_name values that name a message type rather than an in-app event.
const MESSAGE_EVENT_NAMES: ReadonlyMap<string, EventKind> = new Map<string, EventKind>([
	['install', 'install'],
	['reinstall', 'reinstall'],
	['re_engagement', 'reengagement'],
	['reengagement', 'reengagement'],
	['re_attribution', 'reattribution'],
	['reattribution', 'reattribution'],
	['uninstall', 'uninstall'],
	['af_ad_revenue', 'ad_revenue'],
	['ad_revenue', 'ad_revenue'],
]);

// Reason keys: partner rejected postbacks, then the Protect360 report columns.
const REASON_KEYS = [
	'reject_reason',
	'rejection_reason', // Swaarm's AppsFlyer guide: rejection_reason={Blocked reason}
	'blocked_reason',
	'rejected_reason',
	'fraud_reason',
	'fraud_reasons',
];
const REASON_VALUE_KEYS = ['reject_reason_value', 'blocked_reason_value', 'rejected_reason_value'];
const BLOCK_KEYS = ['blocked_reason', 'rejected_reason'];

function firstText(raw: RawPayload, keys: readonly string[]): string | undefined {
	for (const key of keys) {
		const text = readText(raw, key);
		if (text !== undefined) {
			const unquoted = stripQuotes(text);
			if (unquoted !== '') return unquoted;
		}
	}
	return undefined;
}

function kindOfMessage(raw: RawPayload, eventName: string | undefined): EventKind {
	const conversion = foldKindWord(readText(raw, 'conversion_type') ?? '');
	const campaignType = foldKindWord(readText(raw, 'campaign_type') ?? '');
	const retargeting = campaignType === 'retargeting' || toBoolean(raw.is_retargeting) === true;
	if (eventName !== undefined) {
		const named = MESSAGE_EVENT_NAMES.get(foldKindWord(eventName));
		if (named === undefined) return 'in_app_event';
		// A UA reinstall and a retargeting re-attribution share conversion_type `reinstall`.
		if (named === 'reinstall' && retargeting) return 'reattribution';
		return named;
	}
	if (conversion === 'install') return 'install';
	if (conversion === 're_engagement') return 'reengagement';
	if (conversion === 'reinstall') return retargeting ? 'reattribution' : 'reinstall';
	const retargetingType = foldKindWord(readText(raw, 'retargeting_conversion_type') ?? '');
	if (retargetingType === 're_engagement') return 'reengagement';
	if (retargetingType === 're_attribution') return 'reattribution';
	// Raw-data reports name the message in event_type (`install`, `in-app-event`, `re-engagement`).
	return kindFromWord(readText(raw, 'event_type') ?? '') ?? 'install';
}

export const appsflyerSchema = z
	.looseObject({
		event_name: optionalText,
		conversion_type: optionalText,
		appsflyer_id: optionalText,
		event_time: optionalDateTime,
		install_time: optionalDateTime,
		attributed_touch_time: optionalDateTime,
		event_revenue: optionalDecimal,
		event_revenue_usd: optionalDecimal,
		is_retargeting: optionalFlag,
		is_rejected: optionalFlag,
		event_value: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
	})
	.refine(
		(payload) =>
			toText(payload.event_name) !== undefined || toText(payload.conversion_type) !== undefined,
		{
			message: 'event_name or conversion_type is required',
			path: ['event_name'],
		},
	);

export const appsflyerAdapter = defineAdapter({
	mmp: 'appsflyer',
	schema: appsflyerSchema,
	sources: {
		// AppsFlyer's Voluum and PeerClick partner guides put {event-name} in `txid` (articles
		// 207274016, 21479841979793); elsewhere txid is a transaction id, so only AppsFlyer reads it.
		event_name: ['event_name', 'txid'],
		event_time: ['event_time'],
		install_time: ['install_time'],
		advertising_id: ['advertising_id', 'oaid', 'amazon_aid'],
		idfa: ['idfa'],
		idfv: ['idfv'],
		ip: ['ip'],
		user_agent: ['user_agent'],
		country: ['country_code'],
		platform: ['platform'],
		os_version: ['os_version'],
		app_id: ['app_id', 'bundle_id'],
		app_version: ['app_version'],
		campaign_id: ['af_c_id'],
		campaign_name: ['campaign'],
		adgroup: ['af_adset', 'af_adset_id'],
		creative: ['af_ad', 'af_ad_id'],
		site_id: ['af_siteid'],
		media_source: ['media_source', 'pid'],
		click_id: ['click_id', 'clickid'],
		revenue: ['event_revenue'],
		currency: ['event_revenue_currency'],
		revenue_usd: ['event_revenue_usd', 'event_revenue_USD'],
		is_organic: ['is_organic'],
		fraud_flag: ['is_rejected'],
		customer_user_id: ['customer_user_id'],
		touch_type: ['attributed_touch_type'],
		mmp_device_id: ['appsflyer_id'],
	},
	reads: [
		'conversion_type',
		'campaign_type',
		'is_retargeting',
		'retargeting_conversion_type',
		'event_type',
		'event_value',
		...REASON_KEYS,
		...REASON_VALUE_KEYS,
		'blocked_sub_reason',
	],
	jsonStringKeys: ['event_value', 'custom_data'],
	derive(raw, draft) {
		let kind = kindOfMessage(raw, draft.event_name);

		const reason = firstText(raw, REASON_KEYS);
		if (reason !== undefined) {
			const value = firstText(raw, REASON_VALUE_KEYS);
			draft.fraud_reason = value === undefined ? reason : `${reason}:${value}`;
		}
		// A partner rejected postback (is_rejected) or a Protect360 blocked record (blocked_reason)
		// is a rejection; a post-attribution fraud_reason only flags the attributed event.
		if (draft.fraud_flag === true || firstText(raw, BLOCK_KEYS) !== undefined) {
			draft.fraud_flag = true;
			kind = rejectedKindOf(kind);
		}

		if (draft.is_organic === undefined) {
			const campaignType = readText(raw, 'campaign_type')?.toLowerCase();
			if (campaignType === 'organic' || draft.media_source?.toLowerCase() === 'organic') {
				draft.is_organic = true;
			} else if (campaignType === 'ua' || campaignType === 'retargeting') {
				draft.is_organic = false;
			}
		}

		// In-app events may carry revenue only inside event_value (af_revenue / af_currency).
		if (draft.revenue === undefined || draft.currency === undefined) {
			const eventValue = parsedEventValue(raw);
			if (eventValue !== undefined) {
				if (draft.revenue === undefined) setField(draft, 'revenue', eventValue.af_revenue);
				if (draft.currency === undefined) setField(draft, 'currency', eventValue.af_currency);
			}
		}
		return kind;
	},
});

function parsedEventValue(raw: RawPayload): Record<string, unknown> | undefined {
	const parsed = raw.event_value_parsed;
	if (isRecord(parsed)) return parsed;
	if (isRecord(raw.event_value)) return raw.event_value;
	const text = raw.event_value;
	if (typeof text !== 'string' || !text.includes('af_revenue')) return undefined;
	try {
		const value: unknown = JSON.parse(text);
		return isRecord(value) ? value : undefined;
	} catch {
		return undefined;
	}
}
