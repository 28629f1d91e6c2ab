// What the re-send gate needs from a store: one atomic "take this key unless someone holds it", and
// compare-and-set / compare-and-delete on the holder's token, so a slow holder can never confirm or
// release a key that has since passed to another callback (docs/nodes/mmp-trigger.md, "Drop Re-sends").

/** A held key is `pending` until its execution is known to be registered, then `confirmed`. */
export type HoldState = 'pending' | 'confirmed';

export type TakeResult = { taken: true } | { taken: false; state: HoldState };

export interface ResendStore {
	readonly kind: 'memory' | 'redis';
	/** Atomically holds `key` as pending for `pendingMs` unless it is held; else says how it is held. */
	take(key: string, token: string, pendingMs: number): Promise<TakeResult>;
	/** Pending and still ours → confirmed for `windowMs`. False when the hold is gone or not ours. */
	confirm(key: string, token: string, windowMs: number): Promise<boolean>;
	/** Pending and still ours → deleted. A confirmed key is never released. */
	release(key: string, token: string): Promise<boolean>;
	close(): Promise<void>;
}
