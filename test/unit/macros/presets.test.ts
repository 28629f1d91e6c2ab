import { compileTemplate, getPostbackPreset, POSTBACK_PRESETS } from '../../../lib/macros';

/** A canonical event as MMP Trigger emits it (docs/canonical-event.md). */
const event = {
	mmp: 'appsflyer',
	event_kind: 'in_app_event',
	event_name: 'af_purchase',
	event_time: '2024-01-02T15:04:05.067Z',
	install_time: '2024-01-01T10:00:00.000Z',
	advertising_id: '6D92078A-8246-4BA4-AE5B-76104861E7DC',
	idfa: '6D92078A-8246-4BA4-AE5B-76104861E7DC',
	ip: '203.0.113.9',
	user_agent: 'Mozilla/5.0 (iPhone)',
	country: 'US',
	platform: 'ios',
	app_id: 'id123456789',
	campaign_id: 'c-1',
	campaign_name: 'Spring & Sale',
	media_source: 'example_int',
	click_id: 'clk 1',
	revenue: 9.99,
	currency: 'USD',
	fraud_flag: false,
	dedup_key: 'k-1',
};

const settingValue = (name: string, placeholder: string) =>
	name === 'slack_webhook_url' ? 'https://hooks.slack.com/services/T000/B000/XXXX' : placeholder;

describe('presets', () => {
	it('has at least 10 presets with unique ids, a name, a dialect and a documentation source', () => {
		expect(POSTBACK_PRESETS.length).toBeGreaterThanOrEqual(10);
		expect(new Set(POSTBACK_PRESETS.map((p) => p.id)).size).toBe(POSTBACK_PRESETS.length);
		for (const p of POSTBACK_PRESETS) {
			expect(p.id).toMatch(/^[a-z][A-Za-z0-9]*$/);
			expect(p.name).not.toBe('');
			expect(p.source).toMatch(/^https:\/\/[a-z0-9.-]+\//);
			expect(getPostbackPreset(p.id)).toBe(p);
		}
	});

	it.each(POSTBACK_PRESETS.map((p) => [p.id, p] as const))(
		'%s compiles and renders a canonical event',
		(_id, p) => {
			const constants = Object.fromEntries(
				p.settings.map((s) => [s.name, settingValue(s.name, s.placeholder)]),
			);
			const url = compileTemplate(p.template, {
				syntax: p.dialect,
				encoding: p.encoding,
				missing: p.missing,
				constants,
				url: true,
			});
			const rendered = url.render(event);
			const parsed = new URL(rendered.text);
			expect(parsed.protocol).toBe('https:');
			expect(url.origin).toBe(parsed.origin);
			for (const s of p.settings) expect(url.macros).not.toContain(s.name);
			if (p.bodyTemplate !== undefined) {
				const body = compileTemplate(p.bodyTemplate, {
					syntax: p.dialect,
					encoding: p.contentType === 'json' ? 'json' : p.contentType === 'form' ? 'form' : 'none',
					constants,
				});
				const text = body.render(event).text;
				if (p.contentType === 'json') expect(() => JSON.parse(text)).not.toThrow();
			}
		},
	);

	it('the Keitaro preset produces the documented conversion postback', () => {
		const p = getPostbackPreset('keitaroConversion')!;
		const t = compileTemplate(p.template, {
			constants: { tracker_domain: 'trk.example.com', postback_key: 'abc1234' },
		});
		expect(t.render(event).text).toBe(
			'https://trk.example.com/abc1234/postback?subid=clk%201&status=sale&payout=9.99&currency=USD&tid=k-1',
		);
	});

	it('the Meta CAPI body is valid JSON with hashed-free app fields and numeric time', () => {
		const p = getPostbackPreset('metaCapiAppEvent')!;
		const body = compileTemplate(p.bodyTemplate!, { encoding: 'json' }).render({
			...event,
			advertising_id: undefined,
		});
		expect(JSON.parse(body.text)).toEqual({
			data: [
				{
					event_name: 'af_purchase',
					event_time: 1704207845,
					event_id: 'k-1',
					action_source: 'app',
					user_data: {
						madid: null,
						client_ip_address: '203.0.113.9',
						client_user_agent: 'Mozilla/5.0 (iPhone)',
					},
					custom_data: { value: 9.99, currency: 'USD' },
				},
			],
		});
	});

	it('the Slack alert body stays valid JSON whatever the values contain', () => {
		const p = getPostbackPreset('slackFraudAlert')!;
		const body = compileTemplate(p.bodyTemplate!, { encoding: 'json' }).render({
			...event,
			fraud_reason: 'bots "quoted"\n<b>',
		});
		const parsed = JSON.parse(body.text);
		expect(parsed.text).toContain('reason bots "quoted"\n&lt;b&gt;');
		expect(parsed.blocks[0].text.text).toContain('*Campaign:* Spring &amp; Sale');
	});

	it('the Slack alert cannot ping a channel or forge a link from a callback value', () => {
		const p = getPostbackPreset('slackFraudAlert')!;
		const hostile = '<!channel> <https://evil.example|click here> <@U024BE7LH>';
		const body = compileTemplate(p.bodyTemplate!, { encoding: 'json' }).render({
			...event,
			fraud_reason: hostile,
			campaign_name: hostile,
			app_id: 'id<1>&',
		});
		const parsed = JSON.parse(body.text);
		const shown = [parsed.text, parsed.blocks[0].text.text].join('\n');
		expect(shown).not.toMatch(/<[!@#h]/);
		expect(shown).toContain('&lt;!channel&gt; &lt;https://evil.example|click here&gt;');
		expect(shown).toContain('*App:* id&lt;1&gt;&amp;');
		// The template's own mrkdwn (bold labels, line breaks) is untouched.
		expect(parsed.blocks[0].text.text).toMatch(/^\*MMP fraud alert\* \(/);
	});

	it('Unity drops ifa/aid pairs the device does not have', () => {
		const p = getPostbackPreset('unityAdsEvent')!;
		const t = compileTemplate(p.template, { missing: p.missing, constants: { game_id: '42' } });
		const out = t.render({ ...event, idfa: undefined }).text;
		expect(out).not.toContain('ifa=');
		expect(out).toContain('aid=6d92078a-8246-4ba4-ae5b-76104861e7dc');
		expect(out).toContain('&install_ts=1704103200&');
	});
});
