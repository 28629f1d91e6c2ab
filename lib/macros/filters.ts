// Filters: small value transforms usable in every dialect's value position (`{{idfa|lower|sha256}}`,
// `{idfa|sha256}`, `(advertiserId|md5)`, `${(user_data.aaid)!|upper}`) or per macro through the
// `filters` option. A filter sees the looked-up value (not yet text) and returns a new one; only
// `default` runs when the value is missing, the others pass a missing value through untouched.
import { createHash } from 'node:crypto';
import { formatPatternDate, formatPhpDate, toDate } from './dates';
import { isMissingValue, valueToText } from './valueText';

export interface MacroFilter {
	readonly name: string;
	/** Runs on missing values too (`default`, and `json`, which renders them as null). */
	readonly handlesMissing: boolean;
	/** Turns a missing value into a real one (`default`); `json`'s null still counts as missing. */
	readonly suppliesValue: boolean;
	/** Its output is already JSON text (the `json` filter): a JSON body inserts it unescaped. */
	readonly emitsJson: boolean;
	/** `urlencode`: an encoding request, resolved against the output context at compile time. */
	readonly isUrlEncode: boolean;
	apply(value: unknown): unknown;
}

function filter(
	name: string,
	apply: (value: unknown) => unknown,
	flags: Partial<
		Pick<MacroFilter, 'handlesMissing' | 'suppliesValue' | 'emitsJson' | 'isUrlEncode'>
	> = {},
): MacroFilter {
	return {
		name,
		handlesMissing: flags.handlesMissing ?? false,
		suppliesValue: flags.suppliesValue ?? false,
		emitsJson: flags.emitsJson ?? false,
		isUrlEncode: flags.isUrlEncode ?? false,
		apply,
	};
}

const text = (value: unknown): string => valueToText(value) ?? '';

const SLACK_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const slackEntity = (c: string): string => SLACK_ENTITIES[c];

function jsonText(value: unknown): string {
	try {
		return (
			JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ??
			'null'
		);
	} catch {
		return 'null';
	}
}

function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'boolean') return value ? 1 : 0;
	if (typeof value === 'string' && value.trim() !== '') {
		const n = Number(value);
		return Number.isFinite(n) ? n : undefined;
	}
	return undefined;
}

function digitsArg(name: string, arg: string | undefined, fallback: number, max: number): number {
	if (arg === undefined || arg === '') return fallback;
	const n = Number(arg);
	if (!Number.isInteger(n) || n < 0 || n > max) {
		throw new FilterSpecError(
			`filter "${name}" takes a whole number from 0 to ${max}, got "${arg}"`,
		);
	}
	return n;
}

const hash = (algorithm: string) => (value: unknown) =>
	createHash(algorithm).update(text(value), 'utf8').digest('hex');

function dateFilter(name: string, format: (d: Date) => unknown): MacroFilter {
	return filter(name, (value) => {
		const d = toDate(value);
		return d === undefined ? undefined : format(d);
	});
}

/** A filter spec that is not valid (unknown name, bad argument). */
export class FilterSpecError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'FilterSpecError';
	}
}

type FilterFactory = (arg: string | undefined) => MacroFilter;

const FACTORIES: Record<string, FilterFactory> = {
	default: (arg) =>
		filter('default', (value) => (isMissingValue(value) ? (arg ?? '') : value), {
			handlesMissing: true,
			suppliesValue: true,
		}),
	lower: () => filter('lower', (value) => text(value).toLowerCase()),
	upper: () => filter('upper', (value) => text(value).toUpperCase()),
	trim: () => filter('trim', (value) => text(value).trim()),
	sha256: () => filter('sha256', hash('sha256')),
	sha1: () => filter('sha1', hash('sha1')),
	md5: () => filter('md5', hash('md5')),
	round: (arg) => {
		const scale = 10 ** digitsArg('round', arg, 0, 12);
		return filter('round', (value) => {
			const n = toNumber(value);
			return n === undefined ? undefined : Math.round(n * scale) / scale;
		});
	},
	fixed: (arg) => {
		const digits = digitsArg('fixed', arg, 2, 12);
		return filter('fixed', (value) => toNumber(value)?.toFixed(digits));
	},
	int: () =>
		filter('int', (value) => {
			const n = toNumber(value);
			return n === undefined ? undefined : Math.trunc(n);
		}),
	unix: () => dateFilter('unix', (d) => Math.floor(d.getTime() / 1000)),
	unix_ms: () => dateFilter('unix_ms', (d) => d.getTime()),
	iso: () => dateFilter('iso', (d) => d.toISOString()),
	date: (arg) => {
		if (!arg)
			throw new FilterSpecError('filter "date" needs a pattern, e.g. date:yyyy-MM-dd HH:mm:ss');
		return dateFilter('date', (d) => formatPatternDate(d, arg));
	},
	// A complete JSON value, `null` when missing: `{"idfa": {{idfa|json}}}` is always valid JSON.
	json: () =>
		filter('json', (value) => (isMissingValue(value) ? 'null' : jsonText(value)), {
			emitsJson: true,
			handlesMissing: true,
		}),
	base64: () => filter('base64', (value) => Buffer.from(text(value), 'utf8').toString('base64')),
	alphanumeric: () => filter('alphanumeric', (value) => text(value).replace(/[^A-Za-z0-9]/g, '')),
	truncate: (arg) => {
		const length = digitsArg('truncate', arg, 40, 1e6);
		return filter('truncate', (value) => Array.from(text(value)).slice(0, length).join(''));
	},
	urldecode: () =>
		filter('urldecode', (value) => {
			const s = text(value);
			try {
				return decodeURIComponent(s.replace(/\+/g, ' '));
			} catch {
				return s;
			}
		}),
	urlencode: () => filter('urlencode', (value) => value, { isUrlEncode: true }),
	// Slack reads `<…>` as links and mentions (`<!channel>`, `<@U123>`) in mrkdwn and in a message's
	// `text`; its documented escape is these three entities, so a callback value shows as typed.
	slack: () => filter('slack', (value) => text(value).replace(/[&<>]/g, slackEntity)),
	first_not_empty: () =>
		filter('first_not_empty', (value) =>
			text(value)
				.split('|')
				.map((part) => part.trim())
				.find((part) => part !== ''),
		),
	ternary: () =>
		filter('ternary', (value) => {
			const p = text(value).split('|');
			if (p.length !== 4) return undefined;
			return p[0] === p[1] ? p[2] : p[3];
		}),
};

