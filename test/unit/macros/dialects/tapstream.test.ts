// Tapstream postbacks (tapstream.com/developer/postbacks): the documented template and its output.
import { compileTemplate } from '../../../../lib/macros';
import { render, text } from '../helpers';

const tapstream = { syntax: 'tapstream' as const };

describe('tapstream dialect', () => {
	it('renders the documented example byte for byte', () => {
		const template =
			'http://postback.example.com/myaccount?click_id=TS{hit.custom_parameters.click_id}' +
			'&wifi_mac=TS{event.wifi_mac}&ip=TS{event.ip}&time=TS{event.timestamp}';
		const values = {
			hit: { custom_parameters: { click_id: '12345678' } },
			event: { wifi_mac: '01:01:01:01:01:01', ip: '12.23.12.123', timestamp: 1365459883 },
		};
		expect(text(template, values, tapstream)).toBe(
			'http://postback.example.com/myaccount?click_id=12345678&wifi_mac=01%3A01%3A01%3A01%3A01%3A01&ip=12.23.12.123&time=1365459883',
		);
	});

	it('missing values are empty strings, as Tapstream documents', () => {
		const r = render('https://x.example/?a=TS{hit.tracker.slug}', {}, tapstream);
		expect(r).toEqual({
			text: 'https://x.example/?a=',
			missing: ['hit.tracker.slug'],
			unknown: ['hit.tracker.slug'],
		});
	});

	it('maps Tapstream fields onto the canonical event', () => {
		expect(
			text(
				'https://x.example/?ip=TS{event.ip}&t=TS{event.timestamp}',
				{ ip: '203.0.113.1', event_time: '2013-04-08T22:24:43Z' },
				tapstream,
			),
		).toBe('https://x.example/?ip=203.0.113.1&t=1365459883');
	});

	it('refuses an unclosed TS{ and leaves a plain "TS" alone', () => {
		expect(() => compileTemplate('https://x.example/?a=TS{event.ip', tapstream)).toThrow(
			/Unclosed "TS\{"/,
		);
		expect(text('https://x.example/TSV?a=1', {}, tapstream)).toBe('https://x.example/TSV?a=1');
	});
});
