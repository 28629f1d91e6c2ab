// Keitaro S2S postback placeholders (docs.keitaro.io/en/campaigns-and-streams/s2s-postback-placeholders.html).
import { compileTemplate, TemplateSyntaxError } from '../../../../lib/macros';
import { render, text } from '../helpers';

const keitaro = { syntax: 'keitaro' as const };
const now = Date.UTC(2024, 0, 2, 15, 4, 5);

describe('keitaro dialect', () => {
	it('{name} is encoded, {_name} inserted raw (the documented examples)', () => {
		expect(
			text('https://site.com/postback?cid={external_id}', { external_id: 'a b' }, keitaro),
		).toBe('https://site.com/postback?cid=a%20b');
		expect(text('https://site.com/postback?text={_text}', { text: 'a%20b/c' }, keitaro)).toBe(
			'https://site.com/postback?text=a%20b/c',
		);
	});

	it('{status:lead=0 sale=1 rejected=2} maps values and passes others through', () => {
		const t = 'https://ts.example/?s={status:lead=0 sale=1 rejected=2}';
		expect(text(t, { status: 'sale' }, keitaro)).toBe('https://ts.example/?s=1');
		expect(text(t, { status: 'rejected' }, keitaro)).toBe('https://ts.example/?s=2');
		expect(text(t, { status: 'rebill' }, keitaro)).toBe('https://ts.example/?s=rebill');
		expect(text(t, { 'status:lead=0 sale=1 rejected=2': 'given' }, keitaro)).toBe(
			'https://ts.example/?s=given',
		);
	});

	it('{date:format,timezone}: PHP formats of the date value, or of the send time', () => {
		const t = 'https://ts.example/?u={date:U}&d={_date:Y-m-d H:i:s,Europe/Kyiv}&plain={date}';
		expect(text(t, { date: '2024-01-02T15:04:05Z' }, { ...keitaro, now: () => 0 })).toBe(
			'https://ts.example/?u=1704207845&d=2024-01-02 17:04:05&plain=2024-01-02T15%3A04%3A05Z',
		);
		expect(text(t, {}, { ...keitaro, now: () => now })).toBe(
			'https://ts.example/?u=1704207845&d=2024-01-02 17:04:05&plain=2024-01-02%2015%3A04%3A05',
		);
		// A value for the exact token text wins (lookup order: exact text first).
		expect(text('https://ts.example/?u={date:U}', { 'date:U': 42 }, keitaro)).toBe(
			'https://ts.example/?u=42',
		);
	});

	it('{date:…} uses the canonical event_time when there is no date value', () => {
		expect(
			text('https://ts.example/?u={date:U}', { event_time: '2024-01-02T15:04:05Z' }, keitaro),
		).toBe('https://ts.example/?u=1704207845');
	});

	it('{random:min,max} and {sample:a,b} generate values', () => {
		const t = compileTemplate('https://ts.example/?r={random:1,3}&s={sample:x,y}', keitaro);
		for (let i = 0; i < 20; i++) {
			const out = new URL(t.render({}).text);
			expect(['1', '2', '3']).toContain(out.searchParams.get('r'));
			expect(['x', 'y']).toContain(out.searchParams.get('s'));
		}
	});

	it('other arguments fall back to the plain value ({country:lang})', () => {
		expect(text('https://ts.example/?c={country:ru}', { country: 'DE' }, keitaro)).toBe(
			'https://ts.example/?c=DE',
		);
	});

	it('refuses {from_file:…}, bad {random:…} and unknown time zones', () => {
		expect(() => compileTemplate('https://ts.example/?x={from_file:a.txt}', keitaro)).toThrow(
			/file on the Keitaro server/,
		);
		expect(() => compileTemplate('https://ts.example/?x={random:a,b}', keitaro)).toThrow(
			TemplateSyntaxError,
		);
		expect(() => compileTemplate('https://ts.example/?x={date:U,Mars/Base}', keitaro)).toThrow(
			/Unknown time zone/,
		);
	});

	it('reports missing macros by name', () => {
		expect(render('https://ts.example/?a={subid}&b={_tid}', {}, keitaro).missing).toEqual([
			'subid',
			'tid',
		]);
	});
});
