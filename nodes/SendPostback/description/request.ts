import type { INodeProperties } from 'n8n-workflow';

// Where each item's request comes from: Render Callback's output (the default), or fields set here.
export const requestProperties: INodeProperties[] = [
	{
		displayName: 'Request Source',
		name: 'requestSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Use Render Callback Output',
				value: 'callback',
				description:
					'Send the { URL, method, headers, body } that Render Callback put on each item',
			},
			{
				name: 'Define Below',
				value: 'define',
				description: 'Set the URL, method, headers and body here',
			},
		],
		default: 'callback',
	},
	{
		displayName: 'Callback Field',
		name: 'callbackField',
		type: 'string',
		default: 'callback',
		placeholder: 'callback',
		description:
			'The item field that holds the request (dot notation for nested fields). Leave empty when Render Callback merged its output at the top level.',
		displayOptions: { show: { requestSource: ['callback'] } },
	},
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: [
			{ name: 'DELETE', value: 'DELETE' },
			{ name: 'GET', value: 'GET' },
			{ name: 'PATCH', value: 'PATCH' },
			{ name: 'POST', value: 'POST' },
			{ name: 'PUT', value: 'PUT' },
		],
		default: 'GET',
		description: 'The HTTP method to use',
		displayOptions: { show: { requestSource: ['define'] } },
	},
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://postbacks.example.com/install?click_id={{ $json.click_id }}',
		description: 'The postback URL; an http or https address',
		displayOptions: { show: { requestSource: ['define'] } },
	},
	{
		displayName: 'Send Headers',
		name: 'sendHeaders',
		type: 'boolean',
		default: false,
		description: 'Whether the request has headers',
		displayOptions: { show: { requestSource: ['define'] } },
	},
	{
		displayName: 'Headers',
		name: 'headerParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Header',
		default: { parameters: [{ name: '', value: '' }] },
		displayOptions: { show: { requestSource: ['define'], sendHeaders: [true] } },
		options: [
			{
				name: 'parameters',
				displayName: 'Header',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Send Body',
		name: 'sendBody',
		type: 'boolean',
		default: false,
		description: 'Whether the request has a body',
		displayOptions: {
			show: { requestSource: ['define'], method: ['PATCH', 'POST', 'PUT', 'DELETE'] },
		},
	},
	{
		displayName: 'Body Content Type',
		name: 'contentType',
		type: 'options',
		options: [
			{ name: 'Custom', value: 'custom' },
			{ name: 'Form URL-Encoded', value: 'form' },
			{ name: 'JSON', value: 'json' },
			{ name: 'Plain Text', value: 'text' },
		],
		default: 'json',
		description:
			'How the body is sent. An object given to JSON or form is serialised; a string is sent as it is.',
		displayOptions: {
			show: {
				requestSource: ['define'],
				method: ['PATCH', 'POST', 'PUT', 'DELETE'],
				sendBody: [true],
			},
		},
	},
	{
		displayName: 'Content Type',
		name: 'customContentType',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'application/xml',
		displayOptions: {
			show: {
				requestSource: ['define'],
				method: ['PATCH', 'POST', 'PUT', 'DELETE'],
				sendBody: [true],
				contentType: ['custom'],
			},
		},
	},
	{
		displayName: 'Body',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: '={{ JSON.stringify($json) }}',
		displayOptions: {
			show: {
				requestSource: ['define'],
				method: ['PATCH', 'POST', 'PUT', 'DELETE'],
				sendBody: [true],
			},
		},
	},
];
