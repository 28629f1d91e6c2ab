// zod building blocks for the per-MMP schemas (strict mode). Query values are strings and empty
// when a macro had no value, JSON values may be numbers or booleans; the parts accept both.
import { z } from 'zod/v4';

const EMPTY = z.literal('');

/** Optional text (any string, or a number for ids sent as JSON numbers). */
export const optionalText = z.union([z.string(), z.number()]).optional();

/** Optional decimal number, as a JSON number or decimal text. */
export const optionalDecimal = z
	.union([z.number(), z.string().regex(/^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/), EMPTY])
	.optional();

/** Optional unix time (s or ms) as a JSON number or digits. */
export const optionalEpoch = z
	.union([z.number().nonnegative(), z.string().regex(/^\d+(?:\.\d+)?$/), EMPTY])
	.optional();

/** Optional boolean-like value: true/false, 1/0, "true"/"false"/"1"/"0" in any case. */
export const optionalFlag = z
	.union([
		z.boolean(),
		z.literal(0),
		z.literal(1),
		z.string().regex(/^(?:true|false|1|0|yes|no)?$/i),
	])
	.optional();

/** Optional `yyyy-mm-dd hh:mm:ss[.sss]` date-time (AppsFlyer) or unix time. */
export const optionalDateTime = z
	.union([
		z.number().nonnegative(),
		z
			.string()
			.regex(
				/^(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)?\s*(?:Z|UTC|[+-]\d{2}:?\d{2})?|\d+(?:\.\d+)?)?$/i,
			),
	])
	.optional();

/** Optional nested object (Branch's user_data, event_data, …). */
export const optionalRecord = z.record(z.string(), z.unknown()).optional();

/** First issue of a failed parse as `path: message` (no values: they may be secrets). */
export function describeIssue(error: z.ZodError): string {
	const issue = error.issues[0];
	if (issue === undefined) return 'payload does not match the schema';
	const path = issue.path.length === 0 ? 'payload' : issue.path.map(String).join('.');
	return `${path}: ${issue.message}`;
}
