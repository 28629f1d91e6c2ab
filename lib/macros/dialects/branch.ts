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
import { compileFilterChain, indexOutsideQuotes, pushText, unclosed } from './shared';

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
	return indexOutsideQuotes(template, closer, from, true);
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

/** A `<#…>` or `<@…>` tag: `<#elseif a == 1>` has name `elseif`, args `a == 1`. */
interface Tag {
	name: string;
	args: string;
	closing: boolean;
	/** The tag as written. */
	source: string;
	at: number;
}

/** The parse state of one Branch template: a stack of open `<#if>` and `<@fn>` tags. */
class BranchTokenizer {
	private readonly root: TemplateNode[] = [];
	private readonly stack: Frame[] = [{ kind: 'root', body: this.root }];

	constructor(private readonly template: string) {}

	run(): TemplateNode[] {
		const template = this.template;
		const opener = /\$\{|<#--|<\/?[#@]/g;
		let cursor = 0;
		for (let m = opener.exec(template); m !== null; m = opener.exec(template)) {
			pushText(this.top().body, template.slice(cursor, m.index), cursor);
			cursor = this.token(m[0], m.index);
			opener.lastIndex = cursor;
		}
		pushText(this.top().body, template.slice(cursor), cursor);
		const open = this.top();
		if (open.kind !== 'root') {
			unclosed(
				open.kind === 'if' ? '<#if>' : `<@${open.fn}>`,
				open.kind === 'if' ? '</#if>' : `</@${open.fn}>`,
				template,
				open.start,
			);
		}
		return this.root;
	}

	private top(): Frame {
		return this.stack[this.stack.length - 1];
	}

	/** Reads the token `opener` starts at `at`; returns where the text after it starts. */
	private token(opener: string, at: number): number {
		const template = this.template;
		if (opener === '${') {
			const close = findClose(template, at + 2, '}');
			if (close < 0) unclosed('${', '}', template, at);
			this.top().body.push(interpolation(template, at, close));
			return close + 1;
		}
		if (opener === '<#--') {
			const close = template.indexOf('-->', at + 4);
			if (close < 0) unclosed('<#--', '-->', template, at);
			return close + 3;
		}
		const close = findClose(template, at + opener.length, '>');
		if (close < 0) unclosed(opener, '>', template, at);
		const inner = template.slice(at + opener.length, close);
		const name = /^[A-Za-z_]\w*/.exec(inner)?.[0] ?? '';
		const tag: Tag = {
			name,
			args: inner.slice(name.length).trim(),
			closing: opener[1] === '/',
			source: template.slice(at, close + 1),
			at,
		};
		if (opener.endsWith('#')) this.directive(tag);
		else this.functionTag(tag);
		return close + 1;
	}

	private fail(message: string, at: number): never {
		throw new TemplateSyntaxError(message, this.template, at);
	}

	private condition(tag: Tag): Expr {
		return new ExprParser(tag.args, this.template, tag.at, tag.source).parseOr();
	}

	/** `<#if>`, `<#elseif>`, `<#else>`, `</#if>`. */
	private directive(tag: Tag): void {
		const frame = this.top();
		const key = tag.closing ? `/${tag.name}` : tag.name;
		if (key === 'if') {
			const body: TemplateNode[] = [];
			const test = this.condition(tag);
			this.stack.push({
				kind: 'if',
				start: tag.at,
				branches: [{ test, body }],
				otherwise: null,
				body,
			});
			return;
		}
		if (key !== 'elseif' && key !== 'else' && key !== '/if') {
			this.fail(
				`Unknown or unsupported FreeMarker directive ${tag.source} (supported: <#if>, <#elseif>, <#else>)`,
				tag.at,
			);
		}
		if (frame.kind !== 'if' || (key !== '/if' && frame.otherwise !== null)) {
			this.fail(`${tag.source} without an open <#if>`, tag.at);
		}
		if (key === 'elseif') {
			const body: TemplateNode[] = [];
			frame.branches.push({ test: this.condition(tag), body });
			frame.body = body;
		} else if (key === 'else') {
			frame.otherwise = [];
			frame.body = frame.otherwise;
		} else {
			this.stack.pop();
			this.top().body.push(this.ifNode(frame, tag));
		}
	}

	private ifNode(frame: Extract<Frame, { kind: 'if' }>, tag: Tag): IfNode {
		return {
			kind: 'if',
			source: this.template.slice(frame.start, tag.at + tag.source.length),
			start: frame.start,
			branches: frame.branches,
			otherwise: frame.otherwise ?? [],
		};
	}

	/** `<@fn …>` opens a block, `</@fn>` closes the innermost one. */
	private functionTag(tag: Tag): void {
		const { name, source, at } = tag;
		if (!Object.prototype.hasOwnProperty.call(FUNCTIONS, name)) {
			const supported = Object.keys(FUNCTIONS)
				.map((f) => `<@${f}>`)
				.join(', ');
			this.fail(`Unsupported Branch function ${source} (supported: ${supported})`, at);
		}
		if (!tag.closing) {
			if (tag.args.endsWith('/'))
				this.fail(`${source} needs content and a closing </@${name}>`, at);
			const filters = functionFilter(name, tag.args, this.template, at);
			this.stack.push({ kind: 'block', start: at, fn: name, filters, body: [] });
			return;
		}
		const frame = this.top();
		if (frame.kind !== 'block' || frame.fn !== name) {
			this.fail(`${source} does not close the innermost open tag`, at);
		}
		this.stack.pop();
		const node: BlockNode = {
			kind: 'block',
			source: this.template.slice(frame.start, at + source.length),
			start: frame.start,
			fn: name,
			encodes: name === 'urlencode',
			filters: frame.filters,
			body: frame.body,
		};
		this.top().body.push(node);
	}
}

export function tokenizeBranch(template: string): TemplateNode[] {
	return new BranchTokenizer(template).run();
}
