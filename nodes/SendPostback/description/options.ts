import type { INodeProperties } from 'n8n-workflow';

// Tuning that most workflows leave alone. Defaults here are the ones the node applies when an
// option is not added (see readOptions.ts).
export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Allowed Private Addresses',
			name: 'allowedAddresses',
			type: 'string',
			default: '',
			placeholder: '10.20.0.0/16, 192.168.1.5',
			description:
				'Addresses or CIDR blocks that stay reachable when Block Private Networks is on, comma-separated. Cloud metadata and link-local addresses are refused regardless.',
		},
		{
			displayName: 'Block Private Networks',
			name: 'blockPrivateNetworks',
			type: 'boolean',
			default: false,
			description:
				'Whether to refuse loopback, private (RFC 1918), CGNAT and unique-local addresses, checked on the address actually connected to. Cloud metadata (169.254.169.254, fd00:ec2::254) and link-local addresses are always refused. When the node runs as an AI agent tool and this option is not added, private networks are blocked. The n8n instance\'s own SSRF protection (N8N_SSRF_*) applies on top.',
		},
		{
			displayName: 'Circuit Breaker Threshold',
			name: 'circuitBreakerThreshold',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 20,
			description:
				'Consecutive failed attempts to one host after which its remaining items fail fast (one probe is let through after a cool-down). 0 turns the breaker off.',
		},
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1000 },
			default: 50,
			description: 'Requests in flight at once across all hosts',
		},
		{
			displayName: 'Concurrency per Host',
			name: 'perHostConcurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1000 },
			default: 20,
			description:
				'Requests in flight at once to one host, so one slow endpoint cannot hold the others up',
		},
		{
			displayName: 'Connect Timeout (Ms)',
			name: 'connectTimeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 10000,
			description: 'How long to wait for a TCP (and TLS) connection',
		},
		{
			displayName: 'Fail Execution When Items Fail',
			name: 'failExecutionOnFailure',
			type: 'boolean',
			default: false,
			description:
				"Whether to stop the execution with an error once every item has been sent, when any item ended on Failed, so that the workflow's Error Workflow runs. The error lists how many failed and why (error codes, no secrets); nothing downstream of this node runs. Ignored when the node's On Error setting continues.",
		},
		{
			displayName: 'Follow Redirects',
			name: 'followRedirects',
			type: 'boolean',
			default: false,
			description:
				'Whether to follow 3xx redirects. Off by default: a postback that redirects is usually misconfigured, and the redirect answer is reported as the result.',
		},
		{
			displayName: 'Include Response Body',
			name: 'includeResponseBody',
			type: 'boolean',
			default: true,
			description: 'Whether to add the (size-capped) response body to postback.responseBody',
		},
		{
			displayName: 'Include Response Headers',
			name: 'includeResponseHeaders',
			type: 'boolean',
			default: false,
			description: 'Whether to add the final response headers to postback.responseHeaders',
		},
		{
			displayName: 'Long Wait Threshold (Seconds)',
			name: 'maxInlineWait',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 60,
			description:
				'A retry wait longer than this is not slept through: the item goes to Failed with retryable = true and retryAt, for a Wait node to loop it back. Keeps workers free.',
		},
		{
			displayName: 'Max Redirects',
			name: 'maxRedirects',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 20 },
			default: 3,
			description: 'The most redirects followed for one attempt (only with Follow Redirects)',
		},
		{
			displayName: 'Max Response Body Size (Bytes)',
			name: 'responseBodyMaxBytes',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 4096,
			description: 'Bytes of the response body kept; the rest is read and dropped',
		},
		{
			displayName: 'Response Body Timeout (Ms)',
			name: 'bodyTimeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 15000,
			description:
				'How long the whole response body may take, from the headers on. An attempt lasts at most connect + headers + body.',
		},
		{
			displayName: 'Response Headers Timeout (Ms)',
			name: 'headersTimeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 15000,
			description: 'How long to wait for the response headers once the request is sent',
		},
		{
			displayName: 'Retry On',
			name: 'retryOn',
			type: 'string',
			default: '408, 425, 429, 5xx',
			description:
				'Statuses that are retried: codes, ranges (500-504) or classes (5xx). Network errors and timeouts are always retried; other 4xx never are.',
		},
		{
			displayName: 'Retry-After Cap (Seconds)',
			name: 'retryAfterMax',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 3600,
			description:
				"The longest Retry-After wait honoured (seconds or HTTP date); a longer ask is cut to this. 0 ignores the header and keeps the node's own schedule.",
		},
	],
};
