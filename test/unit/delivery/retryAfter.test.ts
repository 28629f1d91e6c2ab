import { parseRetryAfter } from '../../../lib/delivery/retryAfter';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('parseRetryAfter', () => {
	it('reads delay-seconds as milliseconds', () => {
		expect(parseRetryAfter('120', NOW)).toBe(120_000);
		expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
		expect(parseRetryAfter(['7', '9'], NOW)).toBe(7000);
	});

	it('reads an IMF-fixdate as the time until it', () => {
		expect(parseRetryAfter('Thu, 01 Jan 2026 12:02:00 GMT', NOW)).toBe(120_000);
	});

	it('reads the obsolete RFC 850 and asctime forms, asctime as UTC', () => {
		expect(parseRetryAfter('Thursday, 01-Jan-26 12:00:30 GMT', NOW)).toBe(30_000);
		expect(parseRetryAfter('Thu Jan  1 12:00:45 2026', NOW)).toBe(45_000);
	});

	it('gives 0 for a date in the past', () => {
		expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:59 GMT', NOW)).toBe(0);
	});

	it.each([
		['negative', '-5'],
		['fractional', '1.5'],
		['a month and year Date.parse would accept', 'Jan 2027'],
		['a loose date', '2026-01-01T12:02:00Z'],
		['a date without GMT', 'Thu, 01 Jan 2026 12:02:00'],
		['words', 'soon'],
		['empty', ''],
		['a date that does not exist', 'Thu, 45 Jan 2026 12:02:00 GMT'],
	])('rejects %s', (_, value) => {
		expect(parseRetryAfter(value, NOW)).toBeUndefined();
	});

	it('is undefined when absent', () => {
		expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
	});
});
