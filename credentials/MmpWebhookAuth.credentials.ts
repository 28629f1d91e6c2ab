import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

// Field names are read by lib/inbound/authConfig.ts (checkInboundAuth). This credential guards an
// inbound webhook and calls no API, so the "-Api" naming rules do not fit (like n8n's own
// httpHeaderAuth); the names are the package's documented identities (docs/design.md). It is tested
// by the MMP Trigger (testedBy: 'mmpWebhookAuthTest' in each typeVersion's description, under
// nodes/MmpTrigger/v1 and v2), which the credential-test rule cannot see through a versioned entry.
// eslint-disable-next-line n8n-nodes-base/cred-class-name-unsuffixed, @n8n/community-nodes/credential-test-required
export class MmpWebhookAuth implements ICredentialType {
	// eslint-disable-next-line n8n-nodes-base/cred-class-field-name-unsuffixed
	name = 'mmpWebhookAuth';

	// eslint-disable-next-line n8n-nodes-base/cred-class-field-display-name-missing-api
	displayName = 'MMP Webhook Auth';

	icon: Icon = { light: 'file:mmpWebhookAuth.svg', dark: 'file:mmpWebhookAuth.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-mmp-postback/n8n-nodes-mmp-postback/blob/main/docs/security.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
			name: 'authType',
			type: 'options',
			options: [
				{
					name: 'HMAC-SHA256 Signature',
					value: 'hmacSha256',
					description: 'The sender signs the timestamp and raw body with a shared secret',
				},
				{
					name: 'Header Token',
					value: 'headerToken',
					description: 'A secret token in a request header (e.g. the AppsFlyer Push API token)',
				},
				{
					name: 'HTTP Basic',
					value: 'basicAuth',
					description: 'User and password in the Authorization header',
				},
				{
					name: 'None',
					value: 'none',
					description: 'Accept any caller; rely on the IP allowlist',
				},
				{
					name: 'Query Token',
					value: 'queryToken',
					description: 'A secret token in the callback URL, for MMPs that cannot send headers',
				},
			],
			default: 'headerToken',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'X-MMP-Token',
			displayOptions: { show: { authType: ['headerToken'] } },
			description:
				'Header that carries the token. With Authorization, "Bearer <token>" is accepted too.',
		},
		{
			displayName: 'Query Parameter Name',
			name: 'queryParameter',
			type: 'string',
			default: 'token',
			displayOptions: { show: { authType: ['queryToken'] } },
			description: 'Query parameter that carries the token; it is removed from the raw payload',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['headerToken', 'queryToken'] } },
			description: 'At least 16 random characters',
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			displayOptions: { show: { authType: ['basicAuth'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['basicAuth'] } },
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['hmacSha256'] } },
			description: 'Shared HMAC key, at least 32 random characters',
		},
		{
			displayName: 'Signature Header Name',
			name: 'signatureHeader',
			type: 'string',
			default: 'X-MMP-Signature',
			displayOptions: { show: { authType: ['hmacSha256'] } },
			description: 'Holds hex or base64 HMAC-SHA256, optionally prefixed "sha256="',
		},
		{
			displayName: 'Timestamp Header Name',
			name: 'timestampHeader',
			type: 'string',
			default: 'X-MMP-Timestamp',
			displayOptions: { show: { authType: ['hmacSha256'] } },
			description:
				'Holds the Unix time (seconds or milliseconds) that is signed as "<timestamp>.<raw body>". Empty: the body alone is signed and replays are not bounded.',
		},
		{
			displayName: 'Replay Window (Seconds)',
			name: 'replayWindowSeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 86400 },
			default: 300,
			displayOptions: { show: { authType: ['hmacSha256'] } },
			description: 'Signed requests older or newer than this are refused with 403',
		},
		{
			displayName: 'Signature Encoding',
			name: 'signatureEncoding',
			type: 'options',
			options: [
				{ name: 'Auto-Detect', value: 'auto', description: '64 hex digits, otherwise base64' },
				{ name: 'Base64', value: 'base64' },
				{ name: 'Hex', value: 'hex' },
			],
			default: 'auto',
			displayOptions: { show: { authType: ['hmacSha256'] } },
		},
	];
}
