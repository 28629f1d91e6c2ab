// Parameters of the MMP Trigger. Names here are read by ../nodeConfig.ts.
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import {
	APPLE_SOURCES,
	CANONICAL_FIELDS,
	EVENT_KINDS,
	MMP_LABELS,
	MMP_NAMES,
	recommendedTemplates,
	SOURCE_LABELS,
	type MmpName,
} from '../../../lib/mmp';
import { MMP_IP_PRESETS } from '../../../lib/security';
import { resendGateProperties } from './resendGateProperties';
import { callbackTemplateNotice } from './templateNotice';

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

const KIND_LABELS: Record<(typeof EVENT_KINDS)[number], string> = {
	install: 'Install',
	reinstall: 'Reinstall',
	reattribution: 'Reattribution',
	reengagement: 'Re-Engagement',
	in_app_event: 'In-App Event',
	session: 'Session',
	uninstall: 'Uninstall',
	rejected_install: 'Rejected Install',
	rejected_reattribution: 'Rejected Reattribution',
	click: 'Click',
	impression: 'Impression',
	ad_revenue: 'Ad Revenue',
};

const mmpOptions: INodePropertyOptions[] = [
	{
		name: 'Auto-Detect',
		value: 'auto',
		description: 'Identify the MMP from the path, an mmp= parameter, headers or payload keys',
	},
	...MMP_NAMES.map((mmp) => ({ name: MMP_LABELS[mmp], value: mmp })),
	...APPLE_SOURCES.map((source) => ({
		name: SOURCE_LABELS[source],
		value: source,
		description: 'Signed install-validation postbacks that Apple devices send',
	})),
].sort(byName);

const templateNotices: INodeProperties[] = [
	{
		displayName:
			'Choose the MMP above to see the callback URL template to paste into its dashboard. With Auto-Detect, add <code>mmp=&lt;name&gt;</code> to each URL so detection never has to guess.',
		name: 'autoDetectNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { mmp: ['auto'] } },
	},
	...MMP_NAMES.map(
		(mmp: MmpName): INodeProperties => ({
			displayName: callbackTemplateNotice(MMP_LABELS[mmp], recommendedTemplates(mmp)),
			name: `${mmp}TemplateNotice`,
			type: 'notice',
			default: '',
			displayOptions: { show: { mmp: [mmp] } },
		}),
	),
	{
		displayName:
			"Apple devices POST signed JSON to <code>/.well-known/skadnetwork/report-attribution/</code> (SKAdNetwork) or <code>/.well-known/appattribution/report-attribution/</code> (AdAttributionKit) on the domain in your app's Info.plist: forward that path to this node's webhook URL with a reverse-proxy rule (docs/mmp-setup/apple.md). Postbacks whose signature verifies leave on Attribution; the others on Fraud Alert with a fraud_reason.",
		name: 'appleEndpointNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { mmp: [...APPLE_SOURCES] } },
	},
];

const mappableFields: INodePropertyOptions[] = CANONICAL_FIELDS.filter(
	(field) => field !== 'mmp' && field !== 'dedup_key',
)
	.map((field) => ({ name: field, value: field }))
	.sort(byName);

