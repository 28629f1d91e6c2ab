// Turns a dialect's nodes into render parts, once per template:
// - folds constants (static parameters) into literal text;
// - in URL templates, finds the literal origin and refuses any macro inside the scheme or host, so
//   no substituted value can ever redirect the request (docs/sources.md, goal 11);
// - for the `drop` policy, marks where each query `key=value` pair starts and where the query ends.
import type { Expr, TemplateNode, ValueNode } from './ast';
import { encodeValue, isPercentEncoding, type ValueEncoding } from './encode';
import { TemplateSyntaxError } from './errors';
import type { MacroFilter } from './filters';
import type { MissingPolicy } from './types';
import { compileSlot, lookupSlot, slotValue, type SlotContext, type ValueSlot } from './valueSlot';
import { isMissingValue, valueToText } from './valueText';

export type Evaluator = (values: object) => unknown;

export type Part =
	| { kind: 'lit'; text: string }
	| { kind: 'val'; slot: ValueSlot }
	/** A query pair starts; `ch` is the separator written before it (`?`, `&`, or none). */
	| { kind: 'sep'; ch: '' | '?' | '&' }
	/** The query ends (end of template or `#`). */
	| { kind: 'end' }
	| {
			kind: 'if';
			branches: Array<{ test: Evaluator; body: Part[] }>;
			otherwise: Part[];
	  }
	| {
			kind: 'block';
			source: string;
			filters: readonly MacroFilter[];
			/** Percent-encode the result here (a `<@urlencode>` not already inside an encoder). */
			encodeNow: boolean;
			body: Part[];
			/** Value names inside, reported when the block renders nothing. */
			names: string[];
			inPair: boolean;
	  };

export interface LayoutOptions {
	template: string;
	encoding: ValueEncoding;
	missing: MissingPolicy;
	url: boolean;
	slots: Omit<SlotContext, 'inBlock' | 'encodedAbove' | 'url' | 'encoding'>;
}

export interface Layout {
	parts: Part[];
	/** URL templates: the literal `scheme://host[:port]`. */
	origin: string | undefined;
	/** Distinct macro names, in template order (constants excluded). */
	macros: string[];
}

type UrlState = 'scheme' | 'authority' | 'path' | 'query' | 'fragment' | 'text';

const SCHEME = /^https?:\/\/$/i;

export function truthy(value: unknown): boolean {
	if (isMissingValue(value)) return false;
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value !== 0;
	if (typeof value === 'string') return value !== 'false' && value !== '0';
	return true;
}

function sameValue(a: unknown, b: unknown): boolean {
	if (typeof a === 'number' && typeof b === 'number') return a === b;
	return (valueToText(a) ?? '') === (valueToText(b) ?? '');
}

