// The options of a delivery run, their defaults, and their validation. Everything that can be
// wrong with a configuration is reported here, once, before anything is sent.
import { setTimeout as delay } from 'node:timers/promises';

import type { Dispatcher } from 'undici';

import { applyAuth, authHeaderName, authSecrets, validateAuth, type PostbackAuth } from './auth';
import type { CircuitBreakerOptions } from './circuitBreaker';
import { DEFAULT_CONNECT_TIMEOUT_MS } from './dispatcher';
import type { EgressFilter } from './egressFilter';
import { endpointSecrets, validateEndpointUrl } from './endpointUrl';
import { hasLineBreakOrNul, isHeaderName } from '../security/httpSyntax';
import { DeliveryConfigError } from './errors';
import type { PreparedRequest } from './request';
import {
	createRetryPolicy,
	type RetryPolicy,
	type RetryPolicyOptions,
	type RetryPresetName,
} from './retryPolicy';
import { createScrubber, type Scrubber } from './scrub';
import {
	createStandardWebhookSigner,
	signingSecretForms,
	type StandardWebhookSigner,
} from './signing';
import type { SsrfOptions } from './ssrfGuard';
import {
	createSuccessCriterion,
	type SuccessCriterion,
	type SuccessCriterionSpec,
} from './successCriterion';

export interface DeliveryTimeouts {
	/** TCP/TLS connect. Default 10 s. */
	connectMs?: number;
	/** Until the response headers arrive. Default 15 s. */
	headersMs?: number;
	/** For the whole response body, from the headers on. Default 15 s. */
	bodyMs?: number;
}

export interface DeliveryOptions {
	/** A preset name or a policy. Default `standard`. */
	retry?: RetryPresetName | RetryPolicyOptions;
	/** Default: any 2xx. */
	success?: SuccessCriterionSpec;
	/** Endpoint authentication. Default none. */
	auth?: PostbackAuth;
	/**
	 * A target URL that is a secret (from a credential): every item is sent there, its own URL
	 * supplying only its query string; it is scrubbed from results like the auth values.
	 */
	endpointUrl?: string;
	/** Standard Webhooks signing with a `whsec_...` secret. */
	signing?: { secret: string };
	/** Header carrying the item's `idempotencyKey`; false to send none. Default `Idempotency-Key`. */
	idempotencyHeader?: string | false;
	/** Sent unless the item sets `User-Agent`; false to send none. */
	userAgent?: string | false;
	timeouts?: DeliveryTimeouts;
	/** Requests in flight across all hosts. Default 50. */
	concurrency?: number;
	/** Requests in flight to one origin (also its connection pool size). Default 20. */
	perHostConcurrency?: number;
	/**
	 * The longest wait spent inside the run before a retry. A longer wait ends the item as failed
	 * with `retryable: true` and `retryAt`, so the worker is not held. Default 60 s.
	 */
	maxInlineWaitMs?: number;
	/** Redirects to follow (each hop SSRF-checked). Default 0: a 3xx is a failure. */
	followRedirects?: number;
	/** Response body bytes read and kept. Default 16 KiB. */
	maxResponseBytes?: number;
	/** Keep the (scrubbed) response body in results. Default true. */
	captureResponseBody?: boolean;
	/** Keep the (scrubbed) response headers in results. Default false. */
	captureResponseHeaders?: boolean;
	ssrf?: SsrfOptions;
	/** Per-host circuit breaker; false to disable. */
	circuitBreaker?: false | Omit<CircuitBreakerOptions, 'now'>;
	/** Use HTTP(S)_PROXY / NO_PROXY when set. Default true. */
	useEnvProxy?: boolean;
	/**
	 * The host platform's outbound policy, applied on top of `ssrf` (n8n: the instance's N8N_SSRF_*
	 * settings through `this.helpers.getSecureEgressFilter()`). Default none.
	 */
	egressFilter?: EgressFilter;
	/**
	 * A dispatcher the caller owns (it is not closed). Its own connect, proxy and SSRF settings
	 * apply: `ssrf`, `egressFilter`, `timeouts.connectMs` and `useEnvProxy` are then not used.
	 */
	dispatcher?: Dispatcher;
	/** Cancels the run: in-flight attempts are aborted, the remaining items fail with `aborted`. */
	signal?: AbortSignal;
	/** Clock in ms. Default `Date.now`. */
	now?: () => number;
	/** Waits before a retry. Default a timer; the n8n node passes n8n-workflow's `sleep`. */
	sleep?: (ms: number) => Promise<unknown>;
	/** Jitter source in [0, 1). Default `Math.random`. */
	random?: () => number;
}

