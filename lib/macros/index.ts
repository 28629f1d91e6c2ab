// lib/macros: postback templates in every vendor's macro dialect, compiled once and rendered with
// each value encoded exactly once. n8n-free. See docs/nodes/render-callback.md.
export { compileTemplate } from './compileTemplate';
export type {
	CompiledTemplate,
	CompileTemplateOptions,
	MissingPolicy,
	RenderResult,
} from './types';
export { MISSING_POLICIES } from './types';
export { MACRO_DIALECTS, isMacroDialect, macroDialectExample, type MacroDialect } from './dialects';
export {
	VALUE_ENCODINGS,
	checkHeaderValue,
	encodeComponent,
	encodeFormValue,
	encodeRfc3986,
	encodeValue,
	escapeJsonString,
	type ValueEncoding,
} from './encode';
export { MacroValueError, TemplateSyntaxError, type TemplatePosition } from './errors';
export { FILTER_NAMES } from './filters';
export {
	POSTBACK_PRESETS,
	getPostbackPreset,
	type PostbackPreset,
	type PresetSetting,
} from './presets';
