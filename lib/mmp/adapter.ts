// The shape every MMP adapter shares. An adapter is mostly data: for each canonical field, the raw
// paths to read in order of preference; plus a `derive` step for what a table cannot say (the event
// kind, fraud verdicts, Adjust's tracker_name split). Fields it leaves empty are filled from the
// alias table, skipping every key the adapter reads itself.
import type { z } from 'zod/v4';

import { ALIAS_INDEX } from './aliases';
import { applyAwinConversion } from './awin';
import { rejectedKindOf } from './eventKind';
import {
	REJECTED_EVENT_KINDS,
	type CanonicalDraft,
	type CanonicalEvent,
	type DetectedMmp,
	type EventKind,
	type MappableField,
} from './canonical';
import { createDraft, FIELD_NORMALIZERS, setField, type DraftFields } from './fields';
import { compilePath, lookup, type CompiledPath } from './lookup';
import { toText } from './normalize';
import { isRejectionPostback } from './rejection';
import type { RawPayload } from './types';

export type FieldSources = { readonly [F in MappableField]?: readonly string[] };

export interface AdapterSpec {
	readonly mmp: DetectedMmp;
	/** Validates a payload in strict mode; built once at module load. */
	readonly schema?: z.ZodType;
	readonly sources: FieldSources;
	/** Raw keys `derive` reads besides the sources (kept out of the alias fallback). */
	readonly reads?: readonly string[];
	/** Decides the event kind; may refine other fields. Runs after sources and aliases. */
	derive(raw: RawPayload, draft: DraftFields): EventKind;
	/** Paths of the MMP's own unique event id (Branch `id`), used by the dedup key. */
	readonly eventIdPaths?: readonly string[];
	/** Keys that may hold JSON inside a string (AppsFlyer `event_value`). */
	readonly jsonStringKeys?: readonly string[];
	/**
	 * False for sources whose fields are fixed by the sender and partly signed (Apple postbacks):
	 * an alias fallback would let fields added to a genuine body pass as the sender's.
	 */
	readonly aliases?: boolean;
}

export interface MmpAdapter {
	readonly mmp: DetectedMmp;
	readonly schema: z.ZodType | undefined;
	/** For each canonical field, the raw paths read, in order of preference (before aliases). */
	readonly sources: FieldSources;

	/** Keys holding JSON in a string; parseCallback adds the parsed value as `<key>_parsed`. */
	readonly jsonStringKeys: readonly string[];
	/** Pure mapping of a raw payload (query and body merged) to the canonical event. */
	toCanonical(raw: RawPayload): CanonicalDraft;
	/** The fields this adapter finds, before defaults (used by parseCallback). */
	collect(raw: RawPayload): DraftFields & { event_kind: EventKind };
	/** The MMP's own id for this event, when it sends one. */
	sourceEventId(raw: RawPayload): string | undefined;
}

// Kind aliases whose value, when it is no kind word, is the event's name: Bubbleye's Tenjin guide
// sends `event_type={{value}}` (`purchase`) next to `event_type=bb_app_opened`. Such a name ranks
// below every event_name alias.
const NAME_WHEN_NOT_A_KIND: ReadonlySet<string> = new Set(['event_type']);
const FALLBACK_RANK = Number.MAX_SAFE_INTEGER;

/** Fills fields the draft lacks from the alias table; keys in `owned` (lower case) are skipped. */
export function fillFromAliases(
	raw: RawPayload,
	draft: DraftFields,
	owned: ReadonlySet<string>,
): void {
	let best: Map<MappableField, number> | undefined;
	for (const key in raw) {
		const lower = key.toLowerCase();
		const alias = ALIAS_INDEX.get(lower);
		if (alias === undefined || owned.has(lower)) continue;
		let field = alias.field;
		let rank = alias.rank;
		const value = raw[key];
		if (field === 'event_kind' && NAME_WHEN_NOT_A_KIND.has(lower)) {
			if (FIELD_NORMALIZERS.event_kind(value) === undefined) {
				field = 'event_name';
				rank = FALLBACK_RANK;
			}
		}
		const bestRank = best?.get(field);
		if (bestRank === undefined ? draft[field] !== undefined : rank > bestRank) continue;
		if (setField(draft, field, value)) (best ??= new Map()).set(field, rank);
	}
}

/**
 * Rules every event obeys, whatever its MMP: `advertising_id` falls back to the IDFA; a rejected
 * kind or a fraud reason sets `fraud_flag`; `fraud_flag` is always present.
 */
export function applySharedRules(draft: DraftFields & { event_kind: EventKind }): void {
	if (draft.advertising_id === undefined && draft.idfa !== undefined) {
		draft.advertising_id = draft.idfa;
	}
	draft.fraud_flag =
		draft.fraud_flag === true ||
		REJECTED_EVENT_KINDS.has(draft.event_kind) ||
		draft.fraud_reason !== undefined;
}

/**
 * The event in canonical field order (stable display in n8n), absent fields omitted. Written out
 * field by field: named stores on a fresh object are several times faster than a keyed loop.
 */
