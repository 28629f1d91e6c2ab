// This node's config: everything that is the same for all items, read once per execution (n8n's
// read for the first item, nodes/shared/nodeParameters.ts): the template source (preset or custom),
// compile options, value source and output options. Templates themselves may hold expressions and
// are read per item (templateParameter.ts).
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
import type { BodyKind as RequestBodyKind } from '../../lib/delivery';
import { HEADER_NAME_RULE, isHeaderName } from '../../lib/security';
import { CUSTOM, settingParameterName } from './description/presets';
import {
	isExpression,
	itemParameterRead,
	rawParameter,
	type ParameterRead,
} from '../shared/nodeParameters';
import { templateReader, type TextReader } from './templateParameter';

export type BodyKind = 'none' | RequestBodyKind;

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
	read: ParameterRead,
	preset: PostbackPreset,
): Record<string, string> {
	const constants: Record<string, string> = {};
	for (const setting of preset.settings) {
		const value = String(read(settingParameterName(preset, setting.name), '')).trim();
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

function headerTemplates(context: IExecuteFunctions, read: ParameterRead): HeaderTemplate[] {
	const parameters = context.getNode().parameters;
	const entries = rawParameter(parameters, ['headers', 'header']);
	if (!Array.isArray(entries)) return [];
	const headers: HeaderTemplate[] = [];
	entries.forEach((entry, k) => {
		const rawName = rawParameter(parameters, ['headers', 'header', k, 'name']);
		const name = String(
			isExpression(rawName) ? read(`headers.header[${k}].name`, '') : (rawName ?? ''),
		).trim();
		if (name === '') return;
		if (!isHeaderName(name)) {
			throw new NodeOperationError(context.getNode(), `Invalid header name "${name}"`, {
				description: HEADER_NAME_RULE,
			});
		}
		const rawValue = (entry as IDataObject | undefined)?.value;
		headers.push({ name, value: templateReader(context, `headers.header[${k}].value`, rawValue) });
	});
	return headers;
}

export function readNodeConfig(context: IExecuteFunctions): RenderConfig {
	const parameters = context.getNode().parameters;
	const read = itemParameterRead(context, 0);
	const templateId = read<string>('preset', CUSTOM);
	const options = read<IDataObject>('options', {});
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
		constants = presetConstants(context, read, preset);
	} else {
		const chosen = read<unknown>('dialect', 'mustache');
		if (!isMacroDialect(chosen)) {
			throw new NodeOperationError(context.getNode(), `Unknown macro dialect "${String(chosen)}"`);
		}
		dialect = chosen;
		method = String(read('method', 'GET')).toUpperCase();
		url = templateReader(context, 'url', parameters.url);
		bodyKind = read<BodyKind>('contentType', 'none');
		body = bodyKind === 'none' ? undefined : templateReader(context, 'body', parameters.body);
	}

	const missing = (options.missing as MissingPolicy | undefined) ?? preset?.missing ?? 'empty';
	const outputMode = options.outputMode === 'merged' ? 'merged' : 'nested';
	const outputField = String(options.outputField ?? 'callback').trim() || 'callback';
	const valueSource = read<RenderConfig['valueSource']>('valueSource', 'item');
	return {
		templateId,
		dialect,
		method,
		url,
		bodyKind,
		body,
		headers: headerTemplates(context, read),
		compile: { syntax: dialect, missing, filters: filtersOption(options), constants },
		urlEncoding: (options.encoding as ValueEncoding | undefined) ?? preset?.encoding ?? 'rfc3986',
		failOnMissing: options.failOnMissing === true,
		outputMode,
		outputField,
		valueSource,
		mappingMode:
			valueSource === 'mapped' && read<string>('mappingMode', 'fields') === 'json'
				? 'json'
				: 'fields',
		fallbackToItem: valueSource === 'mapped' ? read('fallbackToItem', true) : false,
	};
}
