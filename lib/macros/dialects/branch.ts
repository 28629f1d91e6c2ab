// Branch postback templates: the FreeMarker subset Branch documents (help.branch.io "Postback
// Macros & Functions"; docs/nodes/render-callback.md, "Dialects"):
// - `${(path)!}`, `${(path)!"default"}`, `${path}`, `${.now}`, built-ins `?long ?lower_case
//   ?upper_case ?trim ?url ?c ?string`, then optionally our `|filter` chain;
// - `<#if cond>…<#elseif cond>…<#else>…</#if>` with `== != ! && || ?? !` and parentheses;
// - function tags `<@urlencode> <@urldecode> <@md5> <@sha1> <@sha256> <@base64> <@json> <@lower>
//   <@upper> <@alphanumeric> <@truncate> <@firstNotEmpty> <@ternary> <@iso8601UTCDate>
//   <@dateformat output_date_format="…">`. A tag renders its content unencoded, transforms it,
//   and the result is encoded once; `<@urlencode>` therefore never double-encodes.
// Any other directive or function (`<#list>`, `<#include>`, `<@loop>`, …) is a compile error.
// Paths: `user_data.aaid`, `last_attributed_touch_data.~campaign`, `content_items[0].$sku`,
// `last_attributed_touch_data["~tune_publisher_id"]`.
import type { BlockNode, Expr, IfNode, TemplateNode, ValueNode } from '../ast';
import { TemplateSyntaxError } from '../errors';
import { createFilter, patternDateFilter, type MacroFilter } from '../filters';
import { parsePath } from '../valuePath';
import { compileFilterChain, pushText, unclosed } from './shared';

const BUILTINS: Record<string, string | null> = {
	long: 'unix_ms',
	lower_case: 'lower',
	upper_case: 'upper',
	trim: 'trim',
	url: 'urlencode',
	c: null,
	string: null,
};

const FUNCTIONS: Record<string, string | null> = {
	urlencode: null,
	urldecode: 'urldecode',
	md5: 'md5',
	sha1: 'sha1',
	sha256: 'sha256',
	base64: 'base64',
	json: 'json',
	lower: 'lower',
	upper: 'upper',
	alphanumeric: 'alphanumeric',
	truncate: 'truncate',
	firstNotEmpty: 'first_not_empty',
	ternary: 'ternary',
	iso8601UTCDate: 'iso8601',
	dateformat: 'dateformat',
};

