// AppsFlyer partner-postback macros `(name)` (support.appsflyer.com article 207273946; spellings in
// docs/sources.md).
import { render, text } from '../helpers';

const af = { syntax: 'appsflyer' as const };

describe('appsflyer dialect', () => {
	it('substitutes known macros and leaves other parentheses literal', () => {
		const t =
			'https://x.example/pb?idfa=(idfa)&gaid=(advertiserId)&app=(app-id)&note=(not-a-macro)&ua=(user-agent)';
		const r = render(
			t,
			{ idfa: 'I', advertiserId: 'G', 'app-id': 'id123', 'user-agent': 'Mozilla/5.0 (iPhone)' },
			af,
		);
		expect(r.text).toBe(
			'https://x.example/pb?idfa=I&gaid=G&app=id123&note=(not-a-macro)&ua=Mozilla%2F5.0%20%28iPhone%29',
		);
	});

	it('accepts kebab-case and camelCase spellings of the same macro', () => {
		const values = { advertising_id: 'gaid-1', app_id: 'com.x' };
		expect(
			text(
				'https://x.example/?a=(advertiserId)&b=(advertiser-id)&c=(appId)&d=(app-id)',
				values,
				af,
			),
		).toBe('https://x.example/?a=gaid-1&b=gaid-1&c=com.x&d=com.x');
	});

	it('(encode) is the event value JSON, percent-encoded exactly once', () => {
		const eventValue = { af_revenue: '9.99', af_content_id: 'sku 1' };
		const once = encodeURIComponent(JSON.stringify(eventValue));
		expect(text('https://x.example/?ev=(encode)', { raw: { event_value: eventValue } }, af)).toBe(
			`https://x.example/?ev=${once}`,
		);
		// A JSON string that already arrived as text is not re-serialised, just encoded once.
		expect(
			text('https://x.example/?ev=(encode)', { event_value: JSON.stringify(eventValue) }, af),
		).toBe(`https://x.example/?ev=${once}`);
	});

	it('maps partner macros onto the canonical event (hashed ids included)', () => {
		const event = {
			idfa: 'ABC',
			install_time: '2024-01-02T15:04:05Z',
			campaign_name: 'Promo A',
			media_source: 'fb',
		};
		expect(
			text(
				'https://x.example/?s=(sha1-idfa)&t=(install-unix-ts)&c=(campaign)&pid=(pid)',
				event,
				af,
			),
		).toBe(
			'https://x.example/?s=3c01bdbb26f358bab27f267924aa2c9a03fcfdb8&t=1704207845&c=Promo%20A&pid=fb',
		);
	});

	it('takes filters inside the parentheses', () => {
		expect(text('https://x.example/?h=(advertiserId|lower|md5)', { advertiserId: 'ABC' }, af)).toBe(
			'https://x.example/?h=900150983cd24fb0d6963f7d28e17f72',
		);
	});
});
