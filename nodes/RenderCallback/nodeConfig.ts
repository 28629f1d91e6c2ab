// Everything that is the same for all items, read once per execution: the template source (preset
// or custom), compile options, value source and output options.
import { NodeOperationError, type IExecuteFunctions, type IDataObject } from 'n8n-workflow';

import {
	getPostbackPreset,
	isMacroDialect,
	type CompileTemplateOptions,
	type MacroDialect,
	type MissingPolicy,
	type PostbackPreset,
	type ValueEncoding,
} from '../../lib/macros';
import { CUSTOM, settingParameterName } from './description/presets';
import { rawParameter, templateReader, type TextReader } from './templateParameter';

export type BodyKind = 'none' | 'json' | 'form' | 'text';

export interface HeaderTemplate {
	name: string;
	value: TextReader;
}

export interface RenderConfig {
	/** Preset id or `custom`. */
	templateId: string;
	dialect: MacroDialect;
	method: string;
	url: TextReader;
	bodyKind: BodyKind;
	body: TextReader | undefined;
	headers: HeaderTemplate[];
	/** Compile options shared by every template of this node (syntax, missing, filters, constants). */
	compile: CompileTemplateOptions;
	urlEncoding: ValueEncoding;
	failOnMissing: boolean;
	outputMode: 'nested' | 'merged';
	outputField: string;
	valueSource: 'item' | 'raw' | 'mapped';
	mappingMode: 'fields' | 'json';
	fallbackToItem: boolean;
}

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BODY_ENCODING: Record<Exclude<BodyKind, 'none'>, ValueEncoding> = {
	json: 'json',
	form: 'form',
	text: 'none',
};

export function bodyEncoding(kind: Exclude<BodyKind, 'none'>): ValueEncoding {
	return BODY_ENCODING[kind];
}

function filtersOption(options: IDataObject): Record<string, string[]> | undefined {
	const entries = (
		options.filters as { filter?: Array<{ macro?: string; filters?: string }> } | undefined
	)?.filter;
	if (!entries?.length) return undefined;
	const map: Record<string, string[]> = {};
	for (const entry of entries) {
		const macro = (entry.macro ?? '').trim();
		const chain = (entry.filters ?? '').trim();
		if (!macro || !chain) continue;
		map[macro] = [
			...(map[macro] ?? []),
			...chain
				.split('|')
				.map((s) => s.trim())
				.filter(Boolean),
		];
	}
	return map;
}

function presetConstants(
	context: IExecuteFunctions,
	preset: PostbackPreset,
): Record<string, string> {
	const constants: Record<string, string> = {};
	for (const setting of preset.settings) {
		const value = String(
			context.getNodeParameter(settingParameterName(preset, setting.name), 0, ''),
		).trim();
		if (value === '' && setting.fromCredential !== undefined) {
			// Send Postback's credential supplies the real URL; the stand-in keeps the URL valid.
			constants[setting.name] = setting.fromCredential;
			continue;
		}
		if (value === '') {
			throw new NodeOperationError(context.getNode(), `${setting.displayName} is empty`, {
				description: `The ${preset.name} template needs it: ${setting.description}.`,
			});
		}
		constants[setting.name] = value;
	}
	return constants;
}

function headerTemplates(context: IExecuteFunctions): HeaderTemplate[] {
	const parameters = context.getNode().parameters;
	const entries = rawParameter(parameters, ['headers', 'header']);
	if (!Array.isArray(entries)) return [];
	const headers: HeaderTemplate[] = [];
	entries.forEach((entry, k) => {
		const rawName = rawParameter(parameters, ['headers', 'header', k, 'name']);
		const name = String(
			typeof rawName === 'string' && rawName.startsWith('=')
				? context.getNodeParameter(`headers.header[${k}].name`, 0, '')
				: (rawName ?? ''),
		).trim();
		if (name === '') return;
		if (!HEADER_NAME.test(name)) {
			throw new NodeOperationError(context.getNode(), `Invalid header name "${name}"`, {
				description:
					"Header names are tokens: letters, digits and !#$%&'*+-.^_`|~, no spaces or colons.",
			});
		}
		const rawValue = (entry as IDataObject | undefined)?.value;
		headers.push({ name, value: templateReader(context, `headers.header[${k}].value`, rawValue) });
	});
	return headers;
}

export function readRenderConfig(context: IExecuteFunctions): RenderConfig {
	const parameters = context.getNode().parameters;
	const templateId = context.getNodeParameter('preset', 0, CUSTOM) as string;
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const preset = templateId === CUSTOM ? undefined : getPostbackPreset(templateId);
	if (templateId !== CUSTOM && preset === undefined) {
		throw new NodeOperationError(context.getNode(), `Unknown template "${templateId}"`, {
			description:
				'Pick a template from the list again; this one may come from a newer version of the node.',
		});
	}

	let dialect: MacroDialect;
	let method: string;
	let url: TextReader;
	let bodyKind: BodyKind;
	let body: TextReader | undefined;
	let constants: Record<string, string> | undefined;
	if (preset) {
		dialect = preset.dialect;
		method = preset.method;
		url = () => preset.template;
		bodyKind = preset.bodyTemplate === undefined ? 'none' : (preset.contentType ?? 'text');
		const presetBody = preset.bodyTemplate;
		body = presetBody === undefined ? undefined : () => presetBody;
		constants = presetConstants(context, preset);
	} else {
		const chosen = context.getNodeParameter('dialect', 0, 'mustache');
		if (!isMacroDialect(chosen)) {
			throw new NodeOperationError(context.getNode(), `Unknown macro dialect "${String(chosen)}"`);
		}
		dialect = chosen;
		method = String(context.getNodeParameter('method', 0, 'GET')).toUpperCase();
		url = templateReader(context, 'url', parameters.url);
		bodyKind = context.getNodeParameter('contentType', 0, 'none') as BodyKind;
		body = bodyKind === 'none' ? undefined : templateReader(context, 'body', parameters.body);
	}

	const missing = (options.missing as MissingPolicy | undefined) ?? preset?.missing ?? 'empty';
	const outputMode = options.outputMode === 'merged' ? 'merged' : 'nested';
	const outputField = String(options.outputField ?? 'callback').trim() || 'callback';
	const valueSource = context.getNodeParameter(
		'valueSource',
		0,
		'item',
	) as RenderConfig['valueSource'];
	return {
		templateId,
		dialect,
		method,
		url,
		bodyKind,
		body,
		headers: headerTemplates(context),
		compile: { syntax: dialect, missing, filters: filtersOption(options), constants },
		urlEncoding: (options.encoding as ValueEncoding | undefined) ?? preset?.encoding ?? 'rfc3986',
		failOnMissing: options.failOnMissing === true,
		outputMode,
		outputField,
		valueSource,
		mappingMode:
			valueSource === 'mapped' && context.getNodeParameter('mappingMode', 0, 'fields') === 'json'
				? 'json'
				: 'fields',
		fallbackToItem:
			valueSource === 'mapped'
				? (context.getNodeParameter('fallbackToItem', 0, true) as boolean)
				: false,
	};
}
