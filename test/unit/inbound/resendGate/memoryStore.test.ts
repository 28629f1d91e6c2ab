import { MemoryResendStore } from '../../../../lib/inbound/resendGate';

function clockedStore(maxKeys?: number) {
	let now = 1_000;
	const store = new MemoryResendStore({ maxKeys, now: () => now });
	return { store, advance: (ms: number) => (now += ms) };
}

describe('MemoryResendStore', () => {
	it('holds a key pending, then confirmed for the window, then forgets it', async () => {
		const { store, advance } = clockedStore();
		expect(await store.take('k', 'a', 100)).toEqual({ taken: true });
		expect(await store.take('k', 'b', 100)).toEqual({ taken: false, state: 'pending' });
		expect(await store.confirm('k', 'a', 1_000)).toBe(true);
		advance(500);
		expect(await store.take('k', 'b', 100)).toEqual({ taken: false, state: 'confirmed' });
		advance(500);
		expect(await store.take('k', 'b', 100)).toEqual({ taken: true });
	});

	it('lets a pending hold expire, after which its holder can neither confirm nor release', async () => {
		const { store, advance } = clockedStore();
		await store.take('k', 'a', 100);
		advance(100);
		expect(await store.take('k', 'b', 100)).toEqual({ taken: true });
		expect(await store.confirm('k', 'a', 1_000)).toBe(false);
		expect(await store.release('k', 'a')).toBe(false);
		expect(await store.take('k', 'c', 100)).toEqual({ taken: false, state: 'pending' });
	});

	it('releases only its own pending hold, never a confirmed one', async () => {
		const { store } = clockedStore();
		await store.take('k', 'a', 100);
		expect(await store.release('k', 'other')).toBe(false);
		expect(await store.release('k', 'a')).toBe(true);
		expect(await store.take('k', 'b', 100)).toEqual({ taken: true });
		await store.confirm('k', 'b', 1_000);
		expect(await store.release('k', 'b')).toBe(false);
		expect(await store.take('k', 'c', 100)).toEqual({ taken: false, state: 'confirmed' });
	});

	it('never holds more than maxKeys, evicting the oldest written entry first', async () => {
		const { store } = clockedStore(3);
		for (const key of ['a', 'b', 'c']) await store.take(key, key, 1_000);
		await store.confirm('a', 'a', 1_000); // re-written: now the newest
		await store.take('d', 'd', 1_000);
		expect(store.size).toBe(3);
		expect(store.evicted).toBe(1);
		expect(await store.take('b', 'x', 1_000)).toEqual({ taken: true }); // b was evicted
		expect(await store.take('a', 'x', 1_000)).toEqual({ taken: false, state: 'confirmed' });
		for (let i = 0; i < 1_000; i++) await store.take(`k${i}`, 't', 1_000);
		expect(store.size).toBe(3);
	});

	it('sweeps expired entries as it writes, so a quiet store shrinks without evicting live ones', async () => {
		const { store, advance } = clockedStore(100);
		for (let i = 0; i < 8; i++) await store.take(`old${i}`, 't', 10);
		advance(20);
		await store.take('new1', 't', 1_000);
		await store.take('new2', 't', 1_000);
		expect(store.size).toBe(2);
		expect(store.evicted).toBe(0);
	});
});
