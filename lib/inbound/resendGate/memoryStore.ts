// The re-send store of one n8n process: a Map bounded to `maxKeys`. Every operation is synchronous
// inside, so it is atomic for concurrent callbacks of the same process. Expired entries are dropped
// when read and swept from the oldest end on each write; past the bound, the oldest written entry is
// evicted (a confirmation re-writes its entry, so recently confirmed callbacks are evicted last).
import type { HoldState, ResendStore, TakeResult } from './store';

interface Hold {
	token: string;
	state: HoldState;
	expiresAt: number;
}

export const DEFAULT_MEMORY_MAX_KEYS = 100_000;
/** How many of the oldest entries each write looks at for expiry: amortised, never a full scan. */
const SWEEP_PER_WRITE = 4;

export interface MemoryResendStoreOptions {
	maxKeys?: number;
	now?: () => number;
}

export class MemoryResendStore implements ResendStore {
	readonly kind = 'memory';
	readonly maxKeys: number;
	evicted = 0;
	private readonly holds = new Map<string, Hold>();
	private readonly now: () => number;

	constructor(options: MemoryResendStoreOptions = {}) {
		this.maxKeys = Math.max(1, Math.floor(options.maxKeys ?? DEFAULT_MEMORY_MAX_KEYS));
		this.now = options.now ?? Date.now;
	}

	get size(): number {
		return this.holds.size;
	}

	async take(key: string, token: string, pendingMs: number): Promise<TakeResult> {
		const held = this.live(key);
		if (held) return { taken: false, state: held.state };
		this.write(key, { token, state: 'pending', expiresAt: this.now() + pendingMs });
		return { taken: true };
	}

	async confirm(key: string, token: string, windowMs: number): Promise<boolean> {
		const held = this.live(key);
		if (held?.token !== token || held.state !== 'pending') return false;
		this.write(key, { token, state: 'confirmed', expiresAt: this.now() + windowMs });
		return true;
	}

	async release(key: string, token: string): Promise<boolean> {
		const held = this.live(key);
		if (held?.token !== token || held.state !== 'pending') return false;
		this.holds.delete(key);
		return true;
	}

	async close(): Promise<void> {
		this.holds.clear();
	}

	private live(key: string): Hold | undefined {
		const held = this.holds.get(key);
		if (held && held.expiresAt <= this.now()) {
			this.holds.delete(key);
			return undefined;
		}
		return held;
	}

	private write(key: string, hold: Hold): void {
		// Delete first so the entry moves to the newest end of the Map's insertion order.
		this.holds.delete(key);
		this.holds.set(key, hold);
		this.sweep();
	}

	private sweep(): void {
		const now = this.now();
		let looked = 0;
		for (const [key, hold] of this.holds) {
			if (looked++ >= SWEEP_PER_WRITE) break;
			if (hold.expiresAt <= now) this.holds.delete(key);
		}
		while (this.holds.size > this.maxKeys) {
			const oldest = this.holds.keys().next().value as string;
			this.holds.delete(oldest);
			this.evicted++;
		}
	}
}
