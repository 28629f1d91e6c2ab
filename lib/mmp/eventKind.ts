// Event-kind words shared by the adapters: MMPs spell the same kind differently (`re-engagement`,
// `reengagement`, `Re Engagement`, `__SESSION__`), so names are folded before lookup.
import { isEventKind, type EventKind } from './canonical';

/** Lower case, separators (`-`, space) as `_`, surrounding underscores dropped. */
export function foldKindWord(value: string): string {
	return value
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/g, '_')
		.replace(/^_+|_+$/g, '');
}

// Words that name a kind in the documentation of at least one MMP or tracker.
const KIND_WORDS: ReadonlyMap<string, EventKind> = new Map<string, EventKind>([
	['install', 'install'],
	['first_open', 'install'],
	['reinstall', 'reinstall'],
	['reattribution', 'reattribution'],
	['re_attribution', 'reattribution'],
	['reattribution_reinstall', 'reattribution'],
	['reengagement', 'reengagement'],
	['re_engagement', 'reengagement'],
	['session', 'session'],
	['open', 'session'],
	['app_open', 'session'],
	['session_begin', 'session'],
	['sessionbegin', 'session'],
	['web_session_start', 'session'],
	// Bubbleye's Tenjin guide marks the app-open (retention) callback `event_type=bb_app_opened`.
	['bb_app_opened', 'session'],
	['uninstall', 'uninstall'],
	['rejected_install', 'rejected_install'],
	['rejected_reattribution', 'rejected_reattribution'],
	['click', 'click'],
	['impression', 'impression'],
	['ad_revenue', 'ad_revenue'],
	['af_ad_revenue', 'ad_revenue'],
	['in_app_event', 'in_app_event'],
	['event', 'in_app_event'],
]);

/** The kind a word names, or undefined when it names none (e.g. a custom event name). */
export function kindFromWord(value: unknown): EventKind | undefined {
	if (typeof value !== 'string' || value === '') return undefined;
	if (isEventKind(value)) return value;
	return KIND_WORDS.get(foldKindWord(value));
}

/** The rejected counterpart of an attribution kind (fraud verdicts keep the kind of conversion). */
export function rejectedKindOf(kind: EventKind): EventKind {
	if (kind === 'reattribution' || kind === 'reengagement' || kind === 'rejected_reattribution') {
		return 'rejected_reattribution';
	}
	if (kind === 'install' || kind === 'reinstall' || kind === 'rejected_install') {
		return 'rejected_install';
	}
	return kind;
}
