// Ready postback templates, taken from the receivers' public documentation (`source`).
//
// Macro names are canonical event fields (docs/canonical-event.md) unless the preset is written in
// a vendor dialect, where the dialect's aliases map the vendor names onto the canonical event
// (aliases.ts). `settings` are the static values a user types once (tracker domain, postback key,
// dataset id); they are compile-time constants, so they may form the URL's host while event values
// never can. Tokens and secrets are not settings: put them in Send Postback's credential.
import type { MacroDialect } from './dialects';
import type { ValueEncoding } from './encode';
import type { MissingPolicy } from './types';

export interface PresetSetting {
	/** The macro name the template uses for it. */
	name: string;
	displayName: string;
	description: string;
	placeholder: string;
	/** Shown masked in the node (it is still part of the rendered URL). */
	secret?: boolean;
	/**
	 * For a secret: what stands in for it when the field is left empty, because Send Postback takes
	 * the real URL from its credential (Postback Endpoint Auth → Endpoint URL). The secret then
	 * never enters the workflow or its execution data.
	 */
	fromCredential?: string;
}

export interface PostbackPreset {
	/** Stable identifier, camelCase. */
	id: string;
	name: string;
	dialect: MacroDialect;
	/** URL template. */
	template: string;
	method: 'GET' | 'POST';
	bodyTemplate?: string;
	contentType?: 'json' | 'form' | 'text';
	/** Encoding for the URL (default rfc3986). */
	encoding?: ValueEncoding;
	/** Recommended missing-value policy (default `empty`). */
	missing?: MissingPolicy;
	settings: PresetSetting[];
	/** The documentation the template follows. */
	source: string;
	notes?: string;
}

const domain = (name: string, what: string, placeholder: string): PresetSetting => ({
	name,
	displayName: `${what} Domain`,
	description: `Host name of your ${what} (no https://, no path)`,
	placeholder,
});

const networkHost: PresetSetting = {
	name: 'network_host',
	displayName: 'Network Host',
	description: 'Host name of the endpoint that receives the postback (no https://, no path)',
	placeholder: 'postback.example-network.com',
};

/** Both Awin presets (install and purchase) need it. */
const awinMerchantId: PresetSetting = {
	name: 'awin.merchant_id',
	displayName: 'Awin Advertiser ID',
	description: 'Your Awin advertiser (merchant) ID',
	placeholder: '12345',
};

