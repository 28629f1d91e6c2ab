// The callback URL to paste into each MMP's dashboard: the webhook URL plus a query string with our
// parameter names and the MMP's own macros. Every template carries `mmp=<name>`, so detection never
// has to guess, and uses the names the adapters read first. Macro spellings and their sources are
// listed in docs/canonical-event.md and docs/mmp-setup/<mmp>.md.
import { EVENT_KINDS, type EventKind, type MmpName } from './canonical';

export interface RecommendedTemplate {
	readonly mmp: MmpName;
	readonly id: string;
	readonly title: string;
	/** Kinds this template is the recommendation for (the first match wins). */
	readonly kinds: readonly EventKind[];
	readonly method: 'GET' | 'POST';
	/** Appended to the webhook URL after `?` (or `&` when it already has a query). */
	readonly query: string;
	/** Where it goes and what else to set, in one or two sentences. */
	readonly setup: string;
}

const ADJUST_COMMON =
	'mmp=adjust&activity_kind={activity_kind}&created_at={created_at}&installed_at={installed_at}' +
	'&adid={adid}&gps_adid={gps_adid}&idfa={idfa}&idfv={idfv}&tracker={tracker}&tracker_name={tracker_name}';

const APPSFLYER_PARTNER_COMMON =
	'mmp=appsflyer&appsflyer_id=(appsflyer-device-id)&advertising_id=(advertiserId)&idfa=(idfa)' +
	'&idfv=(vendorid)&ip=(ip)&user_agent=(user-agent)&country_code=(country_code)&app_id=(app-id)' +
	'&app_version=(app-version-name)&os_version=(os-version)&campaign=(campaign)&af_siteid=(af_siteid)' +
	'&click_id=(clickid)&install_time=(install-unix-ts)';

// FreeMarker: `${(path)!}` prints an empty string when the value is missing; free text is wrapped
// in <@urlencode> because Branch does not encode substituted values by default.
function branchText(path: string): string {
	return `${path}=<@urlencode>\${(${path})!}</@urlencode>`;
}
function branchValue(path: string): string {
	return `${path}=\${(${path})!}`;
}
const BRANCH_GET = [
	'mmp=branch',
	branchText('name'),
	branchValue('id'),
	branchValue('timestamp'),
	branchValue('event_timestamp'),
	'attributed=<#if (attributed)!false>1<#else>0</#if>',
	branchValue('last_attributed_touch_type'),
	branchValue('user_data.aaid'),
	branchValue('user_data.idfa'),
	branchValue('user_data.idfv'),
	branchValue('user_data.ip'),
	branchText('user_data.user_agent'),
	branchValue('user_data.os'),
	branchValue('user_data.os_version'),
	branchValue('user_data.geo_country_code'),
	branchText('user_data.app_version'),
	branchText('user_data.developer_identity'),
	branchValue('user_data.cross_platform_id'),
	branchText('last_attributed_touch_data.~campaign'),
	branchText('last_attributed_touch_data.~campaign_id'),
	branchText('last_attributed_touch_data.~channel'),
	branchText('last_attributed_touch_data.~advertising_partner_name'),
	branchText('last_attributed_touch_data.~ad_set_name'),
	branchText('last_attributed_touch_data.~creative_name'),
	branchText('last_attributed_touch_data.~secondary_publisher'),
	branchValue('event_data.revenue'),
	branchValue('event_data.currency'),
	branchValue('event_data.revenue_in_usd'),
	branchValue('install_activity.timestamp'),
].join('&');

const KOCHAVA_COMMON =
	'mmp=kochava&event_name={event_name}&kochava_device_id={kochava_device_id}&idfa={idfa}&adid={adid}' +
	'&android_id={android_id}&network_name={network_name}&site_id={site_id}&creative_id={creative_id}' +
	'&click_id={click_id}&platform={platform}&os_version={os_version}&device_type={device_type}&country={country}';

const TENJIN_COMMON =
	'advertising_id={{advertising_id}}&platform={{platform}}&os_version={{os_version}}&device={{device}}' +
	'&country={{country}}&ip_address={{ip_address}}&store_id={{store_id}}&ad_network={{ad_network}}' +
	'&campaign_name={{campaign_name}}&site_id={{site_id}}&creative_name={{creative_name}}' +
	'&click_id={{click_id}}&limit_ad_tracking_integer={{limit_ad_tracking_integer}}' +
	'&engaged_at_ms={{engaged_at_ms}}&acquired_at_ms={{acquired_at_ms}}&time_in_ms={{time_in_ms}}';

