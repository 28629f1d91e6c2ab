import type { INodeProperties } from 'n8n-workflow';

// Where macro values come from.
export const valueProperties: INodeProperties[] = [
	{
		displayName: 'Values From',
		name: 'valueSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Item (Canonical Event)',
				value: 'item',
				description: 'The input item’s fields, e.g. MMP Trigger’s canonical event',
			},
			{
				name: 'Mapped Values',
				value: 'mapped',
				description: 'Values you define below, falling back to the item’s fields',
			},
			{
				name: 'Raw MMP Payload',
				value: 'raw',
				description:
					'What the MMP sent (the item’s raw field; turn on Include Raw Payload in MMP Trigger)',
			},
		],
		default: 'item',
	},
	{
		displayName: 'Define Values',
		name: 'mappingMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Field by Field', value: 'fields' },
			{ name: 'As JSON', value: 'json' },
		],
		default: 'fields',
		displayOptions: { show: { valueSource: ['mapped'] } },
	},
	{
		displayName: 'Values',
		name: 'mappedValues',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Value',
		default: {},
		description:
			'Macro name → value (usually an expression). Dotted names like awin.order_ref work.',
		displayOptions: { show: { valueSource: ['mapped'], mappingMode: ['fields'] } },
		options: [
			{
				name: 'value',
				displayName: 'Value',
				values: [
					{
						displayName: 'Macro Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'sub_id',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Values (JSON)',
		name: 'mappedJson',
		type: 'json',
		default: '{}',
		description: 'An object of macro values, nested or with dotted keys',
		displayOptions: { show: { valueSource: ['mapped'], mappingMode: ['json'] } },
	},
	{
		displayName: 'Fall Back to Item Fields',
		name: 'fallbackToItem',
		type: 'boolean',
		default: true,
		description: 'Whether macros without a mapped value are looked up in the item’s fields',
		displayOptions: { show: { valueSource: ['mapped'] } },
	},
];
