// The re-send gate: one execution per dedup_key per window, never at the price of a lost callback.
//
// A callback takes its key as *pending* for a short time (`pendingMs`, default 15 s: longer than n8n
// needs to register an execution, shorter than any MMP's re-send interval). Only when its
// acknowledgement was really written with a 2xx is the key *confirmed* for the whole window; when
// n8n answered anything else, or the connection closed first, the key is released. So a callback
// whose execution was not registered never gates its re-send.
//
// A re-send finding the key confirmed is dropped (acknowledged, no execution). One finding it
// pending waits for the holder's outcome instead of being acknowledged on a promise: it drops once
// the holder confirms, and takes the key itself if the holder releases it or its hold expires.
import { randomUUID } from 'node:crypto';

import type { InboundError } from '../handleCallback';
import type { ResendStore } from './store';

export type WhenStoreUnavailable = 'reject' | 'pass';

export const DEFAULT_PENDING_MS = 15_000;
export const DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000;
const FIRST_POLL_MS = 10;
const MAX_POLL_MS = 200;

export interface ResendGateOptions {
	store: ResendStore;
	/** Prepended to every dedup_key, e.g. one per workflow and node. */
	prefix: string;
	windowMs?: number;
	pendingMs?: number;
	/** What to do with a callback when the store fails: answer 503 (the MMP retries) or let it through. */
	whenUnavailable?: WhenStoreUnavailable;
	now?: () => number;
	sleep?: (ms: number) => Promise<void>;
	newToken?: () => string;
}

/** Settles a passed callback's hold: `true` once its 2xx acknowledgement was written, else `false`. */
export interface GateTicket {
	readonly key: string;
	settle(registered: boolean): Promise<void>;
}

export type GateVerdict =
	/** Start the execution; settle the ticket (absent when the store was down and the gate let it through). */
	| { action: 'pass'; ticket?: GateTicket }
	/** A re-send of a registered callback: acknowledge, start nothing. */
	| { action: 'drop' }
	/** Answer with this status and `{ error }`; the MMP retries. */
	| { action: 'reject'; status: number; error: InboundError; headers: Record<string, string> };

export interface GateStats {
	passed: number;
	dropped: number;
	/** Callbacks that found their key pending and waited for its outcome. */
	waited: number;
	confirmed: number;
	released: number;
	/** A confirmation that found the hold gone (registration took longer than `pendingMs`). */
	confirmedLate: number;
	/** Callbacks answered 503 because the store failed. */
	rejected: number;
	/** Callbacks let through without the gate because the store failed. */
	passedUnavailable: number;
	/** confirm/release calls that failed: the pending hold then simply expires. */
	settleFailed: number;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function unavailable(code: string, message: string, retryAfterS: number): GateVerdict {
	return {
		action: 'reject',
		status: 503,
		error: { code, message },
		headers: { 'Retry-After': String(retryAfterS) },
	};
}

export class ResendGate {
	readonly stats: GateStats = {
		passed: 0,
		dropped: 0,
		waited: 0,
		confirmed: 0,
		released: 0,
		confirmedLate: 0,
		rejected: 0,
		passedUnavailable: 0,
		settleFailed: 0,
	};
	readonly store: ResendStore;
	readonly prefix: string;
	readonly windowMs: number;
	readonly pendingMs: number;
	readonly whenUnavailable: WhenStoreUnavailable;
	private readonly now: () => number;
	private readonly sleep: (ms: number) => Promise<void>;
	private readonly newToken: () => string;

	constructor(options: ResendGateOptions) {
		this.store = options.store;
		this.prefix = options.prefix;
		this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
		this.pendingMs = options.pendingMs ?? DEFAULT_PENDING_MS;
		this.whenUnavailable = options.whenUnavailable ?? 'reject';
		this.now = options.now ?? Date.now;
		this.sleep = options.sleep ?? sleepFor;
		this.newToken = options.newToken ?? randomUUID;
	}

	async admit(dedupKey: string): Promise<GateVerdict> {
		const key = this.prefix + dedupKey;
		const token = this.newToken();
		// The holder's pending hold expires within pendingMs, after which take() succeeds: waiting
		// longer than that means the store misbehaves, and the MMP is asked to retry.
		const deadline = this.now() + this.pendingMs + MAX_POLL_MS;
		let pollMs = FIRST_POLL_MS;
		let waited = false;
		for (;;) {
			let taken;
			try {
				taken = await this.store.take(key, token, this.pendingMs);
			} catch {
				return this.storeFailed();
			}
			if (taken.taken) {
				this.stats.passed++;
				return { action: 'pass', ticket: this.ticket(key, token) };
			}
			if (taken.state === 'confirmed') {
				this.stats.dropped++;
				return { action: 'drop' };
			}
			if (!waited) {
				waited = true;
				this.stats.waited++;
			}
			if (this.now() >= deadline) {
				this.stats.rejected++;
				return unavailable(
					'resend_in_progress',
					'An earlier delivery of this callback is still being registered; please retry.',
					1,
				);
			}
			await this.sleep(pollMs);
			pollMs = Math.min(pollMs * 2, MAX_POLL_MS);
		}
	}

	private storeFailed(): GateVerdict {
		if (this.whenUnavailable === 'pass') {
			this.stats.passedUnavailable++;
			return { action: 'pass' };
		}
		this.stats.rejected++;
		return unavailable(
			'resend_gate_unavailable',
			'The re-send gate store is unreachable; please retry.',
			5,
		);
	}

	private ticket(key: string, token: string): GateTicket {
		let settled = false;
		return {
			key,
			settle: async (registered) => {
				if (settled) return;
				settled = true;
				try {
					if (registered) {
						if (await this.store.confirm(key, token, this.windowMs)) this.stats.confirmed++;
						else this.stats.confirmedLate++;
					} else if (await this.store.release(key, token)) {
						this.stats.released++;
					}
				} catch {
					this.stats.settleFailed++;
				}
			},
		};
	}
}
