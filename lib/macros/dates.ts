// Date parsing and formatting for the date filters and the vendors' date macros.
//
// Input rules: a Date; a number or numeric string is UNIX seconds when its magnitude is below 1e11
// (before the year 5138) and milliseconds otherwise; an ISO-8601 string; an ISO-like string without
// a zone (AppsFlyer's `2019-09-17 00:09:00.123`) is UTC, never the server's local time.
// Anything else is not a date.

const NUMERIC = /^-?\d+(\.\d+)?$/;
const ISO_NO_ZONE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;
const ISO_WITH_ZONE =
	/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

function fromEpoch(n: number): Date | undefined {
	if (!Number.isFinite(n)) return undefined;
	const d = new Date(Math.abs(n) < 1e11 ? n * 1000 : n);
	return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Interprets a macro value as a point in time; undefined when it is not one. */
export function toDate(value: unknown): Date | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
	if (typeof value === 'number') return fromEpoch(value);
	if (typeof value === 'bigint') return fromEpoch(Number(value));
	if (typeof value !== 'string') return undefined;
	const s = value.trim();
	if (NUMERIC.test(s)) return fromEpoch(Number(s));
	const m = ISO_NO_ZONE.exec(s);
	if (m) {
		const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
		const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), ms);
		return Number.isNaN(t) ? undefined : new Date(t);
	}
	if (ISO_WITH_ZONE.test(s)) {
		const t = Date.parse(s.replace(' ', 'T'));
		return Number.isNaN(t) ? undefined : new Date(t);
	}
	return undefined;
}

/** Calendar fields of a date in a time zone, plus that zone's UTC offset in minutes. */
export interface ZonedFields {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
	millisecond: number;
	/** 0 = Sunday. */
	weekday: number;
	offsetMinutes: number;
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
	let f = zoneFormatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
		zoneFormatters.set(timeZone, f);
	}
	return f;
}

/** Throws a RangeError for an unknown IANA zone name; used at compile time. */
export function checkTimeZone(timeZone: string): void {
	zoneFormatter(timeZone);
}

export function zonedFields(date: Date, timeZone?: string): ZonedFields {
	if (!timeZone || timeZone.toUpperCase() === 'UTC') {
		return {
			year: date.getUTCFullYear(),
			month: date.getUTCMonth() + 1,
			day: date.getUTCDate(),
			hour: date.getUTCHours(),
			minute: date.getUTCMinutes(),
			second: date.getUTCSeconds(),
			millisecond: date.getUTCMilliseconds(),
			weekday: date.getUTCDay(),
			offsetMinutes: 0,
		};
	}
	const parts: Record<string, number> = {};
	for (const p of zoneFormatter(timeZone).formatToParts(date)) {
		if (p.type !== 'literal') parts[p.type] = Number(p.value);
	}
	const millisecond = date.getUTCMilliseconds();
	const wall = Date.UTC(
		parts.year,
		parts.month - 1,
		parts.day,
		parts.hour,
		parts.minute,
		parts.second,
	);
	const offsetMinutes = Math.round((wall - (date.getTime() - millisecond)) / 60000);
	return {
		year: parts.year,
		month: parts.month,
		day: parts.day,
		hour: parts.hour,
		minute: parts.minute,
		second: parts.second,
		millisecond,
		weekday: new Date(wall).getUTCDay(),
		offsetMinutes,
	};
}

const DAY_SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAY_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_SHORT = [
	'Jan',
	'Feb',
	'Mar',
	'Apr',
	'May',
	'Jun',
	'Jul',
	'Aug',
	'Sep',
	'Oct',
	'Nov',
	'Dec',
];

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function offsetText(minutes: number, colon: boolean): string {
	const sign = minutes < 0 ? '-' : '+';
	const abs = Math.abs(minutes);
	return sign + pad(Math.floor(abs / 60), 2) + (colon ? ':' : '') + pad(abs % 60, 2);
}

/** One SimpleDateFormat letter, repeated `run` times (`yyyy`, `MMM`, `SSS`, …). */
type PatternField = (f: ZonedFields, run: number) => string;

const PATTERN_FIELDS: Readonly<Record<string, PatternField>> = {
	y: (f, run) => (run === 2 ? pad(f.year % 100, 2) : pad(f.year, run)),
	M: (f, run) => (run >= 3 ? MONTH_SHORT[f.month - 1] : pad(f.month, run)),
	d: (f, run) => pad(f.day, run),
	H: (f, run) => pad(f.hour, run),
	h: (f, run) => pad(f.hour % 12 || 12, run),
	m: (f, run) => pad(f.minute, run),
	s: (f, run) => pad(f.second, run),
	S: (f, run) => pad(f.millisecond, 3).slice(0, run).padEnd(run, '0'),
	a: (f) => (f.hour < 12 ? 'AM' : 'PM'),
	E: (f, run) => (run >= 4 ? DAY_LONG[f.weekday] : DAY_SHORT[f.weekday]),
	Z: (f) => offsetText(f.offsetMinutes, false),
	X: (f, run) => (f.offsetMinutes === 0 ? 'Z' : offsetText(f.offsetMinutes, run >= 3)),
};