export function layoutTemplate(nodes: TemplateNode[], options: LayoutOptions): Layout {
	const { template, encoding, missing, url } = options;
	const pairs = missing === 'drop' && (url || isPercentEncoding(encoding));
	const parts: Part[] = [];
	const macros: string[] = [];
	const seen = new Set<string>();
	let state = (url ? 'scheme' : pairs ? 'query' : 'text') as UrlState;
	let origin = '';
	let literal = '';

	const slotContext = (inBlock: boolean, encodedAbove: boolean): SlotContext => ({
		...options.slots,
		encoding,
		url,
		inBlock,
		encodedAbove,
	});
	const topContext = slotContext(false, false);

	const note = (name: string) => {
		if (!seen.has(name) && !options.slots.constants.has(name)) {
			seen.add(name);
			macros.push(name);
		}
	};
	const flush = () => {
		if (literal !== '') parts.push({ kind: 'lit', text: literal });
		literal = '';
	};
	const inOrigin = () => state === 'scheme' || state === 'authority';

	const checkOrigin = (offset: number) => {
		// eslint-disable-next-line no-control-regex -- matching control characters is the point
		let valid = !/[\u0000-\u0020\u007f]/.test(origin);
		if (valid) {
			try {
				valid = new URL(origin + '/').hostname !== '';
			} catch {
				valid = false;
			}
		}
		if (!valid) {
			throw new TemplateSyntaxError(
				`"${origin}" is not a valid http(s) scheme and host`,
				template,
				offset,
			);
		}
	};

	const text = (chars: string, offset: number) => {
		for (const ch of chars) {
			switch (state) {
				case 'scheme':
					origin += ch;
					literal += ch;
					if (origin.endsWith('//')) {
						if (!SCHEME.test(origin)) {
							throw new TemplateSyntaxError(
								'A URL template must start with http:// or https://',
								template,
								0,
							);
						}
						state = 'authority';
					}
					continue;
				case 'authority':
					if (ch === '/' || ch === '\\' || ch === '?' || ch === '#') {
						checkOrigin(offset);
						state = 'path';
						break; // handled as a path character below
					}
					origin += ch;
					literal += ch;
					continue;
				default:
			}
			if (state === 'path' && ch === '?') {
				state = 'query';
				if (pairs) {
					flush();
					parts.push({ kind: 'sep', ch: '?' });
				} else {
					literal += ch;
				}
			} else if (state === 'query' && ch === '&' && pairs) {
				flush();
				parts.push({ kind: 'sep', ch: '&' });
			} else if ((state === 'path' || state === 'query') && ch === '#' && url) {
				if (state === 'query' && pairs) {
					flush();
					parts.push({ kind: 'end' });
				}
				state = 'fragment';
				literal += ch;
			} else {
				literal += ch;
			}
		}
	};

	const refuseInOrigin = (source: string, offset: number) => {
		if (state === 'scheme') {
			throw new TemplateSyntaxError(
				`A URL template must start with http:// or https:// (literal text or a constant), not with ${source}`,
				template,
				offset,
			);
		}
		if (inOrigin()) {
			throw new TemplateSyntaxError(
				`${source} is inside the URL's scheme or host. Scheme, host and port must be literal ` +
					'text (or a constant) so that a value can never redirect the request',
				template,
				offset,
			);
		}
	};

	const constantText = (node: ValueNode): string | undefined => {
		if (!options.slots.constants.has(node.key)) return undefined;
		const slot = compileSlot(node, topContext);
		const value = valueToText(slotValue(slot, {})) ?? '';
		// In the scheme/host a constant is configuration (a tracker domain): inserted as is and
		// validated with the origin. Elsewhere it is encoded like any value.
		return inOrigin() ? value : encodeValue(value, slot.encoding, node.source);
	};

	const compileExpr = (expr: Expr): Evaluator => {
		switch (expr.kind) {
			case 'ref': {
				note(expr.node.key);
				const slot = compileSlot(expr.node, slotContext(true, false));
				return (values) => {
					const v = lookupSlot(slot, values);
					return isMissingValue(v) ? undefined : v;
				};
			}
			case 'literal': {
				const value = expr.value;
				return () => value;
			}
			case 'default': {
				const of = compileExpr(expr.of);
				const fallback = expr.fallback ? compileExpr(expr.fallback) : () => '';
				return (values) => {
					const v = of(values);
					return isMissingValue(v) ? fallback(values) : v;
				};
			}
			case 'exists': {
				const of = compileExpr(expr.of);
				return (values) => !isMissingValue(of(values));
			}
			case 'not': {
				const of = compileExpr(expr.of);
				return (values) => !truthy(of(values));
			}
			case 'and':
			case 'or': {
				const left = compileExpr(expr.left);
				const right = compileExpr(expr.right);
				return expr.kind === 'and'
					? (values) => truthy(left(values)) && truthy(right(values))
					: (values) => truthy(left(values)) || truthy(right(values));
			}
			case 'compare': {
				const left = compileExpr(expr.left);
				const right = compileExpr(expr.right);
				const equal = expr.op === '==';
				return (values) => sameValue(left(values), right(values)) === equal;
			}
		}
	};

	/** Nested content (inside <#if> or <@fn>): no URL scanning, no pair markers. */
	const nested = (
		body: TemplateNode[],
		inBlock: boolean,
		encodedAbove: boolean,
		names: string[],
	): Part[] => {
		const out: Part[] = [];
		for (const node of body) {
			if (node.kind === 'text') {
				out.push({ kind: 'lit', text: node.text });
			} else if (node.kind === 'value') {
				note(node.key);
				names.push(node.key);
				const slot = compileSlot(node, slotContext(inBlock, encodedAbove));
				slot.inPair = pairs && state === 'query';
				out.push({ kind: 'val', slot });
			} else if (node.kind === 'if') {
				out.push(conditional(node.branches, node.otherwise, inBlock, encodedAbove, names));
			} else {
				out.push(
					block(node.source, node.filters, node.encodes, node.body, inBlock, encodedAbove, names),
				);
			}
		}
		return out;
	};

	const conditional = (
		branches: ReadonlyArray<{ test: Expr; body: TemplateNode[] }>,
		otherwise: TemplateNode[],
		inBlock: boolean,
		encodedAbove: boolean,
		names: string[],
	): Part => ({
		kind: 'if',
		branches: branches.map((b) => ({
			test: compileExpr(b.test),
			body: nested(b.body, inBlock, encodedAbove, names),
		})),
		otherwise: nested(otherwise, inBlock, encodedAbove, names),
	});

	const block = (
		source: string,
		filters: readonly MacroFilter[],
		encodes: boolean,
		body: TemplateNode[],
		inBlock: boolean,
		encodedAbove: boolean,
		outerNames: string[],
	): Part => {
		// Encode exactly once: the output context (when it percent-encodes) or the outermost
		// <@urlencode> does it; every <@urlencode> below that is a no-op.
		const above = inBlock ? encodedAbove : isPercentEncoding(encoding);
		const names: string[] = [];
		const part: Part = {
			kind: 'block',
			source,
			filters,
			encodeNow: encodes && !above,
			body: nested(body, true, above || encodes, names),
			names,
			inPair: pairs && state === 'query',
		};
		outerNames.push(...names);
		return part;
	};

	// Outside a URL the first form pair starts at the beginning, with no separator.
	if (state === 'query') parts.push({ kind: 'sep', ch: '' });
	for (const node of nodes) {
		switch (node.kind) {
			case 'text':
				text(node.text, node.start);
				break;
			case 'value': {
				const folded = constantText(node);
				if (folded !== undefined) {
					text(folded, node.start);
					break;
				}
				refuseInOrigin(node.source, node.start);
				flush();
				note(node.key);
				const slot = compileSlot(node, topContext);
				slot.inPair = pairs && state === 'query';
				parts.push({ kind: 'val', slot });
				break;
			}
			case 'if':
				refuseInOrigin(node.source, node.start);
				flush();
				parts.push(conditional(node.branches, node.otherwise, false, false, []));
				break;
			case 'block':
				refuseInOrigin(node.source, node.start);
				flush();
				parts.push(block(node.source, node.filters, node.encodes, node.body, false, false, []));
				break;
		}
	}
	if (state === 'scheme') {
		throw new TemplateSyntaxError(
			'A URL template must start with http:// or https://',
			template,
			0,
		);
	}
	if (state === 'authority') checkOrigin(template.length);
	flush();
	if (pairs && state === 'query') parts.push({ kind: 'end' });
	return { parts, origin: url ? origin : undefined, macros };
}
