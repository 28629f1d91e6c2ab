// Compiled callback templates, kept per distinct text: a template that differs per item (an n8n
// expression) costs one compile per distinct string, a fixed one a single compile per run.
import {
	compileTemplate,
	TemplateSyntaxError,
	type CompiledTemplate,
	type CompileTemplateOptions,
	type ValueEncoding,
} from '../macros';
import { CallbackRenderError } from './errors';

const CACHE_LIMIT = 256;

/** Compiled templates of one run, keyed by where they are used and their text. */
export class TemplateCache {
	private readonly entries = new Map<string, CompiledTemplate | TemplateSyntaxError>();

	constructor(readonly base: CompileTemplateOptions) {}

	/** The compiled template; throws CallbackRenderError (naming `where`) for a syntax error. */
	get(where: string, text: string, encoding: ValueEncoding, url: boolean): CompiledTemplate {
		const key = `${where}\u0000${text}`;
		let entry = this.entries.get(key);
		if (entry === undefined) {
			entry = this.compile(text, encoding, url);
			if (this.entries.size < CACHE_LIMIT) this.entries.set(key, entry);
		}
		if (entry instanceof TemplateSyntaxError) {
			throw new CallbackRenderError(
				`The ${where} is not a valid template: ${entry.message}`,
				`Near: …${entry.excerpt}…`,
			);
		}
		return entry;
	}

	private compile(
		text: string,
		encoding: ValueEncoding,
		url: boolean,
	): CompiledTemplate | TemplateSyntaxError {
		try {
			return compileTemplate(text, { ...this.base, encoding, url });
		} catch (error) {
			// A syntax error is the template's, and cached like a template; anything else propagates.
			if (error instanceof TemplateSyntaxError) return error;
			throw error;
		}
	}
}
