// A callback template + one set of values → the request to send (a RenderedCallback): the URL,
// headers and body rendered, the URL checked (it parses, has no control character, and its host is
// the template's), a JSON body checked, and Content-Type defaulted from the body kind. n8n-free:
// Render Callback reads its parameters and calls this; a problem is a CallbackRenderError whose
// description says how to fix it.
import {
	MacroValueError,
	type CompiledTemplate,
	type CompileTemplateOptions,
	type RenderResult,
	type ValueEncoding,
} from '../macros';
import { HEADER_NAME_RULE, hasControlCharacter, isHeaderName } from '../security/httpSyntax';
import { CallbackRenderError } from './errors';
import { HTTP_METHODS, type HttpMethod } from './request';
import { defaultContentType, type BodyKind } from './requestBody';
import type { RenderedCallback } from './renderedCallback';
import { TemplateCache } from './templateCache';

/** The templates of one callback: texts with macros. */
export interface CallbackTemplate {
	/** An absolute http(s) URL; scheme and host must be literal text (or constants). */
	url: string;
	/** Default GET. */
	method?: string;
	/** Header name → value template. */
	headers?: Readonly<Record<string, string>> | ReadonlyArray<{ name: string; value: string }>;
	body?: string;
	/** How the body's values are escaped, and its default Content-Type. Default `text`. */
	bodyKind?: BodyKind;
}

/** What is the same for every callback a renderer makes. */
export interface CallbackRenderOptions extends Omit<CompileTemplateOptions, 'encoding' | 'url'> {
	/** Reported as `template.id` (a preset id, or a name of your own). Default `custom`. */
	id?: string;
	/** How URL values are escaped. Default `rfc3986`. */
	urlEncoding?: ValueEncoding;
}

export type CallbackRenderer = (template: CallbackTemplate, values: object) => RenderedCallback;

const BODY_ENCODING: Record<BodyKind, ValueEncoding> = { json: 'json', form: 'form', text: 'none' };
const METHODS: ReadonlySet<string> = new Set(HTTP_METHODS);

/**
 * A renderer that compiles each distinct template text once, for rendering many callbacks with the
 * same options (one n8n execution, one batch).
 */
export function createCallbackRenderer(options: CallbackRenderOptions = {}): CallbackRenderer {
	const { id = 'custom', urlEncoding = 'rfc3986', ...compile } = options;
	const cache = new TemplateCache(compile);
	const template = { id, dialect: compile.syntax ?? 'mustache' };
	return (callback, values) => renderWith(cache, urlEncoding, template, callback, values);
}

/** Renders one callback: `renderCallback({ url, method?, headers?, body?, bodyKind?, syntax?, ... }, values)`. */
export function renderCallback(
	callback: CallbackTemplate & CallbackRenderOptions,
	values: object,
): RenderedCallback {
	const { url, method, headers, body, bodyKind, ...options } = callback;
	return createCallbackRenderer(options)({ url, method, headers, body, bodyKind }, values);
}

function renderWith(
	cache: TemplateCache,
	urlEncoding: ValueEncoding,
	template: RenderedCallback['template'],
	callback: CallbackTemplate,
	values: object,
): RenderedCallback {
	const missing: string[] = [];
	const unknown: string[] = [];
	const collect = (where: string, compiled: CompiledTemplate) => {
		const result = render(where, compiled, values);
		addAll(missing, result.missing);
		addAll(unknown, result.unknown);
		return result.text;
	};

	const urlText = callback.url.trim();
	if (urlText === '') {
		throw new CallbackRenderError(
			'The URL Template is empty',
			'Enter the postback URL with its macros.',
		);
	}
	const urlTemplate = cache.get('URL Template', urlText, urlEncoding, true);
	const url = collect('URL Template', urlTemplate);
	checkUrl(url, urlTemplate.origin);

	const headers: Record<string, string> = {};
	for (const { name, value } of headerTemplates(callback.headers)) {
		const where = `header "${name}"`;
		headers[name] = collect(where, cache.get(where, value, 'header', false));
	}

	let body: string | undefined;
	if (callback.body !== undefined) {
		const kind = callback.bodyKind ?? 'text';
		body = collect(
			'Body Template',
			cache.get('Body Template', callback.body, BODY_ENCODING[kind], false),
		);
		if (kind === 'json') checkJson(body);
		defaultContentType(headers, kind);
	}

	return {
		url,
		method: checkMethod(callback.method ?? 'GET'),
		headers,
		...(body === undefined ? {} : { body }),
		missing,
		...(unknown.length === 0 ? {} : { unknown }),
		template: { ...template },
	};
}

function headerTemplates(
	headers: CallbackTemplate['headers'],
): ReadonlyArray<{ name: string; value: string }> {
	if (headers === undefined) return [];
	const list = Array.isArray(headers)
		? (headers as ReadonlyArray<{ name: string; value: string }>)
		: Object.entries(headers).map(([name, value]) => ({ name, value: value as string }));
	for (const { name } of list) {
		if (!isHeaderName(name)) {
			throw new CallbackRenderError(`Invalid header name "${name}"`, HEADER_NAME_RULE);
		}
	}
	return list;
}

function render(where: string, template: CompiledTemplate, values: object): RenderResult {
	try {
		return template.render(values);
	} catch (error) {
		if (!(error instanceof MacroValueError)) throw error;
		throw new CallbackRenderError(
			`${error.message} (in the ${where})`,
			'Fix the value upstream, or apply a filter to the macro (e.g. |trim or |urlencode).',
		);
	}
}

function checkUrl(text: string, origin: string | undefined): void {
	const parsed = parseUrl(text);
	if (parsed === undefined) {
		throw new CallbackRenderError(
			`The rendered URL is not a valid URL: ${text}`,
			'With URL Encoding set to None, values must already be URL-safe.',
		);
	}
	if (hasControlCharacter(text)) {
		throw new CallbackRenderError(
			'The rendered URL contains control characters',
			'Check the values of raw macros.',
		);
	}
	// Defence in depth: compile time already guarantees scheme and host are literal text.
	if (origin !== undefined && parsed.origin !== new URL(origin).origin) {
		throw new CallbackRenderError(
			`A substituted value changed the URL's host to ${parsed.host}`,
			'Scheme, host and port must come from the template, never from a value.',
		);
	}
}

function parseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

function checkJson(text: string): void {
	try {
		JSON.parse(text);
	} catch (error) {
		throw new CallbackRenderError(
			`The rendered JSON body is not valid JSON: ${(error as Error).message}`,
			'Macros inside quotes are escaped as string content; a macro outside quotes needs a number value or the |json filter (null when missing).',
		);
	}
}

function checkMethod(method: string): HttpMethod {
	const upper = method.toUpperCase();
	if (METHODS.has(upper)) return upper as HttpMethod;
	throw new CallbackRenderError(
		`Method ${method} is not one of ${HTTP_METHODS.join(', ')}`,
		'A postback is sent with GET, POST, PUT, PATCH or DELETE.',
	);
}

function addAll(target: string[], names: readonly string[] | undefined): void {
	if (names) for (const name of names) if (!target.includes(name)) target.push(name);
}
