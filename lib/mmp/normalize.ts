// Value normalisers shared by the adapters. Each takes whatever the MMP sent (string from a query,
// number/boolean from JSON) and returns the canonical form, or undefined when the value is absent,
// empty, an unfilled macro, or not parseable. They never throw.

// `{gps_adid}`, `{{advertising_id}}`, `{cl?Network Name}`, `${(user_data.aaid)!}`: a template
// placeholder the MMP did not fill (Singular is documented to leave unknown macros as literal text).
const UNRESOLVED_MACRO = /^(?:\{\{\s*[\w.~$?= -]+\s*\}\}|\{[\w.~$?= -]+\}|\$\{[^{}]*\})$/;

// Apple's IDFA when tracking is not authorised, and Google's zeroed GAID after an opt-out.
const ZERO_AD_ID = /^0{8}-?0{4}-?0{4}-?0{4}-?0{12}$/;

export function isUnresolvedMacro(value: string): boolean {
	const first = value.charCodeAt(0);
	return (first === 0x7b || first === 0x24) && UNRESOLVED_MACRO.test(value);
}

/** Text value: trimmed, non-empty, not an unfilled macro. Numbers become their decimal string. */
export function toText(value: unknown): string | undefined {
	if (typeof value === 'string') {
		const text = value.trim();
		if (text === '' || isUnresolvedMacro(text)) return undefined;
		return text;
	}
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	return undefined;
}

/** Advertising id (IDFA, GAID): like toText, but the all-zero id means "no id". */
export function toAdId(value: unknown): string | undefined {
	const text = toText(value);
	return text === undefined || ZERO_AD_ID.test(text) ? undefined : text;
}

export function toLowerText(value: unknown): string | undefined {
	const text = toText(value);
	return text === undefined ? undefined : text.toLowerCase();
}

/** Strips one pair of surrounding quotes (AppsFlyer documents `reject_reason_value="1123456"`). */
export function stripQuotes(text: string): string {
	if (text.length >= 2) {
		const first = text[0];
		if ((first === '"' || first === "'") && text[text.length - 1] === first) {
			return text.slice(1, -1).trim();
		}
	}
	return text;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Finite number from a number or a plain decimal string (`3.99`, `-1`, `1e3`). */
export function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (text === '' || !DECIMAL.test(text)) return undefined;
	const number = Number(text);
	return Number.isFinite(number) ? number : undefined;
}

const TRUE_WORDS: ReadonlySet<string> = new Set(['true', '1', 'yes', 'y', 't']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['false', '0', 'no', 'n', 'f']);

/** Boolean from `true`/`false`, `1`/`0`, `yes`/`no` (any case), 1/0 or a JSON boolean. */
export function toBoolean(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
	if (typeof value !== 'string') return undefined;
	const word = value.trim().toLowerCase();
	if (TRUE_WORDS.has(word)) return true;
	if (FALSE_WORDS.has(word)) return false;
	return undefined;
}

// yyyy-mm-dd[( |T)hh:mm[:ss[.fraction]]][Z|UTC|±hh[:]mm]; AppsFlyer sends `2019-09-17 00:09:00.123`
// (UTC without a zone), Branch exports `…+0000`.
const DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const EPOCH_DIGITS = /^\d+(?:\.\d+)?$/;
const MAX_EPOCH_MS = 253402300799999; // 9999-12-31T23:59:59.999Z

function fromEpochNumber(number: number): number | undefined {
	if (!(number > 0)) return undefined;
	// Magnitude decides the unit: seconds until year 5138, then ms, µs, ns.
	if (number < 1e11) return Math.round(number * 1000);
	if (number < 1e14) return Math.round(number);
	if (number < 1e17) return Math.round(number / 1e3);
	return Math.round(number / 1e6);
}

function fromDateTime(text: string): number | undefined {
	const match = DATE_TIME.exec(text);
	if (match === null) return undefined;
	const year = Number(match[1]);
	const month = Number(match[2]);
	const day = Number(match[3]);
	const hour = match[4] === undefined ? 0 : Number(match[4]);
	const minute = match[5] === undefined ? 0 : Number(match[5]);
	const second = match[6] === undefined ? 0 : Number(match[6]);
	const millis = match[7] === undefined ? 0 : Math.floor(Number(`0.${match[7]}`) * 1000);
	if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
		return undefined;
	}
	if (day > daysInMonth(year, month)) return undefined; // 2021-02-30
	const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
	let offsetMinutes = 0;
	const zone = match[8];
	if (zone !== undefined && zone.length > 3) {
		const sign = zone[0] === '-' ? -1 : 1;
		const digits = zone.slice(1).replace(':', '');
		offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
	}
	return local - offsetMinutes * 60000;
}

