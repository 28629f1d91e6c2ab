import fc from 'fast-check';
import { writeNumber } from '../../../lib/macros/numberBytes';

const buf = new Uint8Array(64);
const written = (n: number) => {
	const end = writeNumber(buf, 0, n);
	return end < 0 ? undefined : Buffer.from(buf.subarray(0, end)).toString('latin1');
};

describe('writeNumber', () => {
	it.each([
		0,
		-0,
		1,
		-1,
		7,
		10,
		3.7,
		0.05,
		-2.5,
		1e-6,
		123456789.123456,
		1700000000000,
		2 ** 53 - 1,
	])('writes %p exactly as String() does', (n) => {
		expect(written(n)).toBe(String(n));
	});

	it('leaves what it cannot write exactly to String() (returns -1)', () => {
		for (const n of [1e21, 2 ** 53 + 2, 0.1 + 0.2, 1e-7, 1.0000001, NaN, Infinity]) {
			expect(writeNumber(buf, 0, n)).toBe(-1);
		}
	});

	it('equals String(v) whenever it writes, for doubles, money-like and integer values', () => {
		const money = fc
			.integer({ min: -1e9, max: 1e9 })
			.chain((cents) => fc.constantFrom(1, 10, 100, 1000, 1e6).map((d) => cents / d));
		fc.assert(
			fc.property(fc.oneof(fc.double(), money, fc.maxSafeInteger()), (n) => {
				const text = written(n);
				return text === undefined || text === String(n);
			}),
			{ numRuns: 20000 },
		);
	});

	it('handles all money-like values with up to 6 decimals below 1e9', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 999_999_999 }),
				fc.integer({ min: 0, max: 6 }),
				(i, k) => {
					const n = i / 10 ** k;
					return n >= 1e9 || n < 1e-6 || written(n) === String(n);
				},
			),
			{ numRuns: 20000 },
		);
	});
});
