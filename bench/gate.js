#!/usr/bin/env node
// MMP Trigger's re-send gate (Drop Re-Sends) at lib level, against what a user would build instead,
// on the same traffic in one run: DISTINCT callbacks, every 5th one re-sent at once (as bench:bi
// sends them), CONCURRENCY decisions in flight. Each target decides "start an execution or not":
//   gate/memory     ResendGate on the in-process store (admit, then settle(true) as the 2xx is written)
//   gate/redis      ResendGate on the local Redis (one Lua script per decision)
//   redis GET/SET   n8n's Redis node as a gate: GET the key, continue when absent, SET it with expiry
//                   (the read-then-write pattern of n8n's Remove Duplicates node, here on Redis)
// Reported per target: executions started for the distinct callbacks (must equal DISTINCT), process
// CPU µs per callback, wall µs per callback, Redis round trips per callback, plus memory per key.
// n8n's Remove Duplicates node itself needs n8n's database: its measured behaviour is bench:bi's.
// Usage: node --expose-gc bench/gate.js [--quick]
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { requireBundled } = require('../scripts/lib/bundle-lib');

const quick = process.argv.includes('--quick');
const DISTINCT = quick ? 1000 : 5000;
const CONCURRENCY = 8;
const RUN = `mmp-postback-bench:gate:${process.pid}:${randomUUID().slice(0, 8)}:`;

const { MemoryResendStore, RedisResendStore, ResendGate } = requireBundled(
	'lib/inbound/resendGate/index.ts',
);
const Redis = require('ioredis').default;

/** The deliveries in arrival order: each callback, and every 5th one twice at once. */
function traffic(label) {
	const keys = [];
	for (let i = 0; i < DISTINCT; i++) {
		keys.push(`${label}${i}`);
		if (i % 5 === 0) keys.push(`${label}${i}`);
	}
	return keys;
}

/** Counts store operations: each is one Redis round trip for the Redis store. */
function counted(store) {
	const counter = { ops: 0 };
	const wrap = (name) => async (...args) => {
		counter.ops++;
		return await store[name](...args);
	};
	return {
		counter,
		store: { kind: store.kind, take: wrap('take'), confirm: wrap('confirm'), release: wrap('release'), close: () => store.close() },
	};
}

async function closedLoop(deliveries, decide) {
	const started = new Map();
	let next = 0;
	const worker = async () => {
		while (next < deliveries.length) {
			const key = deliveries[next++];
			if (await decide(key)) started.set(key, (started.get(key) ?? 0) + 1);
		}
	};
	const cpu = process.cpuUsage();
	const t0 = process.hrtime.bigint();
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
	const wallUs = Number(process.hrtime.bigint() - t0) / 1000;
	const used = process.cpuUsage(cpu);
	return { started, wallUs, cpuUs: used.user + used.system };
}

function gateDecider(gate) {
	return async (key) => {
		const verdict = await gate.admit(key);
		if (verdict.action !== 'pass') return false;
		await verdict.ticket?.settle(true); // n8n wrote the 2xx acknowledgement
		return true;
	};
}

async function measure(name, label, decide, counter) {
	const deliveries = traffic(`${RUN}${label}:`);
	await closedLoop(traffic(`${RUN}${label}-warm:`).slice(0, 500), decide); // warm-up
	if (counter) counter.ops = 0;
	const { started, wallUs, cpuUs } = await closedLoop(deliveries, decide);
	const executions = [...started.values()].reduce((a, b) => a + b, 0);
	return {
		name,
		callbacks: deliveries.length,
		executions,
		twice: [...started.values()].filter((n) => n > 1).length,
		cpuUsPerCallback: cpuUs / deliveries.length,
		wallUsPerCallback: wallUs / deliveries.length,
		roundTripsPerCallback: counter ? counter.ops / deliveries.length : 0,
	};
}