/** Names accepted in filter specs. */
export const FILTER_NAMES: readonly string[] = Object.keys(FACTORIES);

function unquote(arg: string): string {
	const q = arg[0];
	if ((q === '"' || q === "'") && arg.length >= 2 && arg[arg.length - 1] === q) {
		return arg.slice(1, -1);
	}
	return arg;
}

/** Builds one filter from `name` or `name:argument` (the argument may be quoted). */
export function createFilter(spec: string): MacroFilter {
	const trimmed = spec.trim();
	const colon = trimmed.indexOf(':');
	const name = (colon < 0 ? trimmed : trimmed.slice(0, colon)).trim();
	const arg = colon < 0 ? undefined : unquote(trimmed.slice(colon + 1).trim());
	const factory = Object.prototype.hasOwnProperty.call(FACTORIES, name)
		? FACTORIES[name]
		: undefined;
	if (!factory) {
		throw new FilterSpecError(
			`unknown filter "${name}"; known filters: ${FILTER_NAMES.join(', ')}`,
		);
	}
	return factory(arg);
}

/** Like createFilter, but returns the problem instead of throwing it. */
export function parseFilter(spec: string): MacroFilter | FilterSpecError {
	try {
		return createFilter(spec);
	} catch (error) {
		return error instanceof FilterSpecError ? error : new FilterSpecError(String(error));
	}
}

/** Splits `a|b:"x|y"|c` into filter specs, respecting quotes. */
export function splitFilterChain(chain: string): string[] {
	const specs: string[] = [];
	let current = '';
	let quote = '';
	for (const ch of chain) {
		if (quote) {
			if (ch === quote) quote = '';
			current += ch;
		} else if (ch === '"' || ch === "'") {
			quote = ch;
			current += ch;
		} else if (ch === '|') {
			specs.push(current);
			current = '';
		} else {
			current += ch;
		}
	}
	specs.push(current);
	return specs;
}

/** Runs a filter chain: missing values skip every filter except `default`. */
export function applyFilters(value: unknown, filters: readonly MacroFilter[]): unknown {
	for (let i = 0; i < filters.length; i++) {
		const f = filters[i];
		if (f.handlesMissing || !isMissingValue(value)) value = f.apply(value);
	}
	return value;
}

// Vendor-argument transforms, built by the dialects (not reachable through filter specs).

/** Keitaro `{status:lead=0 sale=1 rejected=2}`: replace known values, pass others through. */
export function valueMapFilter(entries: ReadonlyMap<string, string>): MacroFilter {
	return filter('map', (value) => {
		const key = valueToText(value);
		return key !== undefined && entries.has(key) ? entries.get(key) : value;
	});
}

/** Keitaro `{date:Y-m-d,Europe/Kyiv}`: PHP date() format in a time zone (UTC by default). */
export function phpDateFilter(format: string, timeZone?: string): MacroFilter {
	return dateFilter('date', (d) => formatPhpDate(d, format, timeZone));
}

/** Branch `<@dateformat output_date_format="…">`: Java-style pattern. */
export function patternDateFilter(pattern: string): MacroFilter {
	return dateFilter('dateformat', (d) => formatPatternDate(d, pattern));
}

/** Singular `{NETWORK=Facebook}`: `1` when the value equals the argument (case-insensitive). */
export function equalsFlagFilter(expected: string): MacroFilter {
	const lower = expected.toLowerCase();
	return filter('equals', (value) => (text(value).toLowerCase() === lower ? '1' : '0'));
}
