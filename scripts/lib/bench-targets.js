// Measuring webhook targets in one real n8n, shared by the benchmarks that compare workflows side
// by side (bench/trigger.js, bench/normalize.js).
// Per target a warm-up (excluded), then interleaved rounds (a b c, b c a, …) so that a noisy
// neighbour or a growing database slows every target alike; each turn ends only when its
// executions are persisted, so no target pays for another's backlog. Besides wall-clock rates it
// reports n8n's CPU time per request, which a busy machine distorts far less.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureN8n, ROOT } = require('./n8n-install');
const { packedTarball } = require('./package-tarball');
const { N8nInstance, webhookPaths } = require('./n8n-instance');
const { migratedTemplate } = require('./n8n-template');
const { percentile, runLoad } = require('./http-load');
const { cpuSeconds, rssSampler } = require('./proc-stats');
const { benchArgs } = require('./bench-args');
const { SAMPLE_CALLBACKS } = require('../demo/sample-callbacks');

const PERSIST_TIMEOUT_MS = 15 * 60_000;

/** The engines n8n 2.41 offers for expressions, as the benchmarks name them. */
const ENGINE_CONFIGS = {
	vm: { label: 'default engine (vm)', env: {} },
	// Not one of n8n's defaults: an isolate that is only built on first use.
	'vm-lazy': {
		label: 'vm + N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true',
		env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
	},
	legacy: { label: 'N8N_EXPRESSION_ENGINE=legacy', expressionEngine: 'legacy', env: {} },
};

// On a shared, overloaded machine n8n's 5 s SQLite health ping can time out, and n8n then answers
// every request 503 "Database is not ready!" until it recovers: a neighbour's load, not a result.
const BENCH_ENV = { DB_PING_TIMEOUT_MS: '30000' };

// One realistic callback for every target: the AppsFlyer Push API install `npm start` prints, with
// the ad set and ad a real one carries.
const BENCH_CALLBACK = JSON.stringify({
	...SAMPLE_CALLBACKS.find((c) => c.mmp === 'appsflyer').body,
	af_adset: 'adset_a',
	af_ad: 'creative_1',
	is_retargeting: false,
});

/**
 * The command line (`--count --warmup --concurrency --rounds --engines --targets`) over the
 * benchmark's defaults: the run's `options` (every request POSTs BENCH_CALLBACK as JSON), the
 * `engines` and the target `keys`.
 */
function benchCommandLine(defaults, args = benchArgs()) {
	const options = {
		count: Number(args.count ?? defaults.count),
		warmup: Number(args.warmup ?? defaults.warmup),
		concurrency: Number(args.concurrency ?? defaults.concurrency),
		rounds: Number(args.rounds ?? defaults.rounds),
		request: () => ({
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: BENCH_CALLBACK,
		}),
	};
	const engines = (args.engines ?? 'vm,vm-lazy,legacy').split(',');
	return { options, engines, keys: (args.targets ?? defaults.targets).split(',') };
}

function benchNode(name, type, typeVersion, position, parameters, extra = {}) {
	return {
		id: `${name.replace(/\W/g, '')}-0000-4000-8000-000000000000`.slice(0, 36),
		name,
		type,
		typeVersion,
		position,
		parameters,
		...extra,
	};
}

/**
 * n8n's Webhook node (2.1) on POST `webhookPath`, answering on receipt; `parameters` adds to or
 * overrides its parameters, `extra` to the node (credentials).
 */
function webhookNode(webhookPath, webhookId, { options = {}, parameters = {}, extra = {} } = {}) {
	return benchNode(
		'Webhook',
		'n8n-nodes-base.webhook',
		2.1,
		[0, 0],
		{ httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options, ...parameters },
		{ webhookId, ...extra },
	);
}

/** `nodes` in a chain; each node's `outputs` outputs (default 1) all lead to the next. */
function benchWorkflow(id, name, nodes, outputs = []) {
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = {
			main: Array.from({ length: outputs[i] ?? 1 }, () => [
				{ node: nodes[i + 1].name, type: 'main', index: 0 },
			]),
		};
	}
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

/** Waits until a target's executions are persisted and checks there is one per request (or none). */
async function settle(n8n, target) {
	if (target.executes)
		await n8n.waitForExecutionCount(target.wf.id, target.sent, PERSIST_TIMEOUT_MS);
	const stored = await n8n.executionCount(target.wf.id);
	const expected = target.executes ? target.sent : 0;
	if (stored !== expected) {
		throw new Error(`${target.label}: ${stored} executions stored, expected ${expected}`);
	}
}

