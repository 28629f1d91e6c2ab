// A compiled value macro: how to look its value up, filter it and encode it. Built once per
// template; every render only follows the precomputed steps.
//
// Lookup order (the first step that finds anything wins; `null` counts as found):
//   1. the exact macro text as a key (`date:U`, `user_data.aaid` as a flat key),
//   2. that text as a dotted path into nested objects,
//   3. function/argument semantics: the base name (`date` of `{date:U}`), then its arguments,
//   4. the dialect's vendor→canonical alias (`gps_adid` → `advertising_id`), see aliases.ts,
//   5. a generated value (Keitaro `{random:…}`) or the render time (`{date:…}`, `${.now}`).
// Nothing found means the macro is unknown as well as missing.
import type { AliasTable } from './aliases';
import type { ValueNode } from './ast';
import type { DialectSpec } from './dialects';
import { encodeRfc3986, isPercentEncoding, type ValueEncoding } from './encode';
import { applyFilters, createFilter, type MacroFilter } from './filters';
import { getPath, isPrototypeKey, ownValue, parsePath } from './valuePath';
import { valueToText } from './valueText';

type Lookup = (values: object) => unknown;

export class ValueSlot {
	constructor(
		/** The name reported in `missing` / `unknown`. */
		readonly name: string,
		/** The macro as written (kept by the `keep` policy). */
		readonly source: string,
		/** Exact key, read with a plain property access when `fast`; null for constants. */
		readonly key: string | null,
		readonly fast: boolean,
		/** Lookup steps 2–5, or null when there are none. */
		readonly rest: Lookup | null,
		/** Inline filters then option-map filters, or null. */
		readonly filters: readonly MacroFilter[] | null,
		/** How the text is escaped where it lands (`none` for raw macros). */
		readonly encoding: ValueEncoding,
		/** Raw insertion into a URL: refuse control characters. */
		readonly rawInUrl: boolean,
		/** Inside a URL query `key=value` pair (for the `drop` policy). */
		public inPair: boolean,
		/**
		 * A filter renders a missing value (`|json` → null) without supplying one: the macro is
		 * still reported missing although it produces text.
		 */
		readonly missingDespiteText: boolean,
	) {}
}

/** Looks a slot's value up (steps 1–5); undefined means nothing was found. */
export function lookupSlot(slot: ValueSlot, values: object): unknown {
	let value = slot.fast
		? (values as Record<string, unknown>)[slot.key as string]
		: slot.key === null
			? undefined
			: ownValue(values, slot.key);
	if (value === undefined && slot.rest !== null) value = slot.rest(values);
	return value;
}

/** The value after lookup and filters. */
export function slotValue(slot: ValueSlot, values: object): unknown {
	const value = lookupSlot(slot, values);
	return slot.filters === null ? value : applyFilters(value, slot.filters);
}

export interface SlotContext {
	dialect: DialectSpec;
	/** Where the value lands; `urlencode` filters are resolved against it. */
	encoding: ValueEncoding;
	url: boolean;
	filterMap: ReadonlyMap<string, readonly MacroFilter[]>;
	constants: ReadonlyMap<string, unknown>;
	now: () => number;
	/** Inside a Branch function tag: the value is inserted unencoded into the tag's content. */
	inBlock: boolean;
	/** Inside a tag whose result will be percent-encoded (by the context or a `<@urlencode>`). */
	encodedAbove: boolean;
}

function keyLookup(key: string): Lookup {
	const segments = parsePath(key);
	return segments === undefined
		? (values) => ownValue(values, key)
		: (values) => {
				const direct = ownValue(values, key);
				return direct === undefined ? getPath(values, segments) : direct;
			};
}

function aliasLookups(table: AliasTable, aliasKey: string): Lookup[] {
	if (!Object.prototype.hasOwnProperty.call(table, aliasKey)) return [];
	return table[aliasKey].map((target) => {
		const find = keyLookup(target.path);
		const filters = (target.filters ?? []).map(createFilter);
		return filters.length === 0
			? find
			: (values: object) => {
					const v = find(values);
					return v === undefined ? undefined : applyFilters(v, filters);
				};
	});
}

function buildRest(node: ValueNode, ctx: SlotContext): Lookup | null {
	const steps: Lookup[] = [];
	if (node.keyIsPath) {
		const segments = parsePath(node.key);
		if (segments !== undefined) steps.push((values) => getPath(values, segments));
	}
	// Steps 3–5 produce the base value; the macro's arguments (baseFilters) then apply to it.
	const baseSteps: Lookup[] = [];
	if (node.base !== undefined && node.base !== node.key) baseSteps.push(keyLookup(node.base));
	baseSteps.push(...aliasLookups(ctx.dialect.aliases, ctx.dialect.aliasKey(node.base ?? node.key)));
	if (node.generate !== undefined) baseSteps.push(node.generate);
	if (node.clock) baseSteps.push(() => new Date(ctx.now()));
	const baseFilters = node.baseFilters ?? [];
	if (baseSteps.length > 0) {
		steps.push((values) => {
			for (const step of baseSteps) {
				const v = step(values);
				if (v !== undefined) return baseFilters.length ? applyFilters(v, baseFilters) : v;
			}
			return undefined;
		});
	}
	if (steps.length === 0) return null;
	if (steps.length === 1) return steps[0];
	return (values) => {
		for (const step of steps) {
			const v = step(values);
			if (v !== undefined) return v;
		}
		return undefined;
	};
}

/** `urlencode` where the context does not encode: percent-encode now (RFC 3986). */
const URLENCODE_NOW: MacroFilter = {
	name: 'urlencode',
	handlesMissing: false,
	suppliesValue: false,
	emitsJson: false,
	isUrlEncode: false,
	apply: (value) => encodeRfc3986(valueToText(value) ?? ''),
};

export function compileSlot(node: ValueNode, ctx: SlotContext): ValueSlot {
	const encoding: ValueEncoding = ctx.inBlock || node.raw ? 'none' : ctx.encoding;
	const mapped =
		ctx.filterMap.get(node.key) ?? (node.base ? ctx.filterMap.get(node.base) : undefined);
	let filters = [...node.filters, ...(mapped ?? [])];
	// "Encode exactly once": where the output context already percent-encodes, `urlencode` is a
	// no-op; elsewhere it percent-encodes (RFC 3986).
	const contextEncodes = ctx.inBlock ? ctx.encodedAbove : isPercentEncoding(encoding);
	filters = filters.flatMap((f) => {
		if (!f.isUrlEncode) return [f];
		return contextEncodes ? [] : [URLENCODE_NOW];
	});
	let finalEncoding = encoding;
	if (encoding === 'json' && filters.length > 0 && filters[filters.length - 1].emitsJson) {
		finalEncoding = 'none';
	}
	const constant = ctx.constants.get(node.key);
	const fast = constant === undefined && !isPrototypeKey(node.key);
	const rest = constant !== undefined ? () => constant : buildRest(node, ctx);
	return new ValueSlot(
		node.key,
		node.source,
		constant !== undefined ? null : node.key,
		fast,
		rest,
		filters.length ? filters : null,
		finalEncoding,
		ctx.url && !ctx.inBlock && finalEncoding === 'none',
		false,
		filters.some((f) => f.handlesMissing && !f.suppliesValue) &&
			!filters.some((f) => f.suppliesValue),
	);
}
