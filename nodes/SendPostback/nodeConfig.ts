// This node's config: the parameters that apply to the whole batch → the delivery engine's options.
// Read once per execution (n8n's read for the first item, nodes/shared/nodeParameters.ts); anything
// wrong here stops the node with a NodeOperationError that says which parameter to fix.
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import {
	createRetryPolicy,
	DeliveryConfigError,
	endpointAuthFromCredential,
	NO_ENDPOINT_AUTH,
	parseStatusList,
	RETRY_PRESETS,
	type DeliveryOptions,
	type EgressFilter,
	type EndpointAuth,
	type RetryPolicyOptions,
	type RetryPresetName,
	type SuccessCriterionSpec,
} from '../../lib/delivery';
import { itemParameterRead, type ParameterRead } from '../shared/nodeParameters';

export const CREDENTIAL_TYPE = 'postbackEndpointAuth';

const NO_BACKOFF = { type: 'schedule', delaysMs: [] } as const;

/** Option defaults when an option is not added (mirrors description/options.ts). */
export const OPTION_DEFAULTS = {
	concurrency: 50,
	perHostConcurrency: 20,
	connectTimeout: 10_000,
	headersTimeout: 15_000,
	bodyTimeout: 15_000,
	followRedirects: false,
	maxRedirects: 3,
	includeResponseBody: true,
	includeResponseHeaders: false,
	responseBodyMaxBytes: 4096,
	maxInlineWait: 60,
	retryOn: '408, 425, 429, 5xx',
	retryAfterMax: 3600,
	blockPrivateNetworks: false,
	allowedAddresses: '',
	circuitBreakerThreshold: 20,
	failExecutionOnFailure: false,
} as const;

type Defaults = typeof OPTION_DEFAULTS;
/** The options as read: the defaults' keys, with their types widened (true as well as false). */
type Options = {
	-readonly [K in keyof Defaults]: Defaults[K] extends boolean
		? boolean
		: Defaults[K] extends number
			? number
			: string;
};

export interface NodeConfig {
	/** Everything but `sleep` and `signal`, which the node adds. */
	delivery: DeliveryOptions;
	/** Credential secrets, for scrubbing what the node reports itself. */
	secrets: string[];
	/** Options → Fail Execution When Items Fail: throw after all items if any ended on Failed. */
	failExecution: boolean;
}

export async function readNodeConfig(context: IExecuteFunctions): Promise<NodeConfig> {
	const node = context.getNode();
	const configError = (message: string, description?: string) =>
		new NodeOperationError(node, message, { description });
	const read = itemParameterRead(context, 0);
	const given = read<IDataObject>('options', {});
	const options = { ...OPTION_DEFAULTS, ...given } as Options;
	// Called by an AI agent, the URL can come from a prompt: private networks are then blocked
	// unless the option is set explicitly.
	if (given.blockPrivateNetworks === undefined && runsAsTool(context)) {
		options.blockPrivateNetworks = true;
	}

	let endpoint: EndpointAuth = NO_ENDPOINT_AUTH;
	if (read('authentication') === CREDENTIAL_TYPE) {
		let data;
		try {
			data = await context.getCredentials(CREDENTIAL_TYPE);
		} catch (error) {
			throw configError(
				'No Postback Endpoint Auth credential could be loaded',
				`Select a credential under Authentication, or set Authentication to None. (${(error as Error).message})`,
			);
		}
		try {
			endpoint = endpointAuthFromCredential(data);
		} catch (error) {
			throw configError(
				`The Postback Endpoint Auth credential is not usable: ${(error as Error).message}`,
				'Open the credential and fix the field named; the credential test checks them too.',
			);
		}
	}

	const sendKey = read<boolean>('sendIdempotencyKey');
	const delivery: DeliveryOptions = {
		retry: readRetry(read, options, configError),
		success: readSuccess(read),
		auth: endpoint.auth,
		signing: endpoint.signing,
		endpointUrl: endpoint.endpointUrl,
		idempotencyHeader: sendKey ? read<string>('idempotencyKeyHeader').trim() : false,
		timeouts: {
			connectMs: options.connectTimeout,
			headersMs: options.headersTimeout,
			bodyMs: options.bodyTimeout,
		},
		concurrency: options.concurrency,
		perHostConcurrency: options.perHostConcurrency,
		maxInlineWaitMs: options.maxInlineWait * 1000,
		followRedirects: options.followRedirects ? options.maxRedirects : 0,
		maxResponseBytes: options.responseBodyMaxBytes,
		captureResponseBody: options.includeResponseBody,
		captureResponseHeaders: options.includeResponseHeaders,
		ssrf: {
			blockPrivateNetworks: options.blockPrivateNetworks,
			allow: splitList(options.allowedAddresses),
		},
		circuitBreaker:
			options.circuitBreakerThreshold > 0
				? { failureThreshold: options.circuitBreakerThreshold }
				: false,
		egressFilter: instanceEgressFilter(context),
	};
	return {
		delivery,
		secrets: endpoint.secrets,
		failExecution: options.failExecutionOnFailure === true,
	};
}

