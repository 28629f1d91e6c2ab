import fc from 'fast-check';

import { DeliveryConfigError } from '../../../lib/delivery/errors';
import {
	createRetryPolicy,
	parseStatusList,
	RETRY_PRESET_NAMES,
	RETRY_PRESETS,
	type RetryDecision,
	type RetryOutcome,
	type RetryPolicy,
} from '../../../lib/delivery/retryPolicy';
import { seededRandom } from '../../support/prng';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const s503: RetryOutcome = { status: 503, headers: {} };

function decide(policy: RetryPolicy, attempt: number, outcome: RetryOutcome = s503, elapsedMs = 0) {
	return policy.decide({ attempt, outcome, elapsedMs, nowMs: NOW });
}

/** Runs a policy against an endpoint that always fails: the waits it schedules, in order. */
function waitsUntilGivingUp(policy: RetryPolicy, outcome: RetryOutcome = s503): number[] {
	const waits: number[] = [];
	let elapsed = 0;
	for (let attempt = 1; ; attempt++) {
		const decision = decide(policy, attempt, outcome, elapsed);
		if (!decision.retry) return waits;
		waits.push(decision.waitMs);
		elapsed += decision.waitMs;
	}
}

describe('status and error classification', () => {
	const policy = createRetryPolicy('standard');

	it.each([408, 425, 429, 500, 502, 503, 504, 599])('retries %i', (status) => {
		expect(policy.isRetryable({ status })).toBe(true);
	});

	it.each([400, 401, 403, 404, 409, 410, 413, 422, 200, 204, 301, 302, 304])(
		'never retries %i',
		(status) => {
			expect(decide(policy, 1, { status })).toEqual({ retry: false, reason: 'not_retryable' });
		},
	);

	it.each([
		'ECONNRESET',
		'ECONNREFUSED',
		'ETIMEDOUT',
		'EPIPE',
		'UND_ERR_SOCKET',
		'UND_ERR_CONNECT_TIMEOUT',
		'UND_ERR_HEADERS_TIMEOUT',
		'UND_ERR_BODY_TIMEOUT',
		'EAI_AGAIN',
	])('retries the transport error %s', (errorCode) => {
		expect(decide(policy, 1, { errorCode }).retry).toBe(true);
	});

	it.each([
		'ENOTFOUND',
		'ssrf_blocked',
		'invalid_request',
		'aborted',
		'deadline_exceeded',
		'CERT_HAS_EXPIRED',
	])('does not retry %s', (errorCode) => {
		expect(decide(policy, 1, { errorCode })).toEqual({ retry: false, reason: 'not_retryable' });
	});

	it('takes a configured status list, which may add 2xx/3xx but no other 4xx', () => {
		const only5xx = createRetryPolicy({
			maxAttempts: 3,
			backoff: { type: 'schedule', delaysMs: [10] },
			retryStatuses: parseStatusList('500-599'),
		});
		expect(only5xx.isRetryable({ status: 503 })).toBe(true);
		expect(only5xx.isRetryable({ status: 429 })).toBe(false);
		const with200 = createRetryPolicy({
			maxAttempts: 3,
			backoff: { type: 'schedule', delaysMs: [10] },
			retryStatuses: [200, 503],
		});
		expect(with200.isRetryable({ status: 200 })).toBe(true);
		for (const status of [400, 404, 409, 451]) {
			expect(() =>
				createRetryPolicy({
					maxAttempts: 2,
					backoff: { type: 'schedule', delaysMs: [1] },
					retryStatuses: [status],
				}),
			).toThrow(/cannot be retried/);
		}
		expect(() =>
			createRetryPolicy({
				maxAttempts: 2,
				backoff: { type: 'schedule', delaysMs: [1] },
				retryStatuses: [101],
			}),
		).toThrow(DeliveryConfigError);
	});

	it('takes a configured error-code list', () => {
		const policy = createRetryPolicy({
			maxAttempts: 2,
			backoff: { type: 'schedule', delaysMs: [1] },
			retryErrorCodes: ['ENOTFOUND'],
		});
		expect(policy.isRetryable({ errorCode: 'ENOTFOUND' })).toBe(true);
		expect(policy.isRetryable({ errorCode: 'ECONNRESET' })).toBe(false);
	});
});

