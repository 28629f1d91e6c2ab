import {
	MMP_NAMES,
	RECOMMENDED_TEMPLATES,
	parseCallback,
	recommendedCallbackUrl,
	recommendedTemplate,
	type RecommendedTemplate,
} from '../../../lib/mmp';

// What each MMP would substitute for a macro in these tests; anything else gets `v-<name>`.
const SAMPLES: Record<string, string> = {
	activity_kind: 'install',
	created_at: '1404214665',
	installed_at: '1404214665',
	adid: 'f2e728d8a3a1b6c2d1e0f9a8b7c6d5e4',
	gps_adid: '38400000-8cf0-11bd-b23e-10b96e40000d',
	advertiserId: '38400000-8cf0-11bd-b23e-10b96e40000d',
	tracker_name: 'Network1::Campaign::Adgroup::Creative',
	country: 'de',
	country_code: 'US',
	'is-rejected': '1',
	'blocked-reason': 'site_blacklist',
	'blocked-reason-value': '"1123456"',
	'install-unix-ts': '1594387654',
	timestamp: '1594387654',
	monetary: '1.5',
	currency: 'USD',
	'event-name': 'af_purchase',
	'event-value': '{"af_revenue":"1.5"}',
	name: 'INSTALL',
	id: '1025873495061268479',
	'user_data.aaid': '2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901',
	EVTNAME: '__START__',
	UTCM: '1690885530000',
	INSTALL_UTC: '1690885530',
	AIFA: '6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d',
	IS_RE_ENG: '0',
	IS_VIEWTHROUGH: '1',
	AMOUNT: '',
	event_name: '_install',
	kochava_device_id: 'KA4f1c9d2e8b7a6c5d4e3f2a1b0c9d8e7',
	event_value: '',
	value: 'level_up',
	advertising_id: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
	time_in_ms: '1690880123456',
	acquired_at_ms: '1690880123456',
	engaged_at_ms: '1690880000000',
	revenue_usd_gross: '',
	revenue_usd_net: '',
	is_organic: '0',
	rejection_reason: '',
	revenue_float: '',
	reporting_revenue: '',
	reporting_currency: '',
	event_timestamp: '1589464531617',
	'install_activity.timestamp': '1589464531617',
	'event_data.revenue': '',
	limit_ad_tracking_integer: '0',
};

// Per template: the macro values that make the callback one of the template's kinds.
const KIND_SAMPLES: Record<string, Record<string, string>> = {
	'adjust-ad-revenue': { activity_kind: 'ad_revenue' },
	'kochava-event': { event_name: 'Purchase' },
};

/** Fills a template's macros as its MMP would. */
function fill(template: RecommendedTemplate): string {
	const overrides = KIND_SAMPLES[template.id] ?? {};
	const sample = (name: string) =>
		encodeURIComponent(overrides[name] ?? SAMPLES[name] ?? `v-${name}`);
	let query = template.query;

	if (template.mmp === 'branch') {
		query = query
			.replace(/<@urlencode>\$\{\(([^)]+)\)!\}<\/@urlencode>/g, (_m, path: string) => sample(path))
			.replace(/<#if \(attributed\)!false>1<#else>0<\/#if>/g, '1')
			.replace(/\$\{\(([^)]+)\)!\}/g, (_m, path: string) => sample(path));
	} else if (template.mmp === 'appsflyer') {
		query = query.replace(/\(([\w-]+)\)/g, (_m, name: string) => sample(name));
	} else if (template.mmp === 'tenjin') {
		query = query.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => sample(name));
	} else {
		query = query.replace(/\{([\w?= ]+)\}/g, (_m, name: string) => sample(name));
	}
	return query;
}

