// Adjust server callbacks: GET, placeholders `{name}` in the query string, `activity_kind` names the
// kind (help.adjust.com server-callbacks, rejected-install-or-reattribution-callbacks). Values arrive
// percent-encoded once, `tracker_name` as `Network::Campaign::Adgroup::Creative`.
import { z } from 'zod/v4';

import { defineAdapter } from './adapter';
import type { EventKind } from './canonical';
import { foldKindWord, kindFromWord } from './eventKind';
import { setField } from './fields';
import { readText } from './lookup';
import { toNumber } from './normalize';
import { optionalDecimal, optionalEpoch, optionalFlag, optionalText } from './schemaParts';

// Literal activity kinds seen in Adjust's docs and in code that consumes its callbacks, beyond the
// canonical words kindFromWord already knows.
const ACTIVITY_KINDS: ReadonlyMap<string, EventKind> = new Map<string, EventKind>([
	['event', 'in_app_event'],
	['sk_install', 'install'],
	['sk_event', 'in_app_event'],
	['san_click', 'click'],
	['san_impression', 'impression'],
	['reattribution_reinstall', 'reattribution'],
]);

export const adjustSchema = z.looseObject({
	activity_kind: z.string().regex(/^[A-Za-z][A-Za-z_ -]*$/, 'expected an activity kind'),
	adid: z
		.union([z.string().regex(/^[0-9a-fA-F]{32}$/, 'expected 32 hex digits'), z.literal('')])
		.optional(),
	created_at: optionalEpoch,
	installed_at: optionalEpoch,
	reattributed_at: optionalEpoch,
	revenue_float: optionalDecimal,
	revenue: optionalDecimal,
	is_organic: optionalFlag,
	gps_adid: optionalText,
	idfa: optionalText,
});

export const adjustAdapter = defineAdapter({
	mmp: 'adjust',
	schema: adjustSchema,
	sources: {
		event_name: ['event_name', 'event'],
		event_time: ['created_at'],
		install_time: ['installed_at'],
		advertising_id: ['gps_adid', 'fire_adid'],
		idfa: ['idfa'],
		idfv: ['idfv'],
		ip: ['ip_address'],
		user_agent: ['user_agent'],
		country: ['country'],
		platform: ['os_name'],
		os_version: ['os_version'],
		app_id: ['app_id', 'app_name'],
		app_version: ['app_version'],
		campaign_name: ['campaign_name'],
		adgroup: ['adgroup_name'],
		creative: ['creative_name'],
		media_source: ['network_name'],
		revenue: ['revenue_float'],
		currency: ['currency'],
		revenue_usd: ['revenue_usd'],
		is_organic: ['is_organic'],
		fraud_reason: ['rejection_reason'],
		mmp_device_id: ['adid'],
	},
	reads: [
		'activity_kind',
		'tracker_name',
		'link_name',
		'revenue',
		'reporting_revenue',
		'reporting_currency',
	],
	derive(raw, draft) {
		const activity = readText(raw, 'activity_kind');
		// Partner guides often leave {activity_kind} out of the install callback (Swaarm, AdPower):
		// without it, a callback naming an event is an in-app event and one naming none an install.
		let kind: EventKind =
			activity === undefined && draft.event_name === undefined ? 'install' : 'in_app_event';
		if (activity !== undefined) {
			const known = ACTIVITY_KINDS.get(foldKindWord(activity)) ?? kindFromWord(activity);
			if (known !== undefined) kind = known;
			// Kinds without a canonical counterpart (attribution_update, cost_update, att_update, …)
			// stay visible as the event name.
			else if (draft.event_name === undefined) draft.event_name = activity;
		}
		const tracker = readText(raw, 'tracker_name') ?? readText(raw, 'link_name');
		if (tracker !== undefined) {
			const [network, campaign, adgroup, creative] = tracker.split('::');
			if (draft.media_source === undefined) setField(draft, 'media_source', network);
			if (draft.campaign_name === undefined) setField(draft, 'campaign_name', campaign);
			if (draft.adgroup === undefined) setField(draft, 'adgroup', adgroup);
			if (draft.creative === undefined) setField(draft, 'creative', creative);
		}
		if (draft.revenue === undefined) {
			const cents = toNumber(raw.revenue); // `{revenue}` is in cents, `{revenue_float}` in units
			if (cents !== undefined) draft.revenue = cents / 100;
		}
		if (
			draft.revenue_usd === undefined &&
			readText(raw, 'reporting_currency')?.toUpperCase() === 'USD'
		) {
			setField(draft, 'revenue_usd', raw.reporting_revenue);
		}
		if (draft.is_organic === undefined && draft.media_source?.toLowerCase() === 'organic') {
			draft.is_organic = true;
		}
		return kind;
	},
});
