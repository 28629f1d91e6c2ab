// `{name}`: Adjust (`{gps_adid}`), Kochava (`{kochava_device_id}`), Binom (`{clickid}`), AppMetrica
// (`{click_id}`, any tracking-URL parameter) and dotted names such as Awin's `{awin.merchant_id}`.
// A `{` that does not open a well-formed macro is literal text, so JSON bodies (`{"a":"{click_id}"}`)
// need no escaping.
import type { TemplateNode } from '../ast';
import { compileFilterChain, plainValue, pushText, splitNameAndFilters } from './shared';

// name, then optional `|filter|filter:arg` (no braces inside).
const MACRO = /\{([A-Za-z_@$~][\w.\-@$~[\]]*(?:\|[^{}]*)?)\}/g;

export function tokenizeBrace(template: string): TemplateNode[] {
	const nodes: TemplateNode[] = [];
	let cursor = 0;
	MACRO.lastIndex = 0;
	for (let m = MACRO.exec(template); m !== null; m = MACRO.exec(template)) {
		pushText(nodes, template.slice(cursor, m.index), cursor);
		const { name, chain } = splitNameAndFilters(m[1]);
		nodes.push(plainValue(m[0], m.index, name, compileFilterChain(chain, template, m.index, m[0])));
		cursor = m.index + m[0].length;
	}
	pushText(nodes, template.slice(cursor), cursor);
	return nodes;
}
