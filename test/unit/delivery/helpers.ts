// Deterministic stand-ins for randomness and time, shared by the delivery tests.

/** mulberry32: a small seeded PRNG with values in [0, 1). */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A clock that only moves when told to, or when something sleeps on it. */
export interface FakeClock {
	now(): number;
	/** Advances the clock by `ms` and yields to the event loop once. */
	sleep(ms: number): Promise<void>;
	advance(ms: number): void;
	/** Every `sleep` request, in order. */
	readonly sleeps: number[];
}

export function fakeClock(start = Date.UTC(2026, 0, 1)): FakeClock {
	let time = start;
	const sleeps: number[] = [];
	return {
		now: () => time,
		sleep: (ms) => {
			sleeps.push(ms);
			time += ms;
			return new Promise((resolve) => setImmediate(resolve));
		},
		advance: (ms) => {
			time += ms;
		},
		sleeps,
	};
}
