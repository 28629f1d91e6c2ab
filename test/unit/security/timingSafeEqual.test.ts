import fc from 'fast-check';
import { timingSafeEqualBytes, timingSafeEqualString } from '../../../lib/security';

describe('timingSafeEqualString', () => {
	it('is true only for identical strings', () => {
		expect(timingSafeEqualString('s3cr3t-token', 's3cr3t-token')).toBe(true);
		expect(timingSafeEqualString('s3cr3t-token', 's3cr3t-tokeN')).toBe(false);
		expect(timingSafeEqualString('', '')).toBe(true);
	});

	it('does not throw on different lengths (crypto.timingSafeEqual would)', () => {
		expect(timingSafeEqualString('short', 'a much longer secret value')).toBe(false);
		expect(timingSafeEqualString('', 'x')).toBe(false);
		expect(timingSafeEqualString('prefix', 'prefix-and-more')).toBe(false);
	});

	it('compares code points, not a lossy encoding', () => {
		expect(timingSafeEqualString('café', 'cafe\u0301')).toBe(false);
		expect(timingSafeEqualString('😀', '😀')).toBe(true);
	});

	it('agrees with === on arbitrary strings', () => {
		fc.assert(
			fc.property(fc.string(), fc.string(), (a, b) => {
				expect(timingSafeEqualString(a, b)).toBe(a === b);
				expect(timingSafeEqualString(a, a)).toBe(true);
			}),
		);
	});
});

describe('timingSafeEqualBytes', () => {
	it('agrees with Buffer.equals on arbitrary byte arrays', () => {
		fc.assert(
			fc.property(fc.uint8Array(), fc.uint8Array(), (a, b) => {
				expect(timingSafeEqualBytes(a, b)).toBe(Buffer.from(a).equals(Buffer.from(b)));
			}),
		);
	});
});
