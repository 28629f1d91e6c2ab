// `{{name}}`: our default dialect, and Tenjin's (docs.tenjin.com callback macros: `{{advertising_id}}`).
// `{{{name}}}` and `{{& name}}` insert the value unencoded (as in mustache.js); `{{! comment }}` is
// dropped. Sections and partials (`{{#…}}`, `{{^…}}`, `{{/…}}`, `{{>…}}`) are compile errors:
// postback templates have no loops, and silently printing them would send garbage.
import type { TemplateNode } from '../ast';
import { TemplateSyntaxError } from '../errors';
import {
	compileFilterChain,
	plainValue,
	scanMacros,
	splitNameAndFilters,
	unclosed,
	type MacroAt,
} from './shared';

const VALID_NAME = /^[^\s{}]+$/;

const UNSUPPORTED_SIGILS = new Set(['#', '^', '/', '>', '=']);

/** The `{{…}}` or `{{{…}}}` at `open`; a `{{! comment }}` has no node. */
function mustacheAt(template: string, open: number): MacroAt {
	const triple = template.startsWith('{{{', open);
	const closer = triple ? '}}}' : '}}';
	const close = template.indexOf(closer, open + closer.length);
	if (close < 0) unclosed(triple ? '{{{' : '{{', closer, template, open);
	const end = close + closer.length;
	const source = template.slice(open, end);
	let body = template.slice(open + closer.length, close).trim();
	let raw = triple;
	const sigil = body[0];
	if (!triple && sigil === '!') return { node: undefined, end };
	if (!triple && UNSUPPORTED_SIGILS.has(sigil)) {
		throw new TemplateSyntaxError(
			`Mustache sections, partials and delimiters are not supported: ${source}`,
			template,
			open,
		);
	}
	if (!triple && sigil === '&') {
		raw = true;
		body = body.slice(1).trim();
	}
	const { name, chain } = splitNameAndFilters(body);
	if (name === '') throw new TemplateSyntaxError(`Empty macro ${source}`, template, open);
	if (!VALID_NAME.test(name)) {
		throw new TemplateSyntaxError(`Invalid macro name in ${source}`, template, open);
	}
	const filters = compileFilterChain(chain, template, open, source);
	return { node: plainValue(source, open, name, filters, raw), end };
}

export function tokenizeMustache(template: string): TemplateNode[] {
	return scanMacros(template, '{{', (open) => mustacheAt(template, open));
}