/** n8n's tool variant of a `usableAsTool` node has the node's type name plus `Tool`. */
function runsAsTool(context: IExecuteFunctions): boolean {
	return context.getNode().type.endsWith('Tool');
}

/**
 * The instance's outbound policy (N8N_SSRF_*), when this n8n has the helper (2.41 and later; a
 * passthrough when the instance leaves SSRF protection off). Older n8n: the node's guard alone.
 */
function instanceEgressFilter(context: IExecuteFunctions): EgressFilter | undefined {
	const helpers = context.helpers as { getSecureEgressFilter?: () => EgressFilter };
	if (typeof helpers.getSecureEgressFilter !== 'function') return undefined;
	return helpers.getSecureEgressFilter();
}

function readRetry(
	read: ParameterRead,
	options: Options,
	configError: (message: string, description?: string) => NodeOperationError,
): RetryPolicyOptions {
	const preset = read<RetryPresetName | 'custom'>('retryPreset');
	let base: RetryPolicyOptions;
	if (preset === 'custom') {
		const maxTotalSeconds = read<number>('maxTotalTime');
		base = {
			maxAttempts: read<number>('maxAttempts'),
			maxElapsedMs: maxTotalSeconds > 0 ? maxTotalSeconds * 1000 : undefined,
			backoff: {
				type: 'exponential',
				baseMs: read<number>('baseDelay') * 1000,
				factor: read<number>('backoffFactor'),
				capMs: read<number>('maxDelay') * 1000,
			},
		};
	} else if (Object.prototype.hasOwnProperty.call(RETRY_PRESETS, preset)) {
		base = RETRY_PRESETS[preset];
	} else {
		throw configError(`Unknown retry preset "${preset}"`);
	}
	let retryStatuses: number[];
	try {
		retryStatuses = parseStatusList(options.retryOn);
		createRetryPolicy({ maxAttempts: 1, backoff: NO_BACKOFF, retryStatuses });
	} catch (error) {
		throw configError(
			`Options → Retry On is not valid: ${(error as Error).message}`,
			'List status codes, ranges or classes separated by commas, e.g. "408, 425, 429, 500-599". Only 408, 425, 429 and 5xx can be retried.',
		);
	}
	const policy = { ...base, retryStatuses, retryAfterMaxMs: options.retryAfterMax * 1000 };
	try {
		createRetryPolicy(policy);
	} catch (error) {
		throw configError(
			`The retry settings are not valid: ${(error as Error).message}`,
			'Check Max Attempts, the delays and Options → Retry-After Cap.',
		);
	}
	return policy;
}

function readSuccess(read: ParameterRead): SuccessCriterionSpec {
	const criterion = read<string>('successCriterion');
	switch (criterion) {
		case 'status200':
			return { type: 'status', status: 200 };
		case 'bodyContains':
			return { type: 'bodyContains', text: read<string>('successText') };
		case 'bodyMatches':
			return {
				type: 'bodyMatches',
				pattern: read<string>('successPattern'),
			};
		default:
			return { type: 'any2xx' };
	}
}

function splitList(text: string): string[] {
	return text
		.split(/[\s,]+/)
		.map((entry) => entry.trim())
		.filter((entry) => entry.length > 0);
}

/** Turns the engine's configuration refusal into the node's error, naming what to fix. */
export function configErrorFrom(context: IExecuteFunctions, error: DeliveryConfigError) {
	return new NodeOperationError(context.getNode(), `Invalid settings: ${error.message}`, {
		description:
			'Check the retry, timeout, concurrency and success settings of this node. Nothing was sent.',
	});
}