describe('exponential backoff with full jitter', () => {
	it('stays within [0, min(cap, base × factor^(n−1))] for any random source', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 5 }),
				fc.integer({ min: 0, max: 2 ** 31 }),
				(attempt, seed) => {
					const seeded = createRetryPolicy('standard', seededRandom(seed));
					const decision = decide(seeded, attempt);
					const ceiling = Math.min(60_000, 1000 * 3 ** (attempt - 1));
					return decision.retry && decision.waitMs >= 0 && decision.waitMs <= ceiling;
				},
			),
		);
	});

	it('spans the whole range: random 0 waits 0, random near 1 waits near the ceiling', () => {
		const low = createRetryPolicy('fast', () => 0);
		const high = createRetryPolicy('fast', () => 0.999999);
		expect(waitsUntilGivingUp(low)).toEqual([0, 0, 0, 0]);
		expect(waitsUntilGivingUp(high)).toEqual([500, 1000, 2000, 4000]);
	});

	it('spreads waits (seeded): distinct values, mean near half the ceiling', () => {
		const policy = createRetryPolicy('fast', seededRandom(42));
		const waits = Array.from(
			{ length: 2000 },
			() => (decide(policy, 4) as { waitMs: number }).waitMs,
		);
		const mean = waits.reduce((a, b) => a + b, 0) / waits.length;
		expect(new Set(waits).size).toBeGreaterThan(1000);
		expect(mean).toBeGreaterThan(1800);
		expect(mean).toBeLessThan(2200);
	});

	it('caps the exponential growth', () => {
		const policy = createRetryPolicy(
			{ maxAttempts: 20, backoff: { type: 'exponential', baseMs: 100, factor: 10, capMs: 5000 } },
			() => 0.999999,
		);
		expect((decide(policy, 10) as { waitMs: number }).waitMs).toBe(5000);
	});

	it('fast: 5 attempts within 30 s', () => {
		const policy = createRetryPolicy('fast', () => 0.999999);
		const waits = waitsUntilGivingUp(policy);
		expect(waits).toHaveLength(4);
		expect(waits.reduce((a, b) => a + b, 0)).toBeLessThan(30_000);
		expect(policy.maxElapsedMs).toBe(30_000);
	});
});

describe('fixed schedules', () => {
	it('singular: 1/5/15/30/60 min, then gives up after 6 attempts', () => {
		const policy = createRetryPolicy('singular');
		expect(waitsUntilGivingUp(policy)).toEqual([1, 5, 15, 30, 60].map((m) => m * MINUTE));
		expect(decide(policy, 6)).toEqual({ retry: false, reason: 'max_attempts' });
	});

	it('appsflyer: 4 retries 15 min apart', () => {
		expect(waitsUntilGivingUp(createRetryPolicy('appsflyer'))).toEqual(
			[15, 15, 15, 15].map((m) => m * MINUTE),
		);
	});

	it('adjust: 6 retries inside 24 h', () => {
		const waits = waitsUntilGivingUp(createRetryPolicy('adjust'));
		expect(waits).toHaveLength(6);
		expect(waits.reduce((a, b) => a + b, 0)).toBeLessThan(24 * HOUR);
	});

	it('standard-webhooks (docs/sources.md, goal 1): an always-503 target gets exactly 8 attempts, the last at ~27 h 35 m', () => {
		const waits = waitsUntilGivingUp(createRetryPolicy('standard-webhooks'));
		expect(waits).toHaveLength(7);
		expect(waits.reduce((a, b) => a + b, 0)).toBe(99_305_000);
	});

	it('±20% jitter keeps every wait within [0.8, 1.2] of the schedule', () => {
		const schedule = RETRY_PRESETS['standard-webhooks'].backoff.delaysMs;
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
				const policy = createRetryPolicy(
					{
						...RETRY_PRESETS['standard-webhooks'],
						backoff: { type: 'schedule', delaysMs: schedule, jitter: 0.2 },
					},
					seededRandom(seed),
				);
				const waits = waitsUntilGivingUp(policy);
				return (
					waits.length === schedule.length &&
					waits.every(
						(wait, i) => wait >= schedule[i] * 0.8 - 0.5 && wait <= schedule[i] * 1.2 + 0.5,
					)
				);
			}),
		);
	});

	it('repeats the last wait when more attempts are allowed than waits are listed', () => {
		const policy = createRetryPolicy({
			maxAttempts: 5,
			backoff: { type: 'schedule', delaysMs: [10, 20] },
		});
		expect(waitsUntilGivingUp(policy)).toEqual([10, 20, 20, 20]);
	});

	it('none: never retries', () => {
		expect(decide(createRetryPolicy('none'), 1)).toEqual({ retry: false, reason: 'max_attempts' });
	});

	it('every preset is valid and named', () => {
		for (const name of RETRY_PRESET_NAMES) expect(() => createRetryPolicy(name)).not.toThrow();
		expect(() => createRetryPolicy('weekly' as never)).toThrow(/Unknown retry preset "weekly"/);
	});
});

