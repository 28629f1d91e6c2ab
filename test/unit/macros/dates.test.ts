import { formatPatternDate, formatPhpDate, toDate, zonedFields } from '../../../lib/macros/dates';

const at = new Date(Date.UTC(2024, 0, 2, 15, 4, 5, 67)); // Tue 2024-01-02 15:04:05.067Z

describe('toDate', () => {
	it.each([
		[1704207845, '2024-01-02T15:04:05.000Z'],
		[1704207845067, '2024-01-02T15:04:05.067Z'],
		['1704207845', '2024-01-02T15:04:05.000Z'],
		['2024-01-02T15:04:05.067Z', '2024-01-02T15:04:05.067Z'],
		['2024-01-02T17:04:05+02:00', '2024-01-02T15:04:05.000Z'],
		// AppsFlyer: UTC without a zone, never local time
		['2024-01-02 15:04:05.067', '2024-01-02T15:04:05.067Z'],
		['2024-01-02', '2024-01-02T00:00:00.000Z'],
	])('%j → %s', (input, iso) => {
		expect(toDate(input)?.toISOString()).toBe(iso);
	});

	it.each(['tomorrow', 'Jan 2 2024', '', true, {}, NaN])('%j is not a date', (input) => {
		expect(toDate(input)).toBeUndefined();
	});
});

describe('formatPatternDate (Branch / Java patterns)', () => {
	it.each([
		['yyyy-MM-dd', '2024-01-02'],
		['yyyy-MM-dd HH:mm:ss', '2024-01-02 15:04:05'],
		["yyyy-MM-dd'T'HH:mm:ss.SSSXXX", '2024-01-02T15:04:05.067Z'],
		['dd MMM yy, h:mm a, EEE', '02 Jan 24, 3:04 PM, Tue'],
		['TIMESTAMP_SECONDS', '1704207845'],
		['TIMESTAMP_MILLIS', '1704207845067'],
		["'quoted ''x'' text'", "quoted 'x' text"],
	])('%s → %s', (pattern, expected) => {
		expect(formatPatternDate(at, pattern)).toBe(expected);
	});
});

describe('formatPhpDate (Keitaro)', () => {
	it.each([
		['U', '1704207845'],
		['Y-m-d H:i:s', '2024-01-02 15:04:05'],
		['d.m.y g:i A D', '02.01.24 3:04 PM Tue'],
		['c', '2024-01-02T15:04:05+00:00'],
		['\\Y\\-Y', 'Y-2024'],
	])('%s → %s', (format, expected) => {
		expect(formatPhpDate(at, format)).toBe(expected);
	});

	it('formats in an IANA time zone, offset included', () => {
		expect(formatPhpDate(at, 'Y-m-d H:i:s P', 'Europe/Kyiv')).toBe('2024-01-02 17:04:05 +02:00');
		expect(formatPhpDate(new Date(Date.UTC(2024, 6, 1, 12)), 'H:i O', 'America/New_York')).toBe(
			'08:00 -0400',
		);
	});

	it('zonedFields gives the weekday in the zone, not in UTC', () => {
		// 2024-01-02 23:30Z is already Wednesday in Tokyo.
		expect(zonedFields(new Date(Date.UTC(2024, 0, 2, 23, 30)), 'Asia/Tokyo').weekday).toBe(3);
	});
});
