import fc from 'fast-check';

import { RequestSlots } from '../../../lib/delivery/requestSlots';

describe('RequestSlots', () => {
	it('grants synchronously while there is room', () => {
		const slots = new RequestSlots(2, 2);
		expect(slots.acquire('a')).toBeUndefined();
		expect(slots.acquire('b')).toBeUndefined();
		expect(slots.acquire('a')).toBeInstanceOf(Promise);
		expect(slots.inFlight).toBe(2);
	});

	it('holds a host at its own limit while other hosts go ahead', async () => {
		const slots = new RequestSlots(10, 2);
		slots.acquire('slow');
		slots.acquire('slow');
		let thirdSlow = false;
		void slots.acquire('slow')?.then(() => {
			thirdSlow = true;
		});
		expect(slots.acquire('fast')).toBeUndefined();
		slots.release('fast');
		await Promise.resolve();
		expect(thirdSlow).toBe(false);
		slots.release('slow');
		await Promise.resolve();
		expect(thirdSlow).toBe(true);
	});

	it('serves waiting hosts round-robin when the global limit frees up', async () => {
		const slots = new RequestSlots(1, 1);
		slots.acquire('x');
		const order: string[] = [];
		for (const host of ['a', 'a', 'a', 'b', 'c'])
			void slots.acquire(host)?.then(() => order.push(host));
		for (let i = 0; i < 5; i++) {
			slots.release(order[i - 1] ?? 'x');
			await Promise.resolve();
		}
		expect(order).toEqual(['a', 'b', 'c', 'a', 'a']);
	});

	it('never exceeds either limit, and grants every request, under random schedules', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 1, max: 6 }),
				fc.integer({ min: 1, max: 6 }),
				fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 60 }),
				async (total, perHost, hosts) => {
					const slots = new RequestSlots(total, perHost);
					const perHostActive = new Map<string, number>();
					let active = 0;
					let peakOk = true;
					let granted = 0;
					await Promise.all(
						hosts.map(async (host, i) => {
							const wait = slots.acquire(host);
							if (wait) await wait;
							active++;
							perHostActive.set(host, (perHostActive.get(host) ?? 0) + 1);
							if (active > total || (perHostActive.get(host) ?? 0) > perHost) peakOk = false;
							for (let k = 0; k < i % 3; k++) await Promise.resolve();
							active--;
							perHostActive.set(host, (perHostActive.get(host) ?? 0) - 1);
							granted++;
							slots.release(host);
						}),
					);
					return peakOk && granted === hosts.length && slots.inFlight === 0;
				},
			),
		);
	});
});
