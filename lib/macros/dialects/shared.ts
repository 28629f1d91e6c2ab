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

/** A macro found at an opener: its node (none for a comment) and the index just after it. */
export interface MacroAt {
	node: TemplateNode | undefined;
	end: number;
}

/**
 * The scan every single-token dialect shares: at each `opener`, `macroAt` reads the macro there
 * (or returns undefined when the opener is literal text there, and the scan goes on one character
 * later); the text between macros becomes text nodes.
 */
export function scanMacros(
	template: string,
	opener: string,
	macroAt: (open: number) => MacroAt | undefined,
): TemplateNode[] {
	const nodes: TemplateNode[] = [];
	let cursor = 0;
	let scan = 0;
	for (let open = template.indexOf(opener); open >= 0; open = template.indexOf(opener, scan)) {
		const macro = macroAt(open);
		if (macro === undefined) {
			scan = open + 1;
			continue;
		}
		pushText(nodes, template.slice(cursor, open), cursor);
		if (macro.node !== undefined) nodes.push(macro.node);
		cursor = scan = macro.end;
	}
	pushText(nodes, template.slice(cursor), cursor);
	return nodes;
}

/**
 * Index of the first `target` at or after `from` that is outside quotes (and, with `parens`,
 * outside parentheses); -1 when there is none.
 */
export function indexOutsideQuotes(text: string, target: string, from = 0, parens = false): number {
	let quote = '';
	let depth = 0;
	for (let i = from; i < text.length; i++) {
		const ch = text[i];
		if (quote) {
			if (ch === quote) quote = '';
		} else if (ch === '"' || ch === "'") {
			quote = ch;
		} else if (parens && ch === '(') {
			depth++;
		} else if (parens && ch === ')') {
			depth--;
		} else if (depth <= 0 && text.startsWith(target, i)) {
			return i;
		}
	}
	return -1;
}

/** Splits `name|filter|filter:arg` at the first `|` outside quotes. */
export function splitNameAndFilters(body: string): { name: string; chain: string | undefined } {
	const bar = indexOutsideQuotes(body, '|');
	if (bar < 0) return { name: body.trim(), chain: undefined };
	return { name: body.slice(0, bar).trim(), chain: body.slice(bar + 1) };
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
