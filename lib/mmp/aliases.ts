// Common parameter names → canonical field, from MMP macro lists, ad-network postback templates and
// tracker docs (sources in docs/canonical-event.md, "Alias table"). GET callbacks carry whatever
// names the receiver chose, so an unrecognised MMP is normalised with this table alone, and a known
// MMP's adapter falls back on it for fields it did not fill (skipping the keys the adapter reads
// itself: Adjust's `adid` is its device id, Kochava's `adid` is a GAID).
// Names are matched case-insensitively against top-level keys; earlier names win.
import type { MappableField } from './canonical';

export interface AliasEntry {
	readonly field: MappableField;
	readonly names: readonly string[];
	/** Where the names come from (shown in the docs). */
	readonly seenIn: string;
}

export const ALIAS_TABLE: readonly AliasEntry[] = [
	{
		field: 'event_kind',
		names: ['event_kind', 'activity_kind', 't_activity_kind', 'attribution_type', 'event_type'],
		seenIn:
			'ours; Adjust {activity_kind}; Bubbleye t_activity_kind; Kochava/mParticle attribution_type',
	},
	{
		field: 'event_name',
		names: [
			'event_name',
			'eventname',
			'evtname',
			'event',
			'goal_value',
			'goal_vlaue',
			'goal',
			'event_id',
			'goal_id',
			'event_token',
			'e_tkn',
		],
		seenIn:
			'AppsFlyer event_name; Singular {EVTNAME}; Unity Ads event; Trackier goal_value (goal_vlaue in its Branch/Singular guides); Affise goal; Swaarm event_id; TUNE goal_id; Adjust event_token; Fuseclick e_tkn',
	},
	{
		field: 'event_time',
		names: [
			'event_time',
			'event_timestamp',
			'event_utc_timestamp',
			'event_datetime',
			'eventtimestamp',
			'timestamp',
			'created_at',
			't_created_at',
			'time_in_ms',
			'utcm',
			'utc',
			'ts',
			'time',
		],
		seenIn:
			'AppsFlyer; Branch; Singular {UTC}/{UTCM}; Adjust {created_at}; Tenjin {{time_in_ms}}; Unity ts; Binom {time}',
	},
	{
		field: 'install_time',
		names: [
			'install_time',
			'installed_at',
			'install_timestamp',
			'install_utc_timestamp',
			'install_utc',
			'install_ts',
			'install_unix_ts',
			'acquired_at_ms',
			't_it',
		],
		seenIn:
			'AppsFlyer (install-unix-ts); Adjust {installed_at}; Singular {INSTALL_UTC}; Unity install_ts; Tenjin; Bubbleye t_it',
	},
	{
		field: 'advertising_id',
		names: [
			'advertising_id',
			'gaid',
			'gps_adid',
			'google_aid',
			'aaid',
			'aifa',
			'adid',
			'ifa',
			'aid',
			'maid',
			'oaid',
			'fire_adid',
			'android_advertising_id',
			't_ifa',
		],
		seenIn:
			'AppsFlyer; Adjust {gps_adid}; Branch aaid; Singular {AIFA}; Kochava {adid}; Unity ifa/aid; Bubbleye t_ifa',
	},
	{
		field: 'idfa',
		names: ['idfa', 'ios_ifa', 'ios_idfa'],
		seenIn: 'every MMP',
	},
	{
		field: 'idfv',
		names: ['idfv', 'vendorid', 'vendor_id', 'ios_idfv', 'developer_device_id'],
		seenIn: 'AppsFlyer (vendorid); Tenjin S2S developer_device_id',
	},
	{
		field: 'ip',
		names: [
			'ip',
			'ip_address',
			'device_ip',
			'client_ip',
			'user_ip',
			'event_ip',
			'attribution_ip',
			'clientip',
			'deviceip',
			't_ip',
		],
		seenIn:
			'AppsFlyer (ip); Adjust {ip_address}; Singular {EVENT_IP}; Tenjin {{ip_address}}; Airbridge clientIP; Digital Turbine deviceIp; Bubbleye t_ip',
	},
	{
		field: 'user_agent',
		names: ['user_agent', 'ua', 'useragent', 'device_user_agent'],
		seenIn: 'AppsFlyer; Adjust; Branch',
	},
	{
		field: 'country',
		names: [
			'country',
			'country_code',
			'geo_country_code',
			'attribution_country',
			'user_country',
			'countrycode',
			'geo',
			't_country',
		],
		seenIn:
			'AppsFlyer country_code; Adjust {country}; Singular {ATTRIBUTION_COUNTRY}; Affise {user_country}; Bubbleye t_country',
	},
	{
		field: 'platform',
		names: ['platform', 'os', 'os_name', 'device_os', 't_os'],
		seenIn: 'AppsFlyer; Adjust {os_name}; Branch os; Tenjin; Bubbleye t_os',
	},
	{
		field: 'os_version',
		names: ['os_version', 'osv', 'os_ver', 'device_os_version', 't_osv'],
		seenIn: 'every MMP; Bubbleye t_osv',
	},
	{
		field: 'app_id',
		names: [
			'app_id',
			'bundle_id',
			'package_name',
			'longname',
			'store_id',
			'app_store_id',
			'store_app_id',
			'appid',
		],
		seenIn: 'AppsFlyer app_id/bundle_id; Singular {LONGNAME}; Tenjin {{store_id}}',
	},
	{
		field: 'app_version',
		names: ['app_version', 'app_version_name', 'app_ver', 'version_name'],
		seenIn: 'AppsFlyer (app-version-name); Adjust; Singular {APP_VERSION}',
	},
	{
		field: 'campaign_id',
		names: ['campaign_id', 'af_c_id', 'campaignid', 'c_id'],
		seenIn: 'AppsFlyer af_c_id; Branch ~campaign_id; Binom {campaign_id}',
	},
	{
		field: 'campaign_name',
		names: ['campaign_name', 'campaign', 'campaignname', 'utm_campaign', 'c'],
		seenIn: 'AppsFlyer campaign / c=; Adjust {campaign_name}; Tenjin {{campaign_name}}',
	},
	{
		field: 'adgroup',
		names: [
			'adgroup',
			'adgroup_name',
			'ad_group',
			'adset',
			'adset_name',
			'af_adset',
			'ad_set_name',
		],
		seenIn: 'AppsFlyer af_adset; Adjust {adgroup_name}; Branch ~ad_set_name',
	},
	{
		field: 'creative',
		names: ['creative', 'creative_name', 'creative_id', 'af_ad', 'ad_name', 'ad', 'ad_id', 'crid'],
		seenIn:
			'AppsFlyer af_ad; Adjust {creative_name}; Kochava {creative_id}; Tenjin {{creative_name}}; Bubbleye crid',
	},
	{
		field: 'site_id',
		names: ['site_id', 'af_siteid', 'siteid', 'publisher_id', 'pub_id', 'site', 'affiliate_id'],
		seenIn:
			'AppsFlyer af_siteid; Kochava {site_id}; Tenjin {{site_id}}; Singular {SITE}; AppsFlyer partner spec affiliate_id',
	},
	{
		field: 'media_source',
		names: [
			'media_source',
			'network',
			'network_name',
			'ad_network',
			'pid',
			'partner',
			'source',
			'channel',
		],
		seenIn:
			'AppsFlyer media_source/pid; Adjust {network_name}; Singular {NETWORK}; Tenjin {{ad_network}}',
	},
	{
		field: 'click_id',
		names: [
			'click_id',
			'clickid',
			'clid',
			'cl',
			'transaction_id',
			'tid',
			'subid',
			'sub_id',
			'external_id',
			'externalid',
			'cnv_id',
			'cl_id',
			'cid',
			'tjcid',
			'third_party_tracking_token',
		],
		seenIn:
			'AppsFlyer (clickid); Singular {CLID}/cl, cl_id in its partner example; Kochava/Tenjin click_id; Keitaro subid/tid; Voluum/Binom; Voluum/PeerClick cid; Tapjoy tjcid and Liftoff third_party_tracking_token in Branch partner postbacks',
	},
	{
		field: 'revenue',
		names: [
			'revenue',
			'event_revenue',
			'revenue_float',
			'amount',
			'payout',
			'monetary',
			'price',
			'sale_amount',
			'sum',
			'gross_revenue',
			'revenue_gross',
			'value',
		],
		seenIn:
			'AppsFlyer event_revenue (monetary); Adjust {revenue_float}; Singular {AMOUNT}; Keitaro/Voluum payout; Affise sum; gross before net; CrossInstall value (last)',
	},
	{
		field: 'currency',
		names: [
			'currency',
			'event_revenue_currency',
			'revenue_currency',
			'currency_code',
			'cur',
			'cnv_currency',
		],
		seenIn:
			'AppsFlyer event_revenue_currency; Adjust/Singular/Kochava {currency}; Binom cnv_currency',
	},
	{
		field: 'revenue_usd',
		names: [
			'revenue_usd',
			'event_revenue_usd',
			'revenue_in_usd',
			't_rev_usd',
			'revenue_usd_gross',
			'usd_revenue',
		],
		seenIn:
			'AppsFlyer event_revenue_usd; Branch revenue_in_usd; Tenjin {{revenue_usd_gross}}; Bubbleye t_rev_usd',
	},
	{
		field: 'is_organic',
		names: ['is_organic', 'organic'],
		seenIn: 'Adjust {is_organic}; AppsFlyer Protect360 is_organic',
	},
	{
		field: 'fraud_flag',
		names: [
			'fraud_flag',
			'is_fraud',
			'is_rejected',
			'rejected',
			'is_blocked',
			'blocked',
			'is_suspicious',
		],
		seenIn: 'AppsFlyer is_rejected; Singular suspicious installs',
	},
	{
		field: 'fraud_reason',
		names: [
			'fraud_reason',
			'rejection_reason',
			'reject_reason',
			'rejected_reason',
			'blocked_reason',
			'block_reason',
			'fraud_reasons',
			'fraud_sub_reason',
			't_rej_r',
			'unattributedtouchpointfraudreason',
			'fraudreason',
		],
		seenIn:
			'Adjust {rejection_reason}; AppsFlyer reject_reason / blocked_reason; Bubbleye t_rej_r; Airbridge; Fuseclick fraudreason',
	},
	{
		field: 'customer_user_id',
		names: [
			'customer_user_id',
			'user_id',
			'userid',
			'cuid',
			'custom_user_id',
			'developer_identity',
			'external_user_id',
			'uid',
		],
		seenIn:
			'AppsFlyer customer_user_id; Branch developer_identity; Singular custom_user_id; Adjust SDK parameters',
	},
	{
		field: 'touch_type',
		names: ['touch_type', 'attributed_touch_type', 'last_attributed_touch_type', 'engagement_type'],
		seenIn: 'AppsFlyer attributed_touch_type; Branch last_attributed_touch_type',
	},
	{
		field: 'mmp_device_id',
		names: [
			'mmp_device_id',
			'appsflyer_id',
			'appsflyer_device_id',
			'kochava_device_id',
			'singular_id',
			'sdid',
			'adjust_id',
			'analytics_installation_id',
		],
		seenIn:
			'AppsFlyer appsflyer_id; Kochava {kochava_device_id}; Singular; Tenjin analytics_installation_id',
	},
];

/** Lower-cased alias name → field and rank (position in the table, lower wins). */
export const ALIAS_INDEX: ReadonlyMap<string, { field: MappableField; rank: number }> = (() => {
	const index = new Map<string, { field: MappableField; rank: number }>();
	let rank = 0;
	for (const entry of ALIAS_TABLE) {
		for (const name of entry.names) {
			const key = name.toLowerCase();
			if (index.has(key)) throw new Error(`alias "${name}" is listed twice`);
			index.set(key, { field: entry.field, rank: rank++ });
		}
	}
	return index;
})();
