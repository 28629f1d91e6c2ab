// Kochava custom postbacks: the user builds the query string from Kochava's `{macro}` list
// (support.kochava.com create-a-custom-postback); the event name is `_install` for installs.
// Macro spellings come from Awin's and GameAnalytics' Kochava templates; Kochava's own table lists
// IP, user agent and event datetime macros whose spellings were not retrievable, so those are read
// under the names our alias table knows. Fraud (blocklist reasons `a|b|c`, Traffic Verifier
// violations) has no documented postback field: the names below are candidates ([U] in the docs).
import { z } from 'zod/v4';

import { defineAdapter } from './adapter';
import type { EventKind } from './canonical';
import { foldKindWord, kindFromWord } from './eventKind';
import { setField } from './fields';
import { readText } from './lookup';
import { optionalDateTime, optionalDecimal, optionalText } from './schemaParts';

const KOCHAVA_KINDS: ReadonlyMap<string, EventKind> = new Map<string, EventKind>([
	['install', 'install'],
	['reinstall', 'reinstall'],
	['reengagement', 'reengagement'],
	['re_engagement', 'reengagement'],
	['reattribution', 'reattribution'],
	['sessionbegin', 'session'],
	['session_begin', 'session'],
	['session', 'session'],
	['uninstall', 'uninstall'],
]);

export const kochavaSchema = z.looseObject({
	event_name: z.string().min(1, 'expected the event name'),
	kochava_device_id: optionalText,
	event_value: optionalDecimal,
	revenue: optionalDecimal,
	event_time: optionalDateTime,
});

export const kochavaAdapter = defineAdapter({
	mmp: 'kochava',
	schema: kochavaSchema,
	sources: {
		event_name: ['event_name'],
		event_time: ['event_time', 'event_datetime', 'datetime', 'timestamp'],
		install_time: ['install_time', 'install_date'],
		advertising_id: ['adid'],
		idfa: ['idfa'],
		idfv: ['idfv'],
		ip: ['ip', 'device_ip', 'ip_address'],
		user_agent: ['user_agent', 'device_ua'],
		country: ['country', 'user_country'],
		platform: ['platform'],
		os_version: ['os_version'],
		app_id: ['app_id', 'bundle_id'],
		app_version: ['app_version'],
		campaign_id: ['campaign_id'],
		campaign_name: ['campaign_name'],
		creative: ['creative_id', 'creative_name'],
		site_id: ['site_id'],
		media_source: ['network_name', 'network'],
		click_id: ['click_id'],
		revenue: ['revenue'],
		currency: ['currency'],
		fraud_reason: ['fraud_reason', 'fraud_reasons', 'blocklist_reason', 'blacklist_reason'],
		customer_user_id: ['user_id', 'customer_user_id'],
		mmp_device_id: ['kochava_device_id'],
	},
	reads: ['attribution_type', 'event_value'],
	derive(raw, draft) {
		// `{event_value}` is the event's numeric data; it is revenue when a currency comes with it,
		// as in Awin's purchase template (`amount={event_value}…&cr={currency}`).
		if (draft.revenue === undefined && draft.currency !== undefined) {
			setField(draft, 'revenue', raw.event_value);
		}
		const attribution = foldKindWord(readText(raw, 'attribution_type') ?? '');
		const name = draft.event_name;
		let kind: EventKind;
		if (name === undefined) kind = 'install';
		else kind = KOCHAVA_KINDS.get(foldKindWord(name)) ?? kindFromWord(name) ?? 'in_app_event';
		if (attribution === 'reengagement' && kind === 'install') kind = 'reengagement';
		return kind;
	},
});
