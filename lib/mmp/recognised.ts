// Whether a parsed callback carries anything an MMP sends. The generic adapter's default kind is
// `install` (the convention for a bare ad-network conversion), so without this check an empty
// `{}` or a query of unknown parameters became an install, and an install-postback workflow paid
// an ad network for junk. A callback is recognised when the adapter, the alias table or the
// user's field mapping filled at least one canonical field, or a kind parameter names a known kind.
import { ALIAS_INDEX } from './aliases';
import type { MappableField } from './canonical';
import { kindFromWord } from './eventKind';
import type { DraftFields } from './fields';
import type { RawPayload } from './types';

/** A field other than the event kind, which every adapter fills with a default. */
function hasDataField(draft: DraftFields): boolean {
	for (const field in draft) {
		if (field !== 'event_kind' && draft[field as MappableField] !== undefined) return true;
	}
	return false;
}

/** A parameter the alias table reads as the event kind (`activity_kind=install`) with a known word. */
function namesKnownKind(raw: RawPayload): boolean {
	for (const key in raw) {
		const alias = ALIAS_INDEX.get(key.toLowerCase());
		if (
			alias !== undefined &&
			alias.field === 'event_kind' &&
			kindFromWord(raw[key]) !== undefined
		) {
			return true;
		}
	}
	return false;
}

/**
 * True when the adapter (with the alias table) found a field of some MMP. `draft` is its result
 * before the `/rejected` path segment and the shared rules, which set `fraud_flag` on any event.
 * The user's field mapping is the caller's to count.
 */
export function carriesMmpField(draft: DraftFields, raw: RawPayload): boolean {
	return hasDataField(draft) || namesKnownKind(raw);
}

export const UNRECOGNISED_CALLBACK_MESSAGE =
	'The callback carries no field that any supported MMP sends (for example event_name, ' +
	'click_id, idfa, advertising_id, adid, appsflyer_id or activity_kind), so it was not taken ' +
	'for an install. Use the recommended callback template for your MMP, or map your own ' +
	'parameter names to canonical fields with Field Mapping.';
