// Singular partner-postback macros (support.singular.net article 115004063323;
// docs/nodes/render-callback.md, "Dialects"):
// - `{UPPER_CASE}`: `{IDFA}`, `{EVTNAME}`, `{AMOUNT}`, …;
// - `{name?Network Name}`: network-scoped values such as `{cl?Facebook}` (the network's click id);
// - `{NAME=Value}`: `1` when NAME equals Value, else `0` (`{NETWORK=Facebook}`);
// - `{{param}}`: a static parameter entered at setup; pass it as a `constants` entry (or a value).
// A `{` that does not open a macro is literal text.
import type { TemplateNode } from '../ast';
import { equalsFlagFilter } from '../filters';
import { compileFilterChain, plainValue, pushText } from './shared';

const STATIC_PARAM = /\{\{([A-Za-z_][\w.-]*)\}\}/y;
const MACRO = /\{([A-Za-z_]\w*)(?:([?=])([^{}|]+))?((?:\|[^{}]*)?)\}/y;

export function tokenizeSingular(template: string): TemplateNode[] {
	const nodes: TemplateNode[] = [];
	let cursor = 0;
	let scan = 0;
	for (;;) {
		const open = template.indexOf('{', scan);
		if (open < 0) break;
		STATIC_PARAM.lastIndex = open;
		const stat = STATIC_PARAM.exec(template);
		if (stat !== null) {
			pushText(nodes, template.slice(cursor, open), cursor);
			nodes.push(plainValue(stat[0], open, stat[1], []));
			cursor = scan = open + stat[0].length;
			continue;
		}
		MACRO.lastIndex = open;
		const m = MACRO.exec(template);
		if (m === null) {
			scan = open + 1;
			continue;
		}
		pushText(nodes, template.slice(cursor, open), cursor);
		const [source, name, operator, argument, chain] = m;
		const filters = compileFilterChain(chain ? chain.slice(1) : undefined, template, open, source);
		if (operator === undefined) {
			nodes.push(plainValue(source, open, name, filters));
		} else {
			const arg = argument.trim();
			nodes.push({
				kind: 'value',
				source,
				start: open,
				key: `${name}${operator}${arg}`,
				keyIsPath: false,
				base: name,
				baseFilters: operator === '=' ? [equalsFlagFilter(arg)] : [],
				filters,
				raw: false,
			});
		}
		cursor = scan = open + source.length;
	}
	pushText(nodes, template.slice(cursor), cursor);
	return nodes;
}
