import {
	computeDedupKey,
	parseCallback,
	type CallbackRequest,
	type ParseCallbackSuccess,
} from '../../../lib/mmp';
import { stableStringify } from '../../../lib/mmp/dedupKey';

function keyOf(request: CallbackRequest): string {
	const result = parseCallback(request);
	if (!result.ok) throw new Error(result.error.code);
	return (result as ParseCallbackSuccess).event.dedup_key;
}

const ADJUST =
	'mmp=adjust&activity_kind=event&adid=f2e728d8a3a1b6c2d1e0f9a8b7c6d5e4&created_at=1404300000&event_name=purchase&revenue_float=3.99&currency=usd';

describe('dedup_key', () => {
	it('is the same for a retry, whatever the parameter order and extra SDK parameters', () => {
		const reordered = ADJUST.split('&').reverse().join('&');
		const key = keyOf({ method: 'GET', url: `/webhook/mmp?${ADJUST}` });
		expect(keyOf({ method: 'GET', url: `/webhook/mmp?${reordered}` })).toBe(key);
		// Adjust's global and per-activity callbacks carry different parameter sets for one activity.
		expect(
			keyOf({ method: 'GET', url: `/webhook/mmp?${ADJUST}&tracker=abc123&environment=production` }),
		).toBe(key);
	});

	it('does not depend on when the callback was received', () => {
		const request = { method: 'GET', url: `/?${ADJUST}` };
		const first = keyOf(request);
		const realNow = Date.now;
		Date.now = () => realNow() + 86_400_000;
		try {
			expect(keyOf(request)).toBe(first);
		} finally {
			Date.now = realNow;
		}
	});

	it('differs when the event differs', () => {
		const key = keyOf({ method: 'GET', url: `/?${ADJUST}` });
		expect(
			keyOf({ method: 'GET', url: `/?${ADJUST.replace('1404300000', '1404300001')}` }),
		).not.toBe(key);
		expect(keyOf({ method: 'GET', url: `/?${ADJUST.replace('purchase', 'refund')}` })).not.toBe(
			key,
		);
		expect(
			keyOf({
				method: 'GET',
				url: `/?${ADJUST.replace('mmp=adjust&', 'mmp=adjust&rejection_reason=anonymous_traffic&')}`,
			}),
		).not.toBe(key);
	});

	it("uses the MMP's own event id when it sends one", () => {
		const body = (extra: object) =>
			Buffer.from(
				JSON.stringify({
					name: 'PURCHASE',
					id: '1025873495061268600',
					timestamp: 1589470000123,
					...extra,
				}),
			);
		const request = (extra: object): CallbackRequest => ({
			method: 'POST',
			url: '/?mmp=branch',
			headers: { 'content-type': 'application/json' },
			body: body(extra),
		});
		expect(keyOf(request({}))).toBe(keyOf(request({ timestamp: 1589470099999 })));
		expect(keyOf(request({ id: '1025873495061268601' }))).not.toBe(keyOf(request({})));
	});

	it('adds the whole payload when the event has no time, so distinct callbacks do not collide', () => {
		const a = keyOf({
			method: 'GET',
			url: '/?mmp=kochava&event_name=Level&kochava_device_id=K1&level=3',
		});
		const b = keyOf({
			method: 'GET',
			url: '/?mmp=kochava&event_name=Level&kochava_device_id=K1&level=4',
		});
		const again = keyOf({
			method: 'GET',
			url: '/?level=3&kochava_device_id=K1&event_name=Level&mmp=kochava',
		});
		expect(a).not.toBe(b);
		expect(again).toBe(a);
	});

	it('follows the documented recipe', () => {
		const event = {
			mmp: 'adjust' as const,
			event_kind: 'install' as const,
			event_time: '2014-07-01T11:37:45.000Z',
			mmp_device_id: 'f2e728d8a3a1b6c2d1e0f9a8b7c6d5e4',
		};
		const parts = [
			'v1',
			'adjust',
			'install',
			null,
			'2014-07-01T11:37:45.000Z',
			null,
			'f2e728d8a3a1b6c2d1e0f9a8b7c6d5e4',
			null,
			null,
			null,
			null,
			null,
			null,
			null,
			null,
			null,
		];
		const expected = require('node:crypto')
			.createHash('sha256')
			.update(JSON.stringify(parts))
			.digest('hex');
		expect(computeDedupKey(event)).toBe(expected);
		const byId = require('node:crypto')
			.createHash('sha256')
			.update(JSON.stringify(['v1', 'branch', 'id', '42']))
			.digest('hex');
		expect(computeDedupKey({ mmp: 'branch', event_kind: 'install' }, { sourceEventId: '42' })).toBe(
			byId,
		);
	});

	it('serialises payloads with sorted keys', () => {
		expect(stableStringify({ b: 1, a: [{ d: null, c: 'x' }] })).toBe(
			'{"a":[{"c":"x","d":null}],"b":1}',
		);
	});
});
