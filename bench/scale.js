#!/usr/bin/env node
// `npm run bench:scale`: what each n8n queue-mode role costs per MMP callback, against one
// single-process n8n in the same run, for two shipped examples:
//
//   bi       examples/workflows/events-to-postgres.json (MMP Trigger → Postgres INSERT … ON CONFLICT)
//   network  examples/workflows/install-postbacks-to-network.json (→ Render Callback → Send Postback
//            to the network stand-in, scripts/demo/standins.js)
//
// Setups: single-process n8n (regular mode, same PostgreSQL), then ONE queue-mode cluster
// (scripts/lib/n8n-queue.js, nginx in front) measured as 1 or 2 webhook processors (straight to
// processor 1, or round-robin through nginx) × 1 or 2 workers (worker 2 stopped or running), then
// 2 × 2 again with EXECUTIONS_DATA_SAVE_ON_SUCCESS=none. Every setup gets the same number of distinct
// corpus callbacks (scripts/lib/distinct-callbacks.js), closed-loop at a fixed concurrency.
//
// Reported per setup and example: acknowledged callbacks/s, executions/s (load start → last
// execution finished), p50/p99 acknowledgement latency, CPU ms per callback of main, webhook
// processors, workers (each with its task runner), PostgreSQL (the backends of this run's database)
// and Redis (a redis-server of its own when installed, so no other user's load is counted),
// PostgreSQL row writes and Redis commands per callback, and bytes of execution history kept per
// callback (what pruning has to remove). A 2-core box cannot show scaling; it shows per-role cost.
// Method and results: docs/benchmarks.md; the capacity model built from them: docs/scaling.md.
//
// Options: --count=200 --concurrency=16 --engine=legacy|vm --workloads=bi,network --no-single
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureN8n, ROOT } = require('../scripts/lib/n8n-install');
const { N8nInstance, webhookPaths } = require('../scripts/lib/n8n-instance');
const { QueueCluster, newEncryptionKey } = require('../scripts/lib/n8n-queue');
const { migratedPostgresTemplate } = require('../scripts/lib/n8n-template');
const { packedTarball } = require('../scripts/lib/package-tarball');
const { runLoad } = require('../scripts/lib/http-load');
const { groupCpuSeconds, matchingCpuSeconds } = require('../scripts/lib/proc-stats');
const { freePort } = require('../scripts/lib/ports');
const {
	QUEUE_SERVICES,
	dropDatabase,
	pgClient,
	prepareQueueServices,
	queueModeEnv,
	redisClient,
} = require('../scripts/lib/queue-services');
const { loadCorpus } = require('../scripts/demo/traffic');
const { distinctCallbacks } = require('../scripts/lib/distinct-callbacks');
const { pointAtStandins, startStandins } = require('../scripts/demo/standins');
const { benchArgs } = require('../scripts/lib/bench-args');

const args = benchArgs();
const COUNT = Number(args.count ?? 200);
const CONCURRENCY = Number(args.concurrency ?? 16);
const ENGINE = args.engine ?? 'legacy';
const WORKLOADS = (args.workloads ?? 'bi,network').split(',');
const DONE_TIMEOUT_MS = 10 * 60_000;
const RUN_ID = `${process.pid}_${Date.now().toString(36)}`;
const ATTRIBUTION_KINDS = new Set(['install', 'reinstall', 'reattribution', 'reengagement']);
const EXAMPLES = {
	bi: { file: 'events-to-postgres.json', id: 'mmpExampleBiPostgres' },
	network: { file: 'install-postbacks-to-network.json', id: 'mmpExampleNetworkPostbacks' },
};