export const RECOMMENDED_TEMPLATES: readonly RecommendedTemplate[] = [
	{
		mmp: 'adjust',
		id: 'adjust-global',
		title: 'Adjust global callback (every activity except ad revenue)',
		kinds: EVENT_KINDS.filter((kind) => kind !== 'ad_revenue'),
		method: 'GET',
		query:
			`${ADJUST_COMMON}&ip_address={ip_address}&user_agent={user_agent}&country={country}` +
			'&os_name={os_name}&os_version={os_version}&app_name={app_name}&app_version={app_version}' +
			'&event_name={event_name}&event={event}&revenue_float={revenue_float}&currency={currency}' +
			'&reporting_revenue={reporting_revenue}&reporting_currency={reporting_currency}' +
			'&is_organic={is_organic}&rejection_reason={rejection_reason}',
		setup:
			'Adjust: your app > Raw data export > Real-time callbacks > Global callback. Rejected installs and ' +
			'reattributions (Fraud Prevention Suite) arrive on the same URL with activity_kind rejected_install / rejected_reattribution.',
	},
	{
		mmp: 'adjust',
		id: 'adjust-ad-revenue',
		title: 'Adjust ad revenue callback',
		kinds: ['ad_revenue'],
		method: 'GET',
		query:
			`${ADJUST_COMMON}&revenue_float={revenue_float}&currency={currency}` +
			'&reporting_revenue={reporting_revenue}&reporting_currency={reporting_currency}' +
			'&ad_mediation_platform={ad_mediation_platform}&ad_revenue_network={ad_revenue_network}' +
			'&ad_revenue_unit={ad_revenue_unit}&ad_revenue_placement={ad_revenue_placement}' +
			'&ad_impressions_count={ad_impressions_count}',
		setup:
			'Adjust: Real-time callbacks > Ad revenue (the global callback does not include ad revenue).',
	},
	{
		mmp: 'appsflyer',
		id: 'appsflyer-push-api',
		title: 'AppsFlyer Push API endpoint (POST JSON)',
		kinds: ['install', 'reinstall', 'reattribution', 'reengagement', 'in_app_event', 'ad_revenue'],
		method: 'POST',
		query: 'mmp=appsflyer',
		setup:
			'AppsFlyer: Integration > API access > Push API > Add endpoint; method POST, select the message ' +
			'types and fields. Optionally set an authentication token header (Authorization or X-…).',
	},
	{
		mmp: 'appsflyer',
		id: 'appsflyer-partner-rejected',
		title: 'AppsFlyer rejected-install partner postback (integrated ad networks)',
		kinds: ['rejected_install', 'rejected_reattribution'],
		method: 'GET',
		query:
			`${APPSFLYER_PARTNER_COMMON}&event_name=install&is_rejected=(is-rejected)` +
			'&reject_reason=(blocked-reason)&reject_reason_value=(blocked-reason-value)',
		setup:
			'Rejected postbacks go to integrated partners only (not to advertiser Push API endpoints); the partner ' +
			'registers this template with AppsFlyer. Advertisers get Protect360 data from raw-data reports instead.',
	},
	{
		mmp: 'appsflyer',
		id: 'appsflyer-partner',
		title: 'AppsFlyer install / in-app partner postback (integrated ad networks)',
		kinds: [],
		method: 'GET',
		query:
			`${APPSFLYER_PARTNER_COMMON}&event_name=(event-name)&event_time=(timestamp)` +
			'&event_revenue=(monetary)&event_revenue_currency=(currency)&event_value=(event-value)',
		setup:
			'For ad networks: the postback template registered with AppsFlyer for installs and in-app events.',
	},
	{
		mmp: 'branch',
		id: 'branch-webhook-post',
		title: 'Branch webhook (POST, default JSON body)',
		kinds: ['install', 'reinstall', 'session', 'in_app_event', 'click', 'impression'],
		method: 'POST',
		query: 'mmp=branch',
		setup:
			'Branch: Data Feeds > Webhooks > Add new webhook; "using a POST", pick the event. One webhook per event.',
	},
	{
		mmp: 'branch',
		id: 'branch-webhook-get',
		title: 'Branch webhook (GET, FreeMarker template)',
		kinds: [],
		method: 'GET',
		query: BRANCH_GET,
		setup:
			'Branch: Data Feeds > Webhooks; "using a GET" with this URL. POST is simpler and carries more data.',
	},
	{
		mmp: 'singular',
		id: 'singular-internal-bi',
		title: 'Singular Internal BI postback (POST JSON)',
		kinds: ['install', 'reinstall', 'reengagement', 'in_app_event', 'session', 'uninstall'],
		method: 'POST',
		query: 'mmp=singular',
		setup:
			'Singular: Attribution > Partner Configuration > Internal BI; postback URL, then the events to send. ' +
			'Suspicious installs arrive here with the fraud decision reason.',
	},
	{
		mmp: 'singular',
		id: 'singular-rejection',
		title: 'Singular rejection postback (Internal BI)',
		kinds: ['rejected_install', 'rejected_reattribution'],
		method: 'POST',
		query: 'mmp=singular&postback_type=rejected',
		setup:
			'Singular: Internal BI partner > fraud (rejection) postbacks. If your account sends them to the main ' +
			'Internal BI URL instead, they are recognised by their rejection reason.',
	},
	{
		mmp: 'singular',
		id: 'singular-partner-get',
		title: 'Singular partner postback template (ad networks, GET)',
		kinds: [],
		method: 'GET',
		query:
			'mmp=singular&event_name={EVTNAME}&event_utc_timestamp={UTCM}&install_utc={INSTALL_UTC}&aifa={AIFA}' +
			'&idfa={IDFA}&idfv={IDFV}&ip={EVENT_IP}&country={ATTRIBUTION_COUNTRY}&platform={PLATFORM}' +
			'&os_version={OS_VERSION}&longname={LONGNAME}&app_version={APP_VERSION}&campaign_name={CID}' +
			'&network={NETWORK}&click_id={CLID}&amount={AMOUNT}&currency={CURRENCY}&is_re_eng={IS_RE_ENG}' +
			'&is_viewthrough={IS_VIEWTHROUGH}',
		setup: 'For ad networks: the template agreed with Singular for install and event postbacks.',
	},
	{
		mmp: 'kochava',
		id: 'kochava-install',
		title: 'Kochava custom postback: install',
		kinds: ['install', 'reinstall', 'reengagement', 'reattribution', 'session', 'uninstall'],
		method: 'GET',
		query: KOCHAVA_COMMON,
		setup:
			'Kochava: Apps & Assets > Partner Configuration > Add a Configuration > Custom Postback, event Install; ' +
			'add the IP, user agent and event datetime macros from the picker as ip, user_agent and event_time.',
	},
	{
		mmp: 'kochava',
		id: 'kochava-event',
		title: 'Kochava custom postback: post-install event',
		kinds: ['in_app_event', 'ad_revenue'],
		method: 'GET',
		query: `${KOCHAVA_COMMON}&event_value={event_value}&currency={currency}`,
		setup: 'Kochava: one Custom Postback per post-install event, with this URL.',
	},
	{
		mmp: 'tenjin',
		id: 'tenjin-install',
		title: 'Tenjin S2S callback: install',
		kinds: ['install', 'reinstall', 'reattribution', 'reengagement'],
		method: 'GET',
		query: `mmp=tenjin&event_kind=install&${TENJIN_COMMON}`,
		setup:
			'Tenjin: CONFIGURE > Apps > your app > Callbacks > New callback, trigger Install, method GET.',
	},
	{
		mmp: 'tenjin',
		id: 'tenjin-event',
		title: 'Tenjin S2S callback: custom event or purchase',
		kinds: ['in_app_event', 'ad_revenue'],
		method: 'GET',
		query:
			`mmp=tenjin&event_kind=in_app_event&event_name={{value}}&revenue_usd_gross={{revenue_usd_gross}}` +
			`&revenue_usd_net={{revenue_usd_net}}&${TENJIN_COMMON}`,
		setup: 'Tenjin: one callback per event (frequency "Ping Every Time"), method GET.',
	},
	{
		mmp: 'tenjin',
		id: 'tenjin-open',
		title: 'Tenjin S2S callback: app open',
		kinds: ['session'],
		method: 'GET',
		query: `mmp=tenjin&event_kind=session&${TENJIN_COMMON}`,
		setup: 'Tenjin: a callback on the app-open event, method GET.',
	},
];

