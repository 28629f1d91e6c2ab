import fc from 'fast-check';

import {
	CallbackBatcher,
	DEFAULT_BATCH_LIMITS,
	MAX_BATCH_WAIT_MS,
	resolveBatchLimits,
	type BatchTicket,
} from '../../../lib/inbound';

/** Manual timers: the test decides when a window's wait elapses. */
function manualTimers() {
	const pending = new Map<number, () => void>();
	let next = 0;
	return {
		timers: {
			setTimeout: (callback: () => void) => {
				pending.set(++next, callback);
				return next;
			},
			clearTimeout: (handle: unknown) => pending.delete(handle as number),
		},
		elapse() {
			for (const [handle, callback] of [...pending]) {
				pending.delete(handle);
				callback();
			}
		},
		get armed() {
			return pending.size;
		},
	};
}

type Leader<T> = Extract<BatchTicket<T>, { role: 'leader' }>;

function leader<T>(ticket: BatchTicket<T>): Leader<T> {
	if (ticket.role !== 'leader') throw new Error('expected the leader');
	return ticket;
}

describe('resolveBatchLimits', () => {
	it('defaults to 100 items / 250 ms and caps the wait well under the MMPs 2 s timeouts', () => {
		expect(resolveBatchLimits({})).toEqual(DEFAULT_BATCH_LIMITS);
		expect(resolveBatchLimits({ maxItems: 0, maxWaitMs: 60_000 })).toEqual({
			maxItems: 1,
			maxWaitMs: MAX_BATCH_WAIT_MS,
		});
		expect(resolveBatchLimits({ maxItems: 2.7, maxWaitMs: 'x' })).toEqual({
			maxItems: 2,
			maxWaitMs: 250,
		});
	});
});

describe('CallbackBatcher', () => {
	const limits = { maxItems: 3, maxWaitMs: 250 };

	it('makes the first callback of a window its leader and releases every item when the wait elapses', async () => {
		const clock = manualTimers();
		const batcher = new CallbackBatcher<string>(clock.timers);
		const first = leader(batcher.join('k', limits, 'a', jest.fn()));
		expect(batcher.join('k', limits, 'b', jest.fn())).toEqual({ role: 'follower' });
		expect(batcher.pending).toBe(2);
		clock.elapse();
		await expect(first.items).resolves.toEqual(['a', 'b']);
		expect(batcher.pending).toBe(0);
	});

	it('closes a full window at once and starts the next with a new leader', async () => {
		const clock = manualTimers();
		const batcher = new CallbackBatcher<number>(clock.timers);
		const first = leader(batcher.join('k', limits, 1, jest.fn()));
		batcher.join('k', limits, 2, jest.fn());
		batcher.join('k', limits, 3, jest.fn());
		await expect(first.items).resolves.toEqual([1, 2, 3]);
		expect(clock.armed).toBe(0);
		expect(batcher.join('k', limits, 4, jest.fn()).role).toBe('leader');
	});

	it('keeps windows of different triggers apart', async () => {
		const clock = manualTimers();
		const batcher = new CallbackBatcher<string>(clock.timers);
		const a = leader(batcher.join('wf1', limits, 'a', jest.fn()));
		const b = leader(batcher.join('wf2', limits, 'b', jest.fn()));
		clock.elapse();
		await expect(a.items).resolves.toEqual(['a']);
		await expect(b.items).resolves.toEqual(['b']);
	});

	it('answers every held callback with the batch fate, once, even when one answer throws', () => {
		const clock = manualTimers();
		const batcher = new CallbackBatcher<string>(clock.timers);
		const first = leader(batcher.join('k', limits, 'a', jest.fn()));
		const broken = jest.fn(() => {
			throw new Error('socket gone');
		});
		const held = jest.fn();
		batcher.join('k', limits, 'b', broken);
		batcher.join('k', limits, 'c', held);
		first.settle(false);
		first.settle(true);
		expect(broken).toHaveBeenCalledWith(false);
		expect(held).toHaveBeenCalledTimes(1);
		expect(held).toHaveBeenCalledWith(false);
	});

	it('with max items 1 every callback leads its own batch', async () => {
		const batcher = new CallbackBatcher<string>(manualTimers().timers);
		const only = leader(batcher.join('k', { maxItems: 1, maxWaitMs: 250 }, 'a', jest.fn()));
		await expect(only.items).resolves.toEqual(['a']);
		expect(batcher.join('k', { maxItems: 1, maxWaitMs: 250 }, 'b', jest.fn()).role).toBe('leader');
	});

	it('puts every callback in exactly one batch and answers every held one exactly once', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.oneof(fc.constant('join' as const), fc.constant('tick' as const)), {
					maxLength: 60,
				}),
				fc.integer({ min: 1, max: 5 }),
				fc.boolean(),
				async (steps, maxItems, registered) => {
					const clock = manualTimers();
					const batcher = new CallbackBatcher<number>(clock.timers);
					const answers = new Map<number, boolean[]>();
					const leaders: Leader<number>[] = [];
					let id = 0;
					for (const step of steps) {
						if (step === 'tick') {
							clock.elapse();
							continue;
						}
						const mine = ++id;
						answers.set(mine, []);
						const ticket = batcher.join('k', { maxItems, maxWaitMs: 250 }, mine, (r) =>
							answers.get(mine)!.push(r),
						);
						if (ticket.role === 'leader') leaders.push(ticket);
					}
					clock.elapse();
					const batches = await Promise.all(leaders.map((l) => l.items));
					for (const l of leaders) l.settle(registered);
					const seen = batches.flat().sort((a, b) => a - b);
					expect(seen).toEqual([...answers.keys()]);
					for (const batch of batches) {
						expect(batch.length).toBeLessThanOrEqual(maxItems);
						expect(answers.get(batch[0])).toEqual([]);
						for (const follower of batch.slice(1)) {
							expect(answers.get(follower)).toEqual([registered]);
						}
					}
				},
			),
		);
	});
});
