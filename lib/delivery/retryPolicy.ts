// The retry decision for one failed attempt, as a pure function of the attempt number, what
// happened, and how much time has passed. No clock or timer lives here: the batch sleeps.
import { DeliveryConfigError } from './errors';
import { parseRetryAfter } from './retryAfter';

export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** What a failed attempt produced: a response status (with its headers) or a transport error code. */
export type RetryOutcome = { status: number; headers?: ResponseHeaders } | { errorCode: string };

export interface RetryInput {
	/** Attempts made for the item so far, including the one that just failed (1-based). */
	attempt: number;
	outcome: RetryOutcome;
	/** Time since the item's first attempt started. */
	elapsedMs: number;
	/** The current time (ms since the epoch), to resolve an HTTP-date `Retry-After`. */
	nowMs: number;
}

export type RetryStopReason = 'not_retryable' | 'max_attempts' | 'max_elapsed';

export type RetryDecision =
	| { retry: true; waitMs: number }
	| { retry: false; reason: RetryStopReason };

/** wait(n) = random × min(capMs, baseMs × factor^(n−1)): "full jitter". */
export interface ExponentialBackoff {
	type: 'exponential';
	baseMs: number;
	factor: number;
	capMs: number;
}

/**
 * Fixed waits: `delaysMs[n−1]` after attempt n fails (the last one repeats if `maxAttempts` asks for
 * more). `jitter` 0.2 spreads each wait uniformly over ±20%.
 */
export interface ScheduleBackoff {
	type: 'schedule';
	delaysMs: readonly number[];
	jitter?: number;
}

export type Backoff = ExponentialBackoff | ScheduleBackoff;

