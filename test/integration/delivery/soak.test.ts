// Fault soak: 10,000 postbacks through deliverEach against a loopback server that fails 30% of
// requests in mixed ways. The server keeps a ledger keyed by idempotency key; the assertions are
// accounting invariants (docs/sources.md, goal 2), not timings.
import { deliverEach } from '../../../lib/delivery/deliverBatch';
import type { DeliveryResult } from '../../../lib/delivery/deliverItem';
import type { DeliveryOptions } from '../../../lib/delivery/options';
import { seededRandom } from '../../support/prng';
import { startLoopback, type Loopback } from './loopback';

const ITEMS = 10_000;
const CONCURRENCY = 50;
const MAX_ATTEMPTS = 8;

type Fault = 'ok' | '503' | '429' | 'reset' | 'hang' | '500' | '4xx';

/** 30% of requests fail: 10% 503, 5% 429, 5% resets, 4% hangs, 4% 500, 2% 4xx. */
function pickFault(random: () => number): Fault {
	const r = random();
	if (r < 0.1) return '503';
	if (r < 0.15) return '429';
	if (r < 0.2) return 'reset';
	if (r < 0.24) return 'hang';
	if (r < 0.28) return '500';
	if (r < 0.3) return '4xx';
	return 'ok';
}

interface LedgerEntry {
	received: number;
	answered2xx: number;
	faults: Fault[];
	/** Requests that arrived after the server had answered this key with a 4xx. */
	afterClientError: number;
}

