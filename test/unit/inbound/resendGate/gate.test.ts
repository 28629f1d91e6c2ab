import {
	MemoryResendStore,
	ResendGate,
	type ResendStore,
	type TakeResult,
} from '../../../../lib/inbound/resendGate';

const PENDING = 15_000;
const WINDOW = 60_000;

/** A gate on an in-process store with one injected clock that sleeping advances. */
function clockedGate(options: { store?: ResendStore; whenUnavailable?: 'reject' | 'pass' } = {}) {
	const clock = { now: 0 };
	const store = options.store ?? new MemoryResendStore({ now: () => clock.now });
	let tokens = 0;
	const gate = new ResendGate({
		store,
		prefix: 'wf:node:',
		windowMs: WINDOW,
		pendingMs: PENDING,
		whenUnavailable: options.whenUnavailable,
		now: () => clock.now,
		sleep: async (ms) => {
			clock.now += ms;
			await Promise.resolve();
		},
		newToken: () => `t${++tokens}`,
	});
	return { gate, clock, store };
}

class FailingStore implements ResendStore {
	readonly kind = 'redis';
	async take(): Promise<TakeResult> {
		throw new Error('connect ECONNREFUSED 127.0.0.1:1');
	}
	async confirm(): Promise<boolean> {
		throw new Error('down');
	}
	async release(): Promise<boolean> {
		throw new Error('down');
	}
	async close() {}
}