function daysInMonth(year: number, month: number): number {
	if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

function pad2(value: number): string {
	return value < 10 ? `0${value}` : `${value}`;
}

/**
 * `new Date(ms).toISOString()` for 1970…9999 without allocating a Date (a hot path: every event
 * has one or two times). Civil-from-days after Howard Hinnant's date algorithms.
 */
export function isoFromEpochMs(ms: number): string {
	const days = Math.floor(ms / 86400000);
	let rest = ms - days * 86400000;
	const shifted = days + 719468; // days since 0000-03-01
	const era = Math.floor(shifted / 146097);
	const dayOfEra = shifted - era * 146097;
	const yearOfEra = Math.floor(
		(dayOfEra -
			Math.floor(dayOfEra / 1460) +
			Math.floor(dayOfEra / 36524) -
			Math.floor(dayOfEra / 146096)) /
			365,
	);
	const dayOfYear =
		dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
	const monthIndex = Math.floor((5 * dayOfYear + 2) / 153); // March = 0
	const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
	const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
	const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
	const hour = Math.floor(rest / 3600000);
	rest -= hour * 3600000;
	const minute = Math.floor(rest / 60000);
	rest -= minute * 60000;
	const second = Math.floor(rest / 1000);
	const millis = rest - second * 1000;
	const fraction = millis < 10 ? `00${millis}` : millis < 100 ? `0${millis}` : `${millis}`;
	return `${year}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}.${fraction}Z`;
}

/**
 * ISO-8601 UTC (`2019-09-17T00:09:00.123Z`) from unix seconds / ms / µs (number or digits) or a
 * `yyyy-mm-dd hh:mm:ss.sss` date-time (UTC unless it carries a zone). Zero and negative epochs
 * are "unknown", not 1970.
 */
export function toIsoTime(value: unknown): string | undefined {
	let ms: number | undefined;
	if (typeof value === 'number') {
		ms = Number.isFinite(value) ? fromEpochNumber(value) : undefined;
	} else if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') return undefined;
		ms = EPOCH_DIGITS.test(text) ? fromEpochNumber(Number(text)) : fromDateTime(text);
	}
	if (ms === undefined || !(ms >= 0) || ms > MAX_EPOCH_MS) return undefined;
	return isoFromEpochMs(ms);
}

const ALPHA_2 = /^[A-Za-z]{2}$/;
const ALPHA_3 = /^[A-Za-z]{3}$/;

/** ISO-3166 alpha-2, upper case (Adjust sends `ru`). `UK` becomes `GB`; anything else is dropped. */
export function toCountry(value: unknown): string | undefined {
	const text = toText(value);
	if (text === undefined || !ALPHA_2.test(text)) return undefined;
	const code = text.toUpperCase();
	return code === 'UK' ? 'GB' : code;
}

/** ISO-4217, upper case (Adjust sends `usd`). */
export function toCurrency(value: unknown): string | undefined {
	const text = toText(value);
	return text === undefined || !ALPHA_3.test(text) ? undefined : text.toUpperCase();
}

const PLATFORM_NAMES: ReadonlyMap<string, string> = new Map([
	['ios', 'ios'],
	['iphone', 'ios'],
	['ipad', 'ios'],
	['ipados', 'ios'],
	['ios_app', 'ios'],
	['ios_web', 'web'],
	['android', 'android'],
	['android_app', 'android'],
	['android_web', 'web'],
	['android_tv', 'android'],
	['desktop_web', 'web'],
	['mobile_web', 'web'],
	['web', 'web'],
	['fire_app', 'amazon'],
	['amazon_fire', 'amazon'],
	['amazon', 'amazon'],
	['windows_app', 'windows'],
	['windows', 'windows'],
	['mac_app', 'macos'],
	['mac_os', 'macos'],
	['macos', 'macos'],
]);

/**
 * Lower-case platform. Branch's `IOS`/`IOS_APP`/`DESKTOP_WEB` and similar map onto `ios`,
 * `android`, `web`, `amazon`, `windows`, `macos`; other values are kept, lower-cased.
 */
export function toPlatform(value: unknown): string | undefined {
	const text = toLowerText(value);
	if (text === undefined) return undefined;
	return PLATFORM_NAMES.get(text) ?? text;
}
