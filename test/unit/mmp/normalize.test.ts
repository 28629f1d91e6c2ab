import { isUnresolvedMacro, toCountry, toCurrency, toIsoTime, toPlatform } from '../../../lib/mmp';
import fc from 'fast-check';

import {
	isoFromEpochMs,
	stripQuotes,
	toAdId,
	toBoolean,
	toNumber,
	toText,
} from '../../../lib/mmp/normalize';

describe('isoFromEpochMs', () => {
	it('formats exactly as Date#toISOString from 1970 to 9999 (property)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 253402300799999 }), (ms) => {
				expect(isoFromEpochMs(ms)).toBe(new Date(ms).toISOString());
			}),
			{ numRuns: 5000 },
		);
		for (const edge of [
			'1970-01-01',
			'2000-02-29',
			'2100-02-28',
			'2100-03-01',
			'2400-02-29',
			'9999-12-31',
		]) {
			const ms = Date.parse(`${edge}T23:59:59.999Z`);
			expect(isoFromEpochMs(ms)).toBe(new Date(ms).toISOString());
		}
	});
});

describe('toIsoTime', () => {
	it.each([
		['2019-09-17 00:09:00.123', '2019-09-17T00:09:00.123Z'], // AppsFlyer: UTC without a zone
		['2019-09-17 00:09:00', '2019-09-17T00:09:00.000Z'],
		['2019-09-17T00:09:00Z', '2019-09-17T00:09:00.000Z'],
		['2019-09-17 09:09:00.123+0900', '2019-09-17T00:09:00.123Z'], // *_selected_timezone
		['2019-09-17T00:09:00-05:30', '2019-09-17T05:39:00.000Z'],
		['2019-09-17 00:09:00.123456', '2019-09-17T00:09:00.123Z'],
		['2019-09-17', '2019-09-17T00:00:00.000Z'],
		['1404214665', '2014-07-01T11:37:45.000Z'], // Adjust: unix seconds
		[1404214665, '2014-07-01T11:37:45.000Z'],
		['1404214665.5', '2014-07-01T11:37:45.500Z'],
		['1512681005807', '2017-12-07T21:10:05.807Z'], // Branch / Tenjin: unix ms
		[1512681005807, '2017-12-07T21:10:05.807Z'],
		['1512681005807123', '2017-12-07T21:10:05.807Z'], // µs
	])('%j → %s', (input, expected) => {
		expect(toIsoTime(input)).toBe(expected);
	});

	it.each([
		['0'],
		[0],
		[-5],
		[''],
		['yesterday'],
		['2019-13-01'],
		['2021-02-30 00:00:00'],
		['2019-09-17 25:00:00'],
		[Number.NaN],
		[true],
		[{}],
		['{created_at}'],
		['9999999999999999999999999'],
	])('%j → undefined', (input) => {
		expect(toIsoTime(input)).toBeUndefined();
	});
});

describe('value normalisers', () => {
	it('upper-cases two-letter countries, maps UK to GB and drops anything else', () => {
		expect(toCountry('de')).toBe('DE');
		expect(toCountry(' us ')).toBe('US');
		expect(toCountry('uk')).toBe('GB');
		expect(toCountry('USA')).toBeUndefined();
		expect(toCountry('')).toBeUndefined();
	});

	it('upper-cases three-letter currencies', () => {
		expect(toCurrency('usd')).toBe('USD');
		expect(toCurrency('US$')).toBeUndefined();
	});

	it('lower-cases platforms and folds Branch and Singular spellings', () => {
		expect(toPlatform('IOS')).toBe('ios');
		expect(toPlatform('IOS_APP')).toBe('ios');
		expect(toPlatform('Android')).toBe('android');
		expect(toPlatform('ANDROID_APP')).toBe('android');
		expect(toPlatform('DESKTOP_WEB')).toBe('web');
		expect(toPlatform('FIRE_APP')).toBe('amazon');
		expect(toPlatform('PlayStation')).toBe('playstation');
	});

	it('reads revenue as a number from numbers and decimal text only', () => {
		expect(toNumber('3.99')).toBe(3.99);
		expect(toNumber(' 12 ')).toBe(12);
		expect(toNumber('-0.5')).toBe(-0.5);
		expect(toNumber('1e3')).toBe(1000);
		expect(toNumber(7)).toBe(7);
		expect(toNumber('3,99')).toBeUndefined();
		expect(toNumber('0x10')).toBeUndefined();
		expect(toNumber('')).toBeUndefined();
		expect(toNumber('Infinity')).toBeUndefined();
		expect(toNumber('1e400')).toBeUndefined();
		expect(toNumber(Number.POSITIVE_INFINITY)).toBeUndefined();
	});

	it('reads booleans from true/false, 1/0, yes/no in any case', () => {
		expect(toBoolean('true')).toBe(true);
		expect(toBoolean('TRUE')).toBe(true);
		expect(toBoolean('1')).toBe(true);
		expect(toBoolean(1)).toBe(true);
		expect(toBoolean(true)).toBe(true);
		expect(toBoolean('false')).toBe(false);
		expect(toBoolean('0')).toBe(false);
		expect(toBoolean(0)).toBe(false);
		expect(toBoolean('no')).toBe(false);
		expect(toBoolean('')).toBeUndefined();
		expect(toBoolean('maybe')).toBeUndefined();
		expect(toBoolean(2)).toBeUndefined();
	});

	it('reads text trimmed, numbers as decimal text, and treats unfilled macros as absent', () => {
		expect(toText('  abc ')).toBe('abc');
		expect(toText(42)).toBe('42');
		expect(toText('')).toBeUndefined();
		expect(toText(null)).toBeUndefined();
		expect(toText({ a: 1 })).toBeUndefined();
		for (const macro of [
			'{gps_adid}',
			'{{advertising_id}}',
			'{cl?Network Name}',
			'{NETWORK=Name}',
			'${(user_data.aaid)!}',
		]) {
			expect(isUnresolvedMacro(macro)).toBe(true);
			expect(toText(macro)).toBeUndefined();
		}
		expect(isUnresolvedMacro('{"a":1}')).toBe(false);
		expect(isUnresolvedMacro('(idfa)')).toBe(false);
		expect(toText('{"a":1}')).toBe('{"a":1}');
	});

	it('treats the all-zero advertising id (tracking not authorised) as absent', () => {
		expect(toAdId('00000000-0000-0000-0000-000000000000')).toBeUndefined();
		expect(toAdId('38400000-8cf0-11bd-b23e-10b96e40000d')).toBe(
			'38400000-8cf0-11bd-b23e-10b96e40000d',
		);
	});

	it('strips one pair of surrounding quotes', () => {
		expect(stripQuotes('"1123456"')).toBe('1123456');
		expect(stripQuotes("'x'")).toBe('x');
		expect(stripQuotes('"unbalanced')).toBe('"unbalanced');
		expect(stripQuotes('"')).toBe('"');
	});
});
