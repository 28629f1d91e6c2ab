import type { INodeProperties } from 'n8n-workflow';

// Options a preset brings its own default for (encoding, missing values) or most workflows leave.
export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Fail on Missing Macros',
			name: 'failOnMissing',
			type: 'boolean',
			default: false,
			description:
				'Whether an item whose template has a macro without a value fails (with the macro named) instead of being rendered',
		},
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Filter',
			default: {},
			description:
				'Filters per macro, applied after inline ones, e.g. idfa → lower|sha256. Available: default:x, lower, upper, trim, sha256, sha1, md5, round:n, fixed:n, int, unix, unix_ms, iso, date:pattern, JSON, base64, truncate:n, urlencode.',
			options: [
				{
					name: 'filter',
					displayName: 'Filter',
					values: [
						{
							displayName: 'Macro Name',
							name: 'macro',
							type: 'string',
							default: '',
							placeholder: 'idfa',
						},
						{
							displayName: 'Filters',
							name: 'filters',
							type: 'string',
							default: '',
							placeholder: 'lower|sha256',
						},
					],
				},
			],
		},
		{
			displayName: 'Missing Values',
			name: 'missing',
			type: 'options',
			options: [
				{
					name: 'Drop the Parameter',
					value: 'drop',
					description:
						'Remove the whole key=value pair from the query or form body, as Adjust does',
				},
				{ name: 'Empty', value: 'empty', description: 'Insert an empty string (idfa=)' },
				{ name: 'Keep the Macro', value: 'keep', description: 'Leave the macro text as written' },
			],
			default: 'empty',
			description:
				'What a macro without a value (absent, null, empty) becomes. Presets bring their own default.',
		},
		{
			displayName: 'Output',
			name: 'outputMode',
			type: 'options',
			options: [
				{ name: 'Nested Under a Field', value: 'nested' },
				{ name: 'Merged at the Top Level', value: 'merged' },
			],
			default: 'nested',
			description: 'Where { URL, method, headers, body, missing, template } goes on the item',
		},
		{
			displayName: 'Output Field',
			name: 'outputField',
			type: 'string',
			default: 'callback',
			description: 'The item field that receives the request when the output is nested',
		},
		{
			displayName: 'URL Encoding',
			name: 'encoding',
			type: 'options',
			options: [
				{
					name: 'RFC 3986',
					value: 'rfc3986',
					description: 'UTF-8; everything but A–Z a–z 0–9 - . _ ~ as %XX; space as %20.',
				},
				{
					name: 'encodeURIComponent',
					value: 'component',
					description: "Like RFC 3986 but leaves ! ' ( ) * as they are",
				},
				{
					name: 'None',
					value: 'none',
					description: 'Insert values as they are (they must already be URL-safe)',
				},
			],
			default: 'rfc3986',
			description: 'How macro values are encoded in the URL. Bodies follow their content type.',
		},
	],
};
