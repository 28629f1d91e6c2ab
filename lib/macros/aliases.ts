// Vendor macro names → canonical event fields (docs/canonical-event.md), per dialect.
//
// Lookup order is: the exact macro text, its dotted path, its function/argument semantics, and only
// then this table. So a template copied from a vendor's docs (`{gps_adid}`, `(advertiserId)`,
// `{{time_in_ms}}`) renders from MMP Trigger's canonical event without a mapping, while a value the
// user supplies under the vendor's own name always wins. Targets are tried in order; a target's
// filters convert the canonical shape into the vendor's (ISO time → UNIX seconds, …).

export interface AliasTarget {
	/** Canonical field or dotted path (`raw.event_value`). */
	path: string;
	/** Filter specs applied to the target's value, e.g. `['unix']`. */
	filters?: readonly string[];
}

export type AliasTable = Readonly<Record<string, readonly AliasTarget[]>>;

const to = (path: string, ...filters: string[]): AliasTarget[] => [
	filters.length ? { path, filters } : { path },
];

const ADJUST: AliasTable = {
	gps_adid: to('advertising_id'),
	adid: to('mmp_device_id'),
	activity_kind: to('event_kind'),
	event: to('event_name'),
	created_at: to('event_time', 'unix'),
	installed_at: to('install_time', 'unix'),
	ip_address: to('ip'),
	os_name: to('platform'),
	app_name: to('app_id'),
	adgroup_name: to('adgroup'),
	creative_name: to('creative'),
	network_name: to('media_source'),
	revenue_float: to('revenue'),
	rejection_reason: to('fraud_reason'),
	is_organic: to('is_organic', 'int'),
	link_token: to('campaign_id'),
};

const KOCHAVA: AliasTable = {
	kochava_device_id: to('mmp_device_id'),
	adid: to('advertising_id'),
	network_name: to('media_source'),
	creative_id: to('creative'),
	event_value: to('revenue'),
	device_ver: to('os_version'),
};

const BINOM: AliasTable = {
	externalid: to('click_id'),
	external_id: to('click_id'),
	clickid: to('click_id'),
	country_code: to('country'),
	payout: to('revenue'),
	cnv_currency: to('currency'),
	time: to('event_time', 'unix'),
};

const APPMETRICA: AliasTable = {
	transaction_id: to('dedup_key'),
	attributed_touch_type: to('touch_type'),
	click_user_agent: to('user_agent'),
};

const TENJIN: AliasTable = {
	ip_address: to('ip'),
	store_id: to('app_id'),
	acquired_at_ms: to('install_time', 'unix_ms'),
	time_in_ms: to('event_time', 'unix_ms'),
	creative_name: to('creative'),
	ad_network: to('media_source'),
	value: to('event_name'),
	revenue_usd_gross: to('revenue_usd'),
};

/** Keyed by the kebab-case form (`advertiserId` → `advertiser-id`), see dialects/appsflyer.ts. */
const APPSFLYER: AliasTable = {
	'advertiser-id': to('advertising_id'),
	'sha1-idfa': to('idfa', 'sha1'),
	'sha1-advertiser-id': to('advertising_id', 'sha1'),
	'app-id': to('app_id'),
	'install-unix-ts': to('install_time', 'unix'),
	campaign: to('campaign_name'),
	clickid: to('click_id'),
	pid: to('media_source'),
	af_siteid: to('site_id'),
	country_code: to('country'),
	'appsflyer-device-id': to('mmp_device_id'),
	'app-version-name': to('app_version'),
	'user-agent': to('user_agent'),
	vendorid: to('idfv'),
	'vendor-id': to('idfv'),
	'os-version': to('os_version'),
	'event-name': to('event_name'),
	monetary: to('revenue'),
	'event-value': [{ path: 'event_value' }, { path: 'raw.event_value' }],
	encode: [{ path: 'event_value' }, { path: 'raw.event_value' }],
	'customer-user-id': to('customer_user_id'),
};

const SINGULAR: AliasTable = {
	IDFA: to('idfa'),
	AIFA: to('advertising_id'),
	IDFV: to('idfv'),
	CID: to('campaign_name'),
	cl: to('click_id'),
	pcrn: to('creative'),
	psid: to('site_id'),
	NETWORK: to('media_source'),
	EVTNAME: to('event_name'),
	AMOUNT: to('revenue'),
	CURRENCY: to('currency'),
	ATTRIBUTION_IP: to('ip'),
	EVENT_IP: to('ip'),
	ATTRIBUTION_COUNTRY: to('country'),
	OS_VERSION: to('os_version'),
	PLATFORM: to('platform'),
	APP_VERSION: to('app_version'),
	LONGNAME: to('app_id'),
	UTC: to('event_time', 'unix'),
	UTCM: to('event_time', 'unix_ms'),
	INSTALL_UTC: to('install_time', 'unix'),
};

const BRANCH: AliasTable = {
	name: to('event_name'),
	event_timestamp: to('event_time', 'unix_ms'),
	'user_data.aaid': to('advertising_id'),
	'user_data.idfa': to('idfa'),
	'user_data.idfv': to('idfv'),
	'user_data.ip': to('ip'),
	'user_data.user_agent': to('user_agent'),
	'user_data.os': to('platform', 'upper'),
	'user_data.os_version': to('os_version'),
	'user_data.country': to('country'),
	'user_data.geo_country_code': to('country'),
	'user_data.developer_identity': to('customer_user_id'),
	last_attributed_touch_type: to('touch_type', 'upper'),
	'last_attributed_touch_data.~campaign': to('campaign_name'),
	'last_attributed_touch_data.~campaign_id': to('campaign_id'),
	'last_attributed_touch_data.~ad_set_name': to('adgroup'),
	'last_attributed_touch_data.~creative_name': to('creative'),
	'last_attributed_touch_data.~advertising_partner_name': to('media_source'),
	'last_attributed_touch_data.~secondary_publisher': to('site_id'),
	'last_attributed_touch_data.~click_id': to('click_id'),
	'event_data.revenue': to('revenue'),
	'event_data.currency': to('currency'),
	'event_data.revenue_in_usd': to('revenue_usd'),
	'install_activity.timestamp': to('install_time', 'unix_ms'),
};

const TAPSTREAM: AliasTable = {
	'event.ip': to('ip'),
	'event.timestamp': to('event_time', 'unix'),
	'hit.custom_parameters.click_id': to('click_id'),
	'hit.tracker.description': to('campaign_name'),
};

const KEITARO: AliasTable = {
	external_id: to('click_id'),
	date: to('event_time'),
	country: to('country'),
	country_code: to('country'),
	useragent: to('user_agent'),
	ua: to('user_agent'),
	os: to('platform'),
	creative_id: to('creative'),
	source: to('site_id'),
};

export const DIALECT_ALIASES = {
	mustache: {},
	tenjin: TENJIN,
	adjust: ADJUST,
	kochava: KOCHAVA,
	binom: BINOM,
	appmetrica: APPMETRICA,
	appsflyer: APPSFLYER,
	branch: BRANCH,
	singular: SINGULAR,
	keitaro: KEITARO,
	tapstream: TAPSTREAM,
} satisfies Record<string, AliasTable>;