const PATH = /\.now|[A-Za-z_$~][\w$~]*(?:\.[\w$~]+|\[\s*(?:\d+|"[^"]*"|'[^']*')\s*\])*/y;
const NUMBER = /-?\d+(?:\.\d+)?/y;
const IDENT = /[A-Za-z_]\w*/y;

/** `a["~b"][0]` → `a.~b.0`: the name a path is reported and looked up under. */
function normalizePath(path: string): string {
	return path.replace(
		/\[\s*(?:(\d+)|"([^"]*)"|'([^']*)')\s*\]/g,
		(_m, n, d, s) => `.${n ?? d ?? s}`,
	);
}

function refNode(path: string, source: string, start: number, filters: MacroFilter[]): ValueNode {
	if (path === '.now') {
		return {
			kind: 'value',
			source,
			start,
			key: '.now',
			keyIsPath: false,
			clock: true,
			filters,
			raw: false,
		};
	}
	const key = normalizePath(path);
	return {
		kind: 'value',
		source,
		start,
		key,
		keyIsPath: parsePath(key) !== undefined,
		filters,
		raw: false,
	};
}

/** Recursive-descent parser for one `${…}` body or `<#if …>` condition. */
class ExprParser {
	private pos = 0;

	constructor(
		private readonly src: string,
		private readonly template: string,
		private readonly offset: number,
		private readonly source: string,
	) {}

	fail(message: string): never {
		throw new TemplateSyntaxError(`${message} in ${this.source}`, this.template, this.offset);
	}

	private ws(): void {
		while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++;
	}

	private peek(token: string): boolean {
		this.ws();
		return this.src.startsWith(token, this.pos);
	}

	private eat(token: string): boolean {
		if (!this.peek(token)) return false;
		this.pos += token.length;
		return true;
	}

	atEnd(): boolean {
		this.ws();
		return this.pos >= this.src.length;
	}

	rest(): string {
		return this.src.slice(this.pos);
	}

	private sticky(re: RegExp): string | undefined {
		this.ws();
		re.lastIndex = this.pos;
		const m = re.exec(this.src);
		if (m === null) return undefined;
		this.pos += m[0].length;
		return m[0];
	}

	private stringLiteral(): string | undefined {
		this.ws();
		const q = this.src[this.pos];
		if (q !== '"' && q !== "'") return undefined;
		const end = this.src.indexOf(q, this.pos + 1);
		if (end < 0) this.fail('Unterminated string');
		const value = this.src.slice(this.pos + 1, end);
		this.pos = end + 1;
		return value;
	}

	parseOr(): Expr {
		let left = this.parseAnd();
		while (this.eat('||')) left = { kind: 'or', left, right: this.parseAnd() };
		return left;
	}

	private parseAnd(): Expr {
		let left = this.parseUnary();
		while (this.eat('&&')) left = { kind: 'and', left, right: this.parseUnary() };
		return left;
	}

	private parseUnary(): Expr {
		if (this.peek('!') && !this.peek('!=')) {
			this.pos++;
			return { kind: 'not', of: this.parseUnary() };
		}
		const left = this.parsePostfix();
		if (this.eat('==')) return { kind: 'compare', op: '==', left, right: this.parsePostfix() };
		if (this.eat('!=')) return { kind: 'compare', op: '!=', left, right: this.parsePostfix() };
		if (this.peek('=') && !this.peek('=>')) {
			this.pos++;
			return { kind: 'compare', op: '==', left, right: this.parsePostfix() };
		}
		return left;
	}

	parsePostfix(): Expr {
		let expr = this.parsePrimary();
		for (;;) {
			if (this.eat('??')) {
				expr = { kind: 'exists', of: expr };
			} else if (this.peek('!') && !this.peek('!=')) {
				this.pos++;
				expr = { kind: 'default', of: expr, fallback: this.optionalLiteral() };
			} else {
				return expr;
			}
		}
	}

	private optionalLiteral(): Expr | null {
		const s = this.stringLiteral();
		if (s !== undefined) return { kind: 'literal', value: s };
		const n = this.sticky(NUMBER);
		return n === undefined ? null : { kind: 'literal', value: Number(n) };
	}

	private parsePrimary(): Expr {
		if (this.eat('(')) {
			const inner = this.parseOr();
			if (!this.eat(')')) this.fail('Missing ")"');
			return inner;
		}
		const s = this.stringLiteral();
		if (s !== undefined) return { kind: 'literal', value: s };
		const n = this.sticky(NUMBER);
		if (n !== undefined) return { kind: 'literal', value: Number(n) };
		const path = this.sticky(PATH);
		if (path === undefined) this.fail(`Unexpected "${this.src.slice(this.pos, this.pos + 10)}"`);
		if (path === 'true' || path === 'false') return { kind: 'literal', value: path === 'true' };
		return { kind: 'ref', node: refNode(path, this.source, this.offset, []) };
	}

	/** After an interpolation's expression: `?builtin` calls. */
	builtins(): string[] {
		const specs: string[] = [];
		while (this.peek('?')) {
			this.pos++;
			const name = this.sticky(IDENT);
			const mapped = name === undefined ? undefined : BUILTINS[name];
			if (name === undefined || mapped === undefined) {
				this.fail(`Unsupported FreeMarker built-in "?${name ?? ''}"`);
			}
			if (mapped !== null) specs.push(mapped);
		}
		return specs;
	}
}

/** Finds the end of a tag or interpolation: the closer outside quotes and parentheses. */
function findClose(template: string, from: number, closer: string): number {
	let quote = '';
	let depth = 0;
	for (let i = from; i < template.length; i++) {
		const ch = template[i];
		if (quote) {
			if (ch === quote) quote = '';
		} else if (ch === '"' || ch === "'") {
			quote = ch;
		} else if (ch === '(') {
			depth++;
		} else if (ch === ')') {
			depth--;
		} else if (depth <= 0 && template.startsWith(closer, i)) {
			return i;
		}
	}
	return -1;
}

function interpolation(template: string, open: number, close: number): ValueNode {
	const source = template.slice(open, close + 1);
	const parser = new ExprParser(template.slice(open + 2, close), template, open, source);
	const expr = parser.parsePostfix();
	const specs = parser.builtins();
	let chain: string | undefined;
	if (!parser.atEnd()) {
		const rest = parser.rest().trimStart();
		if (!rest.startsWith('|')) parser.fail(`Unexpected "${rest.slice(0, 10)}"`);
		chain = rest.slice(1);
	}
	let target = expr;
	let fallback: string | undefined;
	if (target.kind === 'default') {
		if (target.fallback !== null && target.fallback.kind === 'literal') {
			fallback = String(target.fallback.value);
		}
		target = target.of;
	}
	const node = target.kind === 'ref' ? target.node : parser.fail('Only a value can be printed');
	const filters: MacroFilter[] = [];
	if (fallback !== undefined) filters.push(createFilter(`default:"${fallback}"`));
	for (const spec of specs) filters.push(createFilter(spec));
	filters.push(...compileFilterChain(chain, template, open, source));
	return { ...node, source, filters };
}

function functionFilter(
	name: string,
	attrs: string,
	template: string,
	start: number,
): MacroFilter[] {
	const spec = FUNCTIONS[name];
	if (spec === null) return [];
	if (spec === 'dateformat') {
		const m = /output_date_format\s*=\s*"([^"]*)"/.exec(attrs);
		if (!m) {
			throw new TemplateSyntaxError('<@dateformat> needs output_date_format="…"', template, start);
		}
		return [patternDateFilter(m[1])];
	}
	if (spec === 'iso8601') return [patternDateFilter("yyyy-MM-dd'T'HH:mm:ss'.000Z'")];
	return [createFilter(spec)];
}

