// One item → the request Send Postback will make: URL, method, headers, body, plus the macros that
// had no value. Templates are compiled once per distinct text per execution (TemplateCache), so a
// template that differs per item through an n8n expression costs one compile per distinct string.
import { NodeOperationError, type INode } from 'n8n-workflow';

import {
	compileTemplate,
	MacroValueError,
	TemplateSyntaxError,
	type CompiledTemplate,
	type CompileTemplateOptions,
	type RenderResult,
	type ValueEncoding,
} from '../../lib/macros';
import { bodyEncoding, type RenderConfig } from './nodeConfig';

export interface RenderedRequest {
	url: string;
	method: string;
	headers: Record<string, string>;
	body?: string;
	/** Macro names without a value, across URL, body and headers. */
	missing: string[];
	/** Of those, names nothing was found for at all (likely typos); only when there are any. */
	unknown?: string[];
	template: { id: string; dialect: string };
}

/** The item being rendered, for errors that name it. */
export interface ItemContext {
	node: INode;
	itemIndex: number;
}

/** A problem with one item, phrased for the user: the message names the item. */
export function itemError(
	item: ItemContext,
	message: string,
	description: string,
): NodeOperationError {
	return new NodeOperationError(item.node, `Item ${item.itemIndex}: ${message}`, {
		itemIndex: item.itemIndex,
		description,
	});
}

function unexpected(item: ItemContext, error: unknown): NodeOperationError {
	return new NodeOperationError(item.node, error as Error, { itemIndex: item.itemIndex });
}

const CONTENT_TYPES = {
	json: 'application/json',
	form: 'application/x-www-form-urlencoded',
	text: 'text/plain; charset=utf-8',
} as const;

const CACHE_LIMIT = 256;

/** Compiled templates of one execution, keyed by where they are used and their text. */
export class TemplateCache {
	private readonly entries = new Map<string, CompiledTemplate | TemplateSyntaxError>();

	constructor(private readonly base: CompileTemplateOptions) {}

	get(
		item: ItemContext,
		where: string,
		text: string,
		encoding: ValueEncoding,
		url: boolean,
	): CompiledTemplate {
		const key = `${where}\u0000${text}`;
		let entry = this.entries.get(key);
		if (entry === undefined) {
			entry = this.compile(item, text, encoding, url);
			if (this.entries.size < CACHE_LIMIT) this.entries.set(key, entry);
		}
		if (entry instanceof TemplateSyntaxError) {
			throw itemError(
				item,
				`The ${where} is not a valid template: ${entry.message}`,
				`Near: …${entry.excerpt}…`,
			);
		}
		return entry;
	}

	private compile(
		item: ItemContext,
		text: string,
		encoding: ValueEncoding,
		url: boolean,
	): CompiledTemplate | TemplateSyntaxError {
		let failure: unknown;
		try {
			return compileTemplate(text, { ...this.base, encoding, url });
		} catch (error) {
			failure = error;
		}
		if (failure instanceof TemplateSyntaxError) return failure;
		throw unexpected(item, failure);
	}
}

function render(
	item: ItemContext,
	where: string,
	template: CompiledTemplate,
	values: object,
): RenderResult {
	let failure: unknown;
	try {
		return template.render(values);
	} catch (error) {
		failure = error;
	}
	if (failure instanceof MacroValueError) {
		throw itemError(
			item,
			`${failure.message} (in the ${where})`,
			'Fix the value upstream, or apply a filter to the macro (e.g. |trim or |urlencode).',
		);
	}
	throw unexpected(item, failure);
}

function hasControlCharacter(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x20 || c === 0x7f) return true;
	}
	return false;
}

function parseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

function jsonProblem(text: string): string | undefined {
	try {
		JSON.parse(text);
		return undefined;
	} catch (error) {
		return (error as Error).message;
	}
}

function checkUrl(item: ItemContext, text: string, origin: string | undefined): void {
	const parsed = parseUrl(text);
	if (parsed === undefined) {
		throw itemError(
			item,
			`The rendered URL is not a valid URL: ${text}`,
			'With URL Encoding set to None, values must already be URL-safe.',
		);
	}
	if (hasControlCharacter(text)) {
		throw itemError(
			item,
			'The rendered URL contains control characters',
			'Check the values of raw macros.',
		);
	}
	// Defence in depth: compile time already guarantees scheme and host are literal text.
	if (origin !== undefined && parsed.origin !== new URL(origin).origin) {
		throw itemError(
			item,
			`A substituted value changed the URL's host to ${parsed.host}`,
			'Scheme, host and port must come from the template, never from a value.',
		);
	}
}

function addAll(target: string[], names: readonly string[] | undefined): void {
	if (names) for (const name of names) if (!target.includes(name)) target.push(name);
}

export function renderRequest(
	item: ItemContext,
	config: RenderConfig,
	cache: TemplateCache,
	values: object,
): RenderedRequest {
	const { itemIndex } = item;
	const missing: string[] = [];
	const unknown: string[] = [];
	const collect = (result: RenderResult) => {
		addAll(missing, result.missing);
		addAll(unknown, result.unknown);
		return result.text;
	};

	const urlText = config.url(itemIndex).trim();
	if (urlText === '') {
		throw itemError(item, 'The URL Template is empty', 'Enter the postback URL with its macros.');
	}
	const urlTemplate = cache.get(item, 'URL Template', urlText, config.urlEncoding, true);
	const url = collect(render(item, 'URL Template', urlTemplate, values));
	checkUrl(item, url, urlTemplate.origin);

	const headers: Record<string, string> = {};
	for (const header of config.headers) {
		const where = `header "${header.name}"`;
		const template = cache.get(item, where, header.value(itemIndex), 'header', false);
		headers[header.name] = collect(render(item, where, template, values));
	}

	let body: string | undefined;
	const kind = config.bodyKind;
	if (kind !== 'none' && config.body !== undefined) {
		const template = cache.get(
			item,
			'Body Template',
			config.body(itemIndex),
			bodyEncoding(kind),
			false,
		);
		body = collect(render(item, 'Body Template', template, values));
		const problem = kind === 'json' ? jsonProblem(body) : undefined;
		if (problem !== undefined) {
			throw itemError(
				item,
				`The rendered JSON body is not valid JSON: ${problem}`,
				'Macros inside quotes are escaped as string content; a macro outside quotes needs a number value or the |json filter (null when missing).',
			);
		}
		if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
			headers['content-type'] = CONTENT_TYPES[kind];
		}
	}

	return {
		url,
		method: config.method,
		headers,
		...(body === undefined ? {} : { body }),
		missing,
		...(unknown.length === 0 ? {} : { unknown }),
		template: { id: config.templateId, dialect: config.dialect },
	};
}