export const POSTBACK_PRESETS: readonly PostbackPreset[] = [
	{
		id: 'keitaroConversion',
		name: 'Keitaro: conversion postback',
		dialect: 'mustache',
		template:
			'https://{{tracker_domain}}/{{postback_key}}/postback?subid={{click_id}}' +
			'&status={{status|default:sale}}&payout={{revenue}}&currency={{currency}}&tid={{dedup_key}}',
		method: 'GET',
		settings: [
			domain('tracker_domain', 'Keitaro Tracker', 'tracker.example.com'),
			{
				name: 'postback_key',
				displayName: 'Postback Key',
				description:
					"The key from Maintenance → Postback URL in Keitaro. Better: leave it empty and put https://TRACKER/KEY/postback in Send Postback's credential (Endpoint URL), so the key stays out of the workflow",
				placeholder: 'a1b2c3d',
				secret: true,
				fromCredential: 'key-from-credential',
			},
		],
		source: 'https://docs.keitaro.io/en/conversions-and-postback/postback.html',
		notes:
			'subid is the Keitaro click id your link passed to the MMP as click_id; map `status` for lead/sale/rejected.',
	},
	{
		id: 'voluumConversion',
		name: 'Voluum: conversion postback',
		dialect: 'mustache',
		template:
			'https://{{tracking_domain}}/postback?cid={{click_id}}&payout={{revenue}}' +
			'&txid={{dedup_key}}&currency={{currency}}&et={{event_name}}',
		method: 'GET',
		missing: 'drop',
		settings: [domain('tracking_domain', 'Voluum Tracking', 'abc12.voluumtrk.com')],
		source: 'https://doc.voluum.com/en/submitting_postback_url.html',
	},
	{
		id: 'binomConversion',
		name: 'Binom: conversion postback',
		dialect: 'mustache',
		template:
			'https://{{tracker_domain}}/click.php?cnv_id={{click_id}}&payout={{revenue}}' +
			'&cnv_status={{event_name}}&cnv_currency={{currency}}',
		method: 'GET',
		missing: 'drop',
		settings: [domain('tracker_domain', 'Binom Tracker', 'binom.example.com')],
		source: 'https://docs.binom.org/postback-url.php',
	},
	{
		id: 'unityAdsEvent',
		name: 'Unity Ads: S2S post-install event',
		dialect: 'mustache',
		template:
			'https://ads-secondary-conversion.unityads.unity3d.com/v1/events?ifa={{idfa}}' +
			'&aid={{advertising_id|lower}}&tracking_enabled={{tracking_enabled|default:1}}' +
			'&campaign_id={{campaign_id}}&game_id={{game_id}}&platform={{platform}}&bundle_id={{app_id}}' +
			'&install_ts={{install_time|unix}}&event={{event_name}}&ts={{event_time|unix}}' +
			'&was_conversion_attributed=1',
		method: 'GET',
		missing: 'drop',
		settings: [
			{
				name: 'game_id',
				displayName: 'Unity Game ID',
				description: 'From the Apps page of the Unity Ads User Acquisition dashboard',
				placeholder: '1234567',
			},
		],
		source: 'https://docs.unity.com/grow/en-us/acquire/partner-integration/custom/send-postbacks',
		notes:
			'Unity wants the IDFA upper case and the GAID lower case; `drop` removes ifa/aid when absent.',
	},
	{
		id: 'metaCapiAppEvent',
		name: 'Meta Conversions API: app event (JSON)',
		dialect: 'mustache',
		template: 'https://graph.facebook.com/{{api_version}}/{{dataset_id}}/events',
		method: 'POST',
		contentType: 'json',
		bodyTemplate:
			'{"data":[{"event_name":{{event_name|json}},"event_time":{{event_time|unix}},' +
			'"event_id":{{dedup_key|json}},"action_source":"app",' +
			'"user_data":{"madid":{{advertising_id|json}},"client_ip_address":{{ip|json}},' +
			'"client_user_agent":{{user_agent|json}}},' +
			'"custom_data":{"value":{{revenue|default:0}},"currency":{{currency|json}}}}]}',
		settings: [
			{
				name: 'api_version',
				displayName: 'Graph API Version',
				description: 'Graph API version segment',
				placeholder: 'v21.0',
			},
			{
				name: 'dataset_id',
				displayName: 'Dataset (Pixel) ID',
				description: 'The dataset or pixel ID from Meta Events Manager',
				placeholder: '1234567890',
			},
		],
		source: 'https://developers.facebook.com/docs/marketing-api/conversions-api/using-the-api',
		notes:
			'Send the access_token as a query-parameter credential in Send Postback, never in the template. App events also need app_data; add it to the body for production use.',
	},
	{
		id: 'slackFraudAlert',
		name: 'Slack: fraud alert (incoming webhook)',
		dialect: 'mustache',
		template: '{{slack_webhook_url}}',
		method: 'POST',
		contentType: 'json',
		bodyTemplate:
			'{"text":"MMP fraud alert ({{mmp}}): {{event_kind}} of {{app_id|default:an unknown app|slack}},' +
			' reason {{fraud_reason|default:unspecified|slack}}",' +
			'"blocks":[{"type":"section","text":{"type":"mrkdwn","text":' +
			'"*MMP fraud alert* ({{mmp}})\\n*App:* {{app_id|default:-|slack}}\\n*Kind:* {{event_kind}}' +
			'\\n*Reason:* {{fraud_reason|default:unspecified|slack}}' +
			'\\n*Network:* {{media_source|default:-|slack}}\\n*Campaign:* {{campaign_name|default:-|slack}}' +
			'\\n*Device:* {{advertising_id|default:-|slack}}\\n*IP:* {{ip|default:-|slack}}' +
			'\\n*Time:* {{event_time|default:-|slack}}"}}]}',
		settings: [
			{
				name: 'slack_webhook_url',
				displayName: 'Slack Webhook URL',
				description:
					"The incoming-webhook URL Slack gave you (https://hooks.slack.com/services/…). Better: leave it empty and put it in Send Postback's credential (Endpoint URL), so it stays out of the workflow",
				placeholder: 'https://hooks.slack.com/services/T000/B000/XXXX',
				secret: true,
				fromCredential: 'https://hooks.slack.com/services/from-credential',
			},
		],
		source: 'https://api.slack.com/messaging/webhooks',
		notes:
			"Connect it to MMP Trigger's Fraud Alert output. The webhook URL is itself a secret: leave Slack Webhook URL empty and set it as Endpoint URL in Send Postback's Postback Endpoint Auth credential, so it never enters the workflow or its execution data.",
	},
	{
		id: 'bubbleyeTenjinInstall',
		name: 'Bubbleye: install callback (Tenjin macros)',
		dialect: 'tenjin',
		template:
			'https://log.bubbleye.com/install?t=tj&c={{campaign_name}}&pub_id={{site_id}}&click_id={{click_id}}' +
			'&t_ifa={{advertising_id}}&adv={{store_id}}&t_ip={{ip_address}}&t_osv={{os_version}}' +
			'&t_country={{country}}&t_ct={{engaged_at_ms}}&t_created_at={{acquired_at_ms}}&t_dname={{device}}' +
			'&crid={{creative_name}}&s={{ad_network}}&t_os={{platform}}&t_lt={{limit_ad_tracking_integer}}',
		method: 'GET',
		settings: [],
		source: 'https://www.bubbleye.com/knowledgebase/tenjin-setup/',
	},
	{
		id: 'awinKochavaInstall',
		name: 'Awin: app install (Kochava macros)',
		dialect: 'kochava',
		template:
			'https://www.awin1.com/sread.php?tt=ss&tv=2&merchant={awin.merchant_id}&amount=1&ch=aw' +
			'&ref={kochava_device_id}&parts=INSTALL_{platform}:1&cks={click_id}&testmode=0&type=ai' +
			'&p1={platform}&p2={os_version}&p3={device_type}&p4={country}&p30=kochava',
		method: 'GET',
		settings: [awinMerchantId],
		source: 'https://developer.awin.com/docs/kochava',
	},
	{
		id: 'awinKochavaPurchase',
		name: 'Awin: in-app purchase (Kochava macros)',
		dialect: 'kochava',
		template:
			'https://www.awin1.com/sread.php?tt=ss&tv=2&merchant={awin.merchant_id}&amount={event_value}&ch=aw' +
			'&ref={awin.order_id}&parts={awin.commission_code}:{event_value}&cks={click_id}&p1={platform}&type=ap' +
			'&cr={currency}&vc={awin.voucher_code}&p2={device_ver}&p3={device_type}&p4={country}' +
			'&p5={kochava_device_id}&p30=kochava',
		method: 'GET',
		settings: [
			awinMerchantId,
			{
				name: 'awin.commission_code',
				displayName: 'Commission Group Code',
				description: 'The Awin commission group for app purchases',
				placeholder: 'DEFAULT',
			},
		],
		source: 'https://developer.awin.com/docs/kochava',
		notes: 'Map awin.order_id (and awin.voucher_code) under Values, e.g. from the raw payload.',
	},
	{
		id: 'appmetricaNetworkPost',
		name: 'Ad network postback, AppMetrica macros (JSON POST)',
		dialect: 'appmetrica',
		template: 'https://{network_host}/postback',
		method: 'POST',
		contentType: 'json',
		bodyTemplate:
			'{"click_id":"{click_id}","transaction_id":"{transaction_id}","event":"{event_name}",' +
			'"touch_type":"{attributed_touch_type}","user_agent":"{click_user_agent}"}',
		settings: [networkHost],
		source: 'https://appmetrica.yandex.ru/docs/en/mobile-tracking/postback-specification',
	},
	{
		id: 'tapstreamNetwork',
		name: 'Ad network postback, Tapstream macros',
		dialect: 'tapstream',
		template:
			'https://TS{network_host}/postback?click_id=TS{hit.custom_parameters.click_id}' +
			'&ip=TS{event.ip}&time=TS{event.timestamp}',
		method: 'GET',
		settings: [networkHost],
		source: 'https://www.tapstream.com/developer/postbacks/',
	},
	{
		id: 'adjustNetwork',
		name: 'Ad network postback, Adjust placeholders',
		dialect: 'adjust',
		template:
			'https://{network_host}/adjust?activity={activity_kind}&gaid={gps_adid}&idfa={idfa}' +
			'&adid={adid}&ip={ip_address}&country={country}&created_at={created_at}' +
			'&event={event_name}&revenue={revenue_float}&currency={currency}&reason={rejection_reason}',
		method: 'GET',
		missing: 'drop',
		settings: [networkHost],
		source: 'https://help.adjust.com/en/article/callback-structure-partner',
		notes:
			'Adjust drops unavailable placeholders from its callbacks; the `drop` policy does the same.',
	},
	{
		id: 'branchNetwork',
		name: 'Ad network postback, Branch macros',
		dialect: 'branch',
		template:
			'https://${(network_host)!}/branch?event=${(name)!}&aaid=${(user_data.aaid)!}' +
			'&idfa=${(user_data.idfa)!}&campaign=${(last_attributed_touch_data.~campaign)!}' +
			'&attributed=<#if is_organic>0<#else>1</#if>' +
			'&ts=<@urlencode><@dateformat output_date_format="TIMESTAMP_SECONDS">${(event_time)!}</@dateformat></@urlencode>',
		method: 'GET',
		settings: [networkHost],
		source: 'https://help.branch.io/using-branch/docs/postback-macros-functions',
	},
	{
		id: 'singularNetwork',
		name: 'Ad network postback, Singular macros',
		dialect: 'singular',
		template:
			'https://{{network_host}}/singular?click_id={cl?Network}&idfa={IDFA}&gaid={AIFA}' +
			'&event={EVTNAME}&amount={AMOUNT}&currency={CURRENCY}&country={ATTRIBUTION_COUNTRY}&ts={UTC}',
		method: 'GET',
		settings: [networkHost],
		source: 'https://support.singular.net/hc/en-us/articles/115004063323',
	},
];

/** The preset with this id, or undefined. */
export function getPostbackPreset(id: string): PostbackPreset | undefined {
	return POSTBACK_PRESETS.find((p) => p.id === id);
}
