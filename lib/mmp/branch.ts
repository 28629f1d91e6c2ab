// Branch webhooks (Data Feeds): POST with a JSON body of nested objects (`user_data`,
// `last_attributed_touch_data` with `~campaign`, `~channel`…, `event_data`), `User-agent: Branch
// Metrics API`; or GET from a FreeMarker template. Our GET template names each parameter after its
// JSON path (`user_data.aaid=${(user_data.aaid)!}`), so both arrive at the same paths here.
// Ids such as `~id` exceed 2^53 and are kept as exact strings by the JSON reader.
import { z } from 'zod/v4';

import { defineAdapter } from './adapter';
import type { EventKind } from './canonical';
import { foldKindWord, kindFromWord } from './eventKind';
import { lookupPath } from './lookup';
import { toBoolean } from './normalize';
import { optionalEpoch, optionalRecord, optionalText } from './schemaParts';

// Branch's event groupings (event ontology) that name a kind.
const BRANCH_KINDS: ReadonlyMap<string, EventKind> = new Map<string, EventKind>([
	['open', 'session'],
	['web_session_start', 'session'],
	['web_to_app_auto_redirect', 'click'],
	['branch_cta_view', 'impression'],
]);

const TOUCH = 'last_attributed_touch_data.';

export const branchSchema = z.looseObject({
	name: z.string().min(1, 'expected the event name'),
	id: optionalText,
	timestamp: optionalEpoch,
	event_timestamp: optionalEpoch,
	user_data: optionalRecord,
	last_attributed_touch_data: optionalRecord,
	event_data: optionalRecord,
	custom_data: optionalRecord,
	attributed: z.union([z.boolean(), z.string()]).optional(),
});

export const branchAdapter = defineAdapter({
	mmp: 'branch',
	schema: branchSchema,
	sources: {
		event_name: ['name'],
		event_time: ['event_timestamp', 'timestamp'],
		install_time: ['install_activity.timestamp'],
		advertising_id: ['user_data.aaid'],
		idfa: ['user_data.idfa'],
		idfv: ['user_data.idfv'],
		ip: ['user_data.ip'],
		user_agent: ['user_data.user_agent'],
		country: ['user_data.geo_country_code', 'user_data.country'],
		platform: ['user_data.os', 'user_data.platform'],
		os_version: ['user_data.os_version'],
		app_id: ['bundle.ios.bundle_id', 'bundle.android.package_name', 'user_data.app_package_name'],
		app_version: ['user_data.app_version'],
		campaign_id: [`${TOUCH}~campaign_id`],
		campaign_name: [`${TOUCH}~campaign`],
		adgroup: [`${TOUCH}~ad_set_name`, `${TOUCH}~ad_set_id`],
		creative: [
			`${TOUCH}~creative_name`,
			`${TOUCH}~ad_name`,
			`${TOUCH}~creative_id`,
			`${TOUCH}~ad_id`,
		],
		site_id: [`${TOUCH}~secondary_publisher_id`, `${TOUCH}~secondary_publisher`],
		media_source: [`${TOUCH}~advertising_partner_name`, `${TOUCH}~channel`],
		click_id: [`${TOUCH}~click_id`, `${TOUCH}~external_touch_id`],
		revenue: ['event_data.revenue'],
		currency: ['event_data.currency'],
		revenue_usd: ['event_data.revenue_in_usd'],
		customer_user_id: ['user_data.developer_identity'],
		touch_type: ['last_attributed_touch_type'],
		mmp_device_id: ['user_data.cross_platform_id'],
	},
	reads: ['attributed', 'id', 'name'],
	eventIdPaths: ['id'],
	derive(raw, draft) {
		const attributed = toBoolean(lookupPath(raw, 'attributed'));
		if (attributed !== undefined && draft.is_organic === undefined) draft.is_organic = !attributed;
		const name = draft.event_name;
		// A postback naming no event is the partner's global install postback (Trackier's and
		// Fuseclick's Branch guides carry no event name there).
		if (name === undefined) return 'install';
		// The ontology spells names "INSTALL", the sample webhook "open": compare folded.
		return BRANCH_KINDS.get(foldKindWord(name)) ?? kindFromWord(name) ?? 'in_app_event';
	},
});
