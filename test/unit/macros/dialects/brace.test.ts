// `{name}` dialects: Adjust, Kochava, Binom, AppMetrica, each from its documented examples.
import { compileTemplate } from '../../../../lib/macros';
import { render, text } from '../helpers';

describe('adjust dialect', () => {
	it('encodes tracker_name as Adjust documents it (Network1%3A%3AChristmas…)', () => {
		expect(
			text(
				'https://x.example/cb?tracker={tracker_name}&k={activity_kind}',
				{
					tracker_name: 'Network1::Christmas::Banner',
					activity_kind: 'install',
				},
				{ syntax: 'adjust' },
			),
		).toBe('https://x.example/cb?tracker=Network1%3A%3AChristmas%3A%3ABanner&k=install');
	});

	it('maps Adjust placeholders onto the canonical event', () => {
		const event = {
			event_kind: 'install',
			advertising_id: 'g-aid',
			event_time: '2014-07-01T11:37:45Z',
			country: 'DE',
			revenue: 3.99,
			fraud_reason: 'anonymous traffic',
		};
		const r = render(
			'https://x.example/cb?a={activity_kind}&g={gps_adid}&t={created_at}&c={country}&r={revenue_float}&why={rejection_reason}&i={idfa}',
			event,
			{ syntax: 'adjust', missing: 'drop' },
		);
		// Adjust drops unavailable placeholders. The exact name wins over an alias: {country} is the
		// canonical (upper-case) country; add |lower for Adjust's lower-case form.
		expect(r.text).toBe(
			'https://x.example/cb?a=install&g=g-aid&t=1404214665&c=DE&r=3.99&why=anonymous%20traffic',
		);
		expect(r.missing).toEqual(['idfa']);
	});

	it('leaves braces that do not form a macro alone (JSON bodies)', () => {
		expect(
			text('{"a":"{adid}","b":{ "c":1 }}', { adid: 'x"y' }, { syntax: 'adjust', encoding: 'json' }),
		).toBe('{"a":"x\\"y","b":{ "c":1 }}');
	});
});

describe('kochava dialect', () => {
	// Awin's Kochava install postback template (developer.awin.com/docs/kochava).
	const awinInstall =
		'https://www.awin1.com/sread.php?tt=ss&tv=2&merchant={awin.merchant_id}&amount=1&ch=aw' +
		'&ref={kochava_device_id}&parts=INSTALL_{platform}:1&cks={click_id}&testmode=0&type=ai' +
		'&p1={platform}&p2={os_version}&p3={device_type}&p4={country}&p30=kochava';

	it("renders Awin's install template, dotted names and literal ':' untouched", () => {
		const values = {
			awin: { merchant_id: 12345 },
			kochava_device_id: 'KOCHAVA-1',
			platform: 'android',
			click_id: 'awc_1',
			os_version: '14',
			device_type: 'phone',
			country: 'GB',
		};
		expect(text(awinInstall, values, { syntax: 'kochava' })).toBe(
			'https://www.awin1.com/sread.php?tt=ss&tv=2&merchant=12345&amount=1&ch=aw&ref=KOCHAVA-1' +
				'&parts=INSTALL_android:1&cks=awc_1&testmode=0&type=ai&p1=android&p2=14&p3=phone&p4=GB&p30=kochava',
		);
	});

	it('takes the merchant id as a constant and device id from the canonical event', () => {
		const t = compileTemplate(awinInstall, {
			syntax: 'kochava',
			constants: { 'awin.merchant_id': '999' },
		});
		expect(t.macros).not.toContain('awin.merchant_id');
		expect(t.render({ mmp_device_id: 'KD', platform: 'ios' }).text).toContain(
			'merchant=999&amount=1&ch=aw&ref=KD&parts=INSTALL_ios:1',
		);
	});
});

describe('binom dialect', () => {
	it('renders a traffic-source postback with {externalid} and friends', () => {
		const t = 'https://ts.example/conv?clickid={externalid}&status={cnv_status}&payout={payout}';
		expect(
			text(t, { externalid: 'x1', cnv_status: 'approve', payout: 2.5 }, { syntax: 'binom' }),
		).toBe('https://ts.example/conv?clickid=x1&status=approve&payout=2.5');
		expect(text(t, { click_id: 'from-event', revenue: 1 }, { syntax: 'binom' })).toBe(
			'https://ts.example/conv?clickid=from-event&status=&payout=1',
		);
	});
});

describe('appmetrica dialect', () => {
	it('renders the documented tracking-parameter pass-through (URL)', () => {
		expect(
			text(
				'https://endpoint.myadnetwork.com?some_parameter={custom_parameter}&another_param={another_param}',
				{ custom_parameter: 'value1', another_param: 'value2' },
				{ syntax: 'appmetrica' },
			),
		).toBe('https://endpoint.myadnetwork.com?some_parameter=value1&another_param=value2');
	});

	it('renders the documented POST body with JSON escaping', () => {
		const body =
			'{\n"some_parameter": "{custom_parameter}",\n"another_param": "{another_param}"\n}';
		const out = text(
			body,
			{ custom_parameter: 'val"1', another_param: 'v2' },
			{ syntax: 'appmetrica', encoding: 'json' },
		);
		expect(JSON.parse(out)).toEqual({ some_parameter: 'val"1', another_param: 'v2' });
	});

	it('an undeterminable macro is empty, as AppMetrica documents', () => {
		const r = render(
			'https://x.example/?c={click_id}&t={transaction_id}',
			{ dedup_key: 'k1' },
			{ syntax: 'appmetrica' },
		);
		expect(r.text).toBe('https://x.example/?c=&t=k1');
		expect(r.missing).toEqual(['click_id']);
	});
});
