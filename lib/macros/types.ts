// Public types of the macro engine.
import type { MacroDialect } from './dialects';
import type { ValueEncoding } from './encode';

export const MISSING_POLICIES = ['empty', 'drop', 'keep'] as const;

/**
 * What a macro with no value (absent, null, empty string) becomes:
 * - `empty`: the empty string (`idfa=`);
 * - `drop`: the whole `key=value` pair of the URL query (or form body) disappears, as Adjust does;
 *   elsewhere (path, JSON, headers) it acts like `empty`;
 * - `keep`: the macro text stays as written (`idfa={idfa}`).
 */
export type MissingPolicy = (typeof MISSING_POLICIES)[number];

export interface CompileTemplateOptions {
	/** The macro syntax, by vendor name. Default `mustache` (`{{name}}`). */
	syntax?: MacroDialect;
	/** Where values land and how they are escaped. Default `rfc3986`. */
	encoding?: ValueEncoding;
	/** What a macro without a value becomes. Default `empty`. */
	missing?: MissingPolicy;
	/**
	 * Filters per macro name (as written, without syntax), applied after inline filters:
	 * `{ idfa: ['lower', 'sha256'], revenue: ['round:2'] }`.
	 */
	filters?: Readonly<Record<string, readonly string[]>>;
	/**
	 * Static values folded in at compile time (Singular's `{{param}}` static parameters, a tracker
	 * domain, a postback key). A constant may form the URL's host; a value never can.
	 */
	constants?: Readonly<Record<string, string | number | boolean>>;
	/**
	 * Treat the template as an absolute http(s) URL: scheme and host must be literal (or
	 * constants), and `drop` works on its query. `auto` (default): when it starts with http(s)://.
	 */
	url?: boolean | 'auto';
	/** Clock for date macros with no value (Keitaro `{date:U}`, FreeMarker `.now`). Default Date.now. */
	now?: () => number;
}

export interface RenderResult {
	text: string;
	/** Macro names that had no value (after filters and defaults), in template order. */
	missing: readonly string[];
	/** Of those, the names nothing at all was found for (likely typos); absent when none. */
	unknown?: readonly string[];
}

export interface CompiledTemplate {
	readonly template: string;
	readonly syntax: MacroDialect;
	readonly encoding: ValueEncoding;
	readonly missingPolicy: MissingPolicy;
	/** Distinct macro names in template order (constants excluded). */
	readonly macros: readonly string[];
	/** For URL templates: the literal `scheme://host[:port]` every rendering starts with. */
	readonly origin: string | undefined;
	/** Renders with the given values; never re-parses. Throws MacroValueError for unplaceable values. */
	render(values: object): RenderResult;
}
