import type { INodeProperties } from 'n8n-workflow';

import { MACRO_DIALECTS, macroDialectExample, type MacroDialect } from '../../../lib/macros';
import { CUSTOM } from './presets';

// The custom template: dialect, URL, method and body. Headers apply to presets too.

const DIALECT_NAMES: Record<MacroDialect, string> = {
	mustache: 'Mustache (Default)',
	tenjin: 'Tenjin',
	adjust: 'Adjust',
	kochava: 'Kochava',
	binom: 'Binom',
	appmetrica: 'AppMetrica',
	appsflyer: 'AppsFlyer',
	branch: 'Branch (FreeMarker)',
	singular: 'Singular',
	keitaro: 'Keitaro',
	tapstream: 'Tapstream',
};

const custom = { show: { preset: [CUSTOM] } };

export const templateProperties: INodeProperties[] = [
	{
		displayName: 'Macro Dialect',
		name: 'dialect',
		type: 'options',
		noDataExpression: true,
		options: MACRO_DIALECTS.map((d) => ({
			name: DIALECT_NAMES[d],
			value: d,
			description: `Macros written like ${macroDialectExample(d)}`,
		})).sort((a, b) => a.name.localeCompare(b.name)),
		default: 'mustache',
		description:
			'The macro syntax of the template. Vendor macro names (gps_adid, advertiserId, …) are mapped onto MMP Trigger’s canonical fields.',
		displayOptions: custom,
	},
	{
		displayName:
			'n8n switches a field to Expression when you type {{. Templates whose {{…}} are only macro names are used as written; to mix in n8n expressions, use a single-brace dialect such as Adjust.',
		name: 'mustacheNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { preset: [CUSTOM], dialect: ['mustache', 'tenjin'] } },
	},
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: [
			{ name: 'GET', value: 'GET' },
			{ name: 'PATCH', value: 'PATCH' },
			{ name: 'POST', value: 'POST' },
			{ name: 'PUT', value: 'PUT' },
		],
		default: 'GET',
		description: 'The HTTP method Send Postback will use',
		displayOptions: custom,
	},
	{
		displayName: 'URL Template',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://postback.example.com/install?click_id={{click_id}}&idfa={{idfa}}',
		description:
			'The postback URL with macros. Scheme and host must be literal text; every macro value is encoded exactly once.',
		displayOptions: custom,
	},
	{
		displayName: 'Body',
		name: 'contentType',
		type: 'options',
		options: [
			{ name: 'Form URL-Encoded', value: 'form', description: 'Values form-encoded (space as +)' },
			{ name: 'JSON', value: 'json', description: 'Values escaped as JSON string content' },
			{ name: 'None', value: 'none' },
			{ name: 'Text', value: 'text', description: 'Values inserted as they are' },
		],
		default: 'none',
		description: 'Whether the request has a body, and its content type',
		displayOptions: custom,
	},
	{
		displayName: 'Body Template',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		placeholder: '{"click_id": "{{click_id}}", "revenue": {{revenue|json}}}',
		description:
			'The body with macros. In JSON, macros inside quotes are escaped; use |JSON outside quotes to insert a complete value (null when missing).',
		displayOptions: { show: { preset: [CUSTOM], contentType: ['form', 'json', 'text'] } },
	},
	{
		displayName: 'Headers',
		name: 'headers',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Header',
		default: {},
		description:
			'Extra request headers; values may contain macros. CR/LF in a value is refused (header injection).',
		options: [
			{
				name: 'header',
				displayName: 'Header',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
];
