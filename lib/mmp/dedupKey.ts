// A key that is the same for every delivery of one callback (MMPs retry on timeouts and 5xx, and
// Adjust sends one activity to both a global and a per-activity callback), and never includes the
// time it was received. Recipe (docs/canonical-event.md):
// - the MMP's own event id when it sends one (Branch `id`): sha256 of [v1, mmp, "id", id];
// - otherwise sha256 of [v1, mmp, event_kind, …DEDUP_FIELDS], absent fields as null;
// - when event_time is absent, the whole raw payload (keys sorted) is added, since two different
//   events of one device would otherwise share the key.
import * as crypto from 'node:crypto';

import type { CanonicalDraft, CanonicalField, DetectedMmp } from './canonical';
import type { RawPayload, RawValue } from './types';

export const DEDUP_FIELDS = [
	'event_name',
	'event_time',
	'install_time',
	'mmp_device_id',
	'advertising_id',
	'idfa',
	'idfv',
	'customer_user_id',
	'click_id',
	'app_id',
	'revenue',
	'currency',
	'fraud_reason',
] as const satisfies readonly CanonicalField[];

export type DedupInput = Pick<CanonicalDraft, 'event_kind' | (typeof DEDUP_FIELDS)[number]> & {
	mmp: DetectedMmp;
};

/** JSON with object keys sorted, so equal payloads serialise equally whatever the key order. */
export function stableStringify(value: RawValue | undefined): string {
	if (value === undefined) return 'null';
	if (typeof value !== 'object' || value === null) return JSON.stringify(value);
	if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
	const keys = Object.keys(value).sort();
	let out = '{';
	for (let i = 0; i < keys.length; i++) {
		if (i > 0) out += ',';
		out += `${JSON.stringify(keys[i])}:${stableStringify(value[keys[i]])}`;
	}
	return `${out}}`;
}

/** The dedup key of an event: see the recipe above. */
export function computeDedupKey(
	event: DedupInput,
	options: { sourceEventId?: string; raw?: RawPayload } = {},
): string {
	return dedupKeyOf(event.mmp, event, options.sourceEventId, options.raw);
}

export function dedupKeyOf(
	mmp: DetectedMmp,
	fields: Omit<DedupInput, 'mmp'>,
	sourceEventId: string | undefined,
	raw: RawPayload | undefined,
): string {
	const parts: Array<string | number | null> = ['v1', mmp];
	if (sourceEventId !== undefined) {
		parts.push('id', sourceEventId);
	} else {
		parts.push(fields.event_kind);
		for (let i = 0; i < DEDUP_FIELDS.length; i++) parts.push(fields[DEDUP_FIELDS[i]] ?? null);
		if (fields.event_time === undefined && raw !== undefined) parts.push(stableStringify(raw));
	}
	return sha256Hex(JSON.stringify(parts));
}

// crypto.hash (Node >= 20.12) skips the Hash object; older 20.x falls back to createHash.
const oneShotHash = (
	crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }
).hash;

function sha256Hex(text: string): string {
	if (oneShotHash !== undefined) return oneShotHash('sha256', text, 'hex');
	return crypto.createHash('sha256').update(text).digest('hex');
}
