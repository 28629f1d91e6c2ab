// The trigger's "Start Executions For" filter: which valid callbacks start an execution. The
// rest are acknowledged without one, since an execution costs far more than a parsed callback.
import { isEventKind, type CanonicalEvent, type EventKind } from '../mmp/canonical';

export interface StartFilterOptions {
	/** Start only for these kinds; empty means every kind. */
	eventKinds?: readonly string[];
	/** Start only for events flagged as fraud. */
	fraudOnly?: boolean;
	/**
	 * Start only for events whose `event_name` matches one of these patterns (`*` matches any run
	 * of characters, `?` one character; case-insensitive). A string is split on commas and new
	 * lines. Empty means every name; events without a name do not match a non-empty list.
	 */
	eventNames?: string | readonly string[];
}

export type StartFilter = (
	event: Pick<CanonicalEvent, 'event_kind' | 'fraud_flag' | 'event_name'>,
) => boolean;

export type StartFilterResult =
	| { ok: true; /** Undefined when nothing is filtered out. */ filter: StartFilter | undefined }
	| { ok: false; errors: string[] };

/** Compiles the filter once; the returned predicate does no allocation per event. */
export function compileStartFilter(options: StartFilterOptions): StartFilterResult {
	const errors: string[] = [];
	const kinds = new Set<EventKind>();
	for (const kind of options.eventKinds ?? []) {
		if (isEventKind(kind)) kinds.add(kind);
		else errors.push(`"${kind}" is not an event kind.`);
	}
	const patterns = splitEventNames(options.eventNames);
	const names = patterns.length > 0 ? globsToMatcher(patterns) : undefined;
	if (errors.length > 0) return { ok: false, errors };

	const fraudOnly = options.fraudOnly === true;
	if (kinds.size === 0 && !fraudOnly && !names) return { ok: true, filter: undefined };
	return {
		ok: true,
		filter: (event) =>
			(kinds.size === 0 || kinds.has(event.event_kind)) &&
			(!fraudOnly || event.fraud_flag) &&
			(!names || (event.event_name !== undefined && names.test(event.event_name))),
	};
}

function splitEventNames(value: StartFilterOptions['eventNames']): string[] {
	const parts = typeof value === 'string' ? value.split(/[,\n]/) : [...(value ?? [])];
	return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

/** A matcher for several globs, compiled once. Lower-cases both sides (case-insensitive). */
function globsToMatcher(patterns: readonly string[]): { test(text: string): boolean } {
	const exact = new Set<string>();
	const globs: string[] = [];
	for (const pattern of patterns) {
		const lower = pattern.toLowerCase();
		if (lower.includes('*') || lower.includes('?')) globs.push(lower);
		else exact.add(lower);
	}
	return {
		test(text) {
			const lower = text.toLowerCase();
			return exact.has(lower) || globs.some((glob) => matchGlob(glob, lower));
		},
	};
}

/**
 * Wildcard match in O(pattern × text) time at worst: on a mismatch it only ever retries from the
 * most recent `*`, unlike a backtracking regular expression, which a long event name sent by
 * anyone could make exponentially slow.
 */
function matchGlob(pattern: string, text: string): boolean {
	let p = 0;
	let t = 0;
	let star = -1;
	let resume = 0;
	while (t < text.length) {
		if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
			p++;
			t++;
		} else if (p < pattern.length && pattern[p] === '*') {
			star = p++;
			resume = t;
		} else if (star !== -1) {
			p = star + 1;
			t = ++resume;
		} else {
			return false;
		}
	}
	while (p < pattern.length && pattern[p] === '*') p++;
	return p === pattern.length;
}
