// Singular partner macros (support.singular.net article 115004063323; docs/sources.md).
import { compileTemplate } from '../../../../lib/macros';
import { render, text } from '../helpers';

const singular = { syntax: 'singular' as const };

describe('singular dialect', () => {
	it('substitutes {UPPER_CASE} macros', () => {
		expect(
			text(
				'https://x.example/?idfa={IDFA}&e={EVTNAME}&a={AMOUNT}',
				{ IDFA: 'I', EVTNAME: 'buy now', AMOUNT: 9.5 },
				singular,
			),
		).toBe('https://x.example/?idfa=I&e=buy%20now&a=9.5');
	});

	it('{cl?Network} takes the network-scoped value, falling back to the plain one', () => {
		const t = 'https://x.example/?clk={cl?Facebook}';
		expect(text(t, { 'cl?Facebook': 'fb-1', cl: 'generic' }, singular)).toBe(
			'https://x.example/?clk=fb-1',
		);
		expect(text(t, { cl: 'generic' }, singular)).toBe('https://x.example/?clk=generic');
		expect(text(t, { click_id: 'from-event' }, singular)).toBe('https://x.example/?clk=from-event');
	});

	it('{NETWORK=Name} is 1 when equal (case-insensitive), else 0', () => {
		const t = 'https://x.example/?is_fb={NETWORK=Facebook}';
		expect(text(t, { NETWORK: 'facebook' }, singular)).toBe('https://x.example/?is_fb=1');
		expect(text(t, { media_source: 'Google' }, singular)).toBe('https://x.example/?is_fb=0');
		expect(render(t, {}, singular).missing).toEqual(['NETWORK=Facebook']);
	});

	it('{{param}} static parameters are constants, which may form the host', () => {
		const t = compileTemplate('https://{{host}}/pb?app={{app_id}}&idfa={IDFA}', {
			...singular,
			constants: { host: 'net.example', app_id: 'id 42' },
		});
		expect(t.render({ idfa: 'I' }).text).toBe('https://net.example/pb?app=id%2042&idfa=I');
	});

	it('leaves unresolved passthroughs literal with the keep policy', () => {
		expect(text('https://x.example/?s4={sub4}', {}, { ...singular, missing: 'keep' })).toBe(
			'https://x.example/?s4={sub4}',
		);
	});

	it('maps Singular macros onto the canonical event', () => {
		const event = {
			advertising_id: 'g',
			event_name: 'purchase',
			revenue: 1.5,
			currency: 'EUR',
			event_time: '2024-01-02T15:04:05.067Z',
		};
		expect(
			text(
				'https://x.example/?g={AIFA}&e={EVTNAME}&a={AMOUNT}&c={CURRENCY}&t={UTC}&tm={UTCM}',
				event,
				singular,
			),
		).toBe('https://x.example/?g=g&e=purchase&a=1.5&c=EUR&t=1704207845&tm=1704207845067');
	});
});