function memoryPerKey() {
	if (!global.gc) return undefined;
	const store = new MemoryResendStore({ maxKeys: 200_000 });
	global.gc();
	const before = process.memoryUsage().heapUsed;
	const keys = 100_000;
	for (let i = 0; i < keys; i++) {
		// A real key: the scope prefix plus a 64-hex dedup_key.
		void store.take(`mmp-postback:resend:wfAbCdEfGh012345:6a1e2a40-0000-4000-8000-000000000001:${i.toString(16).padStart(64, '0')}`, randomUUID(), 86_400_000);
	}
	global.gc();
	const after = process.memoryUsage().heapUsed;
	if (store.size !== keys) throw new Error(`expected ${keys} keys, store holds ${store.size}`);
	return (after - before) / keys;
}

async function main() {
	const admin = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
	const results = [];
	try {
		const memory = counted(new MemoryResendStore());
		results.push(await measure('gate/memory', 'm', gateDecider(new ResendGate({ store: memory.store, prefix: '' })), memory.counter));
		const redis = new RedisResendStore({ host: '127.0.0.1', port: 6379 });
		const counting = counted(redis);
		results.push(await measure('gate/redis', 'r', gateDecider(new ResendGate({ store: counting.store, prefix: '' })), counting.counter));
		await redis.close();
		const naiveCounter = { ops: 0 };
		const naive = async (key) => {
			naiveCounter.ops++;
			if ((await admin.get(key)) !== null) return false;
			naiveCounter.ops++;
			await admin.set(key, '1', 'PX', 86_400_000);
			return true;
		};
		results.push(await measure('redis GET/SET', 'n', naive, naiveCounter));

		const sample = (await admin.keys(`${RUN}r:*`))[0];
		const redisBytes = sample ? await admin.call('MEMORY', 'USAGE', sample) : undefined;
		const heapBytes = memoryPerKey();

		console.log(`\n${results[0].callbacks} deliveries: ${DISTINCT} distinct callbacks, every 5th re-sent at once; ${CONCURRENCY} in flight\n`);
		console.log('target          executions  started twice  CPU µs/callback  wall µs/callback  store ops (Redis round trips)/callback');
		for (const r of results) {
			console.log(
				`${r.name.padEnd(15)} ${String(r.executions).padStart(10)}  ${String(r.twice).padStart(13)}  ${r.cpuUsPerCallback.toFixed(1).padStart(15)}  ${r.wallUsPerCallback.toFixed(1).padStart(16)}  ${r.roundTripsPerCallback.toFixed(2).padStart(37)}`,
			);
		}
		const [mem, red, naiveResult] = results;
		console.log(`\nCPU ratio gate/redis : redis GET/SET = ${(red.cpuUsPerCallback / naiveResult.cpuUsPerCallback).toFixed(2)}x; gate/memory : gate/redis = ${(mem.cpuUsPerCallback / red.cpuUsPerCallback).toFixed(3)}x`);
		console.log(`Memory per remembered callback: in-process ${heapBytes ? `${heapBytes.toFixed(0)} B (V8 heap)` : 'n/a (run with node --expose-gc)'}; Redis ${redisBytes ?? 'n/a'} B (MEMORY USAGE of one key)`);
		console.log('Reference, not measured here: n8n\'s Remove Duplicates node let 135 of 180 re-sends through and lost 5 of 900 callbacks (bench:bi, docs/benchmarks.md), at ~2 ms more n8n CPU per callback than the shipped example.');
		fs.mkdirSync(path.join(__dirname, '..', '.tmp'), { recursive: true });
		fs.writeFileSync(path.join(__dirname, '..', '.tmp', 'bench-gate.json'), JSON.stringify({ results, heapBytes, redisBytes }, null, 2));
	} finally {
		const keys = await admin.keys(`${RUN}*`);
		for (let i = 0; i < keys.length; i += 1000) await admin.del(...keys.slice(i, i + 1000));
		admin.disconnect();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
