// Fault soak at node level: 10,000 items through Send Postback in a real n8n-core workflow, against
// a loopback receiver that fails about 30% of requests in mixed ways: 5xx, 429, connection resets,
// requests it never answers (the client times out), and items it always refuses with a 4xx (a 4xx
// is about the request, so it is the same on every try). The receiver keeps a ledger keyed by the
// idempotency key; the test checks the node's account of every item against it.
//
// A request the client gave up on (reset, timeout) may still be processed by the receiver, even
// after the retry that replaced it: that at-least-once duplicate is what the idempotency key is for.
// So the ledger is compared by counts and contents, not by order.
import type { INodeExecutionData } from 'n8n-workflow';

import { seededRandom } from '../support/prng';
import {
	postbackOf,
	runSendPostback,
	startServer,
	type Reply,
	type TestServer,
} from './sendPostbackSupport';

const ITEMS = 10_000;
const MAX_ATTEMPTS = 6;

type Fault = 'ok' | '503' | '500' | '429' | 'reset' | 'hang' | '400' | '404';

/** Per request, for items the receiver accepts: 72% success, 28% transient failures. */
const TRANSIENT: Array<[Fault, number]> = [
	['503', 0.08],
	['500', 0.04],
	['429', 0.07],
	['reset', 0.07],
	['hang', 0.02],
];

/** Items the receiver always refuses: every 50th with 400, every 50th (offset) with 404. */
function refusalFor(n: number): Fault | undefined {
	if (n % 50 === 7) return '400';
	if (n % 50 === 31) return '404';
	return undefined;
}

const REPLIES: Record<Exclude<Fault, 'hang' | 'reset'>, Reply> = {
	ok: { status: 200, body: 'OK' },
	'503': { status: 503, body: 'unavailable' },
	'500': { status: 500 },
	'429': { status: 429, headers: { 'retry-after': '0' } },
	'400': { status: 400, body: 'bad click id' },
	'404': { status: 404 },
};

const isClientError = (status: unknown) =>
	typeof status === 'number' && status >= 400 && status < 500 && ![408, 425, 429].includes(status);

describe('Send Postback fault soak', () => {
	let server: TestServer;
	/** Per idempotency key: what the receiver did with each request it got. */
	const ledger = new Map<string, Fault[]>();
	// Seeded, so the fault mix is the same on every run.
	const random = seededRandom(20261123);

	beforeAll(async () => {
		server = await startServer((request) => {
			const key = request.headers['idempotency-key'] as string;
			let fault = refusalFor(Number(request.query.get('n')));
			if (!fault) {
				let roll = random();
				fault = 'ok';
				for (const [candidate, share] of TRANSIENT) {
					if (roll < share) {
						fault = candidate;
						break;
					}
					roll -= share;
				}
			}
			const entry = ledger.get(key);
			if (entry) entry.push(fault);
			else ledger.set(key, [fault]);
			if (fault === 'reset') return { reset: true };
			if (fault === 'hang') return { hang: true };
			return REPLIES[fault];
		});
	});
	afterAll(async () => server.close());

	it('accounts for every one of 10,000 items, and the receiver agrees', async () => {
		const items = Array.from({ length: ITEMS }, (_, n) => ({
			n,
			dedup_key: `soak-${n}`,
			callback: { url: `${server.origin}/postback?n=${n}`, method: 'GET' },
		}));
		const { run, delivered, failed } = await runSendPostback({
			parameters: {
				retryPreset: 'custom',
				maxAttempts: MAX_ATTEMPTS,
				baseDelay: 0.001,
				backoffFactor: 2,
				maxDelay: 0.01,
				maxTotalTime: 0,
				options: {
					concurrency: 100,
					perHostConcurrency: 100,
					headersTimeout: 500,
					bodyTimeout: 500,
					// One host failing a third of the time is not a dead host.
					circuitBreakerThreshold: 0,
				},
			},
			items,
		});
		expect(run.status).toBe('success');

		// Every item ends exactly once, on one of the two outputs, paired with its input.
		expect(delivered.length + failed.length).toBe(ITEMS);
		const seen = new Uint8Array(ITEMS);
		for (const item of [...delivered, ...failed]) {
			const index = (item.pairedItem as { item: number }).item;
			expect(item.json.n).toBe(index);
			seen[index]++;
		}
		expect(seen.every((count) => count === 1)).toBe(true);

		const faultsOf = (item: INodeExecutionData) => ledger.get(item.json.dedup_key as string) ?? [];
		const problems = {
			/** Delivered, but the receiver never answered 200 for it. */
			deliveredNotReceived: 0,
			/** The receiver got more requests for an item than the node made attempts. */
			receivedMoreThanAttempts: 0,
			/** An attempt missing from the item's history. */
			historyIncomplete: 0,
			/** The node tried again after it saw a 4xx. */
			retriedAfter4xx: 0,
			/** An always-refused item that did not end on Failed with its 4xx. */
			refusedNotFailed: 0,
			/** A Failed item that was neither refused nor out of attempts. */
			failedEarly: 0,
		};
		for (const item of delivered) {
			if (!faultsOf(item).includes('ok')) problems.deliveredNotReceived++;
		}
		for (const item of [...delivered, ...failed]) {
			const postback = postbackOf(item);
			if (faultsOf(item).length > postback.attempts) problems.receivedMoreThanAttempts++;
			if (postback.history.length !== postback.attempts) problems.historyIncomplete++;
			const first4xx = postback.history.findIndex((attempt) => isClientError(attempt.status));
			if (first4xx !== -1 && first4xx !== postback.history.length - 1) problems.retriedAfter4xx++;
		}
		for (const item of failed) {
			const postback = postbackOf(item);
			const refusal = refusalFor(item.json.n as number);
			if (refusal) {
				if (String(postback.status) !== refusal || faultsOf(item).includes('ok')) {
					problems.refusedNotFailed++;
				}
			} else if (postback.attempts !== MAX_ATTEMPTS || postback.retryable !== false) {
				problems.failedEarly++;
			}
			expect(postback.retryAt).toBeUndefined();
		}
		for (const item of delivered) {
			if (refusalFor(item.json.n as number)) problems.refusedNotFailed++;
		}
		expect(problems).toEqual({
			deliveredNotReceived: 0,
			receivedMoreThanAttempts: 0,
			historyIncomplete: 0,
			retriedAfter4xx: 0,
			refusedNotFailed: 0,
			failedEarly: 0,
		});

		// The mix really happened: every fault kind was served, about 30% of all requests failed,
		// and the refused items (4% of all) are on Failed.
		const all = [...ledger.values()].flat();
		for (const fault of ['503', '500', '429', 'reset', 'hang', '400', '404'] as const) {
			expect(all).toContain(fault);
		}
		const failureShare = all.filter((fault) => fault !== 'ok').length / all.length;
		expect(failureShare).toBeGreaterThan(0.25);
		expect(failureShare).toBeLessThan(0.35);
		expect(failed.length).toBeGreaterThanOrEqual(ITEMS * 0.04);
	}, 90_000);
});
