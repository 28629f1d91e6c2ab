// Batched executions: callbacks that arrive within a window become the items of one execution.
// The first callback of a window leads it: its request carries the whole batch into the host (n8n),
// and the host's answer to that request says whether the execution holding the batch exists. Every
// other callback of the window follows: it is held, and answered only once the leader's fate is
// known, so nothing is acknowledged without an execution that carries it. Host-free: the host
// supplies how to answer a held request (see nodes/MmpTrigger/batchResponses.ts).

export interface BatchLimits {
	/** The window closes as soon as it holds this many callbacks. */
	maxItems: number;
	/** …or this long after its first callback arrived. */
	maxWaitMs: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxItems: 100, maxWaitMs: 250 };
/** MMPs give up after about 2 s; the window must leave the host time to register the execution. */
export const MAX_BATCH_WAIT_MS = 1000;
export const MAX_BATCH_ITEMS = 1000;

function clamp(value: unknown, min: number, max: number, fallback: number): number {
	const number = typeof value === 'number' && Number.isFinite(value) ? Math.floor(value) : fallback;
	return Math.min(max, Math.max(min, number));
}

/** Limits from user settings, clamped to what keeps every callback inside the MMPs' timeouts. */
export function resolveBatchLimits(settings: {
	maxItems?: unknown;
	maxWaitMs?: unknown;
}): BatchLimits {
	return {
		maxItems: clamp(settings.maxItems, 1, MAX_BATCH_ITEMS, DEFAULT_BATCH_LIMITS.maxItems),
		maxWaitMs: clamp(settings.maxWaitMs, 1, MAX_BATCH_WAIT_MS, DEFAULT_BATCH_LIMITS.maxWaitMs),
	};
}

/**
 * How a held (follower) callback is answered once the batch's fate is known: `true` when the
 * execution carrying it was registered (acknowledge), `false` when it was not (the MMP must re-send).
 */
export type AnswerHeld = (registered: boolean) => void;

export type BatchTicket<T> =
	| {
			role: 'leader';
			/** Every item of the window, the leader's first, once the window has closed. */
			items: Promise<T[]>;
			/** Tell the followers whether the execution exists. Only the first call counts. */
			settle(registered: boolean): void;
	  }
	/** Held: answered through the AnswerHeld given to join(). */
	| { role: 'follower' };

interface OpenWindow<T> {
	items: T[];
	held: AnswerHeld[];
	close(): void;
}

interface Timers {
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

const REAL_TIMERS: Timers = {
	setTimeout: (callback, ms) => setTimeout(callback, ms),
	clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** One open window per key (a trigger node in a workflow); each process batches on its own. */
export class CallbackBatcher<T> {
	private readonly open = new Map<string, OpenWindow<T>>();

	constructor(private readonly timers: Timers = REAL_TIMERS) {}

	/** Callbacks waiting in open windows (for tests and diagnostics). */
	get pending(): number {
		let count = 0;
		for (const window of this.open.values()) count += window.items.length;
		return count;
	}

	join(key: string, limits: BatchLimits, item: T, answerHeld: AnswerHeld): BatchTicket<T> {
		const current = this.open.get(key);
		if (current) {
			current.items.push(item);
			current.held.push(answerHeld);
			if (current.items.length >= limits.maxItems) current.close();
			return { role: 'follower' };
		}
		return this.lead(key, limits, item);
	}

	private lead(key: string, limits: BatchLimits, item: T): BatchTicket<T> {
		let release!: (items: T[]) => void;
		const items = new Promise<T[]>((resolve) => (release = resolve));
		const window: OpenWindow<T> = {
			items: [item],
			held: [],
			close: () => {
				this.timers.clearTimeout(timer);
				if (this.open.get(key) === window) this.open.delete(key);
				release(window.items);
			},
		};
		const timer = this.timers.setTimeout(window.close, limits.maxWaitMs);
		if (limits.maxItems <= 1) window.close();
		else this.open.set(key, window);

		let settled = false;
		const settle = (registered: boolean) => {
			if (settled) return;
			settled = true;
			for (const answer of window.held) {
				// One broken connection must not keep the other held callbacks waiting.
				try {
					answer(registered);
				} catch {
					// that callback's client is gone; the others still get their answer
				}
			}
		};
		return { role: 'leader', items, settle };
	}
}