/**
 * The quoted section that starts at `pattern[at]` (a `'`): its text and the index after it. `''`
 * is a literal quote, inside or outside a quoted section.
 */
function quotedText(pattern: string, at: number): { text: string; next: number } {
	if (pattern[at + 1] === "'") return { text: "'", next: at + 2 };
	let text = '';
	let i = at + 1;
	while (i < pattern.length) {
		if (pattern[i] === "'") {
			if (pattern[i + 1] !== "'") break;
			text += "'";
			i += 2;
		} else {
			text += pattern[i++];
		}
	}
	return { text, next: i + 1 };
}

/**
 * Java SimpleDateFormat-style pattern (what Branch's `<@dateformat>` takes): `yyyy yy MM M MMM dd d
 * HH H hh h mm m ss s SSS a EEE EEEE Z XXX 'literal'`; the whole pattern `TIMESTAMP_SECONDS` or
 * `TIMESTAMP_MILLIS` gives a UNIX timestamp.
 */
export function formatPatternDate(date: Date, pattern: string, timeZone?: string): string {
	if (pattern === 'TIMESTAMP_SECONDS') return String(Math.floor(date.getTime() / 1000));
	if (pattern === 'TIMESTAMP_MILLIS') return String(date.getTime());
	const f = zonedFields(date, timeZone);
	let out = '';
	for (let i = 0; i < pattern.length; ) {
		const ch = pattern[i];
		if (ch === "'") {
			const quoted = quotedText(pattern, i);
			out += quoted.text;
			i = quoted.next;
			continue;
		}
		if (!/[A-Za-z]/.test(ch)) {
			out += ch;
			i++;
			continue;
		}
		let run = 1;
		while (pattern[i + run] === ch) run++;
		i += run;
		const field = PATTERN_FIELDS[ch];
		out += field === undefined ? ch.repeat(run) : field(f, run);
	}
	return out;
}

/** One PHP `date()` format character. */
type PhpField = (f: ZonedFields, date: Date) => string | number;

const PHP_FIELDS: Readonly<Record<string, PhpField>> = {
	d: (f) => pad(f.day, 2),
	D: (f) => DAY_SHORT[f.weekday],
	j: (f) => f.day,
	l: (f) => DAY_LONG[f.weekday],
	N: (f) => (f.weekday === 0 ? 7 : f.weekday),
	w: (f) => f.weekday,
	m: (f) => pad(f.month, 2),
	M: (f) => MONTH_SHORT[f.month - 1],
	n: (f) => f.month,
	Y: (f) => f.year,
	y: (f) => pad(f.year % 100, 2),
	a: (f) => (f.hour < 12 ? 'am' : 'pm'),
	A: (f) => (f.hour < 12 ? 'AM' : 'PM'),
	g: (f) => f.hour % 12 || 12,
	G: (f) => f.hour,
	h: (f) => pad(f.hour % 12 || 12, 2),
	H: (f) => pad(f.hour, 2),
	i: (f) => pad(f.minute, 2),
	s: (f) => pad(f.second, 2),
	v: (f) => pad(f.millisecond, 3),
	U: (_f, date) => Math.floor(date.getTime() / 1000),
	c: (f, date) => formatPhpFields(f, date, 'Y-m-d\\TH:i:sP'),
	P: (f) => offsetText(f.offsetMinutes, true),
	O: (f) => offsetText(f.offsetMinutes, false),
};

function formatPhpFields(f: ZonedFields, date: Date, format: string): string {
	let out = '';
	for (let i = 0; i < format.length; i++) {
		const ch = format[i];
		if (ch === '\\') {
			i++;
			if (i < format.length) out += format[i];
			continue;
		}
		const field = PHP_FIELDS[ch];
		out += field === undefined ? ch : field(f, date);
	}
	return out;
}

/**
 * PHP `date()` format (what Keitaro's `{date:format}` takes): `d D j l N w m M n Y y a A g G h H i
 * s v U c P O`; `\x` is a literal `x`; other characters are copied.
 */
export function formatPhpDate(date: Date, format: string, timeZone?: string): string {
	return formatPhpFields(zonedFields(date, timeZone), date, format);
}
