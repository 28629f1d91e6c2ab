// Singular partner-postback macros (support.singular.net article 115004063323;
// docs/nodes/render-callback.md, "Dialects"):
// - `{UPPER_CASE}`: `{IDFA}`, `{EVTNAME}`, `{AMOUNT}`, …;
// - `{name?Network Name}`: network-scoped values such as `{cl?Facebook}` (the network's click id);
// - `{NAME=Value}`: `1` when NAME equals Value, else `0` (`{NETWORK=Facebook}`);
// - `{{param}}`: a static parameter entered at setup; pass it as a `constants` entry (or a value).
// A `{` that does not open a macro is literal text.
import type { TemplateNode, ValueNode } from '../ast';
import { equalsFlagFilter } from '../filters';
import { compileFilterChain, plainValue, scanMacros, type MacroAt } from './shared';

const STATIC_PARAM = /\{\{([A-Za-z_][\w.-]*)\}\}/y;
const MACRO = /\{([A-Za-z_]\w*)(?:([?=])([^{}|]+))?((?:\|[^{}]*)?)\}/y;

/** `{{param}}` or `{NAME…}` at `open`; undefined when that `{` is literal text. */
function singularAt(template: string, open: number): MacroAt | undefined {
	STATIC_PARAM.lastIndex = open;
	const stat = STATIC_PARAM.exec(template);
	if (stat !== null) {
		return { node: plainValue(stat[0], open, stat[1], []), end: open + stat[0].length };
	}
	MACRO.lastIndex = open;
	const m = MACRO.exec(template);
	if (m === null) return undefined;
	const [source, name, operator, argument, chain] = m;
	const filters = compileFilterChain(chain ? chain.slice(1) : undefined, template, open, source);
	const end = open + source.length;
	if (operator === undefined) return { node: plainValue(source, open, name, filters), end };
	const arg = argument.trim();
	const node: ValueNode = {
		kind: 'value',
		source,
		start: open,
		key: `${name}${operator}${arg}`,
		keyIsPath: false,
		base: name,
		baseFilters: operator === '=' ? [equalsFlagFilter(arg)] : [],
		filters,
		raw: false,
	};
	return { node, end };
}

export function tokenizeSingular(template: string): TemplateNode[] {
	return scanMacros(template, '{', (open) => singularAt(template, open));
}
