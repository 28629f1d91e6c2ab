// One item from start to its single end, Delivered or Failed: prepare the request once, then
// attempt, judge, and wait, as the retry policy says, recording every attempt.
import type { Dispatcher } from 'undici';

import type { CircuitBreaker, CircuitPermit } from './circuitBreaker';
import { endpointTarget } from './endpointUrl';
import { DELIVERY_ERROR_CODES, errorCodeOf, errorMessageOf } from './errors';
import type { ResolvedDelivery } from './options';
import {
	checkHeaderValue as headerValue,
	prepareRequest,
	type PostbackRequest,
	type PreparedRequest,
} from './request';
import type { RequestSlots } from './requestSlots';
import type { RetryOutcome, RetryStopReason } from './retryPolicy';
import { sendOnce, type SendOptions, type SendOutcome, type SendResponse } from './sendOnce';
import { standardWebhookHeaders, webhookMessageId } from './signing';

export interface DeliveryItem extends PostbackRequest {
	/**
	 * Stable across retries and re-runs (e.g. the canonical event's `dedup_key`): sent in the
	 * idempotency header, and the Standard Webhooks `webhook-id` when signing.
	 */
	idempotencyKey?: string;
	/** Attempts made in earlier runs, for an item looped back after `retryAt`. */
	previousAttempts?: number;
	/** When the item's first attempt started (ISO text or ms); the time budget counts from it. */
	firstAttemptAt?: string | number;
}

export interface AttemptRecord {
	/** When the attempt started (ISO 8601). */
	at: string;
	durationMs: number;
	/** The response status, when one arrived. */
	status?: number;
	/** Why the attempt failed without a usable response, or why its body could not be read. */
	errorCode?: string;
	/** The wait scheduled after this attempt, when another one follows (or is due at `retryAt`). */
	waitMs?: number;
}

export interface DeliveryResult {
	/** The item's position in the input. */
	index: number;
	/** Delivered (true) or Failed (false); every item ends in exactly one of the two. */
	ok: boolean;
	/** The last attempt's response status, if it got one. */
	status?: number;
	/** Attempts made for the item, earlier runs' included. */
	attempts: number;
	/** Time spent on the item in this run. */
	durationMs: number;
	/** This run's attempts, in order. */
	history: AttemptRecord[];
	/** When the item's first attempt started (ISO), to pass back as `firstAttemptAt` on a re-run. */
	firstAttemptAt?: string;
	/** The last response's body (UTF-8, at most `maxResponseBytes`, secrets scrubbed). */
	responseBody?: string;
	responseBodyTruncated?: boolean;
	/** The last response's headers (lower-case names, secrets scrubbed), when captured. */
	responseHeaders?: Record<string, string | string[]>;
	/** Why the item failed. */
	error?: { code: string; message: string };
	/** On failure: true when the item is worth sending again later, at `retryAt`. */
	retryable?: boolean;
	/** When the next attempt is due (ISO), if the wait was too long to spend in this run. */
	retryAt?: string;
}

/** What a run shares between its items. */
export interface DeliveryRun extends ResolvedDelivery {
	readonly dispatcher: Dispatcher;
	readonly slots: RequestSlots;
	readonly breaker?: CircuitBreaker;
	readonly sendOptions: SendOptions;
}

/** Outcomes that say nothing about the host's health: the circuit breaker ignores them. */
const NEUTRAL_CODES = new Set<string>([
	DELIVERY_ERROR_CODES.ssrfBlocked,
	DELIVERY_ERROR_CODES.invalidRequest,
	DELIVERY_ERROR_CODES.aborted,
]);
const ALLOWED: CircuitPermit = { allowed: true, probe: false };