type Frame =
	| { kind: 'root'; body: TemplateNode[] }
	| {
			kind: 'if';
			start: number;
			branches: Array<{ test: Expr; body: TemplateNode[] }>;
			otherwise: TemplateNode[] | null;
			body: TemplateNode[];
	  }
	| { kind: 'block'; start: number; fn: string; filters: MacroFilter[]; body: TemplateNode[] };

export function tokenizeBranch(template: string): TemplateNode[] {
	const root: Frame = { kind: 'root', body: [] };
	const stack: Frame[] = [root];
	const top = () => stack[stack.length - 1];
	let cursor = 0;
	const OPENER = /\$\{|<#--|<\/?[#@]/g;
	for (let m = OPENER.exec(template); m !== null; m = OPENER.exec(template)) {
		const at = m.index;
		pushText(top().body, template.slice(cursor, at), cursor);
		if (m[0] === '${') {
			const close = findClose(template, at + 2, '}');
			if (close < 0) unclosed('${', '}', template, at);
			top().body.push(interpolation(template, at, close));
			cursor = close + 1;
		} else if (m[0] === '<#--') {
			const close = template.indexOf('-->', at + 4);
			if (close < 0) unclosed('<#--', '-->', template, at);
			cursor = close + 3;
		} else {
			const closing = m[0][1] === '/';
			const sigil = m[0][m[0].length - 1];
			const close = findClose(template, at + m[0].length, '>');
			if (close < 0) unclosed(m[0], '>', template, at);
			const inner = template.slice(at + m[0].length, close);
			const name = /^[A-Za-z_]\w*/.exec(inner)?.[0] ?? '';
			const args = inner.slice(name.length).trim();
			const tag = template.slice(at, close + 1);
			cursor = close + 1;
			if (sigil === '#') directive(name, args, closing, tag, at);
			else functionTag(name, args, closing, tag, at);
		}
		OPENER.lastIndex = cursor;
	}
	pushText(top().body, template.slice(cursor), cursor);
	const open = top();
	if (open.kind !== 'root') {
		unclosed(
			open.kind === 'if' ? '<#if>' : `<@${open.fn}>`,
			open.kind === 'if' ? '</#if>' : `</@${open.fn}>`,
			template,
			open.start,
		);
	}
	return root.body;

	function directive(name: string, args: string, closing: boolean, tag: string, at: number): void {
		const frame = top();
		if (name === 'if' && !closing) {
			const test = new ExprParser(args, template, at, tag).parseOr();
			const body: TemplateNode[] = [];
			stack.push({ kind: 'if', start: at, branches: [{ test, body }], otherwise: null, body });
		} else if (name === 'elseif' && !closing) {
			if (frame.kind !== 'if' || frame.otherwise !== null) {
				throw new TemplateSyntaxError(`${tag} without an open <#if>`, template, at);
			}
			const body: TemplateNode[] = [];
			frame.branches.push({ test: new ExprParser(args, template, at, tag).parseOr(), body });
			frame.body = body;
		} else if (name === 'else' && !closing) {
			if (frame.kind !== 'if' || frame.otherwise !== null) {
				throw new TemplateSyntaxError(`${tag} without an open <#if>`, template, at);
			}
			frame.otherwise = [];
			frame.body = frame.otherwise;
		} else if (name === 'if' && closing) {
			if (frame.kind !== 'if')
				throw new TemplateSyntaxError(`${tag} without an open <#if>`, template, at);
			stack.pop();
			const node: IfNode = {
				kind: 'if',
				source: template.slice(frame.start, at + tag.length),
				start: frame.start,
				branches: frame.branches,
				otherwise: frame.otherwise ?? [],
			};
			top().body.push(node);
		} else {
			throw new TemplateSyntaxError(
				`Unknown or unsupported FreeMarker directive ${tag} (supported: <#if>, <#elseif>, <#else>)`,
				template,
				at,
			);
		}
	}

	function functionTag(
		name: string,
		args: string,
		closing: boolean,
		tag: string,
		at: number,
	): void {
		if (!Object.prototype.hasOwnProperty.call(FUNCTIONS, name)) {
			throw new TemplateSyntaxError(
				`Unsupported Branch function ${tag} (supported: ${Object.keys(FUNCTIONS)
					.map((f) => `<@${f}>`)
					.join(', ')})`,
				template,
				at,
			);
		}
		if (!closing) {
			if (args.endsWith('/')) {
				throw new TemplateSyntaxError(
					`${tag} needs content and a closing </@${name}>`,
					template,
					at,
				);
			}
			const filters = functionFilter(name, args, template, at);
			stack.push({ kind: 'block', start: at, fn: name, filters, body: [] });
			return;
		}
		const frame = top();
		if (frame.kind !== 'block' || frame.fn !== name) {
			throw new TemplateSyntaxError(`${tag} does not close the innermost open tag`, template, at);
		}
		stack.pop();
		const node: BlockNode = {
			kind: 'block',
			source: template.slice(frame.start, at + tag.length),
			start: frame.start,
			fn: name,
			encodes: name === 'urlencode',
			filters: frame.filters,
			body: frame.body,
		};
		top().body.push(node);
	}
}
