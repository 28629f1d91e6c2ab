// Which of the trigger's three outputs an event leaves on.
import { ATTRIBUTION_EVENT_KINDS, type CanonicalEvent } from '../mmp/canonical';

/** Output names, in output order, as shown on the node. */
export const TRIGGER_OUTPUT_NAMES = ['Attribution', 'In-App Event', 'Fraud Alert'] as const;

export const TRIGGER_OUTPUT = { attribution: 0, inAppEvent: 1, fraudAlert: 2 } as const;

export type TriggerOutputIndex = (typeof TRIGGER_OUTPUT)[keyof typeof TRIGGER_OUTPUT];

/**
 * Fraud Alert for any event flagged as fraud (rejected installs and reattributions always are),
 * Attribution for install, reinstall, reattribution and reengagement, In-App Event for every
 * other kind (in-app events, sessions, uninstalls, clicks, impressions, ad revenue).
 */
export function routeEvent(
	event: Pick<CanonicalEvent, 'event_kind' | 'fraud_flag'>,
): TriggerOutputIndex {
	if (event.fraud_flag) return TRIGGER_OUTPUT.fraudAlert;
	return ATTRIBUTION_EVENT_KINDS.has(event.event_kind)
		? TRIGGER_OUTPUT.attribution
		: TRIGGER_OUTPUT.inAppEvent;
}
