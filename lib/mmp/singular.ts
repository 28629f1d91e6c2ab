// Singular: Internal BI postbacks (POST with a JSON body; support article 360038040791), the same
// data as GET from a partner-style template with `{UPPERCASE}` macros, rejection postbacks and
// "suspicious" install postbacks (article 360028004872). Singular publishes neither the full JSON
// field list nor the name of the key carrying the fraud decision reason; the names below are the
// ones in third-party summaries and in our template, plus the obvious candidates (docs: [U]).
import { z } from 'zod/v4';

import { defineAdapter } from './adapter';
import type { EventKind } from './canonical';
import { foldKindWord, kindFromWord, rejectedKindOf } from './eventKind';
import { readText } from './lookup';
import { toBoolean, stripQuotes } from './normalize';
import { optionalDateTime, optionalDecimal, optionalFlag, optionalText } from './schemaParts';
import type { RawPayload } from './types';

// Auto-tracked event names (support article 360002585151) and postback type words.
const SINGULAR_KINDS: ReadonlyMap<string, EventKind> = new Map<string, EventKind>([
	['start', 'install'],
	['session', 'session'],
	['uninstall', 'uninstall'],
	['reinstall', 'reinstall'],
	['iap', 'in_app_event'],
	['revenue', 'in_app_event'],
	['reengagement', 'reengagement'],
	['re_engagement', 'reengagement'],
]);

const REJECTION_KEYS = [
	'rejection_reason',
	'rejected_reason',
	'reject_reason',
	'fraud_rejection_reason',
];
const SUSPICIOUS_KEYS = [
	'suspicious_reason',
	'fraud_reason',
	'fraud_decision_reason',
	'decision_reason',
];
const ID_KEYS = ['aifa', 'idfa', 'idfv', 'android_id', 'singular_id', 'sdid', 'custom_user_id'];

function firstReason(raw: RawPayload, keys: readonly string[]): string | undefined {
	for (const key of keys) {
		const text = readText(raw, key);
		if (text !== undefined) return stripQuotes(text);
	}
	return undefined;
}

function isRejection(raw: RawPayload): boolean {
	if (toBoolean(raw.is_rejected) === true) return true;
	const type = foldKindWord(readText(raw, 'postback_type') ?? readText(raw, 'fraud_status') ?? '');
	return type.startsWith('reject');
}

export const singularSchema = z
	.looseObject({
		event_name: optionalText,
		event_utc_timestamp: optionalDateTime,
		install_utc_timestamp: optionalDateTime,
		amount: optionalDecimal,
		revenue: optionalDecimal,
		is_re_eng: optionalFlag,
		is_reengagement: optionalFlag,
		is_viewthrough: optionalFlag,
		is_rejected: optionalFlag,
	})
	.refine(
		(payload) =>
			readText(payload as RawPayload, 'event_name') !== undefined ||
			ID_KEYS.some((key) => readText(payload as RawPayload, key) !== undefined),
		{ message: 'expected event_name or a device id', path: ['event_name'] },
	);

export const singularAdapter = defineAdapter({
	mmp: 'singular',
	schema: singularSchema,
	sources: {
		event_name: ['event_name', 'evtname', 'name'],
		event_time: ['event_utc_timestamp', 'event_timestamp', 'utcm', 'utc', 'event_time'],
		install_time: ['install_utc_timestamp', 'install_utc', 'install_time'],
		advertising_id: ['aifa', 'gaid'],
		idfa: ['idfa'],
		idfv: ['idfv'],
		ip: ['event_ip', 'ip', 'attribution_ip'],
		user_agent: ['user_agent'],
		country: ['country', 'attribution_country', 'country_code'],
		platform: ['platform', 'os'],
		os_version: ['os_version'],
		app_id: ['longname', 'app_longname', 'app_id', 'public_id'],
		app_version: ['app_version'],
		campaign_id: ['campaign_id'],
		campaign_name: ['campaign_name', 'cid'],
		adgroup: ['sub_campaign_name', 'sub_campaign', 'gid'],
		creative: ['creative_name', 'creative', 'creative_id'],
		site_id: ['site_id', 'psid', 'site'],
		media_source: ['network', 'network_name', 'partner'],
		click_id: ['click_id', 'clid', 'partner_click_id', 'cl'],
		revenue: ['amount', 'revenue'],
		currency: ['currency'],
		revenue_usd: ['amount_usd', 'revenue_usd'],
		fraud_flag: ['is_suspicious'],
		customer_user_id: ['custom_user_id', 'customer_user_id', 'user_id'],
		mmp_device_id: ['singular_id', 'sdid'],
	},
	reads: [
		'is_re_eng',
		'is_reengagement',
		'is_viewthrough',
		'is_rejected',
		'postback_type',
		'fraud_status',
		...REJECTION_KEYS,
		...SUSPICIOUS_KEYS,
	],
	jsonStringKeys: ['evtattrs', 'event_attributes'],
	derive(raw, draft) {
		const name = draft.event_name;
		let kind: EventKind =
			name === undefined
				? 'install'
				: (SINGULAR_KINDS.get(foldKindWord(name)) ?? kindFromWord(name) ?? 'in_app_event');
		const reengagement = toBoolean(raw.is_re_eng ?? raw.is_reengagement) === true;
		if (reengagement && (kind === 'install' || kind === 'reinstall')) kind = 'reengagement';

		const viewThrough = toBoolean(raw.is_viewthrough);
		if (viewThrough !== undefined && draft.touch_type === undefined) {
			draft.touch_type = viewThrough ? 'impression' : 'click';
		}
		if (draft.is_organic === undefined && draft.media_source !== undefined) {
			draft.is_organic = draft.media_source.toLowerCase() === 'organic';
		}

		const rejectionReason = firstReason(raw, REJECTION_KEYS);
		if (rejectionReason !== undefined || isRejection(raw)) {
			draft.fraud_flag = true;
			if (rejectionReason !== undefined) draft.fraud_reason = rejectionReason;
			return rejectedKindOf(kind);
		}
		// "Suspicious": attribution stands, the install postback carries the decision reason.
		const suspicionReason = firstReason(raw, SUSPICIOUS_KEYS);
		if (suspicionReason !== undefined) draft.fraud_reason = suspicionReason;
		return kind;
	},
});
