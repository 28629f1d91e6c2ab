import {
	MMP_ADAPTERS,
	adjustAdapter,
	appsflyerAdapter,
	branchAdapter,
	genericAdapter,
	kochavaAdapter,
	parseCallback,
	singularAdapter,
	tenjinAdapter,
	type EventKind,
	type RawPayload,
} from '../../../lib/mmp';

describe('adapters', () => {
	it('map a raw payload purely: no mutation, same output twice, no dedup_key', () => {
		const raw: RawPayload = {
			activity_kind: 'install',
			adid: 'f2e728d8a3a1b6c2d1e0f9a8b7c6d5e4',
			tracker_name: 'A::B',
		};
		const copy = structuredClone(raw);
		const first = adjustAdapter.toCanonical(raw);
		expect(adjustAdapter.toCanonical(raw)).toEqual(first);
		expect(raw).toEqual(copy);
		expect(first).not.toHaveProperty('dedup_key');
		expect(first).toMatchObject({
			mmp: 'adjust',
			event_kind: 'install',
			fraud_flag: false,
			media_source: 'A',
			campaign_name: 'B',
		});
	});

	it('have a schema each, built once', () => {
		for (const adapter of Object.values(MMP_ADAPTERS)) {
			expect(adapter.schema).toBeDefined();
			expect(adapter.schema).toBe(MMP_ADAPTERS[adapter.mmp as keyof typeof MMP_ADAPTERS].schema);
		}
		expect(genericAdapter.schema).toBeUndefined();
	});
});

describe('Adjust', () => {
	it.each<[string, EventKind]>([
		['install', 'install'],
		['reinstall', 'reinstall'],
		['reattribution', 'reattribution'],
		['reattribution_reinstall', 'reattribution'],
		['session', 'session'],
		['event', 'in_app_event'],
		['uninstall', 'uninstall'],
		['rejected_install', 'rejected_install'],
		['rejected_reattribution', 'rejected_reattribution'],
		['click', 'click'],
		['impression', 'impression'],
		['ad_revenue', 'ad_revenue'],
		['sk_install', 'install'],
		['sk_event', 'in_app_event'],
		['san_click', 'click'],
		['san_impression', 'impression'],
		['Rejected Reattribution', 'rejected_reattribution'],
		['att_update', 'in_app_event'],
		['cost_updated', 'in_app_event'],
	])('activity_kind %s → %s', (activity, kind) => {
		expect(adjustAdapter.toCanonical({ activity_kind: activity }).event_kind).toBe(kind);
	});

	it('splits partial tracker names and the newer link_name alias', () => {
		expect(
			adjustAdapter.toCanonical({
				activity_kind: 'install',
				tracker_name: 'Facebook Installs::Spring',
			}),
		).toMatchObject({
			media_source: 'Facebook Installs',
			campaign_name: 'Spring',
		});
		expect(
			adjustAdapter.toCanonical({ activity_kind: 'install', link_name: 'Net::Camp::Grp::Cre' }),
		).toMatchObject({
			media_source: 'Net',
			creative: 'Cre',
		});
		expect(
			adjustAdapter.toCanonical({
				activity_kind: 'install',
				tracker_name: 'X::Y',
				network_name: 'Explicit',
			}).media_source,
		).toBe('Explicit');
	});

	it('reads reporting revenue as USD only when the reporting currency is USD', () => {
		expect(
			adjustAdapter.toCanonical({
				activity_kind: 'event',
				reporting_revenue: '2.5',
				reporting_currency: 'EUR',
			}),
		).not.toHaveProperty('revenue_usd');
		expect(
			adjustAdapter.toCanonical({
				activity_kind: 'event',
				reporting_revenue: '2.5',
				reporting_currency: 'usd',
			}).revenue_usd,
		).toBe(2.5);
	});

	it('does not read its device id as an advertising id through the alias table', () => {
		expect(
			adjustAdapter.toCanonical({
				activity_kind: 'install',
				adid: 'f2e728d8a3a1b6c2d1e0f9a8b7c6d5e4',
			}),
		).not.toHaveProperty('advertising_id');
	});
});

