import { routeEvent, TRIGGER_OUTPUT_NAMES } from '../../../lib/inbound';
import { EVENT_KINDS, type EventKind } from '../../../lib/mmp';

describe('routeEvent', () => {
	const expected: Record<EventKind, string> = {
		install: 'Attribution',
		reinstall: 'Attribution',
		reattribution: 'Attribution',
		reengagement: 'Attribution',
		in_app_event: 'In-App Event',
		session: 'In-App Event',
		uninstall: 'In-App Event',
		click: 'In-App Event',
		impression: 'In-App Event',
		ad_revenue: 'In-App Event',
		// Rejections always carry fraud_flag: true; without it they are not attribution.
		rejected_install: 'In-App Event',
		rejected_reattribution: 'In-App Event',
	};

	it.each(EVENT_KINDS.map((kind) => [kind]))('routes a non-fraud %s by kind', (kind) => {
		expect(TRIGGER_OUTPUT_NAMES[routeEvent({ event_kind: kind, fraud_flag: false })]).toBe(
			expected[kind],
		);
	});

	it.each(EVENT_KINDS.map((kind) => [kind]))('routes a fraud-flagged %s to Fraud Alert', (kind) => {
		expect(TRIGGER_OUTPUT_NAMES[routeEvent({ event_kind: kind, fraud_flag: true })]).toBe(
			'Fraud Alert',
		);
	});

	it('names the outputs in order', () => {
		expect(TRIGGER_OUTPUT_NAMES).toEqual(['Attribution', 'In-App Event', 'Fraud Alert']);
	});
});
