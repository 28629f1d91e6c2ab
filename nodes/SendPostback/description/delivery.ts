import type { INodeProperties } from 'n8n-workflow';

// Authentication, what counts as delivered, how failures are retried, and the idempotency key.
export const deliveryProperties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'None', value: 'none' },
			{
				name: 'Postback Endpoint Auth',
				value: 'postbackEndpointAuth',
				description: 'Header token, bearer, basic, query parameter or Standard Webhooks signature',
			},
		],
		default: 'none',
	},
	{
		displayName: 'Success Criterion',
		name: 'successCriterion',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Any 2xx Status', value: 'any2xx' },
			{
				name: 'Exactly 200',
				value: 'status200',
				description: 'Some networks answer 204 or 202 for a postback they ignored',
			},
			{
				name: '2xx and Body Contains',
				value: 'bodyContains',
				description: 'For networks that answer 200 with an error in the body',
			},
			{ name: '2xx and Body Matches Regex', value: 'bodyMatches' },
		],
		default: 'any2xx',
		description: 'When a response counts as delivered',
	},
	{
		displayName: 'Body Text',
		name: 'successText',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'OK',
		description: 'Text the response body must contain (case-sensitive)',
		displayOptions: { show: { successCriterion: ['bodyContains'] } },
	},
	{
		displayName: 'Body Pattern',
		name: 'successPattern',
		type: 'string',
		default: '',
		required: true,
		placeholder: '"status"\\s*:\\s*"ok"',
		description: 'A JavaScript regular expression (without slashes) the response body must match',
		displayOptions: { show: { successCriterion: ['bodyMatches'] } },
	},
	{
		displayName: 'Retry',
		name: 'retryPreset',
		type: 'options',
		noDataExpression: true,
		// Ordered by how long the schedule runs, not alphabetically.
		// eslint-disable-next-line n8n-nodes-base/node-param-options-type-unsorted-items
		options: [
			{ name: 'Never', value: 'none', description: 'One attempt per item' },
			{
				name: 'Fast',
				value: 'fast',
				description: '5 attempts within 30 s (jittered waits up to 0.5, 1, 2, 4 s)',
			},
			{
				name: 'Standard',
				value: 'standard',
				description: '6 attempts within 5 min (jittered waits up to 1, 3, 9, 27, 60 s)',
			},
			{
				name: 'Singular-Like',
				value: 'singular',
				description: 'Retries after 1, 5, 15, 30 and 60 min',
			},
			{
				name: 'AppsFlyer-Like',
				value: 'appsflyer',
				description: '4 retries, 15 min apart',
			},
			{
				name: 'Adjust-Like',
				value: 'adjust',
				description: '6 retries within 24 h (1 m, 10 m, 30 m, 2 h, 6 h, 15 h)',
			},
			{
				name: 'Standard Webhooks',
				value: 'standard-webhooks',
				description: 'Retries after 5 s, 5 m, 30 m, 2 h, 5 h, 10 h, 10 h',
			},
			{
				name: 'Custom',
				value: 'custom',
				description: 'Exponential backoff with full jitter, set below',
			},
		],
		default: 'fast',
		description:
			'Which failures are retried is set under Options → Retry On. Waits longer than the Long Wait Threshold are not slept through: the item goes to Failed with retryAt.',
	},
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100 },
		default: 5,
		description: 'Attempts per item, the first one included',
		displayOptions: { show: { retryPreset: ['custom'] } },
	},
	{
		displayName: 'Base Delay (Seconds)',
		name: 'baseDelay',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 3 },
		default: 1,
		description: 'The longest wait after the first failure; each wait is random up to its limit',
		displayOptions: { show: { retryPreset: ['custom'] } },
	},
	{
		displayName: 'Backoff Factor',
		name: 'backoffFactor',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 2 },
		default: 2,
		description: 'How much the wait limit grows after each failure',
		displayOptions: { show: { retryPreset: ['custom'] } },
	},
	{
		displayName: 'Max Delay (Seconds)',
		name: 'maxDelay',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 3 },
		default: 60,
		description: 'The cap on any single wait',
		displayOptions: { show: { retryPreset: ['custom'] } },
	},
	{
		displayName: 'Max Total Time (Seconds)',
		name: 'maxTotalTime',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 300,
		description:
			'No retry is scheduled that would start later than this after the first attempt. 0 means no limit.',
		displayOptions: { show: { retryPreset: ['custom'] } },
	},
	{
		displayName: 'Send Idempotency Key',
		name: 'sendIdempotencyKey',
		type: 'boolean',
		default: true,
		description:
			'Whether to send a key that stays the same across retries, so the receiver can drop duplicates',
	},
	{
		displayName: 'Idempotency Key Header',
		name: 'idempotencyKeyHeader',
		type: 'string',
		default: 'Idempotency-Key',
		displayOptions: { show: { sendIdempotencyKey: [true] } },
	},
	{
		displayName: 'Idempotency Key',
		name: 'idempotencyKey',
		type: 'string',
		default: '={{ $json.dedup_key }}',
		description:
			"The key for each item. MMP Trigger's dedup_key is the same for an MMP's re-sends of one event. Items without a key are sent without the header.",
		displayOptions: { show: { sendIdempotencyKey: [true] } },
	},
];