describe('AppsFlyer', () => {
	it.each<[RawPayload, EventKind]>([
		[{ conversion_type: 'install', campaign_type: 'ua' }, 'install'],
		[{ conversion_type: 're-engagement', campaign_type: 'retargeting' }, 'reengagement'],
		[{ conversion_type: 'reinstall', campaign_type: 'retargeting' }, 'reattribution'],
		[{ conversion_type: 'reinstall', campaign_type: 'organic' }, 'reinstall'],
		[{ retargeting_conversion_type: 're-attribution' }, 'reattribution'],
		[{ event_type: 'in-app-event' }, 'in_app_event'],
		[{ event_name: 'reinstall', is_retargeting: 'true' }, 'reattribution'],
		[{ event_name: 'uninstall' }, 'uninstall'],
		[{ event_name: 'Install' }, 'install'],
		[{ event_name: 'af_complete_registration', conversion_type: 'install' }, 'in_app_event'],
		[{ event_name: 're-engagement', is_rejected: '1' }, 'rejected_reattribution'],
		[{ event_name: 'af_purchase', blocked_reason: 'bots' }, 'in_app_event'],
	])('%j → %s', (raw, kind) => {
		expect(appsflyerAdapter.toCanonical(raw).event_kind).toBe(kind);
	});

	it('flags a blocked in-app event as fraud without changing its kind', () => {
		expect(
			appsflyerAdapter.toCanonical({ event_name: 'af_purchase', blocked_reason: 'bots' }),
		).toMatchObject({
			event_kind: 'in_app_event',
			fraud_flag: true,
			fraud_reason: 'bots',
		});
	});

	it('treats is_rejected=0 as not rejected', () => {
		expect(appsflyerAdapter.toCanonical({ event_name: 'install', is_rejected: '0' })).toMatchObject(
			{ event_kind: 'install', fraud_flag: false },
		);
	});

	it('reads revenue from event_value when event_revenue is absent, also as a JSON object', () => {
		expect(
			appsflyerAdapter.toCanonical({
				event_name: 'af_purchase',
				event_value: '{"af_revenue":"7","af_currency":"gbp"}',
			}),
		).toMatchObject({
			revenue: 7,
			currency: 'GBP',
		});
		expect(
			appsflyerAdapter.toCanonical({ event_name: 'af_purchase', event_value: { af_revenue: 3 } })
				.revenue,
		).toBe(3);
	});

	it('keeps the event_value string and adds the parsed value when it arrives via GET', () => {
		const value = '{"af_content_id":"sku 1","af_revenue":"2.00"}';
		const result = parseCallback({
			method: 'GET',
			url: `/?mmp=appsflyer&event_name=af_purchase&event_value=${encodeURIComponent(value)}`,
		});
		expect(result).toMatchObject({
			ok: true,
			raw: { event_value: value, event_value_parsed: { af_content_id: 'sku 1' } },
			event: { revenue: 2 },
		});
	});
});

describe('Branch', () => {
	it.each<[string, EventKind]>([
		['INSTALL', 'install'],
		['install', 'install'],
		['REINSTALL', 'reinstall'],
		['OPEN', 'session'],
		['open', 'session'],
		['WEB_SESSION_START', 'session'],
		['web session start', 'session'],
		['CLICK', 'click'],
		['IMPRESSION', 'impression'],
		['WEB_TO_APP_AUTO_REDIRECT', 'click'],
		['BRANCH_CTA_VIEW', 'impression'],
		['PURCHASE', 'in_app_event'],
		['ADD_TO_CART', 'in_app_event'],
		['signup', 'in_app_event'],
	])('name %s → %s', (name, kind) => {
		expect(branchAdapter.toCanonical({ name }).event_kind).toBe(kind);
	});

	it('uses the Branch event id as the source id, as a string', () => {
		expect(branchAdapter.sourceEventId({ name: 'open', id: 457624031 })).toBe('457624031');
		expect(branchAdapter.sourceEventId({ name: 'open', id: '457624031399716729' })).toBe(
			'457624031399716729',
		);
		expect(branchAdapter.sourceEventId({ name: 'open' })).toBeUndefined();
	});

	it('prefers event_timestamp (when it happened) over timestamp', () => {
		expect(
			branchAdapter.toCanonical({
				name: 'open',
				timestamp: 1700000001000,
				event_timestamp: 1700000000000,
			}).event_time,
		).toBe('2023-11-14T22:13:20.000Z');
	});
});

