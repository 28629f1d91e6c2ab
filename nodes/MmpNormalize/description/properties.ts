// Parameters of MMP Normalize. The callback settings are MMP Trigger's own parameters (same names,
// options and defaults), taken from its description so both nodes stay in step; only wording that
// speaks of executions or answers is adapted. Names here are read by ../settings.ts.
import type { INodeProperties } from 'n8n-workflow';

import { sharedProperties as mmpTriggerProperties } from '../../MmpTrigger/description/properties';

function triggerProperty(name: string, overrides: Partial<INodeProperties> = {}): INodeProperties {
	const property = mmpTriggerProperties.find((candidate) => candidate.name === name);
	if (!property) throw new Error(`MMP Trigger has no parameter "${name}"`);
	return { ...property, ...overrides } as INodeProperties;
}

function triggerOption(collection: string, name: string): INodeProperties {
	const option = (triggerProperty(collection).options as INodeProperties[] | undefined)?.find(
		(candidate) => candidate.name === name,
	);
	if (!option) throw new Error(`MMP Trigger has no option "${collection}.${name}"`);
	return option;
}

const fields = { show: { input: ['fields'] } };

function fieldPath(
	displayName: string,
	name: string,
	fallback: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: fallback,
		placeholder: fallback,
		displayOptions: fields,
		description,
	};
}

export const mmpNormalizeProperties: INodeProperties[] = [
	{
		displayName: 'Input',
		name: 'input',
		type: 'options',
		options: [
			{
				name: 'Webhook Node Item',
				value: 'webhookNode',
				description:
					"Items of n8n's Webhook node: { headers, params, query, body }, with the raw body in binary data when its Raw Body option is on",
			},
			{
				name: 'Callback Fields',
				value: 'fields',
				description:
					'Items from any other trigger (Kafka, RabbitMQ, SQS, a file): name the fields that hold the URL, query, headers and body',
			},
		],
		default: 'webhookNode',
	},
	{
		displayName:
			'In the Webhook node: allow GET and POST (Allow Multiple HTTP Methods), respond Immediately, and turn on Options → Raw Body if callbacks are HMAC-signed. Its path is what Auto-Detect sees (e.g. mmp/adjust).',
		name: 'webhookNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { input: ['webhookNode'] } },
	},
	fieldPath(
		'URL Field',
		'urlField',
		'url',
		'Field with the request path and query string (or a full URL); a path segment naming the MMP helps Auto-Detect. Dotted paths reach into objects.',
	),
	fieldPath(
		'Query Field',
		'queryField',
		'query',
		'Field with the query parameters, as an object or a query string; appended to the URL',
	),
	fieldPath(
		'Headers Field',
		'headersField',
		'headers',
		'Field with the request headers as an object (names in any case)',
	),
	fieldPath(
		'Body Field',
		'bodyField',
		'body',
		'Field with the body: text as sent (needed for HMAC) or an already-parsed object',
	),
	fieldPath(
		'Method Field',
		'methodField',
		'method',
		'Field with the HTTP method; when absent, POST if there is a body, else GET',
	),
	{
		displayName: 'Raw Body Binary Field',
		name: 'rawBodyBinaryField',
		type: 'string',
		default: 'data',
		description:
			'Binary field holding the body bytes as sent (the Webhook node\'s Raw Body option writes "data"). When present it wins over the parsed body, and HMAC signatures are checked against it.',
	},
	{
		displayName: 'Client IP Field',
		name: 'clientIpField',
		type: 'string',
		default: '',
		placeholder: 'headers.x-real-ip',
		description:
			"Field with the sender's IP address, judged by the IP allowlist. The Webhook node keeps no socket address: map a header your proxy sets, or turn on Behind Reverse Proxy to use X-Forwarded-For.",
	},
	triggerProperty('mmp'),
	triggerProperty('strict', {
		description:
			'Whether to fail items (400 errors) whose MMP cannot be identified or that fail its schema, instead of accepting them with mmp "unknown"',
	}),
	triggerProperty('includeRaw'),
	triggerProperty('startFor', {
		displayName: 'Keep Only',
		name: 'keepOnly',
		description:
			'Valid callbacks that fail a condition are dropped (no output item); the count shows as a hint. All conditions must hold.',
	}),
	triggerProperty('fieldMapping'),
	triggerProperty('ipPresets'),
	triggerProperty('ipAllowlist'),
	triggerProperty('behindProxy'),
	triggerProperty('proxyHops'),
	{
		displayName: 'Options',
		name: 'additionalOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			triggerOption('additionalOptions', 'appleDevelopmentPostbacks'),
			triggerOption('additionalOptions', 'applePublicKeys'),
			triggerOption('additionalOptions', 'maxBodyKib'),
		],
	},
];
