import {
	ALIAS_TABLE,
	CANONICAL_FIELDS,
	parseCallback,
	type ParseCallbackSuccess,
} from '../../../lib/mmp';
import { ALIAS_INDEX } from '../../../lib/mmp/aliases';

function event(url: string) {
	const result = parseCallback({ method: 'GET', url });
	if (!result.ok) throw new Error(result.error.code);
	return (result as ParseCallbackSuccess).event;
}

describe('alias table', () => {
	it('maps each name to one field only and lists only mappable canonical fields', () => {
		const names = ALIAS_TABLE.flatMap((entry) => entry.names.map((name) => name.toLowerCase()));
		expect(new Set(names).size).toBe(names.length);
		expect(ALIAS_INDEX.size).toBe(names.length);
		for (const entry of ALIAS_TABLE) {
			expect(CANONICAL_FIELDS).toContain(entry.field);
			expect(['mmp', 'dedup_key']).not.toContain(entry.field);
		}
	});

	it('normalises an unknown tracker postback (Keitaro-style names)', () => {
		expect(
			event('/webhook/pb?subid=7f3e&payout=0.45&currency=usd&status=sale&ip=192.0.2.1&country=fr'),
		).toMatchObject({
			mmp: 'unknown',
			event_kind: 'install',
			click_id: '7f3e',
			revenue: 0.45,
			currency: 'USD',
			ip: '192.0.2.1',
			country: 'FR',
		});
	});

	it('normalises a Unity Ads style S2S query (ifa, ts in ms, event)', () => {
		expect(
			event(
				'/webhook/pb?ifa=38400000-8cf0-11bd-b23e-10b96e40000d&event=purchase&ts=1700000000000&platform=ANDROID',
			),
		).toMatchObject({
			event_kind: 'in_app_event',
			event_name: 'purchase',
			advertising_id: '38400000-8cf0-11bd-b23e-10b96e40000d',
			event_time: '2023-11-14T22:13:20.000Z',
			platform: 'android',
		});
	});

	it('matches names case-insensitively and prefers the earlier alias', () => {
		expect(event('/webhook/pb?GAID=g-1&IDFA=i-1&Click_ID=c-1&clickid=c-2')).toMatchObject({
			advertising_id: 'g-1',
			idfa: 'i-1',
			click_id: 'c-1',
		});
		expect(event('/webhook/pb?clickid=c-2&click_id=c-1').click_id).toBe('c-1');
	});

	it('skips an alias whose value is empty or an unfilled macro and takes the next one', () => {
		expect(event('/webhook/pb?ip=&ip_address=%7Bip%7D&device_ip=203.0.113.9&x=1').ip).toBe(
			'203.0.113.9',
		);
	});

	it('reads a kind word from event_kind / activity_kind / event_type, and a fraud verdict', () => {
		expect(event('/webhook/pb?event_type=re-engagement&clickid=1').event_kind).toBe('reengagement');
		expect(
			event('/webhook/pb?activity_kind=rejected_install&rejection_reason=bots').event_kind,
		).toBe('rejected_install');
		expect(event('/webhook/pb?clickid=1&is_fraud=true')).toMatchObject({
			event_kind: 'install',
			fraud_flag: true,
		});
		expect(event('/webhook/pb?clickid=1&fraud_reason=ip_blacklist')).toMatchObject({
			fraud_flag: true,
			fraud_reason: 'ip_blacklist',
		});
	});

	it('fills fields a known adapter leaves empty, e.g. an Adjust SDK callback parameter', () => {
		expect(
			event(
				'/webhook/mmp?mmp=adjust&activity_kind=event&adid=f2e728d8a3a1b6c2d1e0f9a8b7c6d5e4&user_id=u-1',
			).customer_user_id,
		).toBe('u-1');
	});
});
