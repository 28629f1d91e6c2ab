import type { CompileTemplateOptions, RenderResult } from '../../../lib/macros';
import { compileTemplateWith } from '../../../lib/macros/compileTemplate';
import { canRenderBytes } from '../../../lib/macros/renderBytes';
import { DIALECTS } from '../../../lib/macros/dialects';
import { layoutTemplate } from '../../../lib/macros/layout';

/** Whether the auto renderer for this template is the byte renderer. */
export function usesBytes(template: string, options: CompileTemplateOptions = {}): boolean {
	const syntax = options.syntax ?? 'mustache';
	const encoding = options.encoding ?? 'rfc3986';
	const layout = layoutTemplate(DIALECTS[syntax].tokenize(template), {
		template,
		encoding,
		missing: options.missing ?? 'empty',
		url: options.url === true || (options.url !== false && /^https?:\/\//i.test(template)),
		slots: { dialect: DIALECTS[syntax], filterMap: new Map(), constants: new Map(), now: Date.now },
	});
	return canRenderBytes(layout.parts, encoding);
}

/**
 * Renders through the string renderer and, when the template allows it, the byte renderer too,
 * and insists both give the same result.
 */
export function render(
	template: string,
	values: object,
	options: CompileTemplateOptions = {},
): RenderResult {
	const viaString = compileTemplateWith(template, options, 'string').render(values);
	let viaBytes: RenderResult | undefined;
	try {
		viaBytes = compileTemplateWith(template, options, 'bytes').render(values);
	} catch (error) {
		if (!(error instanceof Error) || !/cannot use the byte renderer/.test(error.message))
			throw error;
	}
	if (viaBytes !== undefined) expect(viaBytes).toEqual(viaString);
	return viaString;
}

export const text = (template: string, values: object, options: CompileTemplateOptions = {}) =>
	render(template, values, options).text;