/** Never throws for a delivery problem: those end the item as Failed. */
export async function deliverItem(
	item: DeliveryItem,
	index: number,
	run: DeliveryRun,
): Promise<DeliveryResult> {
	const startedAt = run.now();
	const ended = new ItemEnd(index, startedAt, run);
	let request: PreparedRequest;
	let firstAttemptMs: number | undefined;
	try {
		ended.attempts = previousAttempts(item.previousAttempts);
		firstAttemptMs = instant(item.firstAttemptAt);
		request = prepare(item, run);
	} catch (error) {
		return ended.failed(errorCodeOf(error), errorMessageOf(error));
	}
	const host = request.origin;
	const messageId = run.signer ? webhookMessageId(item.idempotencyKey) : '';

	for (;;) {
		if (run.signal?.aborted) {
			return ended.failed(DELIVERY_ERROR_CODES.aborted, 'The run was cancelled');
		}
		if (firstAttemptMs !== undefined && run.now() - firstAttemptMs >= run.policy.maxElapsedMs) {
			return ended.failed(
				DELIVERY_ERROR_CODES.deadlineExceeded,
				`The item's ${run.policy.maxElapsedMs} ms time budget was used up`,
			);
		}
		const waitForSlot = run.slots.acquire(host);
		if (waitForSlot) await waitForSlot;
		const permit = run.breaker ? run.breaker.permit(host) : ALLOWED;
		if (!permit.allowed) {
			run.slots.release(host);
			return ended.failed(
				DELIVERY_ERROR_CODES.circuitOpen,
				`${host} failed repeatedly; its circuit is open until ${iso(permit.retryAtMs)}`,
				permit.retryAtMs,
			);
		}

		const atMs = run.now();
		firstAttemptMs ??= atMs;
		ended.firstAttemptMs = firstAttemptMs;
		ended.attempts++;
		let outcome: SendOutcome;
		try {
			outcome = await attempt(request, messageId, atMs, firstAttemptMs, run);
		} finally {
			run.slots.release(host);
		}
		const record: AttemptRecord = { at: iso(atMs), durationMs: run.now() - atMs };
		if (ended.firstAttemptMs === atMs) ended.firstAttemptAt = record.at;
		ended.history.push(record);

		let judged: RetryOutcome;
		let code: string;
		let message: string;
		if (outcome.kind === 'error') {
			ended.response = undefined;
			// Cancelling the run destroys the dispatcher: in-flight requests end with its error.
			if (run.signal?.aborted) outcome = { ...outcome, code: DELIVERY_ERROR_CODES.aborted };
			record.errorCode = code = outcome.code;
			message = outcome.message;
			// A proxy's refusal is judged by its status (502/503 retried, 407 not), per the policy.
			judged =
				outcome.proxyStatus === undefined ? { errorCode: code } : { status: outcome.proxyStatus };
			run.breaker?.record(
				host,
				NEUTRAL_CODES.has(code) ? 'neutral' : 'failure',
				permit.probe,
				atMs,
			);
		} else {
			ended.response = outcome;
			const { status } = outcome;
			record.status = status;
			run.breaker?.record(host, status >= 500 ? 'failure' : 'success', permit.probe, atMs);
			const is2xx = status >= 200 && status < 300;
			// The body failure stays on the attempt whatever the verdict: a Delivered item whose
			// response was cut short shows it in its history.
			if (outcome.bodyError) record.errorCode = outcome.bodyError.code;
			// Only a 2xx is judged by its body, and only when the criterion reads it: under a status
			// criterion the status is the receiver's verdict, and retrying an accepted postback
			// could count the conversion twice. An unreadable body cannot turn a 4xx into a retry.
			if (outcome.bodyError && run.criterion.needsBody && is2xx) {
				code = outcome.bodyError.code;
				message = `HTTP ${status}, then reading the body failed: ${outcome.bodyError.message}`;
				judged = { errorCode: code };
			} else if (run.criterion.isSuccess(status, outcome.body)) {
				return ended.delivered();
			} else {
				code = is2xx ? DELIVERY_ERROR_CODES.unexpectedResponse : DELIVERY_ERROR_CODES.httpStatus;
				message = is2xx
					? `HTTP ${status} does not meet the success criterion (${run.criterion.description})`
					: `HTTP ${status}`;
				judged = { status, headers: outcome.headers };
			}
		}

		const nowMs = run.now();
		const decision = run.policy.decide({
			attempt: ended.attempts,
			outcome: judged,
			elapsedMs: nowMs - firstAttemptMs,
			nowMs,
		});
		if (!decision.retry) {
			return ended.failed(code, `${message} (${stopText(decision.reason, ended.attempts, run)})`);
		}
		record.waitMs = decision.waitMs;
		if (decision.waitMs > run.maxInlineWaitMs) {
			const retryAtMs = nowMs + decision.waitMs;
			return ended.failed(
				code,
				`${message} (next attempt due at ${iso(retryAtMs)}; waits over ${run.maxInlineWaitMs} ms are not spent in the run)`,
				retryAtMs,
			);
		}
		if (decision.waitMs > 0) await run.sleep(decision.waitMs);
	}
}

/**
 * One request. The item's time budget caps the attempt as a whole when less of it is left than
 * the attempt's own phases allow (sendOnce then ends a cut phase with `deadline_exceeded`).
 */
