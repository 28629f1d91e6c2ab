import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

// How Send Postback authenticates to the receiving endpoint. The node applies it itself (Standard
// Webhooks signing is computed per request, which a declarative `authenticate` block cannot do), and
// the credential test lives in the node (`testedBy`): it validates the fields and, when a Test URL is
// set, sends one signed request there (n8n runs a declarative `test` instead of it whenever one
// exists, so there is none). The credential authenticates to the partner's postback endpoint, not
// to an API of ours, so the "-Api" naming rules do not fit; the names are the package's documented
// identities (docs/design.md).
// eslint-disable-next-line n8n-nodes-base/cred-class-name-unsuffixed
export class PostbackEndpointAuth implements ICredentialType {
	// eslint-disable-next-line n8n-nodes-base/cred-class-field-name-unsuffixed
	name = 'postbackEndpointAuth';

	// eslint-disable-next-line n8n-nodes-base/cred-class-field-display-name-missing-api
	displayName = 'Postback Endpoint Auth';

	icon: Icon = {
		light: 'file:postbackEndpointAuth.svg',
		dark: 'file:postbackEndpointAuth.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-mmp-postback/n8n-nodes-mmp-postback/blob/main/docs/nodes/send-postback.md#authentication-and-signing';

	properties: INodeProperties[] = [
		{
			displayName: 'Type',
			name: 'authType',
			type: 'options',
			options: [
				{
					name: 'Basic Auth',
					value: 'basic',
					description: 'Authorization: Basic with a user name and password',
				},
				{
					name: 'Bearer Token',
					value: 'bearer',
					description: 'Authorization: Bearer &lt;token&gt;',
				},
				{
					name: 'Header Token',
					value: 'header',
					description: 'A header of your choice, e.g. X-Api-Key',
				},
				{
					name: 'None',
					value: 'none',
					description: 'No authentication; the Test URL can still check reachability',
				},
				{
					name: 'Query Parameter',
					value: 'query',
					description: 'A token appended to the URL, e.g. ?api_key=…',
				},
				{
					name: 'Standard Webhooks Signature',
					value: 'standardWebhooks',
					description:
						'Webhook-ID, Webhook-Timestamp and Webhook-Signature (HMAC-SHA256) headers on every request',
				},
			],
			default: 'header',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'X-Api-Key',
			required: true,
			displayOptions: { show: { authType: ['header'] } },
		},
		{
			displayName: 'Header Value',
			name: 'headerToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['header'] } },
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['bearer'] } },
		},
		{
			displayName: 'User Name',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authType: ['basic'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['basic'] } },
		},
		{
			displayName: 'Parameter Name',
			name: 'queryName',
			type: 'string',
			default: 'api_key',
			required: true,
			displayOptions: { show: { authType: ['query'] } },
		},
		{
			displayName: 'Parameter Value',
			name: 'queryToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['query'] } },
		},
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'whsec_…',
			description:
				'The receiver\'s Standard Webhooks secret: "whsec_" followed by base64 (24 to 64 bytes)',
			displayOptions: { show: { authType: ['standardWebhooks'] } },
		},
		{
			displayName: 'Add Auth Header',
			name: 'signatureExtraHeader',
			type: 'boolean',
			default: false,
			description: 'Whether to send a fixed header (e.g. an API key) alongside the signature',
			displayOptions: { show: { authType: ['standardWebhooks'] } },
		},
		{
			displayName: 'Auth Header Name',
			name: 'extraHeaderName',
			type: 'string',
			default: 'Authorization',
			required: true,
			displayOptions: { show: { authType: ['standardWebhooks'], signatureExtraHeader: [true] } },
		},
		{
			displayName: 'Auth Header Value',
			name: 'extraHeaderToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['standardWebhooks'], signatureExtraHeader: [true] } },
		},
		{
			displayName: 'Endpoint URL (Secret)',
			name: 'secretEndpointUrl',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'https://hooks.slack.com/services/T000/B000/XXXX',
			description:
				"Optional, for a URL that is itself a secret: a Slack incoming webhook, or a tracker postback URL with its key in the path (Keitaro: https://tracker.example.com/KEY/postback). When set, Send Postback sends every item here, keeping only the query string of the item's own URL, and shows the URL as [redacted] in items.",
		},
		{
			displayName: 'Test URL',
			name: 'testUrl',
			type: 'string',
			default: '',
			placeholder: 'https://postbacks.example.com/health',
			description:
				'Optional. When set, testing the credential sends one authenticated GET here and expects a 2xx. When empty, the test only checks the fields.',
		},
	];
}
