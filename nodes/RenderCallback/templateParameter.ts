// Reading template parameters: once per execution when they are fixed, per item when they hold
// an n8n expression.
//
// n8n switches a field to Expression as soon as the user types `{{`, so a mustache template such as
// `https://x/?c={{click_id}}` can reach the node as the expression `=https://x/?c={{click_id}}`,
// which n8n would evaluate as JavaScript (`click_id` is not an n8n variable). When every `{{…}}` in
// an expression is a bare macro name (optionally with `|filters`) and nothing references `$…`, the
// field is a macro template switched by accident, and the node uses its text as written.
import type { IExecuteFunctions, NodeParameterValueType } from 'n8n-workflow';

import { isExpression } from '../shared/nodeParameters';

export type TextReader = (itemIndex: number) => string;

const BLOCK = /\{\{([\s\S]*?)\}\}/g;
const MACRO_BODY = /^\s*[A-Za-z_@~][\w.\-@~[\]"']*\s*(?:\|[^{}$]*)?$/;

/** The template text of an expression that only contains macros, else undefined. */
export function macroOnlyTemplate(raw: string): string | undefined {
	if (!isExpression(raw)) return undefined;
	const text = raw.slice(1);
	let blocks = 0;
	for (const match of text.matchAll(BLOCK)) {
		blocks++;
		const body =
			match[1].startsWith('{') || match[1].startsWith('&') ? match[1].slice(1) : match[1];
		if (body.includes('$') || !MACRO_BODY.test(body)) return undefined;
	}
	return blocks > 0 ? text : undefined;
}

function asText(value: NodeParameterValueType | object | undefined): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * A reader for a template held at `path` in the node's parameters (`url`, `body`,
 * `headers.header[0].value`).
 */
export function templateReader(context: IExecuteFunctions, path: string, raw: unknown): TextReader {
	if (isExpression(raw)) {
		const literal = macroOnlyTemplate(raw);
		if (literal !== undefined) return () => literal;
		return (itemIndex) => asText(context.getNodeParameter(path, itemIndex, ''));
	}
	const value =
		raw === undefined ? asText(context.getNodeParameter(path, 0, '')) : asText(raw as string);
	return () => value;
}