describe('Retry-After', () => {
	const policy = createRetryPolicy('singular');
	const withHeader = (value: string, status = 429): RetryOutcome => ({
		status,
		headers: { 'retry-after': value },
	});

	it('replaces the scheduled wait with delay-seconds', () => {
		expect(decide(policy, 1, withHeader('120'))).toEqual({ retry: true, waitMs: 120_000 });
		expect(decide(policy, 3, withHeader('2', 503))).toEqual({ retry: true, waitMs: 2000 });
	});

	it('replaces it with the time until an HTTP-date', () => {
		expect(decide(policy, 1, withHeader('Thu, 01 Jan 2026 12:02:00 GMT'))).toEqual({
			retry: true,
			waitMs: 120_000,
		});
	});

	it('treats a past date as "now"', () => {
		expect(decide(policy, 1, withHeader('Thu, 01 Jan 2026 11:00:00 GMT'))).toEqual({
			retry: true,
			waitMs: 0,
		});
	});

	it('falls back to the schedule for an invalid value', () => {
		expect(decide(policy, 1, withHeader('in a while'))).toEqual({ retry: true, waitMs: MINUTE });
	});

	it('is capped by retryAfterMaxMs (default 1 h)', () => {
		expect(decide(policy, 1, withHeader('86400'))).toEqual({ retry: true, waitMs: HOUR });
		const capped = createRetryPolicy({ ...RETRY_PRESETS.singular, retryAfterMaxMs: 5000 });
		expect(decide(capped, 1, withHeader('120'))).toEqual({ retry: true, waitMs: 5000 });
	});

	it('is ignored when retryAfterMaxMs is 0', () => {
		const ignoring = createRetryPolicy({ ...RETRY_PRESETS.singular, retryAfterMaxMs: 0 });
		expect(decide(ignoring, 1, withHeader('120'))).toEqual({ retry: true, waitMs: MINUTE });
	});

	it('does not make a non-retryable status retryable', () => {
		expect(decide(policy, 1, withHeader('1', 400))).toEqual({
			retry: false,
			reason: 'not_retryable',
		});
	});
});

describe('time budget', () => {
	it('stops when the wait would end past maxElapsedMs', () => {
		const policy = createRetryPolicy('fast', () => 0.999999);
		const ok: RetryDecision = decide(policy, 1, s503, 29_000);
		expect(ok).toEqual({ retry: true, waitMs: 500 });
		expect(decide(policy, 1, s503, 29_600)).toEqual({ retry: false, reason: 'max_elapsed' });
	});

	it('counts a long Retry-After against the budget', () => {
		const policy = createRetryPolicy('fast');
		expect(decide(policy, 1, { status: 429, headers: { 'retry-after': '60' } })).toEqual({
			retry: false,
			reason: 'max_elapsed',
		});
	});
});

describe('validation', () => {
	it.each([
		[{ maxAttempts: 0, backoff: { type: 'schedule', delaysMs: [] } }, /maxAttempts/],
		[{ maxAttempts: 2.5, backoff: { type: 'schedule', delaysMs: [1] } }, /maxAttempts/],
		[{ maxAttempts: 2, backoff: { type: 'schedule', delaysMs: [] } }, /at least one wait/],
		[{ maxAttempts: 2, backoff: { type: 'schedule', delaysMs: [-1] } }, /non-negative/],
		[{ maxAttempts: 2, backoff: { type: 'schedule', delaysMs: [1], jitter: 2 } }, /jitter/],
		[
			{ maxAttempts: 2, backoff: { type: 'exponential', baseMs: 10, factor: 0.5, capMs: 10 } },
			/factor/,
		],
		[
			{ maxAttempts: 2, backoff: { type: 'exponential', baseMs: 10, factor: 2, capMs: 5 } },
			/capMs/,
		],
		[
			{ maxAttempts: 2, maxElapsedMs: 0, backoff: { type: 'schedule', delaysMs: [1] } },
			/maxElapsedMs/,
		],
		[{ maxAttempts: 2, backoff: { type: 'linear' } }, /backoff.type/],
	])('refuses %j', (options, message) => {
		expect(() => createRetryPolicy(options as never)).toThrow(message);
	});
});

describe('parseStatusList', () => {
	it('expands codes, ranges and classes', () => {
		expect(parseStatusList('408, 429 500-502')).toEqual([408, 429, 500, 501, 502]);
		expect(parseStatusList('5xx')).toHaveLength(100);
		expect(parseStatusList('')).toEqual([]);
	});

	it('names the entry it cannot read', () => {
		expect(() => parseStatusList('500, five')).toThrow(/"five"/);
		expect(() => parseStatusList('599-500')).toThrow(/backwards/);
	});
});