describe('ResendGate', () => {
	it('passes the first delivery, drops re-sends once it is confirmed, and forgets it after the window', async () => {
		const { gate, clock } = clockedGate();
		const first = await gate.admit('k');
		expect(first.action).toBe('pass');
		if (first.action !== 'pass') return;
		expect(first.ticket?.key).toBe('wf:node:k');
		await first.ticket!.settle(true);
		expect(await gate.admit('k')).toEqual({ action: 'drop' });
		clock.now += WINDOW;
		expect((await gate.admit('k')).action).toBe('pass');
		expect(gate.stats).toMatchObject({ passed: 2, dropped: 1, confirmed: 1 });
	});

	it('lets the re-send of a callback whose acknowledgement failed through (released at once)', async () => {
		const { gate, clock } = clockedGate();
		const first = await gate.admit('k');
		if (first.action !== 'pass') throw new Error('expected pass');
		await first.ticket!.settle(false);
		const start = clock.now;
		expect((await gate.admit('k')).action).toBe('pass');
		expect(clock.now).toBe(start); // no wait: the key was free
		expect(gate.stats).toMatchObject({ passed: 2, released: 1, dropped: 0 });
	});

	it('lets a re-send through once a never-settled pending hold expires (n8n died after taking it)', async () => {
		const { gate, clock } = clockedGate();
		await gate.admit('k'); // never settled
		const resend = await gate.admit('k');
		expect(resend.action).toBe('pass');
		expect(clock.now).toBeGreaterThanOrEqual(PENDING);
		expect(clock.now).toBeLessThan(PENDING + 1_000);
		expect(gate.stats.waited).toBe(1);
	});

	it('settles a ticket once: a later failure cannot release a confirmed key', async () => {
		const { gate } = clockedGate();
		const first = await gate.admit('k');
		if (first.action !== 'pass') throw new Error('expected pass');
		await first.ticket!.settle(true);
		await first.ticket!.settle(false);
		expect(await gate.admit('k')).toEqual({ action: 'drop' });
	});

	it('a holder confirming after its pending hold expired and passed on does not confirm the new holder', async () => {
		const { gate, clock } = clockedGate();
		const slow = await gate.admit('k');
		clock.now += PENDING;
		const next = await gate.admit('k');
		if (slow.action !== 'pass' || next.action !== 'pass') throw new Error('expected passes');
		await slow.ticket!.settle(true);
		expect(gate.stats.confirmedLate).toBe(1);
		await next.ticket!.settle(false);
		expect((await gate.admit('k')).action).toBe('pass');
	});

	it('of 100 concurrent deliveries of one callback exactly one passes; the rest drop once it is confirmed', async () => {
		const { gate } = clockedGate();
		const actions = await Promise.all(
			Array.from({ length: 100 }, async () => {
				const verdict = await gate.admit('k');
				if (verdict.action === 'pass') await verdict.ticket!.settle(true);
				return verdict.action;
			}),
		);
		expect(actions.filter((a) => a === 'pass')).toHaveLength(1);
		expect(actions.filter((a) => a === 'drop')).toHaveLength(99);
	});

	it('of 100 simultaneous attempts exactly one passes; when it fails, exactly one waiter takes over', async () => {
		const { gate } = clockedGate();
		const attempts = Array.from({ length: 100 }, async () => {
			const verdict = await gate.admit('k');
			if (verdict.action === 'pass') {
				// The first holder's n8n fails; the one that takes over registers.
				await verdict.ticket!.settle(gate.stats.passed > 1);
			}
			return verdict.action;
		});
		const actions = await Promise.all(attempts);
		expect(actions.filter((a) => a === 'pass')).toHaveLength(2);
		expect(actions.filter((a) => a === 'drop')).toHaveLength(98);
		expect(gate.stats).toMatchObject({ passed: 2, released: 1, confirmed: 1, dropped: 98 });
	});

	it('answers 503 resend_gate_unavailable when the store fails, or lets the callback through when told to', async () => {
		const strict = clockedGate({ store: new FailingStore() }).gate;
		expect(await strict.admit('k')).toEqual({
			action: 'reject',
			status: 503,
			error: { code: 'resend_gate_unavailable', message: expect.any(String) },
			headers: { 'Retry-After': '5' },
		});
		expect(strict.stats.rejected).toBe(1);
		const lenient = clockedGate({ store: new FailingStore(), whenUnavailable: 'pass' }).gate;
		expect(await lenient.admit('k')).toEqual({ action: 'pass' });
		expect(lenient.stats.passedUnavailable).toBe(1);
	});

	it('counts a failed confirmation instead of throwing: the pending hold then expires', async () => {
		let failing = false;
		const memory = new MemoryResendStore();
		const store: ResendStore = {
			kind: 'memory',
			take: async (...args) => await memory.take(...args),
			confirm: async (...args) => {
				if (failing) throw new Error('down');
				return await memory.confirm(...args);
			},
			release: async (...args) => await memory.release(...args),
			close: async () => {},
		};
		const { gate } = clockedGate({ store });
		const first = await gate.admit('k');
		failing = true;
		if (first.action !== 'pass') throw new Error('expected pass');
		await expect(first.ticket!.settle(true)).resolves.toBeUndefined();
		expect(gate.stats.settleFailed).toBe(1);
	});

	it('answers 503 resend_in_progress when a store keeps a key pending past its expiry', async () => {
		const stuck: ResendStore = {
			kind: 'memory',
			take: async () => ({ taken: false, state: 'pending' }),
			confirm: async () => false,
			release: async () => false,
			close: async () => {},
		};
		const { gate, clock } = clockedGate({ store: stuck });
		const verdict = await gate.admit('k');
		expect(verdict).toMatchObject({ action: 'reject', status: 503, error: { code: 'resend_in_progress' } });
		expect(clock.now).toBeLessThan(PENDING + 1_000);
	});

	it('keeps gates with different prefixes apart', async () => {
		const store = new MemoryResendStore();
		const a = new ResendGate({ store, prefix: 'wf1:n:' });
		const b = new ResendGate({ store, prefix: 'wf2:n:' });
		const first = await a.admit('k');
		if (first.action === 'pass') await first.ticket!.settle(true);
		expect(await a.admit('k')).toEqual({ action: 'drop' });
		expect((await b.admit('k')).action).toBe('pass');
	});
});