export function assembleEvent(
	mmp: DetectedMmp,
	d: DraftFields,
	dedupKey: string | undefined,
): CanonicalDraft | CanonicalEvent {
	const e: DraftFields & { mmp: DetectedMmp; dedup_key?: string } = { mmp };
	e.event_kind = d.event_kind;
	if (d.event_name !== undefined) e.event_name = d.event_name;
	if (d.event_time !== undefined) e.event_time = d.event_time;
	if (d.install_time !== undefined) e.install_time = d.install_time;
	if (d.advertising_id !== undefined) e.advertising_id = d.advertising_id;
	if (d.idfa !== undefined) e.idfa = d.idfa;
	if (d.idfv !== undefined) e.idfv = d.idfv;
	if (d.ip !== undefined) e.ip = d.ip;
	if (d.user_agent !== undefined) e.user_agent = d.user_agent;
	if (d.country !== undefined) e.country = d.country;
	if (d.platform !== undefined) e.platform = d.platform;
	if (d.os_version !== undefined) e.os_version = d.os_version;
	if (d.app_id !== undefined) e.app_id = d.app_id;
	if (d.app_version !== undefined) e.app_version = d.app_version;
	if (d.campaign_id !== undefined) e.campaign_id = d.campaign_id;
	if (d.campaign_name !== undefined) e.campaign_name = d.campaign_name;
	if (d.adgroup !== undefined) e.adgroup = d.adgroup;
	if (d.creative !== undefined) e.creative = d.creative;
	if (d.site_id !== undefined) e.site_id = d.site_id;
	if (d.media_source !== undefined) e.media_source = d.media_source;
	if (d.click_id !== undefined) e.click_id = d.click_id;
	if (d.revenue !== undefined) e.revenue = d.revenue;
	if (d.currency !== undefined) e.currency = d.currency;
	if (d.revenue_usd !== undefined) e.revenue_usd = d.revenue_usd;
	if (d.is_organic !== undefined) e.is_organic = d.is_organic;
	e.fraud_flag = d.fraud_flag === true;
	if (d.fraud_reason !== undefined) e.fraud_reason = d.fraud_reason;
	if (d.customer_user_id !== undefined) e.customer_user_id = d.customer_user_id;
	if (d.touch_type !== undefined) e.touch_type = d.touch_type;
	if (d.mmp_device_id !== undefined) e.mmp_device_id = d.mmp_device_id;
	if (d.conversion_value !== undefined) e.conversion_value = d.conversion_value;
	if (d.coarse_conversion_value !== undefined)
		e.coarse_conversion_value = d.coarse_conversion_value;
	if (d.postback_sequence_index !== undefined)
		e.postback_sequence_index = d.postback_sequence_index;
	if (d.did_win !== undefined) e.did_win = d.did_win;
	if (d.fidelity_type !== undefined) e.fidelity_type = d.fidelity_type;
	if (d.skan_version !== undefined) e.skan_version = d.skan_version;
	if (d.signature_verified !== undefined) e.signature_verified = d.signature_verified;
	if (dedupKey !== undefined) e.dedup_key = dedupKey;
	return e as CanonicalEvent;
}

type Normalizer = (value: unknown) => unknown;

export function defineAdapter(spec: AdapterSpec): MmpAdapter {
	const sources: Array<readonly [MappableField, Normalizer, readonly CompiledPath[]]> = [];
	const owned = new Set<string>();
	for (const field of Object.keys(spec.sources) as MappableField[]) {
		const paths = spec.sources[field] ?? [];
		sources.push([field, FIELD_NORMALIZERS[field], paths.map(compilePath)]);
		for (const path of paths) owned.add(path.split('.')[0].toLowerCase());
	}
	for (const key of spec.reads ?? []) owned.add(key.toLowerCase());
	const eventIdPaths = (spec.eventIdPaths ?? []).map(compilePath);
	const useAliases = spec.aliases !== false;

	const collect = (raw: RawPayload): DraftFields & { event_kind: EventKind } => {
		const draft = createDraft();
		const fields = draft as Record<MappableField, unknown>;
		for (let i = 0; i < sources.length; i++) {
			const [field, normalize, paths] = sources[i];
			for (let j = 0; j < paths.length; j++) {
				const value = normalize(lookup(raw, paths[j]));
				if (value !== undefined) {
					fields[field] = value;
					break;
				}
			}
		}
		if (useAliases) fillFromAliases(raw, draft, owned);
		let kind = spec.derive(raw, draft);
		// Awin's app postbacks name their kind in Awin's words, whichever MMP sends them.
		if (useAliases) kind = applyAwinConversion(raw, draft, kind);
		// A partner postback carrying a rejection reason or status is a rejection, whatever the MMP.
		// Not for sources without aliases (Apple's): there only the signed fields decide.
		if (useAliases && isRejectionPostback(raw)) {
			draft.fraud_flag = true;
			kind = rejectedKindOf(kind);
		}
		draft.event_kind = kind;
		return draft as DraftFields & { event_kind: EventKind };
	};

	return {
		mmp: spec.mmp,
		schema: spec.schema,
		sources: spec.sources,

		jsonStringKeys: spec.jsonStringKeys ?? [],
		collect,
		toCanonical(raw) {
			const draft = collect(raw);
			applySharedRules(draft);
			return assembleEvent(spec.mmp, draft, undefined);
		},
		sourceEventId(raw) {
			for (const path of eventIdPaths) {
				const id = toText(lookup(raw, path));
				if (id !== undefined) return id;
			}
			return undefined;
		},
	};
}
