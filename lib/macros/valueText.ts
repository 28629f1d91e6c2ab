// How a looked-up value becomes text, and what counts as "no value".
//
// Missing: undefined, null, the empty string, NaN/±Infinity (never a meaningful postback value),
// an invalid Date, functions and symbols. Objects and arrays are JSON (AppsFlyer's `event_value`,
// Adjust's `ad_revenue_payload`); booleans are `true`/`false`; Dates are ISO-8601.

export function isMissingValue(value: unknown): boolean {
	if (value === undefined || value === null || value === '') return true;
	switch (typeof value) {
		case 'number':
			return !Number.isFinite(value);
		case 'function':
		case 'symbol':
			return true;
		case 'object':
			return value instanceof Date && Number.isNaN(value.getTime());
		default:
			return false;
	}
}

/** The text of a value, or undefined when it is missing. */
export function valueToText(value: unknown): string | undefined {
	switch (typeof value) {
		case 'string':
			return value === '' ? undefined : value;
		case 'number':
			return Number.isFinite(value) ? String(value) : undefined;
		case 'boolean':
			return value ? 'true' : 'false';
		case 'bigint':
			return value.toString();
		case 'object': {
			if (value === null) return undefined;
			if (value instanceof Date) {
				return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
			}
			const json = safeJson(value);
			return json === '' ? undefined : json;
		}
		default:
			return undefined;
	}
}

function safeJson(value: object): string {
	try {
		return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
	} catch {
		// Cycles: there is no faithful text, and throwing would fail the whole item for a debug field.
		return '';
	}
}
