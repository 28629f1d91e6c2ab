// Delivers many items: a fixed number of lanes pull items from the input one at a time, so memory
// stays flat however long the input is (no promise per item up front), while RequestSlots bounds
// the requests in flight globally and per host. A lane holds its item through the item's retries;
// only the request itself holds a slot, so an item sleeping before a retry costs no connection.
import type { Dispatcher } from 'undici';

import { CircuitBreaker } from './circuitBreaker';
import {
	deliverItem,
	type DeliveryItem,
	type DeliveryResult,
	type DeliveryRun,
} from './deliverItem';
import { createDeliveryDispatcher } from './dispatcher';
import { resolveDeliveryOptions, type DeliveryOptions } from './options';
import { RequestSlots } from './requestSlots';

export interface DeliverySummary {
	total: number;
	delivered: number;
	failed: number;
}

export type DeliveryItems = Iterable<DeliveryItem> | AsyncIterable<DeliveryItem>;

/**
 * Items in progress (in flight, waiting for a slot, or sleeping before a retry) per unit of
 * `concurrency`. Read-ahead beyond the requests in flight lets items for other hosts proceed
 * while one host is at its limit or its items are waiting to retry.
 */
const LANES_PER_SLOT = 2;

/**
 * Delivers every item and reports each result to `onResult` as soon as the item ends (completion
 * order; `result.index` is the input position). Resolves with the counts once all items have
 * ended. Throws DeliveryConfigError before sending anything if the options are invalid; rethrows
 * an error thrown by the input iterator or by `onResult` (which stops the run).
 */
export async function deliverEach(
	items: DeliveryItems,
	options: DeliveryOptions,
	onResult: (result: DeliveryResult) => void,
): Promise<DeliverySummary> {
	const settings = resolveDeliveryOptions(options);
	const dispatcher: Dispatcher =
		options.dispatcher ??
		createDeliveryDispatcher({
			connectionsPerOrigin: settings.perHostConcurrency,
			connectTimeoutMs: settings.connectTimeoutMs,
			ssrf: options.ssrf,
			egress: options.egressFilter,
			useEnvProxy: options.useEnvProxy,
		});
	const run: DeliveryRun = {
		...settings,
		dispatcher,
		slots: new RequestSlots(settings.concurrency, settings.perHostConcurrency),
		breaker:
			settings.circuitBreaker === false
				? undefined
				: new CircuitBreaker({ ...settings.circuitBreaker, now: settings.now }),
		sendOptions: {
			dispatcher,
			headersTimeoutMs: settings.headersTimeoutMs,
			bodyTimeoutMs: settings.bodyTimeoutMs,
			readBody: settings.captureResponseBody || settings.criterion.needsBody,
			maxResponseBytes: settings.maxResponseBytes,
			followRedirects: settings.followRedirects,
			sensitiveHeaders: settings.sensitiveHeaders,
			// A caller's dispatcher is not ours to destroy, so its requests watch the signal.
			signal: options.dispatcher ? settings.signal : undefined,
		},
	};
	// Cancelling ends our own dispatcher's requests at once, without a listener per request.
	let destroyed = false;
	const cancel = () => {
		destroyed = true;
		dispatcher.destroy().catch(() => undefined);
	};
	if (!options.dispatcher) settings.signal?.addEventListener('abort', cancel, { once: true });
	try {
		return await runLanes(items, run, onResult);
	} finally {
		if (!options.dispatcher) {
			settings.signal?.removeEventListener('abort', cancel);
			if (!destroyed) await dispatcher.close();
		}
	}
}

/** Delivers every item; resolves with the results in input order (`results[i].index === i`). */
export async function deliverBatch(
	items: DeliveryItems,
	options: DeliveryOptions = {},
): Promise<DeliveryResult[]> {
	const results: DeliveryResult[] = [];
	await deliverEach(items, options, (result) => {
		results[result.index] = result;
	});
	return results;
}

async function runLanes(
	items: DeliveryItems,
	run: DeliveryRun,
	onResult: (result: DeliveryResult) => void,
): Promise<DeliverySummary> {
	const source = pullFrom(items);
	const summary: DeliverySummary = { total: 0, delivered: 0, failed: 0 };
	let stopped: { error: unknown } | undefined;

	const lane = async () => {
		while (!stopped) {
			let next: Pulled;
			try {
				next = await source.next();
			} catch (error) {
				stopped ??= { error };
				return;
			}
			if (!next) return;
			const result = await deliverItem(next.item, next.index, run);
			summary.total++;
			if (result.ok) summary.delivered++;
			else summary.failed++;
			try {
				onResult(result);
			} catch (error) {
				stopped ??= { error };
			}
		}
	};

	try {
		await Promise.all(Array.from({ length: run.concurrency * LANES_PER_SLOT }, lane));
	} finally {
		if (stopped) await source.close();
	}
	if (stopped) throw stopped.error;
	return summary;
}

type Pulled = { item: DeliveryItem; index: number } | undefined;

interface Source {
	/** The next item with its input position, or undefined at the end. */
	next(): Pulled | Promise<Pulled>;
	/** Lets the input release its resources when the run stops early. */
	close(): Promise<void>;
}

function pullFrom(items: DeliveryItems): Source {
	let index = 0;
	let done = false;
	if (Symbol.asyncIterator in items) {
		const iterator = items[Symbol.asyncIterator]();
		// Pulls are chained: concurrent `next()` calls are not safe on every async iterator, and
		// positions must follow input order.
		let tail: Promise<unknown> = Promise.resolve();
		return {
			next() {
				const pulled = tail.then(async (): Promise<Pulled> => {
					if (done) return undefined;
					const step = await iterator.next();
					if (step.done) {
						done = true;
						return undefined;
					}
					return { item: step.value, index: index++ };
				});
				tail = pulled.catch(() => {
					done = true;
				});
				return pulled;
			},
			async close() {
				done = true;
				await iterator.return?.();
			},
		};
	}
	const iterator = items[Symbol.iterator]();
	return {
		next() {
			if (done) return undefined;
			const step = iterator.next();
			if (step.done) {
				done = true;
				return undefined;
			}
			return { item: step.value, index: index++ };
		},
		async close() {
			done = true;
			iterator.return?.();
		},
	};
}
