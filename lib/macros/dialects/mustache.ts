// `{{name}}`: our default dialect, and Tenjin's (docs.tenjin.com callback macros: `{{advertising_id}}`).
// `{{{name}}}` and `{{& name}}` insert the value unencoded (as in mustache.js); `{{! comment }}` is
// dropped. Sections and partials (`{{#…}}`, `{{^…}}`, `{{/…}}`, `{{>…}}`) are compile errors:
// postback templates have no loops, and silently printing them would send garbage.
import type { TemplateNode } from '../ast';
import { TemplateSyntaxError } from '../errors';
import { compileFilterChain, plainValue, pushText, splitNameAndFilters, unclosed } from './shared';

const VALID_NAME = /^[^\s{}]+$/;

export function tokenizeMustache(template: string): TemplateNode[] {
	const nodes: TemplateNode[] = [];
	let cursor = 0;
	for (;;) {
		const open = template.indexOf('{{', cursor);
		if (open < 0) break;
		pushText(nodes, template.slice(cursor, open), cursor);
		const triple = template.startsWith('{{{', open);
		const closer = triple ? '}}}' : '}}';
		const close = template.indexOf(closer, open + closer.length);
		if (close < 0) unclosed(triple ? '{{{' : '{{', closer, template, open);
		const end = close + closer.length;
		const source = template.slice(open, end);
		let body = template.slice(open + closer.length, close).trim();
		cursor = end;
		let raw = triple;
		const sigil = body[0];
		if (!triple && sigil === '!') continue;
		if (
			!triple &&
			(sigil === '#' || sigil === '^' || sigil === '/' || sigil === '>' || sigil === '=')
		) {
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
		nodes.push(
			plainValue(source, open, name, compileFilterChain(chain, template, open, source), raw),
		);
	}
	pushText(nodes, template.slice(cursor), cursor);
	return nodes;
}