describe('Singular', () => {
	it.each<[RawPayload, EventKind]>([
		[{ event_name: '__START__' }, 'install'],
		[{ event_name: '__SESSION__' }, 'session'],
		[{ event_name: '__UNINSTALL__' }, 'uninstall'],
		[{ event_name: '__REINSTALL__' }, 'reinstall'],
		[{ event_name: '__iap__' }, 'in_app_event'],
		[{ event_name: '__REVENUE__' }, 'in_app_event'],
		[{ event_name: 'tutorial_complete' }, 'in_app_event'],
		[{ event_name: '__START__', is_re_eng: '1' }, 'reengagement'],
		[{ event_name: '__START__', is_reengagement: true }, 'reengagement'],
		[{ aifa: 'x' }, 'install'],
		[{ event_name: '__START__', postback_type: 'Rejected' }, 'rejected_install'],
		[{ event_name: '__START__', is_rejected: 'true' }, 'rejected_install'],
		[
			{ event_name: '__START__', is_re_eng: 1, rejected_reason: 'Blacklisted IPs' },
			'rejected_reattribution',
		],
	])('%j → %s', (raw, kind) => {
		expect(singularAdapter.toCanonical(raw).event_kind).toBe(kind);
	});

	it('reads IS_VIEWTHROUGH as the touch type and Organic as the organic flag', () => {
		expect(
			singularAdapter.toCanonical({
				event_name: '__START__',
				is_viewthrough: '0',
				network: 'Organic',
			}),
		).toMatchObject({
			touch_type: 'click',
			is_organic: true,
		});
	});
});

describe('Kochava', () => {
	it.each<[RawPayload, EventKind]>([
		[{ event_name: '_install' }, 'install'],
		[{ event_name: '_Install' }, 'install'],
		[{ event_name: '_install', attribution_type: 'reengagement' }, 'reengagement'],
		[{ event_name: 'SessionBegin' }, 'session'],
		[{ event_name: 'Purchase' }, 'in_app_event'],
		[{ kochava_device_id: 'KA1' }, 'install'],
	])('%j → %s', (raw, kind) => {
		expect(kochavaAdapter.toCanonical(raw).event_kind).toBe(kind);
	});

	it('reads its adid as the GAID', () => {
		expect(
			kochavaAdapter.toCanonical({ event_name: '_install', adid: 'gaid-1' }).advertising_id,
		).toBe('gaid-1');
	});
});

describe('Tenjin', () => {
	it.each<[RawPayload, EventKind]>([
		[{ event_kind: 'install', advertising_id: 'x' }, 'install'],
		[{ event_kind: 'in_app_event', event_name: 'level_up' }, 'in_app_event'],
		[{ value: 'level_up' }, 'in_app_event'],
		[{ advertising_id: 'x' }, 'install'],
		[{ t_activity_kind: 'reattribution' }, 'reattribution'],
		[{ t_activity_kind: 'reengagement', t_rej_r: 'ctit' }, 'rejected_reattribution'],
	])('%j → %s', (raw, kind) => {
		expect(tenjinAdapter.toCanonical(raw).event_kind).toBe(kind);
	});

	it('copies the advertising id to idfa on iOS only', () => {
		expect(tenjinAdapter.toCanonical({ advertising_id: 'A', platform: 'ios' })).toMatchObject({
			idfa: 'A',
			advertising_id: 'A',
		});
		expect(
			tenjinAdapter.toCanonical({ advertising_id: 'G', platform: 'android' }),
		).not.toHaveProperty('idfa');
	});
});
