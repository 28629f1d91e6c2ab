// Awin's app-tracking postbacks, as its guides publish them for Kochava and Branch
// (docs/mmp-setup/kochava.md, docs/mmp-setup/branch.md): Awin's own server-to-server conversion
// call `sread.php?tt=ss&type=ai|ap…`, whatever MMP fills it. Its names are Awin's, not the MMP's:
// `type=ai` is an app install and `type=ap` an app purchase, `cks` the Awin click checksum, `cr`
// the currency, and `amount` the sale amount, which the install template fixes at 1 (the basis
// of the INSTALL commission, not revenue).
import type { EventKind } from './canonical';
import { setField, type DraftFields } from './fields';
import { toNumber, toText } from './normalize';
import type { RawPayload } from './types';

const AWIN_KINDS: ReadonlyMap<string, EventKind> = new Map([
	['ai', 'install'],
	['ap', 'in_app_event'],
]);

/** The kind an Awin app conversion names, or undefined when the payload is not one. */
function awinKind(raw: RawPayload): EventKind | undefined {
	if (toText(raw.tt) !== 'ss') return undefined;
	const type = toText(raw.type);
	return type === undefined ? undefined : AWIN_KINDS.get(type.toLowerCase());
}

/**
 * For an Awin app conversion: its kind (unless the MMP's own fields already named another), its
 * click checksum and currency where no other name gave them, and no revenue from the install's
 * fixed `amount`. Any other payload keeps `kind` and is left untouched.
 */
export function applyAwinConversion(
	raw: RawPayload,
	draft: DraftFields,
	kind: EventKind,
): EventKind {
	const awin = awinKind(raw);
	if (awin === undefined) return kind;
	if (draft.click_id === undefined) setField(draft, 'click_id', raw.cks);
	if (draft.currency === undefined) setField(draft, 'currency', raw.cr);
	if (awin === 'install' && draft.revenue !== undefined && draft.revenue === toNumber(raw.amount)) {
		draft.revenue = undefined;
	}
	// The MMP's kind stands when it is more than the default for a postback naming no event.
	return kind === 'install' ? awin : kind;
}