/** Every typeVersion's parameters. */
/** What every typeVersion shares (MMP Normalize takes its callback settings from here by name). */
export const sharedProperties: INodeProperties[] = [
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: '',
		placeholder: 'mmp/callbacks',
		description:
			'The webhook path after /webhook/. Leave empty for a unique generated path. A segment naming the MMP (e.g. mmp/adjust) helps Auto-Detect.',
	},
	{
		displayName: 'MMP',
		name: 'mmp',
		type: 'options',
		options: mmpOptions,
		default: 'auto',
		description: 'Which mobile measurement partner sends the callbacks',
	},
	...templateNotices,
	{
		displayName: 'Strict Mode',
		name: 'strict',
		type: 'boolean',
		default: false,
		description:
			'Whether to refuse (400) callbacks whose MMP cannot be identified or that fail its schema, instead of accepting them with mmp "unknown"',
	},
	{
		displayName: 'Include Raw Payload',
		name: 'includeRaw',
		type: 'boolean',
		default: true,
		description:
			'Whether to add the decoded query and body as "raw" to each item, so fields without a canonical name are not lost',
	},
	{
		displayName: 'Start Executions For',
		name: 'startFor',
		type: 'collection',
		placeholder: 'Add Condition',
		default: {},
		description:
			'Callbacks that fail a condition are validated and acknowledged but start no execution. All conditions must hold.',
		options: [
			{
				displayName: 'Event Kinds',
				name: 'eventKinds',
				type: 'multiOptions',
				options: EVENT_KINDS.map((kind) => ({ name: KIND_LABELS[kind], value: kind })).sort(byName),
				default: [],
				description: 'Start only for these kinds of event',
			},
			{
				displayName: 'Event Names',
				name: 'eventNames',
				type: 'string',
				default: '',
				placeholder: 'af_purchase, *_subscribe',
				description:
					'Start only for events whose event_name matches one of these (comma-separated; * and ? wildcards; case-insensitive). Events without a name do not match.',
			},
			{
				displayName: 'Fraud Only',
				name: 'fraudOnly',
				type: 'boolean',
				default: false,
				description: 'Whether to start only for events flagged as fraud (the Fraud Alert output)',
			},
		],
	},
	{
		displayName: 'Field Mapping',
		name: 'fieldMapping',
		type: 'fixedCollection',
		placeholder: 'Add Mapping',
		typeOptions: { multipleValues: true },
		default: {},
		description:
			'Read extra parameter names into canonical fields, e.g. a custom "uid" parameter into customer_user_id. Wins over built-in names.',
		options: [
			{
				name: 'mappings',
				displayName: 'Mapping',
				values: [
					{
						displayName: 'Incoming Name',
						name: 'incoming',
						type: 'string',
						default: '',
						placeholder: 'uid',
						description:
							'Query or body parameter name; a dotted path reaches into JSON (user_data.custom.uid)',
					},
					{
						displayName: 'Canonical Field',
						name: 'field',
						type: 'options',
						options: mappableFields,
						default: 'customer_user_id',
					},
				],
			},
		],
	},
	{
		displayName: 'IP Allowlist Presets',
		name: 'ipPresets',
		type: 'multiOptions',
		options: Object.values(MMP_IP_PRESETS)
			.map((preset) => ({
				name: preset.label,
				value: preset.id,
				description: `${preset.cidrs.length > 3 ? `${preset.cidrs.length} addresses` : preset.cidrs.join(', ')}${preset.note ? `. ${preset.note}` : ''}`,
			}))
			.sort(byName),
		default: [],
		description:
			"Accept callbacks only from these MMPs' published source addresses. Branch, Kochava and Tenjin publish none: use a credential instead.",
	},
	{
		displayName: 'IP Allowlist',
		name: 'ipAllowlist',
		type: 'string',
		default: '',
		placeholder: '203.0.113.0/24, 2001:db8::/32',
		description:
			'More addresses or CIDR blocks to accept, separated by commas. With no presets and no entries, every address is accepted.',
	},
	{
		displayName: 'Behind Reverse Proxy',
		name: 'behindProxy',
		type: 'boolean',
		default: false,
		description:
			'Whether n8n runs behind reverse proxies you control; only then is X-Forwarded-For used to find the client address',
	},
	{
		displayName: 'Proxy Hops',
		name: 'proxyHops',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 10 },
		default: 1,
		displayOptions: { show: { behindProxy: [true] } },
		description:
			'How many of your proxies the request passes through; the client is taken that many entries from the right of X-Forwarded-For',
	},
	...resendGateProperties,
	{
		displayName: 'Options',
		name: 'additionalOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Accept Apple Development Postbacks',
				name: 'appleDevelopmentPostbacks',
				type: 'boolean',
				default: false,
				description:
					"Whether AdAttributionKit postbacks signed with Apple's development keys count as verified (for testing with developer settings). Off: they go to Fraud Alert.",
			},
			{
				displayName: 'Additional Apple Public Keys',
				name: 'applePublicKeys',
				type: 'string',
				typeOptions: { rows: 4 },
				default: '',
				placeholder: 'apple-cas-identifier/1 MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE…',
				description:
					'Keys to trust besides the ones Apple publishes, if Apple rotates them: one per line, base64 SPKI or PEM, optionally preceded by an AdAttributionKit key ID and a space',
			},
			{
				displayName: 'Max Body Size (KiB)',
				name: 'maxBodyKib',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1024,
				description:
					'Larger bodies are refused with 413. 1024 KiB is the largest callback Adjust sends.',
			},
			{
				displayName: 'Response Body',
				name: 'responseBody',
				type: 'string',
				default: '{"status":"ok"}',
				description: 'Sent with every accepted callback; JSON is sent as JSON, other text as is',
			},
			{
				displayName: 'Response Code',
				name: 'responseCode',
				type: 'number',
				typeOptions: { minValue: 200, maxValue: 299 },
				default: 200,
				description: 'HTTP status for accepted callbacks (2xx; MMPs retry anything else)',
			},
		],
	},
];