export interface RetryPolicyOptions {
	/** Attempts in total, the first included. */
	maxAttempts: number;
	/** No retry is scheduled whose wait would end later than this after the first attempt started. */
	maxElapsedMs?: number;
	backoff: Backoff;
	/** `Retry-After` replaces the backoff wait, clamped to this. 0 ignores the header. Default 1 h. */
	retryAfterMaxMs?: number;
	/** Statuses worth retrying. 4xx other than 408, 425 and 429 are refused: the request is wrong. */
	retryStatuses?: readonly number[];
	/** Transport error codes worth retrying. */
	retryErrorCodes?: readonly string[];
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const DEFAULT_RETRY_AFTER_MAX_MS = HOUR;

/** 408 Request Timeout, 425 Too Early, 429 Too Many Requests and every 5xx. */
export const DEFAULT_RETRY_STATUSES: readonly number[] = [
	408,
	425,
	429,
	...Array.from({ length: 100 }, (_, i) => 500 + i),
];

/** 4xx statuses that say "try again later" rather than "this request is wrong". */
const RETRYABLE_CLIENT_ERRORS = new Set([408, 425, 429]);

/**
 * Transport failures that a later attempt can cure. Not included, on purpose: ENOTFOUND (the host
 * name does not exist: a typo, not an outage; EAI_AGAIN is the transient DNS failure), TLS
 * certificate errors, and the engine's own refusals (`ssrf_blocked`, `invalid_request`).
 */
export const DEFAULT_RETRY_ERROR_CODES: readonly string[] = [
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'EHOSTUNREACH',
	'EHOSTDOWN',
	'ENETUNREACH',
	'ENETDOWN',
	'ENETRESET',
	'EAI_AGAIN',
	'UND_ERR_SOCKET',
	'UND_ERR_CLOSED',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
	'UND_ERR_HEADERS_OVERFLOW',
	'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
	'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
	'UND_ERR_PRX_TLS',
	'ERR_SSL_WRONG_VERSION_NUMBER',
	'ERR_STREAM_PREMATURE_CLOSE',
	// Engine codes (errors.ts): garbled bytes from a middlebox are as transient as a reset.
	'invalid_response',
];

/**
 * Named policies. The fixed schedules mirror what the MMPs themselves do when they deliver to you
 * (docs/sources.md, "MMP delivery" and "Standard Webhooks"); `adjust` is our reading of "up to 6 retries
 * within 24 h", whose exact spacing Adjust does not publish.
 */
export const RETRY_PRESETS = {
	/** One attempt, never retried. */
	none: { maxAttempts: 1, backoff: { type: 'schedule', delaysMs: [] } },
	/** 5 attempts within 30 s: full-jitter waits of at most 0.5, 1, 2 and 4 s. */
	fast: {
		maxAttempts: 5,
		maxElapsedMs: 30 * SECOND,
		backoff: { type: 'exponential', baseMs: 500, factor: 2, capMs: 8 * SECOND },
	},
	/** 6 attempts within 5 min: full-jitter waits of at most 1, 3, 9, 27 and 60 s. */
	standard: {
		maxAttempts: 6,
		maxElapsedMs: 5 * MINUTE,
		backoff: { type: 'exponential', baseMs: SECOND, factor: 3, capMs: MINUTE },
	},
	/** Singular: retries after 1, 5, 15, 30 and 60 min. */
	singular: {
		maxAttempts: 6,
		backoff: { type: 'schedule', delaysMs: [1, 5, 15, 30, 60].map((m) => m * MINUTE) },
	},
	/** AppsFlyer partner postbacks: 4 retries, 15 min apart. */
	appsflyer: {
		maxAttempts: 5,
		backoff: { type: 'schedule', delaysMs: [15, 15, 15, 15].map((m) => m * MINUTE) },
	},
	/** Adjust-like: 6 retries spread over just under 24 h (1 m, 10 m, 30 m, 2 h, 6 h, 15 h). */
	adjust: {
		maxAttempts: 7,
		backoff: {
			type: 'schedule',
			delaysMs: [MINUTE, 10 * MINUTE, 30 * MINUTE, 2 * HOUR, 6 * HOUR, 15 * HOUR],
		},
	},
	/** Standard Webhooks / Svix: 0, 5 s, 5 m, 30 m, 2 h, 5 h, 10 h, 10 h (8 attempts, ~27.6 h). */
	'standard-webhooks': {
		maxAttempts: 8,
		backoff: {
			type: 'schedule',
			delaysMs: [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR],
		},
	},
} as const satisfies Record<string, RetryPolicyOptions>;

export type RetryPresetName = keyof typeof RETRY_PRESETS;

export const RETRY_PRESET_NAMES = Object.keys(RETRY_PRESETS) as RetryPresetName[];

export interface RetryPolicy {
	readonly maxAttempts: number;
	/** `Infinity` when the policy has no time budget. */
	readonly maxElapsedMs: number;
	/** Whether this kind of failure is worth another attempt at all. */
	isRetryable(outcome: RetryOutcome): boolean;
	decide(input: RetryInput): RetryDecision;
}

/**
 * Builds a policy from a preset name or options. `random` (default `Math.random`) is the jitter
 * source; tests pass a seeded one. Throws DeliveryConfigError for out-of-range options.
 */
export function createRetryPolicy(
	options: RetryPolicyOptions | RetryPresetName,
	random: () => number = Math.random,
): RetryPolicy {
	const resolved = typeof options === 'string' ? presetOptions(options) : options;
	validate(resolved);
	const maxAttempts = resolved.maxAttempts;
	const maxElapsedMs = resolved.maxElapsedMs ?? Infinity;
	const retryAfterMaxMs = resolved.retryAfterMaxMs ?? DEFAULT_RETRY_AFTER_MAX_MS;
	const statuses = new Uint8Array(600);
	for (const status of resolved.retryStatuses ?? DEFAULT_RETRY_STATUSES) statuses[status] = 1;
	const errorCodes = new Set(resolved.retryErrorCodes ?? DEFAULT_RETRY_ERROR_CODES);
	const backoffWait = backoffFunction(resolved.backoff, random);

	const isRetryable = (outcome: RetryOutcome): boolean =>
		'status' in outcome ? statuses[outcome.status] === 1 : errorCodes.has(outcome.errorCode);

	return {
		maxAttempts,
		maxElapsedMs,
		isRetryable,
		decide({ attempt, outcome, elapsedMs, nowMs }) {
			if (!isRetryable(outcome)) return { retry: false, reason: 'not_retryable' };
			if (attempt >= maxAttempts) return { retry: false, reason: 'max_attempts' };
			let waitMs = backoffWait(attempt);
			if (retryAfterMaxMs > 0 && 'status' in outcome && outcome.headers) {
				const asked = parseRetryAfter(outcome.headers['retry-after'], nowMs);
				if (asked !== undefined) waitMs = Math.min(asked, retryAfterMaxMs);
			}
			waitMs = Math.round(waitMs);
			if (elapsedMs + waitMs > maxElapsedMs) return { retry: false, reason: 'max_elapsed' };
			return { retry: true, waitMs };
		},
	};
}

function presetOptions(name: string): RetryPolicyOptions {
	if (!Object.prototype.hasOwnProperty.call(RETRY_PRESETS, name)) {
		throw new DeliveryConfigError(
			`Unknown retry preset "${name}"; expected one of ${RETRY_PRESET_NAMES.join(', ')}`,
		);
	}
	return RETRY_PRESETS[name as RetryPresetName];
}

function backoffFunction(backoff: Backoff, random: () => number): (attempt: number) => number {
	if (backoff.type === 'exponential') {
		const { baseMs, factor, capMs } = backoff;
		return (attempt) => random() * Math.min(capMs, baseMs * factor ** (attempt - 1));
	}
	const delays = backoff.delaysMs;
	const jitter = backoff.jitter ?? 0;
	return (attempt) => {
		const delay = delays[Math.min(attempt, delays.length) - 1] ?? 0;
		return jitter === 0 ? delay : delay * (1 - jitter + 2 * jitter * random());
	};
}

/**
 * Expands a status list such as `408, 425, 429, 500-599` (commas or spaces; `5xx` also accepted)
 * into numbers. Throws DeliveryConfigError naming the first entry it cannot read.
 */
export function parseStatusList(text: string): number[] {
	const statuses: number[] = [];
	for (const entry of text.split(/[\s,]+/)) {
		if (!entry) continue;
		const range = /^(\d{3})(?:-(\d{3}))?$/.exec(entry);
		const family = /^([1-5])xx$/i.exec(entry);
		let from: number;
		let to: number;
		if (range) {
			from = Number(range[1]);
			to = Number(range[2] ?? range[1]);
		} else if (family) {
			from = Number(family[1]) * 100;
			to = from + 99;
		} else {
			throw new DeliveryConfigError(
				`"${entry}" is not a status code, range (500-599) or class (5xx)`,
			);
		}
		if (from > to) throw new DeliveryConfigError(`Status range "${entry}" runs backwards`);
		for (let status = from; status <= to; status++) statuses.push(status);
	}
	return statuses;
}

function validate(options: RetryPolicyOptions): void {
	const { maxAttempts, maxElapsedMs, backoff, retryAfterMaxMs, retryStatuses } = options;
	if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100) {
		throw new DeliveryConfigError('maxAttempts must be a whole number from 1 to 100');
	}
	if (maxElapsedMs !== undefined && !(maxElapsedMs > 0)) {
		throw new DeliveryConfigError('maxElapsedMs must be a positive number of milliseconds');
	}
	if (retryAfterMaxMs !== undefined && !(retryAfterMaxMs >= 0 && retryAfterMaxMs < Infinity)) {
		throw new DeliveryConfigError('retryAfterMaxMs must be a non-negative number of milliseconds');
	}
	if (backoff.type === 'exponential') {
		const { baseMs, factor, capMs } = backoff;
		if (!(baseMs >= 0 && baseMs < Infinity)) {
			throw new DeliveryConfigError('backoff.baseMs must be a non-negative number');
		}
		if (!(factor >= 1 && factor < Infinity)) {
			throw new DeliveryConfigError('backoff.factor must be at least 1');
		}
		if (!(capMs >= baseMs && capMs < Infinity)) {
			throw new DeliveryConfigError('backoff.capMs must be a number no smaller than baseMs');
		}
	} else if (backoff.type === 'schedule') {
		if (backoff.delaysMs.some((delay) => !(delay >= 0 && delay < Infinity))) {
			throw new DeliveryConfigError('backoff.delaysMs must hold non-negative numbers');
		}
		if (backoff.delaysMs.length === 0 && maxAttempts > 1) {
			throw new DeliveryConfigError('backoff.delaysMs needs at least one wait to retry');
		}
		const jitter = backoff.jitter ?? 0;
		if (!(jitter >= 0 && jitter <= 1)) {
			throw new DeliveryConfigError('backoff.jitter must be a fraction from 0 to 1');
		}
	} else {
		throw new DeliveryConfigError('backoff.type must be "exponential" or "schedule"');
	}
	for (const status of retryStatuses ?? []) {
		if (!Number.isInteger(status) || status < 200 || status > 599) {
			throw new DeliveryConfigError(`Retry status ${status} is not a final HTTP status (200-599)`);
		}
		if (status >= 400 && status < 500 && !RETRYABLE_CLIENT_ERRORS.has(status)) {
			throw new DeliveryConfigError(
				`Status ${status} cannot be retried: a 4xx other than 408, 425 or 429 means the request itself is wrong`,
			);
		}
	}
}
