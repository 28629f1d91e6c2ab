import { detectMmp, parseCallback, type RawPayload } from '../../../lib/mmp';

const adjustKeys: RawPayload = {
	activity_kind: 'install',
	adid: 'f2e728d8a3a1b6c2d1e0f9a8b7c6d5e4',
};

describe('detectMmp', () => {
	it('takes a path segment naming the MMP first', () => {
		expect(
			detectMmp(
				['webhook', 'singular', 'rejected'],
				{ ...adjustKeys, mmp: 'kochava' },
				{ 'user-agent': 'Branch Metrics API' },
			),
		).toEqual({
			mmp: 'singular',
			by: 'path',
		});
	});

	it('then the mmp parameter of our templates (any case)', () => {
		expect(
			detectMmp(
				['webhook', 'mmp'],
				{ ...adjustKeys, mmp: ' Kochava ' },
				{ 'user-agent': 'Branch Metrics API' },
			),
		).toEqual({
			mmp: 'kochava',
			by: 'parameter',
		});
	});

	it('ignores an mmp parameter that names no MMP', () => {
		expect(detectMmp([], { ...adjustKeys, mmp: 'airbridge' }, {})).toEqual({
			mmp: 'adjust',
			by: 'fingerprint',
		});
	});

	it("then Branch's User-Agent, before payload keys", () => {
		expect(detectMmp([], adjustKeys, { 'user-agent': 'Branch Metrics API' })).toEqual({
			mmp: 'branch',
			by: 'header',
		});
		expect(detectMmp([], adjustKeys, { 'user-agent': ['branch metrics api/1.1'] })).toEqual({
			mmp: 'branch',
			by: 'header',
		});
	});

	it('then headers the caller tied to an MMP (the AppsFlyer Push API token header)', () => {
		const hints = [['x-af-token', 'appsflyer']] as const;
		expect(detectMmp([], adjustKeys, { 'x-af-token': 'secret' }, hints)).toEqual({
			mmp: 'appsflyer',
			by: 'header',
		});
		expect(detectMmp([], adjustKeys, {}, hints)).toEqual({ mmp: 'adjust', by: 'fingerprint' });
	});

	it.each<[string, RawPayload]>([
		['adjust', { activity_kind: 'session', tracker: 'abc123' }],
		['appsflyer', { appsflyer_id: '1568677530123-1', event_name: 'install' }],
		['appsflyer', { conversion_type: 'install' }],
		['branch', { name: 'open', last_attributed_touch_data: { '~campaign': 'x' } }],
		['branch', { name: 'open', user_data: { aaid: 'x' } }],
		['branch', { name: 'INSTALL', 'user_data.aaid': 'x' }],
		['kochava', { event_name: '_install', kochava_device_id: 'KA1' }],
		['singular', { event_name: '__START__', aifa: 'x' }],
		['singular', { longname: 'com.example.app' }],
		['tenjin', { advertising_id: 'x', acquired_at_ms: '1690880123456' }],
	])('recognises %s by its keys', (mmp, raw) => {
		expect(detectMmp([], raw, {})).toEqual({ mmp, by: 'fingerprint' });
	});

	it('does not take activity_kind alone for Adjust (Bubbleye uses t_activity_kind, others activity_kind)', () => {
		expect(detectMmp([], { activity_kind: 'install', advertising_id: 'x' }, {})).toEqual({
			mmp: 'unknown',
			by: 'none',
		});
	});

	it('checks fingerprints most specific first (Adjust before AppsFlyer)', () => {
		expect(detectMmp([], { ...adjustKeys, appsflyer_id: 'x' }, {}).mmp).toBe('adjust');
	});

	it('reports unknown when nothing matches', () => {
		expect(detectMmp(['webhook', 'abc'], { clickid: 'x', payout: '1' }, {})).toEqual({
			mmp: 'unknown',
			by: 'none',
		});
	});

	it('is what parseCallback reports, and options.mmp overrides it', () => {
		const request = {
			method: 'GET',
			url: '/webhook/adjust?appsflyer_id=x&event_name=install',
			headers: {},
		};
		expect(parseCallback(request)).toMatchObject({ ok: true, mmp: 'adjust', detectedBy: 'path' });
		expect(parseCallback(request, { mmp: 'appsflyer' })).toMatchObject({
			ok: true,
			mmp: 'appsflyer',
			detectedBy: 'option',
		});
	});
});