describe('fault soak', () => {
	let server: Loopback;
	const ledger = new Map<string, LedgerEntry>();

	beforeAll(async () => {
		const random = seededRandom(20260101);
		server = await startLoopback((request, response) => {
			const key = String(request.headers['idempotency-key']);
			let entry = ledger.get(key);
			if (!entry) {
				entry = { received: 0, answered2xx: 0, faults: [], afterClientError: 0 };
				ledger.set(key, entry);
			}
			entry.received++;
			if (entry.faults.includes('4xx')) entry.afterClientError++;
			const fault = pickFault(random);
			entry.faults.push(fault);
			switch (fault) {
				case 'ok':
					entry.answered2xx++;
					response.end('{"status":"ok"}');
					return;
				case '503':
				case '500':
					response.statusCode = Number(fault);
					response.end('unavailable');
					return;
				case '429':
					response.writeHead(429, { 'retry-after': '1' });
					response.end();
					return;
				case 'reset':
					request.socket.destroy();
					return;
				case 'hang':
					return;
				case '4xx':
					response.statusCode = [400, 404, 422][entry.received % 3];
					response.end('bad postback');
					return;
			}
		});
	});

	afterAll(() => server.close());

	interface SoakReport {
		delivered: number;
		failed: number;
		attempts: number;
		failuresByCode: Record<string, number>;
		timeoutRaces: number;
		seconds: number;
	}

	/**
	 * Delivers `count` items keyed `<run>-<i>` and checks the accounting invariants on every one.
	 * Waits are recorded but not spent (fast fake sleep).
	 */
	async function soak(
		run: string,
		count: number,
		circuitBreaker: DeliveryOptions['circuitBreaker'],
	): Promise<SoakReport> {
		const results: DeliveryResult[] = new Array(count);
		let pulled = 0;
		let reported = 0;
		let peakInProgress = 0;
		function* items() {
			for (let i = 0; i < count; i++) {
				pulled++;
				peakInProgress = Math.max(peakInProgress, pulled - reported);
				yield {
					url: `${server.origin}/postback?click_id=c${i}`,
					body: JSON.stringify({ event: 'install', n: i }),
					headers: { 'content-type': 'application/json' },
					idempotencyKey: `${run}-${i}`,
				};
			}
		}

		const started = Date.now();
		const summary = await deliverEach(
			items(),
			{
				useEnvProxy: false,
				concurrency: CONCURRENCY,
				perHostConcurrency: CONCURRENCY,
				retry: {
					maxAttempts: MAX_ATTEMPTS,
					backoff: { type: 'exponential', baseMs: 100, factor: 2, capMs: 2000 },
				},
				timeouts: { connectMs: 2000, headersMs: 500, bodyMs: 500 },
				circuitBreaker,
				sleep: () => new Promise((resolve) => setImmediate(resolve)),
			},
			(result) => {
				reported++;
				expect(results[result.index]).toBeUndefined();
				results[result.index] = result;
			},
		);
		const seconds = (Date.now() - started) / 1000;

		// Every item ended exactly once, in one of the two outcomes.
		expect(summary.total).toBe(count);
		expect(summary.delivered + summary.failed).toBe(count);
		expect(results.filter(Boolean)).toHaveLength(count);
		// Memory stays flat: items in progress never exceed the lanes (2 × concurrency).
		expect(peakInProgress).toBeLessThanOrEqual(CONCURRENCY * 2 + 1);

		let requests = 0;
		let attempts = 0;
		let timeoutRaces = 0;
		const failuresByCode: Record<string, number> = {};
		for (const [index, result] of results.entries()) {
			const entry = ledger.get(`${run}-${index}`);
			const received = entry?.received ?? 0;
			requests += received;
			attempts += result.attempts;
			// Never more requests at the server than attempts on record.
			expect(received).toBeLessThanOrEqual(result.attempts);
			expect(result.history).toHaveLength(result.attempts);
			// 4xx is final: a 4xx the client received is always its last attempt...
			const clientErrorAt = result.history.findIndex(
				({ status }) => status !== undefined && status >= 400 && status < 500 && status !== 429,
			);
			if (clientErrorAt !== -1) expect(clientErrorAt).toBe(result.history.length - 1);
			// ...and the server saw a request after answering 4xx only when that answer lost a race
			// with the client's timeout (the client never got it: the ambiguity every sender has).
			if (entry?.afterClientError) {
				expect(received).toBe(result.attempts);
				const answeredAt = entry.faults.indexOf('4xx');
				expect(result.history[answeredAt].errorCode).toMatch(/TIMEOUT/);
				timeoutRaces++;
			}

			if (result.ok) {
				// Delivered means the server really answered 2xx for this item.
				expect(entry?.answered2xx).toBeGreaterThanOrEqual(1);
				expect(result.status).toBe(200);
			} else {
				const code = result.error?.code ?? 'none';
				failuresByCode[code] = (failuresByCode[code] ?? 0) + 1;
				const gaveUp = result.attempts === MAX_ATTEMPTS;
				const refused = result.status !== undefined && result.status >= 400 && result.status < 500;
				const circuitOpen =
					code === 'circuit_open' && result.retryable === true && !!result.retryAt;
				expect(gaveUp || refused || circuitOpen).toBe(true);
			}
		}
		// Every attempt that reached the network reached this server (nothing was lost in between).
		expect(requests).toBeGreaterThanOrEqual(attempts * 0.99);
		const report = { ...summary, attempts, failuresByCode, timeoutRaces, seconds };
		console.info(`soak ${run}: ${JSON.stringify(report)}`);
		return report;
	}

	it('accounts for all 10,000 items: no loss, no phantom delivery, no over-delivery, no 4xx retry', async () => {
		// The default circuit breaker is on: a host that answers 70% of requests must not trip it,
		// even though hung requests time out in bunches.
		const report = await soak('soak', ITEMS, {});
		expect(report.failuresByCode.circuit_open).toBeUndefined();
		// 2% of requests are 4xx, so roughly 2.7% of items end on one; retryable failures almost never
		// exhaust 8 attempts (0.28^8 ≈ 4e-5 per item).
		expect(report.failed).toBeGreaterThan(ITEMS * 0.01);
		expect(report.failed).toBeLessThan(ITEMS * 0.05);
		expect(report.attempts).toBeGreaterThan(ITEMS * 1.3);
	}, 60_000);
});