export const DELIVERY_DEFAULTS = {
	retry: 'standard',
	concurrency: 50,
	perHostConcurrency: 20,
	maxInlineWaitMs: 60_000,
	followRedirects: 0,
	maxResponseBytes: 16 * 1024,
	headersTimeoutMs: 15_000,
	bodyTimeoutMs: 15_000,
	connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
	idempotencyHeader: 'idempotency-key',
	userAgent: 'n8n-nodes-mmp-postback',
} as const;

const MAX_CONCURRENCY = 10_000;
const MAX_REDIRECTS = 20;
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Options checked, defaulted and turned into the objects a run uses. */
export interface ResolvedDelivery {
	readonly policy: RetryPolicy;
	readonly criterion: SuccessCriterion;
	/** Applies the auth to a prepared request. */
	readonly authenticate: (request: PreparedRequest) => PreparedRequest;
	/** The secret endpoint URL every item goes to, when set. */
	readonly endpointUrl?: string;
	readonly signer?: StandardWebhookSigner;
	readonly idempotencyHeader?: string;
	readonly userAgent?: string;
	readonly connectTimeoutMs: number;
	readonly headersTimeoutMs: number;
	readonly bodyTimeoutMs: number;
	readonly concurrency: number;
	readonly perHostConcurrency: number;
	readonly maxInlineWaitMs: number;
	readonly followRedirects: number;
	readonly maxResponseBytes: number;
	readonly captureResponseBody: boolean;
	readonly captureResponseHeaders: boolean;
	readonly circuitBreaker: false | Omit<CircuitBreakerOptions, 'now'>;
	/** Header names to drop when a redirect leaves the origin. */
	readonly sensitiveHeaders: readonly string[];
	readonly scrub: Scrubber;
	readonly now: () => number;
	/** Resolves after `ms`, or early (never rejecting) when the run is cancelled. */
	readonly sleep: (ms: number) => Promise<void>;
	readonly random: () => number;
	readonly signal?: AbortSignal;
}

export function resolveDeliveryOptions(options: DeliveryOptions = {}): ResolvedDelivery {
	const random = options.random ?? Math.random;
	const auth = options.auth ?? { type: 'none' };
	validateAuth(auth);
	const signer = options.signing ? createStandardWebhookSigner(options.signing.secret) : undefined;

	const concurrency = wholeNumber(
		'concurrency',
		options.concurrency,
		DELIVERY_DEFAULTS.concurrency,
		1,
		MAX_CONCURRENCY,
	);
	const perHostConcurrency = Math.min(
		concurrency,
		wholeNumber(
			'perHostConcurrency',
			options.perHostConcurrency,
			DELIVERY_DEFAULTS.perHostConcurrency,
			1,
			MAX_CONCURRENCY,
		),
	);
	const timeouts = options.timeouts ?? {};
	const authHeader = authHeaderName(auth);
	const secrets = authSecrets(auth);
	if (options.signing) secrets.push(...signingSecretForms(options.signing.secret));
	const { endpointUrl } = options;
	if (endpointUrl !== undefined) {
		validateEndpointUrl(endpointUrl);
		secrets.push(...endpointSecrets(endpointUrl));
	}
	const signal = options.signal;

	return {
		policy: createRetryPolicy(options.retry ?? DELIVERY_DEFAULTS.retry, random),
		criterion: createSuccessCriterion(options.success),
		authenticate:
			auth.type === 'none' ? (request) => request : (request) => applyAuth(request, auth),
		signer,
		endpointUrl,
		idempotencyHeader: headerNameOption(
			'idempotencyHeader',
			options.idempotencyHeader,
			DELIVERY_DEFAULTS.idempotencyHeader,
		),
		userAgent: userAgentOption(options.userAgent),
		connectTimeoutMs: duration(
			'timeouts.connectMs',
			timeouts.connectMs,
			DELIVERY_DEFAULTS.connectTimeoutMs,
		),
		headersTimeoutMs: duration(
			'timeouts.headersMs',
			timeouts.headersMs,
			DELIVERY_DEFAULTS.headersTimeoutMs,
		),
		bodyTimeoutMs: duration('timeouts.bodyMs', timeouts.bodyMs, DELIVERY_DEFAULTS.bodyTimeoutMs),
		concurrency,
		perHostConcurrency,
		maxInlineWaitMs: nonNegative(
			'maxInlineWaitMs',
			options.maxInlineWaitMs,
			DELIVERY_DEFAULTS.maxInlineWaitMs,
		),
		followRedirects: wholeNumber(
			'followRedirects',
			options.followRedirects,
			DELIVERY_DEFAULTS.followRedirects,
			0,
			MAX_REDIRECTS,
		),
		maxResponseBytes: wholeNumber(
			'maxResponseBytes',
			options.maxResponseBytes,
			DELIVERY_DEFAULTS.maxResponseBytes,
			0,
			MAX_RESPONSE_BYTES,
		),
		captureResponseBody: options.captureResponseBody ?? true,
		captureResponseHeaders: options.captureResponseHeaders ?? false,
		circuitBreaker: options.circuitBreaker ?? {},
		sensitiveHeaders: authHeader ? [authHeader] : [],
		scrub: createScrubber(secrets),
		now: options.now ?? Date.now,
		sleep: cancellableSleep(options.sleep, signal),
		random,
		signal,
	};
}

