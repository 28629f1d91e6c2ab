/**
 * lib/delivery: the n8n-free postback delivery engine, on undici.
 *
 * Main entry points
 *
 *   renderCallback({ url, method?, headers?, body?, bodyKind?, syntax?, ... }, values): RenderedCallback
 *     Fills a postback template (any macro dialect) with one set of values: the request Render
 *     Callback writes into `$json.callback`, ready for deliverBatch. createCallbackRenderer(options)
 *     does the same for many callbacks, compiling each distinct template once.
 *
 *   requestFromCallback(value): the request of a RenderedCallback that came back from elsewhere (a
 *     workflow, a queue), checked field by field; throws InvalidCallbackError naming the field.
 *
 *   deliverBatch(items, options?): Promise<DeliveryResult[]>
 *     Delivers every item; results in input order (results[i].index === i).
 *
 *   deliverEach(items, options, onResult): Promise<DeliverySummary>
 *     The same, streaming: onResult(result) is called as each item ends (completion order), and
 *     nothing is kept, so memory stays flat for any number of items.
 *
 *   `items` is any Iterable or AsyncIterable of DeliveryItem
 *     { url, method?, headers?, body?, idempotencyKey?, previousAttempts?, firstAttemptAt? }.
 *   Every item ends in exactly one DeliveryResult, ok (Delivered) or not (Failed):
 *     { index, ok, status?, attempts, durationMs, history: [{ at, durationMs, status? | errorCode?,
 *       waitMs? }], firstAttemptAt?, responseBody?, responseBodyTruncated?, responseHeaders?,
 *       error?: { code, message }, retryable?, retryAt? }
 *   A problem with one item (bad URL, CR/LF in a header, refused address, HTTP error, timeout)
 *   is a Failed result, never an exception. Only invalid options throw (DeliveryConfigError,
 *   before anything is sent), as does an error thrown by the input iterator or by onResult.
 *
 * Options (all optional; see DeliveryOptions): retry (preset name or policy; default
 * 'standard'), success criterion, auth, Standard Webhooks signing, idempotencyHeader, timeouts,
 * concurrency / perHostConcurrency, maxInlineWaitMs, followRedirects, maxResponseBytes,
 * captureResponseBody / captureResponseHeaders, ssrf, circuitBreaker, useEnvProxy, dispatcher,
 * signal, and the injectable now / sleep / random.
 *
 * Long waits: a retry whose wait exceeds maxInlineWaitMs (default 60 s) is not waited for; the
 * item fails with retryable: true and retryAt. Re-submit it at that time with previousAttempts =
 * result.attempts and firstAttemptAt = result.firstAttemptAt and the schedule continues.
 *
 * Secrets (auth values, signing secret) never appear in results: error messages and captured
 * responses are scrubbed, and auth is applied inside the engine, after the caller's URL.
 *
 * Building blocks, usable on their own: createRetryPolicy / RETRY_PRESETS, parseRetryAfter,
 * createSuccessCriterion, createDeliveryDispatcher (shared keep-alive dispatcher with the SSRF
 * guard and env proxy), createSsrfGuard / classifyAddress, prepareRequest + sendOnce (one
 * attempt), applyAuth, createStandardWebhookSigner / standardWebhookHeaders / webhookMessageId,
 * CircuitBreaker. Behaviour and decisions: docs/delivery-engine.md.
 */
export {
	deliverBatch,
	deliverEach,
	type DeliveryItems,
	type DeliverySummary,
} from './deliverBatch';
export type { AttemptRecord, DeliveryItem, DeliveryResult } from './deliverItem';
export { DELIVERY_DEFAULTS, type DeliveryOptions, type DeliveryTimeouts } from './options';
export {
	DEFAULT_RETRY_AFTER_MAX_MS,
	DEFAULT_RETRY_ERROR_CODES,
	DEFAULT_RETRY_STATUSES,
	RETRY_PRESET_NAMES,
	RETRY_PRESETS,
	createRetryPolicy,
	parseStatusList,
	type Backoff,
	type ExponentialBackoff,
	type RetryDecision,
	type RetryInput,
	type RetryOutcome,
	type RetryPolicy,
	type RetryPolicyOptions,
	type RetryPresetName,
	type RetryStopReason,
	type ScheduleBackoff,
} from './retryPolicy';
export { parseRetryAfter } from './retryAfter';
export {
	createSuccessCriterion,
	type SuccessCriterion,
	type SuccessCriterionSpec,
} from './successCriterion';
export {
	createDeliveryDispatcher,
	proxyFromEnv,
	type DeliveryDispatcherOptions,
} from './dispatcher';
export { createSsrfGuard, type BaseLookup, type SsrfGuard, type SsrfOptions } from './ssrfGuard';
export { classifyAddress, type AddressClass } from './addressClass';
export type { EgressFilter, EgressVerdict } from './egressFilter';
export {
	HTTP_METHODS,
	prepareRequest,
	type HttpMethod,
	type PostbackRequest,
	type PreparedRequest,
} from './request';
export {
	sendOnce,
	type SendFailure,
	type SendOptions,
	type SendOutcome,
	type SendResponse,
} from './sendOnce';
export { createScrubber, REDACTED, type Scrubber } from './scrub';
export { endpointSecrets, endpointTarget, validateEndpointUrl } from './endpointUrl';
export { NO_POSTBACK_AUTH, applyAuth, authSecrets, validateAuth, type PostbackAuth } from './auth';
export {
	STANDARD_WEBHOOK_SECRET_PREFIX,
	createStandardWebhookSigner,
	signingKeyText,
	signingSecretForms,
	standardWebhookHeaders,
	webhookMessageId,
	type StandardWebhookSigner,
} from './signing';
export {
	CircuitBreaker,
	type CircuitBreakerOptions,
	type CircuitOutcome,
	type CircuitPermit,
	type CircuitState,
} from './circuitBreaker';
export {
	NO_ENDPOINT_AUTH,
	endpointAuthFromCredential,
	type EndpointAuth,
	type EndpointAuthType,
	type PostbackEndpointAuthData,
} from './authConfig';
export {
	createCallbackRenderer,
	renderCallback,
	type CallbackRenderer,
	type CallbackRenderOptions,
	type CallbackTemplate,
} from './renderCallback';
export { requestFromCallback, type RenderedCallback } from './renderedCallback';
export type { BodyKind } from './requestBody';
export {
	DELIVERY_ERROR_CODES,
	CallbackRenderError,
	DeliveryConfigError,
	InvalidCallbackError,
	InvalidRequestError,
	SsrfBlockedError,
	type DeliveryErrorCode,
} from './errors';
