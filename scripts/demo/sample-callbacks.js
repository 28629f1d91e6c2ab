// One realistic callback per MMP, shaped as the MMP sends it once the recommended template
// (lib/mmp/recommendedTemplates.ts) is pasted into its dashboard, plus a fraud one. `npm start` prints
// them as curls; `npm run demo:traffic` (issue 6) can replay them. Values are made up but well-formed.
'use strict';

/**
 * @typedef {{ mmp: string; title: string; method: 'GET' | 'POST'; query: Record<string, string>;
 *   body?: Record<string, unknown> }} SampleCallback
 * @type {SampleCallback[]}
 */
const SAMPLE_CALLBACKS = [
	{
		mmp: 'appsflyer',
		title: 'AppsFlyer Push API: install (POST JSON)',
		method: 'POST',
		query: { mmp: 'appsflyer' },
		body: {
			event_name: 'install',
			appsflyer_id: '1700000000000-1234567',
			advertising_id: '3f2b6c4e-8a1d-4e7b-9c0a-5d6e7f8a9b0c',
			platform: 'android',
			app_id: 'com.example.game',
			app_version: '4.2.0',
			country_code: 'DE',
			install_time: '2026-11-23 10:00:00.000',
			event_time: '2026-11-23 10:00:00.000',
			media_source: 'examplenetwork_int',
			campaign: 'winter_sale',
			af_c_id: '98765',
			ip: '203.0.113.7',
		},
	},
	{
		mmp: 'adjust',
		title: 'Adjust global callback: install (GET)',
		method: 'GET',
		query: {
			mmp: 'adjust',
			activity_kind: 'install',
			created_at: '1795471200',
			installed_at: '1795471200',
			adid: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
			gps_adid: '7d1f0c2e-5b3a-4c6d-8e9f-0a1b2c3d4e5f',
			tracker: 'abc123',
			tracker_name: 'Example Network::Winter Sale::Adgroup A::Banner 1',
			country: 'de',
			os_name: 'android',
			app_version: '4.2.0',
			ip_address: '203.0.113.8',
		},
	},
	{
		mmp: 'adjust',
		title: 'Adjust: rejected install (fraud, GET)',
		method: 'GET',
		query: {
			mmp: 'adjust',
			activity_kind: 'rejected_install',
			created_at: '1795471260',
			adid: 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
			gps_adid: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
			tracker_name: 'Example Network::Winter Sale::Adgroup A::Banner 1',
			rejection_reason: 'click_injection',
			country: 'br',
			os_name: 'android',
		},
	},
	{
		mmp: 'branch',
		title: 'Branch webhook: purchase (POST JSON)',
		method: 'POST',
		query: { mmp: 'branch' },
		body: {
			name: 'PURCHASE',
			id: '1231453545123456789',
			timestamp: 1795471320000,
			attributed: true,
			user_data: {
				os: 'IOS',
				os_version: '18.1',
				idfa: '6D92078A-8246-4BA4-AE5B-76104861E7DC',
				idfv: 'A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D',
				geo_country_code: 'US',
				app_version: '4.2.0',
				ip: '198.51.100.4',
			},
			last_attributed_touch_data: { '~channel': 'Example Network', '~campaign': 'winter_sale' },
			event_data: { revenue: 4.99, currency: 'USD' },
		},
	},
	{
		mmp: 'singular',
		title: 'Singular Internal BI: in-app event (POST JSON)',
		method: 'POST',
		query: { mmp: 'singular' },
		body: {
			event_name: 'level_complete',
			event_utc_timestamp: '2026-11-23 10:05:00',
			install_utc_timestamp: '2026-11-23 10:00:00',
			aifa: '2c9b1f0e-7d6a-4b5c-9e8f-1a2b3c4d5e6f',
			platform: 'Android',
			os_version: '14',
			country: 'GB',
			app_longname: 'com.example.game',
			app_version: '4.2.0',
			network: 'Example Network',
			campaign_name: 'winter_sale',
		},
	},
	{
		mmp: 'kochava',
		title: 'Kochava custom postback: install (GET)',
		method: 'GET',
		query: {
			mmp: 'kochava',
			event_name: '_install',
			kochava_device_id: 'KA4d2b6e8f0a1c3e5g7i9k',
			adid: '5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b',
			network_name: 'Example Network',
			site_id: 'site_42',
			click_id: 'clk-8f7e6d5c',
			platform: 'android',
			os_version: '14',
			country: 'FR',
		},
	},
	{
		mmp: 'tenjin',
		title: 'Tenjin S2S callback: install (GET)',
		method: 'GET',
		query: {
			mmp: 'tenjin',
			event_kind: 'install',
			advertising_id: '8b7a6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d',
			platform: 'ios',
			os_version: '18.1',
			country: 'JP',
			ip_address: '192.0.2.44',
			store_id: '1234567890',
			ad_network: 'Example Network',
			campaign_name: 'winter_sale',
			acquired_at_ms: '1795471200000',
		},
	},
];

/** The request line of a sample: method, URL with its query, JSON body text if any. */
function sampleRequest(sample, webhookUrl) {
	const url = `${webhookUrl}?${new URLSearchParams(sample.query)}`;
	return {
		method: sample.method,
		url,
		body: sample.body ? JSON.stringify(sample.body) : undefined,
	};
}

/** A copy-pasteable curl for a sample (single-quoted for POSIX shells). */
function sampleCurl(sample, webhookUrl) {
	const { method, url, body } = sampleRequest(sample, webhookUrl);
	if (!body) return `curl -s '${url}'`;
	return `curl -s -X ${method} '${url}' -H 'Content-Type: application/json' -d '${body.replace(/'/g, "'\\''")}'`;
}

module.exports = { SAMPLE_CALLBACKS, sampleRequest, sampleCurl };