/** A benchmark of failing executions would measure the wrong thing: the warm-up must succeed. */
async function checkSucceeded(n8n, target) {
	if (!target.executes) return;
	const executions = await n8n.executions({ workflowId: target.wf.id, includeData: false });
	const failed = executions.filter((execution) => execution.status !== 'success');
	if (failed.length > 0) {
		throw new Error(
			`${target.label}: ${failed.length} warm-up executions ended ${failed[0].status} (execution ${failed[0].id})`,
		);
	}
}

/**
 * @param {object} options { count, warmup, rounds, concurrency, request: () => request spec }
 * Targets: { key, label, path, executes, expectStatus?, wf }.
 */
async function measureTargets(n8n, targets, options) {
	const load = (target, count) =>
		runLoad({
			origin: n8n.baseUrl,
			concurrency: options.concurrency,
			count,
			request: () => ({ ...options.request(), path: `/webhook/${target.path}` }),
			expectStatus: target.expectStatus ?? 200,
		});
	for (const target of targets) {
		const warm = await load(target, options.warmup);
		if (warm.ok !== options.warmup) {
			throw new Error(`${target.label}: warm-up answered ${JSON.stringify(warm.statuses)}`);
		}
		target.sent = options.warmup;
		await settle(n8n, target);
		await checkSucceeded(n8n, target);
		target.acc = { latencies: [], seconds: 0, persistedSeconds: 0, cpu: 0, sent: 0 };
	}
	const stopSampling = rssSampler(n8n.pid);
	const perRound = Math.ceil(options.count / options.rounds);
	for (let round = 0; round * perRound < options.count; round++) {
		const count = Math.min(perRound, options.count - round * perRound);
		for (let i = 0; i < targets.length; i++) {
			const target = targets[(round + i) % targets.length];
			const cpuBefore = cpuSeconds(n8n.pid);
			const started = Date.now();
			const result = await load(target, count);
			if (result.ok !== count) {
				throw new Error(
					`${target.label}: ${result.ok}/${count} answered ${target.expectStatus ?? 200} (${JSON.stringify(result.statuses)})`,
				);
			}
			target.sent += count;
			await settle(n8n, target);
			const acc = target.acc;
			acc.persistedSeconds += (Date.now() - started) / 1000;
			acc.cpu += cpuSeconds(n8n.pid) - cpuBefore;
			acc.seconds += result.seconds;
			acc.sent += count;
			acc.latencies.push(...result.latencies);
		}
		process.stderr.write(
			`[bench]   round ${round + 1} of ${Math.ceil(options.count / perRound)} done\n`,
		);
	}
	const peakRssMb = stopSampling();
	return targets.map(({ key, label, executes, acc }) => {
		acc.latencies.sort((x, y) => x - y);
		return {
			key,
			label,
			sent: acc.sent,
			perSecond: acc.sent / acc.seconds,
			p50: percentile(acc.latencies, 50),
			p99: percentile(acc.latencies, 99),
			executionsPerSecond: executes ? acc.sent / acc.persistedSeconds : undefined,
			cpuMsPerRequest: (acc.cpu * 1000) / acc.sent,
			peakRssMb,
		};
	});
}

/**
 * One fresh n8n per engine with `credentials` (n8n's import format) and `targets` imported and
 * published; measured, then stopped.
 */