const log = (line) => console.error(`[bench:scale] ${line}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A redis-server of our own (no persistence), so its CPU and command count are this run's only. */
async function ownRedis(dir) {
	const bin = spawnSync('sh', ['-c', 'command -v redis-server'], {
		encoding: 'utf8',
	}).stdout.trim();
	if (!bin) return undefined;
	const port = await freePort();
	const child = spawn(
		bin,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
		],
		{ stdio: 'ignore' },
	);
	process.once('exit', () => child.kill('SIGKILL'));
	QUEUE_SERVICES.redis.port = port;
	for (let i = 0; i < 50; i++) {
		const client = redisClient();
		try {
			await client.connect();
			await client.ping();
			client.disconnect();
			return { pid: child.pid, port, stop: () => child.kill('SIGTERM') };
		} catch {
			client.disconnect();
			await sleep(100);
		}
	}
	throw new Error('redis-server did not start');
}

/** The examples pointed at the stand-ins, the BI table in the run's own database. */
function loadWorkflows(standins) {
	return Object.fromEntries(
		Object.entries(EXAMPLES).map(([name, { file }]) => {
			const text = pointAtStandins(
				fs.readFileSync(path.join(ROOT, 'examples/workflows', file), 'utf8'),
				standins,
			);
			return [name, JSON.parse(text)];
		}),
	);
}

/** Callbacks for one measurement: BI takes every kind, the network example attributions only. */
function callbackSets(total) {
	const lib = require(ROOT);
	const all = distinctCallbacks(loadCorpus(), total * 5, lib);
	const attributions = all.filter((c) => ATTRIBUTION_KINDS.has(c.event.event_kind));
	const fraud = (c) => lib.TRIGGER_OUTPUT_NAMES[lib.routeEvent(c.event)] === 'Fraud Alert';
	let bi = 0;
	let network = 0;
	return {
		next(workload) {
			if (workload === 'bi') return all.slice(bi, (bi += COUNT));
			return attributions.slice(network, (network += COUNT));
		},
		fraud,
	};
}

async function dbStats(client, database) {
	const row = (
		await client.query(
			`SELECT tup_inserted + tup_updated + tup_deleted AS writes, xact_commit AS commits
			 FROM pg_stat_database WHERE datname = $1`,
			[database],
		)
	).rows[0];
	const bytes = (
		await client.query(
			`SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS b FROM pg_class c
			 WHERE c.relname IN ('execution_entity', 'execution_data', 'execution_metadata')`,
		)
	).rows[0].b;
	return { writes: Number(row.writes), commits: Number(row.commits), historyBytes: Number(bytes) };
}

async function redisCommands() {
	const client = redisClient();
	try {
		await client.connect();
		const info = await client.info('stats');
		return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? NaN);
	} finally {
		client.disconnect();
	}
}

/**
 * One measurement: `COUNT` callbacks to `origin`, then until every execution finished.
 * @param {{ setup: string; workload: string; origin: string; webhookPath: string;
 *   roles: Record<string, Array<{ pid?: number }>>; database: string; stats: any; redisPid?: number;
 *   callbacks: any[]; done: () => Promise<boolean> }} m
 */
async function measure(m) {
	// Stats reach pg_stat_database within ~0.5 s of a commit.
	const cpu = () => {
		const out = {};
		for (const [role, procs] of Object.entries(m.roles))
			out[role] = procs.reduce((sum, p) => sum + (p.pid ? groupCpuSeconds(p.pid) || 0 : 0), 0);
		// Debian names backends `postgres: 15/main: <user> <database> …`.
		out.postgres = matchingCpuSeconds(new RegExp(`^postgres: (\\S+: )?\\S+ ${m.database} `));
		out.redis = m.redisPid ? groupCpuSecondsOfPid(m.redisPid) : NaN;
		return out;
	};
	await sleep(1000);
	const before = {
		cpu: cpu(),
		db: await dbStats(m.stats, m.database),
		redis: await redisCommands(),
	};
	const started = Date.now();
	const load = await runLoad({
		origin: m.origin,
		concurrency: CONCURRENCY,
		count: m.callbacks.length,
		expectStatus: 200,
		request: (i) => {
			const c = m.callbacks[i];
			return {
				method: c.method,
				path: `/webhook/${m.webhookPath}?${c.query}`,
				headers: c.headers,
				body: c.body,
			};
		},
	});
	const deadline = Date.now() + DONE_TIMEOUT_MS;
	while (!(await m.done())) {
		if (Date.now() > deadline)
			throw new Error(`${m.setup} ${m.workload}: executions did not finish`);
		await sleep(200);
	}
	const seconds = (Date.now() - started) / 1000;
	await sleep(1000);
	const after = {
		cpu: cpu(),
		db: await dbStats(m.stats, m.database),
		redis: await redisCommands(),
	};
	const n = m.callbacks.length;
	const perCallback = (a, b) => ((a - b) * 1000) / n;
	const result = {
		setup: m.setup,
		workload: m.workload,
		callbacks: n,
		acknowledged: load.ok,
		statuses: load.statuses,
		ackPerSecond: load.perSecond,
		executionsPerSecond: n / seconds,
		p50: load.p50,
		p99: load.p99,
		cpuMsPerCallback: Object.fromEntries(
			Object.keys(after.cpu).map((role) => [role, perCallback(after.cpu[role], before.cpu[role])]),
		),
		pgWritesPerCallback: (after.db.writes - before.db.writes) / n,
		pgCommitsPerCallback: (after.db.commits - before.db.commits) / n,
		redisCommandsPerCallback: (after.redis - before.redis) / n,
		historyBytesPerCallback: (after.db.historyBytes - before.db.historyBytes) / n,
	};
	// Kept as it goes, so a later failure does not lose what was measured.
	fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
	fs.appendFileSync(path.join(ROOT, '.tmp/bench-scale.jsonl'), `${JSON.stringify(result)}\n`);
	log(
		`${m.setup} ${m.workload}: ${result.ackPerSecond.toFixed(1)} ack/s, ${result.executionsPerSecond.toFixed(1)} exec/s, ` +
			`p50 ${result.p50.toFixed(0)} ms p99 ${result.p99.toFixed(0)} ms, ${JSON.stringify(result.statuses)}`,
	);
	return result;
}

function groupCpuSecondsOfPid(pid) {
	try {
		const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return NaN;
	}
}

/** "Done" checks, read from the stand-in and the database (executions may not be kept). */
function doneChecks({ stats, standins, schema }) {
	return {
		bi: (expectedRows, baseRows) => async () => {
			const rows = Number(
				(await stats.query(`SELECT count(*) AS n FROM ${schema}.mmp_events`)).rows[0].n,
			);
			const open = Number(
				(
					await stats.query(
						`SELECT count(*) AS n FROM execution_entity WHERE status IN ('new', 'running')`,
					)
				).rows[0].n,
			);
			return rows >= baseRows + expectedRows && open === 0;
		},
		network: (expected, base) => async () => {
			const open = Number(
				(
					await stats.query(
						`SELECT count(*) AS n FROM execution_entity WHERE status IN ('new', 'running')`,
					)
				).rows[0].n,
			);
			return standins.network.requests.length >= base + expected && open === 0;
		},
	};
}

async function prepareDatabase(database, template, workflows) {
	const problems = await prepareQueueServices({ database, template });
	if (problems.length) throw new Error(problems.join('; '));
	const client = await pgClient(database);
	client.on('error', () => {});
	const schema = `bench_scale`;
	await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
	const ddl = fs.readFileSync(path.join(ROOT, 'examples/sql/mmp_events.sql'), 'utf8');
	await client.query(`SET search_path TO ${schema}; ${ddl}; SET search_path TO public`);
	for (const node of workflows.bi.nodes) {
		if (typeof node.parameters?.query === 'string')
			node.parameters.query = node.parameters.query.replace(
				/\bmmp_events\b/g,
				`${schema}.mmp_events`,
			);
	}
	return { client, schema };
}

function credentials(database) {
	const { postgres } = QUEUE_SERVICES;
	return [
		{
			id: 'mmpExamplePostgres',
			name: 'BI Postgres',
			type: 'postgres',
			data: { ...postgres, database, ssl: 'disable' },
		},
	];
}

async function runWorkloads({ setup, origin, roles, ctx, workflows }) {
	const results = [];
	for (const workload of WORKLOADS) {
		const callbacks = ctx.sets.next(workload);
		const wf = workflows[workload];
		let done;
		if (workload === 'bi') {
			const base = Number(
				(await ctx.stats.query(`SELECT count(*) AS n FROM ${ctx.schema}.mmp_events`)).rows[0].n,
			);
			done = ctx.checks.bi(callbacks.filter((c) => !ctx.sets.fraud(c)).length, base);
		} else {
			done = ctx.checks.network(
				callbacks.filter((c) => !ctx.sets.fraud(c)).length,
				ctx.standins.network.requests.length,
			);
		}
		results.push(
			await measure({
				setup,
				workload,
				origin,
				webhookPath: webhookPaths(wf)[0],
				roles,
				database: ctx.database,
				stats: ctx.stats,
				redisPid: ctx.redis?.pid,
				callbacks,
				done,
			}),
		);
	}
	return results;
}

/** The workloads' context for one run: the bench database, its stats client and its checks. */
function databaseContext(ctx, database, client, schema) {
	return {
		...ctx,
		database,
		stats: client,
		schema,
		checks: doneChecks({ stats: client, standins: ctx.standins, schema }),
	};
}

async function single(ctx, install, tarball, template) {
	const database = `mmp_bench_single_${RUN_ID}`;
	const workflows = loadWorkflows(ctx.standins);
	const { client, schema } = await prepareDatabase(database, template, workflows);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mmp-bench-scale-single-'));
	log('starting single-process n8n (regular mode, PostgreSQL)');
	const n8n = await N8nInstance.start({
		...install,
		userFolder: dir,
		logFile: path.join(ROOT, '.tmp/n8n-logs', `bench-scale-single-${RUN_ID}.log`),
		packages: [tarball],
		expressionEngine: ENGINE,
		env: {
			...ctx.standins.n8nEnv(),
			...queueModeEnv({
				database,
				prefix: `mmp-bench-${RUN_ID}`,
				encryptionKey: newEncryptionKey(),
			}),
			EXECUTIONS_MODE: 'regular',
		},
	});
	try {
		await n8n.importCredentials(credentials(database));
		await n8n.importWorkflows(Object.values(workflows));
		for (const wf of Object.values(workflows))
			await n8n.publish(wf.id, { webhookPaths: webhookPaths(wf) });
		const local = databaseContext(ctx, database, client, schema);
		return await runWorkloads({
			setup: 'single process',
			origin: n8n.baseUrl,
			roles: { main: [n8n] },
			ctx: local,
			workflows,
		});
	} finally {
		await n8n.stop();
		await client.end();
		await dropDatabase(database).catch(() => {});
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

async function queue(ctx, install, tarball, template) {
	const database = `mmp_bench_queue_${RUN_ID}`;
	const workflows = loadWorkflows(ctx.standins);
	const { client, schema } = await prepareDatabase(database, template, workflows);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mmp-bench-scale-queue-'));
	const cluster = await QueueCluster.start({
		...install,
		tarball,
		dir,
		logDir: path.join(ROOT, '.tmp/n8n-logs', `bench-scale-queue-${RUN_ID}`),
		database,
		dropDatabase: true,
		prefix: `mmp-bench-${RUN_ID.replace(/_/g, '-')}`,
		encryptionKey: newEncryptionKey(),
		expressionEngine: ENGINE,
		env: ctx.standins.n8nEnv(),
		log,
	});
	const results = [];
	try {
		await cluster.main.importCredentials(credentials(database));
		await cluster.importAndPublish(Object.values(workflows));
		const local = databaseContext(ctx, database, client, schema);
		const run = async (webhooks, workers, suffix = '') => {
			const roles = {
				main: [cluster.main],
				webhook: cluster.webhooks.slice(0, webhooks),
				worker: cluster.workers.slice(0, workers),
			};
			const origin = webhooks === 1 ? cluster.webhooks[0].baseUrl : cluster.lb.url;
			results.push(
				...(await runWorkloads({
					setup: `queue ${webhooks} webhook × ${workers} worker${suffix}`,
					origin,
					roles,
					ctx: local,
					workflows,
				})),
			);
		};
		await cluster.workers[1].stop();
		await run(1, 1);
		await run(2, 1);
		log('starting worker 2 again');
		await cluster.restartWorker(1);
		await run(2, 2);
		await run(1, 2);
		log('restarting webhook processors and workers with EXECUTIONS_DATA_SAVE_ON_SUCCESS=none');
		cluster.sharedEnv.EXECUTIONS_DATA_SAVE_ON_SUCCESS = 'none';
		for (let i = 0; i < cluster.webhooks.length; i++) await cluster.restartWebhook(i);
		for (let i = 0; i < cluster.workers.length; i++) await cluster.restartWorker(i);
		await run(2, 2, ', save on success: none');
		return results;
	} finally {
		// Before the cluster drops its database (WITH FORCE ends every connection to it).
		await client.end();
		await cluster.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

function printTable(results) {
	const cpu = (r, role) => {
		const v = r.cpuMsPerCallback[role];
		return Number.isFinite(v) && v > 0 ? v.toFixed(1) : '–';
	};
	const lines = [
		'| setup | example | ack/s | exec/s | p50 / p99 ack ms | CPU ms/callback: main | webhook | worker | Postgres | Redis | total | PG writes / commits per cb | Redis cmds/cb | history bytes/cb |',
		'|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
	];
	for (const r of results) {
		const total = Object.values(r.cpuMsPerCallback)
			.filter((v) => Number.isFinite(v))
			.reduce((a, b) => a + b, 0);
		lines.push(
			`| ${r.setup} | ${r.workload} | ${r.ackPerSecond.toFixed(1)} | ${r.executionsPerSecond.toFixed(1)} | ` +
				`${r.p50.toFixed(0)} / ${r.p99.toFixed(0)} | ${cpu(r, 'main')} | ${cpu(r, 'webhook')} | ${cpu(r, 'worker')} | ` +
				`${cpu(r, 'postgres')} | ${cpu(r, 'redis')} | ${total.toFixed(1)} | ${r.pgWritesPerCallback.toFixed(1)} / ${r.pgCommitsPerCallback.toFixed(1)} | ` +
				`${Number.isFinite(r.redisCommandsPerCallback) ? r.redisCommandsPerCallback.toFixed(0) : '–'} | ${Math.round(r.historyBytesPerCallback)} |`,
		);
	}
	console.log(lines.join('\n'));
}

/**
 * Processes, cores, PostgreSQL writes/s and Redis commands/s for a target rate, from one measured
 * queue-mode row's per-callback costs. A Node.js process uses at most one core; each role is sized to
 * run at 60% of its cores so bursts have headroom.
 */
function capacityModel(row, rates = [100, 1000, 10_000], utilisation = 0.6) {
	const cpu = row.cpuMsPerCallback;
	const lines = [
		`Capacity model from "${row.setup}" / ${row.workload} (CPU ms per callback: webhook ${cpu.webhook.toFixed(1)}, worker ${cpu.worker.toFixed(1)}, main ${cpu.main.toFixed(1)}, Postgres ${cpu.postgres.toFixed(1)}, Redis ${Number.isFinite(cpu.redis) ? cpu.redis.toFixed(1) : '?'}), at ${utilisation * 100}% utilisation:`,
		'| callbacks/s | webhook processors | worker cores | PostgreSQL cores | Redis cores | total cores | PG row writes/s | PG commits/s | Redis commands/s |',
		'|---|---|---|---|---|---|---|---|---|',
	];
	for (const rate of rates) {
		const cores = (ms) => (rate * ms) / 1000 / utilisation;
		const webhook = Math.max(1, Math.ceil(cores(cpu.webhook)));
		const worker = cores(cpu.worker);
		const pg = cores(cpu.postgres);
		const redis = Number.isFinite(cpu.redis) ? cores(cpu.redis) : NaN;
		const total = webhook + worker + pg + (Number.isFinite(redis) ? redis : 0) + cores(cpu.main);
		lines.push(
			`| ${rate} | ${webhook} | ${worker.toFixed(1)} | ${pg.toFixed(1)} | ${Number.isFinite(redis) ? redis.toFixed(2) : '?'} | ${total.toFixed(0)} | ` +
				`${Math.round(rate * row.pgWritesPerCallback)} | ${Math.round(rate * row.pgCommitsPerCallback)} | ${Math.round(rate * row.redisCommandsPerCallback)} |`,
		);
	}
	return lines.join('\n');
}

async function main() {
	const install = ensureN8n({ verbose: true });
	if (!install.ok) throw new Error(install.reason);
	const tarball = packedTarball({ log });
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mmp-bench-scale-'));
	const redis = await ownRedis(work);
	if (!redis) log('no redis-server binary: using the shared Redis; its CPU is not reported');
	const standins = await startStandins({
		certDir: path.join(work, 'certs'),
		network: { respond: () => 200 },
	});
	if (!standins.network) throw new Error(standins.networkUnavailable);
	const template = await migratedPostgresTemplate(install);
	const ctx = { standins, redis, sets: callbackSets(COUNT * 8) };
	const results = [];
	try {
		if (args['no-single'] !== 'true')
			results.push(...(await single(ctx, install, tarball, template)));
		results.push(...(await queue(ctx, install, tarball, template)));
	} finally {
		await standins.close();
		redis?.stop();
		fs.rmSync(work, { recursive: true, force: true });
	}
	console.log(
		`\nbench:scale: ${COUNT} distinct callbacks per cell, concurrency ${CONCURRENCY}, engine ${ENGINE}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the end\n`,
	);
	printTable(results);
	for (const row of results.filter((r) => r.setup.startsWith('queue 2 webhook × 2 worker'))) {
		console.log(`\n${capacityModel(row)}`);
	}
	fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
	fs.writeFileSync(path.join(ROOT, '.tmp/bench-scale.json'), JSON.stringify(results, null, 2));
}

main().catch((error) => {
	console.error(error.stack ?? error);
	process.exit(1);
});