export const mmpTriggerV1Properties: INodeProperties[] = [
	...sharedProperties,
	{
		// n8n 2.41 pre-parses the body of typeVersion 1 webhook nodes unless options.binaryData is
		// set, answering 422 for malformed JSON before the node runs. Setting it lets the trigger read
		// the raw body itself and answer a precise 400 (docs/nodes/mmp-trigger.md, "Raw body").
		displayName: 'Body Handling',
		name: 'options',
		type: 'hidden',
		default: { binaryData: true },
	},
];

/** typeVersion 2: when to acknowledge and batched executions; no hidden option for n8n to evaluate. */
export const mmpTriggerV2Properties: INodeProperties[] = [
	...sharedProperties,
	{
		displayName: 'Respond',
		name: 'respond',
		type: 'options',
		options: [
			{
				name: 'On Receipt',
				value: 'onReceived',
				description:
					'Acknowledge once n8n has registered the execution (or the batch holding the callback), before the workflow runs',
			},
			{
				name: 'When the Workflow Finishes',
				value: 'lastNode',
				description:
					'Acknowledge only after the last node succeeded; answer 500 when the execution fails, so the MMP re-sends',
			},
		],
		default: 'onReceived',
		description: 'When the MMP gets its answer',
	},
	{
		displayName:
			'MMPs give up after about 2 seconds and then re-send: keep the workflow short, and store callbacks idempotently (e.g. ON CONFLICT (dedup_key) DO NOTHING), since a slow success is re-sent too',
		name: 'respondTimeoutNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { respond: ['lastNode'] } },
	},
	{
		displayName: 'Batch Executions',
		name: 'batch',
		type: 'boolean',
		default: false,
		description:
			'Whether callbacks arriving within a short window start one execution together, each as its own item on its own output. Every callback is answered only once the execution holding it exists (503 otherwise, so the MMP re-sends).',
	},
	{
		displayName: 'Batch Max Items',
		name: 'batchMaxItems',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1000 },
		default: 100,
		displayOptions: { show: { batch: [true] } },
		description: 'An execution starts as soon as this many callbacks are waiting',
	},
	{
		displayName: 'Batch Max Wait (Ms)',
		name: 'batchMaxWaitMs',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1000 },
		default: 250,
		displayOptions: { show: { batch: [true] } },
		description:
			"…or this long after the first callback of the window arrived (at most 1000, well under the MMPs' 2 s timeouts)",
	},
];