async function benchEngine({ install, tarball, engine, name, targets, options, credentials = [] }) {
	const config = ENGINE_CONFIGS[engine];
	if (!config)
		throw new Error(`unknown engine "${engine}" (${Object.keys(ENGINE_CONFIGS).join(', ')})`);
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `mmp-bench-${engine}-`));
	const logFile = path.join(ROOT, '.tmp/n8n-logs', `bench-${name}-${engine}.log`);
	fs.rmSync(logFile, { force: true });
	const n8n = await N8nInstance.start({
		...install,
		userFolder,
		logFile,
		seedFrom: migratedTemplate(install),
		packages: tarball ? [tarball] : [],
		expressionEngine: config.expressionEngine,
		env: { ...BENCH_ENV, ...config.env },
		apiKeyLabel: 'bench',
	});
	try {
		if (credentials.length > 0) await n8n.importCredentials(credentials);
		await n8n.importWorkflows(targets.map((t) => t.wf));
		for (const t of targets) await n8n.publish(t.wf.id, { webhookPaths: webhookPaths(t.wf) });
		process.stderr.write(`[bench] ${config.label}\n`);
		const results = await measureTargets(n8n, targets, options);
		return { engine, label: config.label, results };
	} finally {
		await n8n.stop();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

/** `benchEngine` for each engine in turn, on fresh targets built from `defs` for `keys`. */
async function benchEngines({ engines, defs, keys, ...rest }) {
	for (const key of keys) if (!defs[key]) throw new Error(`unknown target "${key}"`);
	const runs = [];
	for (const engine of engines) {
		const targets = keys.map((key) => ({ key, ...defs[key], wf: defs[key].workflow() }));
		runs.push(await benchEngine({ ...rest, engine, targets }));
	}
	return runs;
}

/** The line a report opens with: the machine and the load each target got. */
function reportHeading(options) {
	return (
		`n8n 2.41.1 (Node 24) on ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)} at the end; ` +
		`${options.count} requests per target after ${options.warmup} warm-up, concurrency ${options.concurrency}, ` +
		`${options.rounds} interleaved rounds, loopback.`
	);
}

/** Keeps the figures in .tmp/bench-<name>.json. */
function saveRuns(name, options, runs) {
	fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
	fs.writeFileSync(
		path.join(ROOT, `.tmp/bench-${name}.json`),
		JSON.stringify({ ...options, request: undefined, runs }, null, 2),
	);
}

/**
 * The report: the heading, then per engine its table and the lines `ratios(resultsByKey)` gives
 * (falsy entries, for targets not run, are left out).
 */
function benchReport(runs, options, ratios) {
	const lines = [reportHeading(options)];
	for (const run of runs) {
		const by = Object.fromEntries(run.results.map((r) => [r.key, r]));
		lines.push(
			'',
			`## ${run.label}`,
			'',
			...resultTable(run.results),
			'',
			...ratios(by).filter(Boolean),
		);
	}
	return lines.join('\n');
}

/**
 * A whole side-by-side benchmark: n8n installed, the package packed unless every target uses only
 * n8n's own nodes (`builtInOnly` keys), each engine measured, the report printed and the figures
 * saved. Exits with 1 on failure.
 */
function runBenchmark({ builtInOnly = [], ratios, ...run }) {
	const main = async () => {
		const install = ensureN8n({ verbose: true });
		if (!install.ok) throw new Error(install.reason);
		const tarball = run.keys.some((key) => !builtInOnly.includes(key))
			? packedTarball({ log: (line) => process.stderr.write(`[bench] ${line}\n`) })
			: undefined;
		const runs = await benchEngines({ ...run, install, tarball });
		console.log(benchReport(runs, run.options, ratios));
		saveRuns(run.name, run.options, runs);
	};
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}

function fmt(n, digits = 1) {
	return Number.isFinite(n) ? n.toFixed(digits) : '–';
}

/** The markdown table of one engine's results. */
function resultTable(results) {
	const lines = [
		'| target | req/s (ack) | p50 ms | p99 ms | executions/s (persisted) | n8n CPU ms / callback | peak RSS MB |',
		'|---|---:|---:|---:|---:|---:|---:|',
	];
	for (const r of results) {
		const persisted = r.executionsPerSecond === undefined ? '– (none)' : fmt(r.executionsPerSecond);
		lines.push(
			`| ${r.label} | ${fmt(r.perSecond)} | ${fmt(r.p50, 0)} | ${fmt(r.p99, 0)} | ${persisted} | ` +
				`${fmt(r.cpuMsPerRequest)} | ${r.peakRssMb} |`,
		);
	}
	return lines;
}

/** "x/y = 0.95x by req/s, 1.02x by n8n CPU per callback" (higher is better for x). */
function ratio(x, y) {
	return (
		`${fmt(x.perSecond / y.perSecond, 2)}x by req/s, ` +
		`${fmt(y.cpuMsPerRequest / x.cpuMsPerRequest, 2)}x by n8n CPU per callback`
	);
}

module.exports = {
	BENCH_CALLBACK,
	ENGINE_CONFIGS,
	benchEngine,
	benchEngines,
	benchNode,
	benchReport,
	benchCommandLine,
	benchWorkflow,
	fmt,
	measureTargets,
	ratio,
	reportHeading,
	resultTable,
	runBenchmark,
	saveRuns,
	webhookNode,
};