/** The templates for one MMP, recommended first. */
export function recommendedTemplates(mmp: MmpName): RecommendedTemplate[] {
	return RECOMMENDED_TEMPLATES.filter((template) => template.mmp === mmp);
}

/** The template for an MMP and kind: the first listing the kind, else the MMP's main template. */
export function recommendedTemplate(mmp: MmpName, kind?: EventKind): RecommendedTemplate {
	const templates = recommendedTemplates(mmp);
	const match = kind === undefined ? undefined : templates.find((t) => t.kinds.includes(kind));
	return match ?? templates[0];
}

/** Joins a webhook URL and a template query string. */
export function withTemplateQuery(baseUrl: string, query: string): string {
	const base = baseUrl.replace(/[?&]+$/, '');
	return `${base}${base.includes('?') ? '&' : '?'}${query}`;
}

/**
 * The callback URL to paste into the MMP's dashboard for `kind` (any kind: the MMP's main
 * template), e.g. `recommendedCallbackUrl('adjust', 'install', 'https://n8n.example.com/webhook/mmp')`.
 */
export function recommendedCallbackUrl(
	mmp: MmpName,
	kind: EventKind | undefined,
	baseUrl: string,
): string {
	return withTemplateQuery(baseUrl, recommendedTemplate(mmp, kind).query);
}
