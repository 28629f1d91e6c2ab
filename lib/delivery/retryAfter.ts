// Parses a `Retry-After` header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
// `Date.parse` alone is too lenient ("1" parses as the year 2001), so each date form is matched
// first; anything else is invalid and the caller falls back to its own schedule.

const DELAY_SECONDS = /^\d{1,10}$/;
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/** Sun, 06 Nov 1994 08:49:37 GMT */
const IMF_FIXDATE = new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`);
/** Sunday, 06-Nov-94 08:49:37 GMT (obsolete RFC 850 form) */
const RFC850_DATE = new RegExp(
	`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`,
);
/** Sun Nov  6 08:49:37 1994 (obsolete asctime form, always UTC) */
const ASCTIME_DATE = new RegExp(`^${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4}$`);

/**
 * The delay a `Retry-After` value asks for, in milliseconds from `nowMs`: seconds × 1000, or the
 * time until the date (0 for a date in the past). Undefined when absent or not a valid value.
 */
export function parseRetryAfter(
	value: string | readonly string[] | undefined,
	nowMs: number,
): number | undefined {
	const text = (typeof value === 'string' ? value : value?.[0])?.trim();
	if (!text) return undefined;
	if (DELAY_SECONDS.test(text)) return Number(text) * 1000;
	let dateMs: number;
	if (IMF_FIXDATE.test(text) || RFC850_DATE.test(text)) dateMs = Date.parse(text);
	else if (ASCTIME_DATE.test(text)) dateMs = Date.parse(`${text} GMT`);
	else return undefined;
	if (Number.isNaN(dateMs)) return undefined;
	return Math.max(0, dateMs - nowMs);
}
