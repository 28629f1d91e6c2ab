// Partner postbacks that announce a rejection without saying so in a kind word. Setup guides add
// a rejection reason to the partner's ordinary install postback (AppsFlyer's `reject_reason`,
// Adjust's `{rejection_reason}`, Bubbleye's `t_rej_r`) or a conversion status
// (`status=rejected` in Swaarm's Adjust guide, Keitaro/Affise statuses). Either one turns an
// install or re-attribution into its rejected kind, whatever MMP sent it (docs/canonical-event.md,
// "Name collisions and precedence").
import { foldKindWord } from './eventKind';
import { toText } from './normalize';
import type { RawPayload } from './types';

/** Keys whose non-empty value is the reason a conversion was rejected (not merely suspected). */
export const REJECTION_REASON_KEYS: readonly string[] = [
	'rejection_reason',
	'reject_reason',
	'rejected_reason',
	'blocked_reason',
	'block_reason',
	't_rej_r',
];

/** Keys naming a conversion status, and the status words that mean "rejected". */
export const STATUS_KEYS: readonly string[] = ['status', 'conversion_status', 'cnv_status'];
const REJECTED_STATUS_WORDS: ReadonlySet<string> = new Set([
	'rejected',
	'reject',
	'declined',
	'blocked',
	'fraud',
]);

const hasOwn = Object.prototype.hasOwnProperty;

/** Whether the payload carries a rejection reason or a rejected conversion status. */
export function isRejectionPostback(raw: RawPayload): boolean {
	for (let i = 0; i < REJECTION_REASON_KEYS.length; i++) {
		const key = REJECTION_REASON_KEYS[i];
		if (hasOwn.call(raw, key) && toText(raw[key]) !== undefined) return true;
	}
	for (let i = 0; i < STATUS_KEYS.length; i++) {
		const key = STATUS_KEYS[i];
		if (!hasOwn.call(raw, key)) continue;
		const status = toText(raw[key]);
		if (status !== undefined && REJECTED_STATUS_WORDS.has(foldKindWord(status))) return true;
	}
	return false;
}