async function attempt(
	request: PreparedRequest,
	messageId: string,
	atMs: number,
	firstAttemptMs: number,
	run: DeliveryRun,
): Promise<SendOutcome> {
	const sent = run.signer
		? {
				...request,
				headers: {
					...request.headers,
					...standardWebhookHeaders(run.signer, messageId, Math.floor(atMs / 1000), request.body),
				},
			}
		: request;
	const budgetLeft = run.policy.maxElapsedMs - (atMs - firstAttemptMs);
	if (budgetLeft >= run.headersTimeoutMs + run.bodyTimeoutMs) {
		return sendOnce(sent, run.sendOptions);
	}
	return sendOnce(sent, { ...run.sendOptions, attemptTimeoutMs: Math.max(1, budgetLeft) });
}

/** Builds the item's single result. */
class ItemEnd {
	attempts = 0;
	firstAttemptMs: number | undefined;
	/** The ISO form of firstAttemptMs, when an attempt of this run already made it. */
	firstAttemptAt: string | undefined;
	readonly history: AttemptRecord[] = [];
	response: SendResponse | undefined;

	constructor(
		private readonly index: number,
		private readonly startedAt: number,
		private readonly run: DeliveryRun,
	) {}

	delivered(): DeliveryResult {
		return this.result(true);
	}

	failed(code: string, message: string, retryAtMs?: number): DeliveryResult {
		const result = this.result(false);
		result.error = { code, message: this.run.scrub(message) };
		result.retryable = retryAtMs !== undefined;
		if (retryAtMs !== undefined) result.retryAt = iso(retryAtMs);
		return result;
	}

	private result(ok: boolean): DeliveryResult {
		const { run, response } = this;
		const result: DeliveryResult = {
			index: this.index,
			ok,
			attempts: this.attempts,
			durationMs: run.now() - this.startedAt,
			history: this.history,
		};
		if (this.firstAttemptMs !== undefined) {
			result.firstAttemptAt = this.firstAttemptAt ?? iso(this.firstAttemptMs);
		}
		if (response) {
			result.status = response.status;
			if (run.captureResponseBody && response.body !== undefined) {
				result.responseBody = run.scrub(response.body, response.bodyTruncated === true);
				if (response.bodyTruncated) result.responseBodyTruncated = true;
			}
			if (run.captureResponseHeaders) result.responseHeaders = scrubHeaders(response, run);
		}
		return result;
	}
}

function prepare(item: DeliveryItem, run: DeliveryRun): PreparedRequest {
	const target = run.endpointUrl ? { ...item, url: endpointTarget(run.endpointUrl, item.url) } : item;
	const request = run.authenticate(prepareRequest(target));
	// prepareRequest and applyAuth return a fresh headers object: completing it in place saves a
	// copy per item.
	const headers = request.headers as Record<string, string>;
	const key = item.idempotencyKey;
	if (run.idempotencyHeader !== undefined && key !== undefined && key !== '') {
		headers[run.idempotencyHeader] = headerValue(run.idempotencyHeader, String(key));
	}
	if (run.userAgent !== undefined && headers['user-agent'] === undefined) {
		headers['user-agent'] = run.userAgent;
	}
	return request;
}

function previousAttempts(value: number | undefined): number {
	if (value === undefined) return 0;
	if (!Number.isInteger(value) || value < 0) {
		throw invalidItem('previousAttempts must be a whole number of at least 0');
	}
	return value;
}

function instant(value: string | number | undefined): number | undefined {
	if (value === undefined || value === '') return undefined;
	const ms = typeof value === 'number' ? value : Date.parse(value);
	if (!Number.isFinite(ms)) throw invalidItem('firstAttemptAt is not a valid time');
	return ms;
}

function invalidItem(message: string): Error {
	return Object.assign(new Error(message), { code: DELIVERY_ERROR_CODES.invalidRequest });
}

function stopText(reason: RetryStopReason, attempts: number, run: DeliveryRun): string {
	switch (reason) {
		case 'not_retryable':
			return 'not retryable';
		case 'max_attempts':
			return `gave up after ${attempts} attempts`;
		case 'max_elapsed':
			return `gave up after ${attempts} attempts: the next retry would pass the ${run.policy.maxElapsedMs} ms time budget`;
	}
}

function scrubHeaders(response: SendResponse, run: DeliveryRun): Record<string, string | string[]> {
	const headers: Record<string, string | string[]> = {};
	for (const [name, value] of Object.entries(response.headers)) {
		if (value === undefined) continue;
		headers[name] =
			typeof value === 'string' ? run.scrub(value) : value.map((entry) => run.scrub(entry));
	}
	return headers;
}

/** ISO 8601 text of a time. Items ending in the same millisecond share the string. */
function iso(ms: number): string {
	if (ms !== lastIsoMs) {
		lastIsoMs = ms;
		lastIso = new Date(ms).toISOString();
	}
	return lastIso;
}
let lastIsoMs = NaN;
let lastIso = '';
