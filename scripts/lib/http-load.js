// Closed-loop HTTP load on loopback for the benchmarks: N workers each send a request, wait for the
// answer, send the next. Measures time to acknowledge (first byte of the response through the end of
// the body) per request with undici's keep-alive pool, the client least likely to be the bottleneck.
'use strict';
const { Pool } = require('undici');

/**
 * @typedef {{ method: string; path: string; headers?: Record<string, string>; body?: string }} LoadRequest
 * @typedef {{ sent: number; ok: number; statuses: Record<string, number>; seconds: number;
 *   perSecond: number; p50: number; p99: number; max: number; latencies: number[] }} LoadResult
 *   latencies in ms, sorted
 */

function percentile(sorted, p) {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Sends `count` requests with `concurrency` in flight.
 * @param {{ origin: string; concurrency: number; count: number; request: (i: number) => LoadRequest;
 *   expectStatus: number; timeoutMs?: number }} opts
 * @returns {Promise<LoadResult>}
 */
async function runLoad(opts) {
	const pool = new Pool(opts.origin, {
		connections: opts.concurrency,
		pipelining: 1,
		headersTimeout: opts.timeoutMs ?? 30_000,
		bodyTimeout: opts.timeoutMs ?? 30_000,
	});
	const latencies = [];
	const statuses = {};
	let next = 0;
	let ok = 0;
	const worker = async () => {
		while (next < opts.count) {
			const i = next++;
			const { method, path, headers, body } = opts.request(i);
			const started = process.hrtime.bigint();
			let status;
			try {
				const res = await pool.request({ method, path, headers, body });
				await res.body.text();
				status = String(res.statusCode);
			} catch (error) {
				status = error.code ?? error.name;
			}
			latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
			statuses[status] = (statuses[status] ?? 0) + 1;
			if (status === String(opts.expectStatus)) ok++;
		}
	};
	const started = process.hrtime.bigint();
	try {
		await Promise.all(Array.from({ length: opts.concurrency }, worker));
	} finally {
		await pool.close();
	}
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	latencies.sort((a, b) => a - b);
	return {
		sent: opts.count,
		ok,
		statuses,
		seconds,
		perSecond: opts.count / seconds,
		p50: percentile(latencies, 50),
		p99: percentile(latencies, 99),
		max: latencies[latencies.length - 1],
		latencies,
	};
}

module.exports = { runLoad, percentile };
