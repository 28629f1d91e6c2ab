// Turns a dialect's nodes into render parts, once per template:
// - folds constants (static parameters) into literal text;
// - in URL templates, finds the literal origin and refuses any macro inside the scheme or host, so
//   no substituted value can ever redirect the request (docs/sources.md, goal 11; the state
//   machine is urlScanner.ts);
// - for the `drop` policy, marks where each query `key=value` pair starts and where the query ends.
import type { BlockNode, IfNode, TemplateNode, ValueNode } from './ast';
import { compileCondition, type Evaluator } from './conditions';
import { encodeValue, isPercentEncoding, type ValueEncoding } from './encode';
import type { MacroFilter } from './filters';
import type { MissingPolicy } from './types';
import { UrlScanner } from './urlScanner';
import { compileSlot, slotValue, type SlotContext, type ValueSlot } from './valueSlot';
import { valueToText } from './valueText';

export { truthy, type Evaluator } from './conditions';

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

/** Where nested content sits: inside a block, and whether an encoder above already encodes it. */
interface Nesting {
	inBlock: boolean;
	encodedAbove: boolean;
	/** Collects the value names inside, for the enclosing block's report. */
	names: string[];
}

const TOP: Readonly<Omit<Nesting, 'names'>> = { inBlock: false, encodedAbove: false };

/** The compile-time state of one layoutTemplate call; the URL state lives in `scanner`. */
class LayoutBuilder {
	readonly parts: Part[] = [];
	readonly macros: string[] = [];
	private readonly seen = new Set<string>();
	readonly scanner: UrlScanner;
	private readonly topContext: SlotContext;

	constructor(private readonly options: LayoutOptions) {
		const { template, encoding, missing, url } = options;
		const pairs = missing === 'drop' && (url || isPercentEncoding(encoding));
		this.scanner = new UrlScanner(this.parts, template, url, pairs);
		this.topContext = this.slotContext(false, false);
	}

	/** One top-level node: literal text moves the URL state; anything else is placed after it. */
	node(node: TemplateNode): void {
		const scanner = this.scanner;
		if (node.kind === 'text') return scanner.text(node.text, node.start);
		if (node.kind === 'value') {
			const folded = this.constantText(node);
			if (folded !== undefined) return scanner.text(folded, node.start);
			return scanner.placeDynamic(node.source, node.start, () => this.value(node, this.topContext));
		}
		const top = { ...TOP, names: [] };
		scanner.placeDynamic(node.source, node.start, () =>
			node.kind === 'if' ? this.conditional(node, top) : this.block(node, top),
		);
	}

	private slotContext(inBlock: boolean, encodedAbove: boolean): SlotContext {
		return {
			...this.options.slots,
			encoding: this.options.encoding,
			url: this.options.url,
			inBlock,
			encodedAbove,
		};
	}

	/** Records a macro name the first time it appears (constants are not macros). */
	private note(name: string): void {
		if (!this.seen.has(name) && !this.options.slots.constants.has(name)) {
			this.seen.add(name);
			this.macros.push(name);
		}
	}

	private constantText(node: ValueNode): string | undefined {
		if (!this.options.slots.constants.has(node.key)) return undefined;
		const slot = compileSlot(node, this.topContext);
		const value = valueToText(slotValue(slot, {})) ?? '';
		// In the scheme/host a constant is configuration (a tracker domain): inserted as is and
		// validated with the origin. Elsewhere it is encoded like any value.
		return this.scanner.inOrigin ? value : encodeValue(value, slot.encoding, node.source);
	}

	private value(node: ValueNode, context: SlotContext): Part {
		this.note(node.key);
		const slot = compileSlot(node, context);
		slot.inPair = this.scanner.inPair;
		return { kind: 'val', slot };
	}

	/** Nested content (inside <#if> or <@fn>): no URL scanning, no pair markers. */
	private nested(body: TemplateNode[], at: Nesting): Part[] {
		return body.map((node): Part => {
			switch (node.kind) {
				case 'text':
					return { kind: 'lit', text: node.text };
				case 'value':
					at.names.push(node.key);
					return this.value(node, this.slotContext(at.inBlock, at.encodedAbove));
				case 'if':
					return this.conditional(node, at);
				case 'block':
					return this.block(node, at);
			}
		});
	}

	private conditional(node: IfNode, at: Nesting): Part {
		const conditionSlot = (ref: ValueNode) => {
			this.note(ref.key);
			return compileSlot(ref, this.slotContext(true, false));
		};
		return {
			kind: 'if',
			branches: node.branches.map((b) => ({
				test: compileCondition(b.test, conditionSlot),
				body: this.nested(b.body, at),
			})),
			otherwise: this.nested(node.otherwise, at),
		};
	}

	private block(node: BlockNode, at: Nesting): Part {
		// Encode exactly once: the output context (when it percent-encodes) or the outermost
		// <@urlencode> does it; every <@urlencode> below that is a no-op.
		const above = at.inBlock ? at.encodedAbove : isPercentEncoding(this.options.encoding);
		const names: string[] = [];
		const body = this.nested(node.body, {
			inBlock: true,
			encodedAbove: above || node.encodes,
			names,
		});
		at.names.push(...names);
		return {
			kind: 'block',
			source: node.source,
			filters: node.filters,
			encodeNow: node.encodes && !above,
			body,
			names,
			inPair: this.scanner.inPair,
		};
	}
}

export function layoutTemplate(nodes: TemplateNode[], options: LayoutOptions): Layout {
	const builder = new LayoutBuilder(options);
	for (const node of nodes) builder.node(node);
	const origin = builder.scanner.finish();
	return { parts: builder.parts, origin, macros: builder.macros };
}
