// Helpers shared by the dialect tokenizers.
import type { TemplateNode, ValueNode } from '../ast';
import { TemplateSyntaxError } from '../errors';
import { FilterSpecError, parseFilter, splitFilterChain, type MacroFilter } from '../filters';
import { parsePath } from '../valuePath';

/** Appends literal text, merging it into a preceding text node. */
export function pushText(nodes: TemplateNode[], text: string, start: number): void {
	if (text === '') return;
	const last = nodes[nodes.length - 1];
	if (last !== undefined && last.kind === 'text') last.text += text;
	else nodes.push({ kind: 'text', text, start });
}

/** Splits `name|filter|filter:arg` at the first `|` outside quotes. */
export function splitNameAndFilters(body: string): { name: string; chain: string | undefined } {
	let quote = '';
	for (let i = 0; i < body.length; i++) {
		const ch = body[i];
		if (quote) {
			if (ch === quote) quote = '';
		} else if (ch === '"' || ch === "'") {
			quote = ch;
		} else if (ch === '|') {
			return { name: body.slice(0, i).trim(), chain: body.slice(i + 1) };
		}
	}
	return { name: body.trim(), chain: undefined };
}

/** Compiles an inline filter chain; errors point at the macro. */
export function compileFilterChain(
	chain: string | undefined,
	template: string,
	offset: number,
	source: string,
): MacroFilter[] {
	if (chain === undefined) return [];
	return splitFilterChain(chain).map((spec) => {
		if (spec.trim() === '') {
			throw new TemplateSyntaxError(`Empty filter in ${source}`, template, offset);
		}
		const filter = parseFilter(spec);
		if (filter instanceof FilterSpecError) {
			throw new TemplateSyntaxError(`In ${source}: ${filter.message}`, template, offset);
		}
		return filter;
	});
}

/** A value node for a plain name (no arguments): exact key, then dotted path. */
export function plainValue(
	source: string,
	start: number,
	name: string,
	filters: MacroFilter[],
	raw = false,
): ValueNode {
	return {
		kind: 'value',
		source,
		start,
		key: name,
		keyIsPath: parsePath(name) !== undefined,
		filters,
		raw,
	};
}

/** Throws the standard "unclosed" error. */
export function unclosed(opener: string, closer: string, template: string, offset: number): never {
	throw new TemplateSyntaxError(`Unclosed "${opener}": no matching "${closer}"`, template, offset);
}
