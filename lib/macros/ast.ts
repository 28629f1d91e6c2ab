// What every dialect tokenizer produces: literal text, values, and (Branch only) conditionals and
// function blocks. Offsets point into the template for error messages.
import type { MacroFilter } from './filters';

export interface TextNode {
	kind: 'text';
	text: string;
	start: number;
}

/** One substitution, e.g. `{{idfa|lower}}`, `{date:U}`, `${(user_data.aaid)!}`. */
export interface ValueNode {
	kind: 'value';
	/** The macro exactly as written, kept for the `keep` policy and error messages. */
	source: string;
	start: number;
	/** The exact lookup key: the token text without syntax, e.g. `idfa`, `date:U`, `cl?Facebook`. */
	key: string;
	/** Whether `key` may be walked as a dotted path (`user_data.aaid`, `items[0].sku`). */
	keyIsPath: boolean;
	/**
	 * Function/argument semantics: the name the arguments apply to (`date` in `{date:U}`), looked up
	 * when `key` has no value; `baseFilters` then turn its value into the macro's value.
	 */
	base?: string;
	baseFilters?: readonly MacroFilter[];
	/** When nothing resolves, use the render time (Keitaro `{date:…}`, FreeMarker `.now`). */
	clock?: boolean;
	/** When nothing resolves, compute a value (Keitaro `{random:1,9}`). */
	generate?: () => unknown;
	/** Inline filters, in order. */
	filters: readonly MacroFilter[];
	/** Insert without encoding (Keitaro `{_name}`, mustache `{{{name}}}`). */
	raw: boolean;
}

/** `<#if a>…<#elseif b>…<#else>…</#if>` */
export interface IfNode {
	kind: 'if';
	source: string;
	start: number;
	branches: ReadonlyArray<{ test: Expr; body: TemplateNode[] }>;
	otherwise: TemplateNode[];
}

/** `<@sha256>…</@sha256>`: render the body unencoded, transform it, then encode the result once. */
export interface BlockNode {
	kind: 'block';
	source: string;
	start: number;
	/** The function name as written, e.g. `urlencode`, `dateformat`. */
	fn: string;
	/** `urlencode` blocks: the result must end up percent-encoded exactly once. */
	encodes: boolean;
	filters: readonly MacroFilter[];
	body: TemplateNode[];
}

export type TemplateNode = TextNode | ValueNode | IfNode | BlockNode;

/** A FreeMarker condition expression (the subset Branch templates use). */
export type Expr =
	| { kind: 'ref'; node: ValueNode }
	| { kind: 'literal'; value: string | number | boolean }
	/** `x!` / `x!"fallback"`: the value, or the fallback (empty) when missing. */
	| { kind: 'default'; of: Expr; fallback: Expr | null }
	/** `x??`: whether the value exists. */
	| { kind: 'exists'; of: Expr }
	| { kind: 'not'; of: Expr }
	| { kind: 'and' | 'or'; left: Expr; right: Expr }
	| { kind: 'compare'; op: '==' | '!='; left: Expr; right: Expr };