describe('recommended callback templates', () => {
	it('exist for every MMP and cover each MMP with a main template first', () => {
		for (const mmp of MMP_NAMES) {
			expect(recommendedTemplate(mmp).mmp).toBe(mmp);
			expect(recommendedTemplate(mmp).kinds.length).toBeGreaterThan(0);
		}
		expect(new Set(RECOMMENDED_TEMPLATES.map((template) => template.id)).size).toBe(
			RECOMMENDED_TEMPLATES.length,
		);
	});

	it.each(RECOMMENDED_TEMPLATES.map((template) => [template.id, template] as const))(
		'%s names the MMP and leaves no unfilled macro once the MMP fills it',
		(_id, template) => {
			expect(template.query.startsWith(`mmp=${template.mmp}`)).toBe(true);
			const filled = fill(template);
			expect(filled).not.toMatch(/[{}()<>$]/);
			if (template.method === 'POST') return; // the MMP's JSON body carries the data
			const result = parseCallback(
				{ method: 'GET', url: `/webhook/mmp?${filled}` },
				{ strict: true },
			);
			if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
			expect(result).toMatchObject({ mmp: template.mmp, detectedBy: 'parameter' });
			if (template.kinds.length > 0) expect(template.kinds).toContain(result.event.event_kind);
		},
	);

	it('fill the canonical fields the adapters read', () => {
		const adjust = parseCallback({
			method: 'GET',
			url: `/?${fill(recommendedTemplate('adjust', 'install'))}`,
		});
		expect(adjust).toMatchObject({
			ok: true,
			event: {
				event_kind: 'install',
				advertising_id: SAMPLES.gps_adid,
				mmp_device_id: SAMPLES.adid,
				country: 'DE',
				media_source: 'Network1',
				creative: 'Creative',
				event_time: '2014-07-01T11:37:45.000Z',
			},
		});
		const rejected = parseCallback({
			method: 'GET',
			url: `/?${fill(recommendedTemplate('appsflyer', 'rejected_install'))}`,
		});
		expect(rejected).toMatchObject({
			ok: true,
			event: { event_kind: 'rejected_install', fraud_reason: 'site_blacklist:1123456' },
		});
		const branch = parseCallback({
			method: 'GET',
			url: `/?${fill(RECOMMENDED_TEMPLATES.find((t) => t.id === 'branch-webhook-get') as RecommendedTemplate)}`,
		});
		expect(branch).toMatchObject({
			ok: true,
			event: {
				event_kind: 'install',
				advertising_id: SAMPLES['user_data.aaid'],
				is_organic: false,
			},
		});
		const tenjin = parseCallback({
			method: 'GET',
			url: `/?${fill(recommendedTemplate('tenjin', 'in_app_event'))}`,
		});
		expect(tenjin).toMatchObject({
			ok: true,
			event: {
				event_kind: 'in_app_event',
				event_name: 'level_up',
				install_time: '2023-08-01T08:55:23.456Z',
			},
		});
	});

	it('pick the template for a kind, falling back to the main one', () => {
		expect(recommendedTemplate('adjust', 'ad_revenue').id).toBe('adjust-ad-revenue');
		expect(recommendedTemplate('adjust', 'rejected_install').id).toBe('adjust-global');
		expect(recommendedTemplate('appsflyer', 'rejected_install').id).toBe(
			'appsflyer-partner-rejected',
		);
		expect(recommendedTemplate('appsflyer', 'session').id).toBe('appsflyer-push-api');
		expect(recommendedTemplate('singular', 'rejected_reattribution').id).toBe('singular-rejection');
		expect(recommendedTemplate('tenjin', 'session').id).toBe('tenjin-open');
		expect(recommendedTemplate('kochava', 'in_app_event').id).toBe('kochava-event');
	});

	it('join the webhook URL and the query with ? or &', () => {
		expect(
			recommendedCallbackUrl('appsflyer', 'install', 'https://n8n.example.com/webhook/mmp'),
		).toBe('https://n8n.example.com/webhook/mmp?mmp=appsflyer');
		expect(
			recommendedCallbackUrl('appsflyer', undefined, 'https://n8n.example.com/webhook/mmp?'),
		).toBe('https://n8n.example.com/webhook/mmp?mmp=appsflyer');
		expect(
			recommendedCallbackUrl('branch', 'install', 'https://n8n.example.com/webhook/mmp?token=abc'),
		).toBe('https://n8n.example.com/webhook/mmp?token=abc&mmp=branch');
		expect(recommendedCallbackUrl('adjust', 'install', 'https://h/webhook/x')).toMatch(
			/^https:\/\/h\/webhook\/x\?mmp=adjust&activity_kind=\{activity_kind\}&/,
		);
	});
});
