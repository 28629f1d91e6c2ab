// A deterministic stand-in for time, shared by the delivery tests (seeded randomness:
// test/support/prng.ts).

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
