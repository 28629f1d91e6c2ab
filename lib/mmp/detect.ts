// Which MMP sent a callback. Evidence is taken in a fixed order, strongest first:
//   1. a path segment naming the MMP (`/mmp/adjust`, `/singular/rejected`);
//   2. the `mmp` parameter our recommended templates carry (`?mmp=adjust`);
//   3. headers: Branch's `User-Agent: Branch Metrics API`, or a header the caller tied to an MMP
//      (the AppsFlyer Push API token header has a user-chosen name, so it is configured);
//   4. key fingerprints of the payload, checked in the order of FINGERPRINTS below.
import { looksLikeAdattributionkit, looksLikeSkadnetwork } from './apple/fingerprint';
import { SOURCE_NAMES, type DetectedMmp, type MmpName, type SourceName } from './canonical';
import { isRecord } from './lookup';
import type { DetectionSource, RawPayload } from './types';

export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface Detection {
	readonly mmp: DetectedMmp;
	readonly by: DetectionSource;
}

const MMP_SET: ReadonlySet<string> = new Set(SOURCE_NAMES);
const hasOwn = Object.prototype.hasOwnProperty;

function has(raw: RawPayload, key: string): boolean {
	return hasOwn.call(raw, key);
}

function hasAny(raw: RawPayload, keys: readonly string[]): boolean {
	for (let i = 0; i < keys.length; i++) if (hasOwn.call(raw, keys[i])) return true;
	return false;
}

function hasKeyWithPrefix(raw: RawPayload, prefixes: readonly string[]): boolean {
	for (const key in raw) {
		for (let i = 0; i < prefixes.length; i++) if (key.startsWith(prefixes[i])) return true;
	}
	return false;
}

// Adjust placeholder names that come with {activity_kind} in Adjust's own callback guides,
// including the rejected install/reattribution ({rejection_reason}) and reattribution
// ({reattributed_at}) callbacks Adjust sends to partner endpoints.
const ADJUST_COMPANIONS = [
	'adid',
	'tracker',
	'tracker_name',
	'link_token',
	'link_name',
	'app_token',
	'rejection_reason',
	'reattributed_at',
	'installed_at',
	'gps_adid',
];
// AppsFlyer's own ids and conversion types, plus the parameters it adds to a partner's install
// postback for rejected installs and events (support article 115004744123: reject_reason,
// reject_reason_value, is_rejected; Protect360 blocked_reason / blocked_sub_reason; Swaarm's
// guide names {Blocked reason value} rejected_reason_value).
const APPSFLYER_KEYS = [
	'appsflyer_id',
	'conversion_type',
	'retargeting_conversion_type',
	'reject_reason',
	'reject_reason_value',
	'rejected_reason_value',
	'blocked_reason',
	'blocked_reason_value',
	'blocked_sub_reason',
];
const BRANCH_FLAT_PREFIXES = ['last_attributed_touch_data.', 'user_data.'];
// Keys of Singular's Internal BI JSON (aifa, longname, event_utc_timestamp per a third-party
// summary) and of our Singular template (is_re_eng, is_viewthrough).
const SINGULAR_KEYS = [
	'singular_id',
	'aifa',
	'longname',
	'event_utc_timestamp',
	'is_re_eng',
	'is_viewthrough',
	'singular_click_id',
];
// Tenjin's callback macros `{{acquired_at_ms}}` etc. under the names our templates give them.
const TENJIN_KEYS = [
	'acquired_at_ms',
	'engaged_at_ms',
	'time_in_ms',
	'revenue_usd_gross',
	'revenue_usd_net',
	'limit_ad_tracking_integer',
	'analytics_installation_id',
];

/** Payload fingerprints, most specific first. */
export const FINGERPRINTS: ReadonlyArray<{ mmp: SourceName; matches(raw: RawPayload): boolean }> = [
	{ mmp: 'skadnetwork', matches: looksLikeSkadnetwork },
	{ mmp: 'adattributionkit', matches: looksLikeAdattributionkit },
	{
		mmp: 'adjust',
		matches: (raw) =>
			(has(raw, 'activity_kind') && hasAny(raw, ADJUST_COMPANIONS)) ||
			// AdPower's Adjust guide: gps_adid={gps_adid}&app_token={app_token}, no activity kind.
			(has(raw, 'app_token') && has(raw, 'gps_adid')),
	},
	{ mmp: 'appsflyer', matches: (raw) => hasAny(raw, APPSFLYER_KEYS) },
	{
		mmp: 'branch',
		matches: (raw) =>
			isRecord(raw.last_attributed_touch_data) ||
			(isRecord(raw.user_data) && hasOwn.call(raw.user_data, 'aaid')) ||
			hasKeyWithPrefix(raw, BRANCH_FLAT_PREFIXES),
	},
	{
		mmp: 'kochava',
		// Awin's Kochava templates end with the static marker `p30=kochava`.
		matches: (raw) => has(raw, 'kochava_device_id') || raw.p30 === 'kochava',
	},
	{ mmp: 'singular', matches: (raw) => hasAny(raw, SINGULAR_KEYS) },
	// Bubbleye's Tenjin templates mark their tracker with `t=tj`.
	{ mmp: 'tenjin', matches: (raw) => hasAny(raw, TENJIN_KEYS) || raw.t === 'tj' },
];

function firstHeader(headers: RequestHeaders, name: string): string | undefined {
	const value = headers[name];
	if (typeof value === 'string') return value;
	if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
	return undefined;
}

/** The MMP a lower-cased path segment names, if any. */
export function mmpFromPath(segments: readonly string[]): SourceName | undefined {
	for (let i = 0; i < segments.length; i++) {
		if (MMP_SET.has(segments[i])) return segments[i] as SourceName;
	}
	return undefined;
}

export function detectMmp(
	segments: readonly string[],
	raw: RawPayload,
	headers: RequestHeaders,
	headerHints: ReadonlyArray<readonly [string, MmpName]> = [],
): Detection {
	const fromPath = mmpFromPath(segments);
	if (fromPath !== undefined) return { mmp: fromPath, by: 'path' };

	const parameter = raw.mmp;
	if (typeof parameter === 'string') {
		const name = parameter.trim().toLowerCase();
		if (MMP_SET.has(name)) return { mmp: name as SourceName, by: 'parameter' };
	}

	const userAgent = firstHeader(headers, 'user-agent');
	if (userAgent !== undefined && userAgent.toLowerCase().startsWith('branch metrics api')) {
		return { mmp: 'branch', by: 'header' };
	}
	for (let i = 0; i < headerHints.length; i++) {
		if (firstHeader(headers, headerHints[i][0]) !== undefined) {
			return { mmp: headerHints[i][1], by: 'header' };
		}
	}

	for (let i = 0; i < FINGERPRINTS.length; i++) {
		if (FINGERPRINTS[i].matches(raw)) return { mmp: FINGERPRINTS[i].mmp, by: 'fingerprint' };
	}
	return { mmp: 'unknown', by: 'none' };
}