function cancellableSleep(
	sleep: ((ms: number) => Promise<unknown>) | undefined,
	signal: AbortSignal | undefined,
): (ms: number) => Promise<void> {
	if (!sleep) {
		// Our own timer can be cancelled outright.
		return (ms) => delay(ms, undefined, { signal }).then(noop, noop);
	}
	if (!signal) return (ms) => sleep(ms).then(noop);
	// Someone else's sleep cannot be cancelled; stop waiting for it instead.
	return (ms) =>
		new Promise<void>((resolve, reject) => {
			if (signal.aborted) return resolve();
			const onAbort = () => resolve();
			signal.addEventListener('abort', onAbort, { once: true });
			sleep(ms).then(
				() => {
					signal.removeEventListener('abort', onAbort);
					resolve();
				},
				(error: unknown) => {
					signal.removeEventListener('abort', onAbort);
					reject(error);
				},
			);
		});
}

function noop(): void {}

function wholeNumber(
	name: string,
	value: number | undefined,
	fallback: number,
	min: number,
	max: number,
): number {
	if (value === undefined) return fallback;
	if (!Number.isInteger(value) || value < min || value > max) {
		throw new DeliveryConfigError(`${name} must be a whole number from ${min} to ${max}`);
	}
	return value;
}

function duration(name: string, value: number | undefined, fallback: number): number {
	if (value === undefined) return fallback;
	if (!(value > 0 && value <= 3_600_000)) {
		throw new DeliveryConfigError(`${name} must be more than 0 and at most 3,600,000 ms (1 h)`);
	}
	return value;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
	if (value === undefined) return fallback;
	if (!(value >= 0 && value < Infinity)) {
		throw new DeliveryConfigError(`${name} must be a non-negative number of milliseconds`);
	}
	return value;
}

function headerNameOption(
	name: string,
	value: string | false | undefined,
	fallback: string,
): string | undefined {
	if (value === false) return undefined;
	const header = value ?? fallback;
	if (!isHeaderName(header)) {
		throw new DeliveryConfigError(`${name} ${JSON.stringify(header)} is not a valid header name`);
	}
	return header.toLowerCase();
}

function userAgentOption(value: string | false | undefined): string | undefined {
	if (value === false) return undefined;
	const userAgent = value ?? DELIVERY_DEFAULTS.userAgent;
	if (hasLineBreakOrNul(userAgent)) {
		throw new DeliveryConfigError('userAgent contains CR, LF or NUL');
	}
	return userAgent;
}
