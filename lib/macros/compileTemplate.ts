// compileTemplate: parse once, render many times.
//
//   const t = compileTemplate('https://x.example/pb?click={{click_id}}&idfa={{idfa|upper}}');
//   t.render({ click_id: 'a&b', idfa: 'abc' }) // { text: '…click=a%26b&idfa=ABC', missing: [] }
//
// Compilation tokenizes with the dialect, resolves filters, aliases and constants, checks the URL's
// origin and precomputes literal chunks; render() only walks the resulting parts.
import { DIALECTS, isMacroDialect, type MacroDialect } from './dialects';
import { VALUE_ENCODINGS, type ValueEncoding } from './encode';
import { FilterSpecError, parseFilter, type MacroFilter } from './filters';
import { layoutTemplate, type Part } from './layout';
import { ByteRenderer, canRenderBytes } from './renderBytes';
import { renderString } from './renderString';
import {
	MISSING_POLICIES,
	type CompiledTemplate,
	type CompileTemplateOptions,
	type MissingPolicy,
	type RenderResult,
} from './types';

const URL_START = /^https?:\/\//i;

function oneOf<T extends string>(
	what: string,
	value: unknown,
	allowed: readonly T[],
	fallback: T,
): T {
	if (value === undefined) return fallback;
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
		return value as T;
	throw new RangeError(
		`Unknown ${what} "${String(value)}"; expected one of: ${allowed.join(', ')}`,
	);
}

function filterMap(spec: CompileTemplateOptions['filters']): Map<string, readonly MacroFilter[]> {
	const map = new Map<string, readonly MacroFilter[]>();
	for (const [name, specs] of Object.entries(spec ?? {})) {
		const filters: MacroFilter[] = [];
		for (const spec of specs) {
			const filter = parseFilter(spec);
			if (filter instanceof FilterSpecError) {
				throw new RangeError(`filters option for "${name}": ${filter.message}`);
			}
			filters.push(filter);
		}
		map.set(name, filters);
	}
	return map;
}

class Template implements CompiledTemplate {
	readonly render: (values: object) => RenderResult;

	constructor(
		readonly template: string,
		readonly syntax: MacroDialect,
		readonly encoding: ValueEncoding,
		readonly missingPolicy: MissingPolicy,
		readonly macros: readonly string[],
		readonly origin: string | undefined,
		parts: Part[],
		useBytes: boolean,
	) {
		if (useBytes) {
			const renderer = new ByteRenderer(parts, encoding, missingPolicy);
			this.render = (values) => renderer.render(values);
		} else {
			this.render = (values) => renderString(parts, values, missingPolicy, encoding);
		}
	}
}

/** Internal: `renderer` forces one renderer (tests compare both). */
export function compileTemplateWith(
	template: string,
	options: CompileTemplateOptions,
	renderer: 'auto' | 'bytes' | 'string',
): CompiledTemplate {
	if (typeof template !== 'string') throw new TypeError('template must be a string');
	const syntax = options.syntax ?? 'mustache';
	if (!isMacroDialect(syntax)) {
		throw new RangeError(
			`Unknown syntax "${String(syntax)}"; expected one of: ${Object.keys(DIALECTS).join(', ')}`,
		);
	}
	const encoding = oneOf('encoding', options.encoding, VALUE_ENCODINGS, 'rfc3986');
	const missing = oneOf('missing-value policy', options.missing, MISSING_POLICIES, 'empty');
	const dialect = DIALECTS[syntax];
	const constants = new Map<string, unknown>(Object.entries(options.constants ?? {}));
	const nodes = dialect.tokenize(template);
	let url = options.url ?? 'auto';
	if (url === 'auto') {
		const first = nodes[0];
		const lead =
			first === undefined
				? ''
				: first.kind === 'text'
					? first.text
					: first.kind === 'value'
						? String(constants.get(first.key) ?? '')
						: '';
		url = URL_START.test(lead);
	}
	const layout = layoutTemplate(nodes, {
		template,
		encoding,
		missing,
		url,
		slots: {
			dialect,
			filterMap: filterMap(options.filters),
			constants,
			now: options.now ?? Date.now,
		},
	});
	const bytesPossible = canRenderBytes(layout.parts, encoding);
	if (renderer === 'bytes' && !bytesPossible) {
		throw new Error('This template cannot use the byte renderer');
	}
	const useBytes = renderer === 'bytes' || (renderer === 'auto' && bytesPossible);
	return new Template(
		template,
		syntax,
		encoding,
		missing,
		layout.macros,
		layout.origin,
		layout.parts,
		useBytes,
	);
}

/**
 * Compiles a postback template once; `render(values)` substitutes values without re-parsing.
 * Throws TemplateSyntaxError (with line and column) for malformed templates, RangeError for bad
 * options.
 */
export function compileTemplate(
	template: string,
	options: CompileTemplateOptions = {},
): CompiledTemplate {
	return compileTemplateWith(template, options, 'auto');
}
