#!/usr/bin/env node
// `npm run bench:bi`: MMP callbacks into a BI table in a real n8n 2.41.1 and PostgreSQL, the shipped
// example against what a user would build from n8n's own nodes, with MMP re-sends in the traffic.
//
//   (a) examples/workflows/events-to-postgres.json: MMP Trigger → Postgres INSERT … ON CONFLICT
//       (dedup_key) DO NOTHING into examples/sql/mmp_events.sql
//   (b) Webhook → Remove Duplicates ("Remove Items Processed in Previous Executions", keyed on the
//       AppsFlyer id, event name and time) → Postgres INSERT of the mapped fields
//   (c) Webhook → Postgres INSERT … ON CONFLICT on a hand-built key (no Remove Duplicates)
//   (d) examples/workflows/events-to-postgres-batched.json: MMP Trigger v2, batched executions,
//       Respond when the workflow finishes → Merge → one multi-row INSERT … ON CONFLICT per batch
//
// Each round sends `count` distinct AppsFlyer callbacks to each target, then re-sends every 5th one,
// as an MMP does after a timeout; targets take turns in interleaved rounds and each turn ends when
// its executions are persisted. Reported: acknowledged callbacks/s, callbacks stored per second,
// n8n CPU per callback, execution rows written per 1,000 callbacks, and what the table holds
// against the distinct callbacks sent (each has its own event_time).
// Method and results: docs/benchmarks.md.
//
// Options: --count=300 --concurrency=8 --rounds=3 --engine=legacy|vm --targets=a,b,c,d --keep (tables)
//          MMP_DEMO_PG_HOST/_PORT/_DATABASE/_USER/_PASSWORD (default 127.0.0.1:5432 test postgres)
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { ensureN8n, ROOT } = require('../scripts/lib/n8n-install');
const { N8nInstance, webhookPaths } = require('../scripts/lib/n8n-instance');
const { migratedTemplate } = require('../scripts/lib/n8n-template');
const { packedTarball } = require('../scripts/lib/package-tarball');
const { runLoad } = require('../scripts/lib/http-load');
const { cpuSeconds } = require('../scripts/lib/proc-stats');
const { SAMPLE_CALLBACKS } = require('../scripts/demo/sample-callbacks');
const { DEMO_PG: PG } = require('../scripts/demo/postgres');
const { benchArgs } = require('../scripts/lib/bench-args');

const args = benchArgs();
const COUNT = Number(args.count ?? 300);
const CONCURRENCY = Number(args.concurrency ?? 8);
const ROUNDS = Number(args.rounds ?? 3);
const ENGINE = args.engine ?? 'legacy';
const RESEND_EVERY = 5;
const PERSIST_TIMEOUT_MS = 15 * 60_000;
const SCHEMA = `bench_bi_${process.pid}`;
const CREDENTIAL = { id: 'benchBiPostgres0', name: 'bench BI Postgres' };
const SAMPLE = SAMPLE_CALLBACKS.find((c) => c.mmp === 'appsflyer').body;

/** Callback number i: a distinct install or purchase (its own AppsFlyer id and time). */
function callback(i) {
	const time = new Date(Date.UTC(2026, 10, 23, 10) + i * 1000)
		.toISOString()
		.replace('T', ' ')
		.replace('Z', '');
	const purchase = i % 3 === 2;
	return JSON.stringify({
		...SAMPLE,
		event_name: purchase ? 'af_purchase' : 'install',
		appsflyer_id: `1700000000000-${String(i).padStart(7, '0')}`,
		event_time: time,
		install_time: time,
		...(purchase ? { event_revenue: '4.99', event_revenue_currency: 'USD' } : {}),
	});
}

function node(name, type, typeVersion, position, parameters, extra = {}) {
	return { id: `${name}-bench`, name, type, typeVersion, position, parameters, ...extra };
}

const pg = (name, query, replacement) =>
	node(
		'Insert',
		'n8n-nodes-base.postgres',
		2.6,
		[500, 0],
		{
			operation: 'executeQuery',
			query,
			options: { queryReplacement: replacement },
		},
		{ credentials: { postgres: CREDENTIAL } },
	);

function webhook(webhookPath, id) {
	return node(
		'Webhook',
		'n8n-nodes-base.webhook',
		2.1,
		[0, 0],
		{
			httpMethod: 'POST',
			path: webhookPath,
			responseMode: 'onReceived',
			options: {},
		},
		{ webhookId: id },
	);
}

// What a user maps by hand from one MMP's body: the columns the BI table needs.
const HAND_COLUMNS =
	'dedup_key, mmp, event_kind, event_name, event_time, advertising_id, app_id, country, ' +
	'media_source, campaign_name, revenue, currency, raw';
const HAND_VALUES =
	'$1, $2, $3, $4, $5::timestamptz, $6, $7, $8, $9, $10, $11::numeric, $12, $13::jsonb';
const HAND_KEY =
	'{{ $json.body.appsflyer_id }}|{{ $json.body.event_name }}|{{ $json.body.event_time }}';
const HAND_REPLACEMENT =
	"={{ [ $json.body.appsflyer_id + '|' + $json.body.event_name + '|' + $json.body.event_time, " +
	"'appsflyer', $json.body.event_name === 'install' ? 'install' : 'in_app_event', $json.body.event_name, " +
	"$json.body.event_time + 'Z', $json.body.advertising_id, $json.body.app_id, $json.body.country_code, " +
	'$json.body.media_source, $json.body.campaign, $json.body.event_revenue ?? null, ' +
	'$json.body.event_revenue_currency ?? null, JSON.stringify($json.body) ] }}';

/** An example workflow on its own path and table, with the bench's credential. */
function exampleWorkflow(file, webhookPath, table) {
	const example = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/workflows', file), 'utf8'));
	for (const n of example.nodes) {
		if (n.type === 'n8n-nodes-base.postgres') {
			n.parameters.query = n.parameters.query.replace(/\bmmp_events\b/g, `${SCHEMA}.${table}`);
			n.credentials = { postgres: CREDENTIAL };
		}
		if (n.type === 'n8n-nodes-mmp-postback.mmpTrigger') n.parameters.path = webhookPath;
	}
	return example;
}

function targets() {
	const example = exampleWorkflow('events-to-postgres.json', 'bench-bi-a', 'a_events');
	const batched = exampleWorkflow('events-to-postgres-batched.json', 'bench-bi-d', 'd_events');
	const flow = (id, name, nodes, pairs) => ({
		id,
		name,
		nodes,
		connections: Object.fromEntries(
			pairs.map(([from, to]) => [from, { main: [[{ node: to, type: 'main', index: 0 }]] }]),
		),
		settings: { executionOrder: 'v1' },
		active: false,
	});
	return [
		{
			key: 'a',
			label: '(a) shipped example: MMP Trigger → Postgres ON CONFLICT',
			path: 'bench-bi-a',
			table: 'a_events',
			wf: { ...example, id: 'benchBiExampleA0', name: 'bench: BI example', active: false },
		},
		{
			key: 'b',
			label: '(b) Webhook → Remove Duplicates → Postgres INSERT',
			path: 'bench-bi-b',
			table: 'b_events',
			wf: flow(
				'benchBiRemoveDup',
				'bench: Webhook → Remove Duplicates → Postgres',
				[
					webhook('bench-bi-b', 'bench-bib-0000-4000-8000-000000000002'),
					node('Remove Duplicates', 'n8n-nodes-base.removeDuplicates', 2, [250, 0], {
						operation: 'removeItemsSeenInPreviousExecutions',
						dedupeValue: `=${HAND_KEY}`,
						options: {},
					}),
					pg(
						'Insert',
						`INSERT INTO ${SCHEMA}.b_events (${HAND_COLUMNS}) VALUES (${HAND_VALUES})`,
						HAND_REPLACEMENT,
					),
				],
				[
					['Webhook', 'Remove Duplicates'],
					['Remove Duplicates', 'Insert'],
				],
			),
		},
		{
			key: 'c',
			label: '(c) Webhook → Postgres ON CONFLICT on a hand-built key',
			path: 'bench-bi-c',
			table: 'c_events',
			wf: flow(
				'benchBiHandKey00',
				'bench: Webhook → Postgres ON CONFLICT',
				[
					webhook('bench-bi-c', 'bench-bic-0000-4000-8000-000000000003'),
					pg(
						'Insert',
						`INSERT INTO ${SCHEMA}.c_events (${HAND_COLUMNS}) VALUES (${HAND_VALUES}) ON CONFLICT (dedup_key) DO NOTHING`,
						HAND_REPLACEMENT,
					),
				],
				[['Webhook', 'Insert']],
			),
		},
		{
			key: 'd',
			label: '(d) batched example: MMP Trigger v2, batches → one multi-row INSERT',
			path: 'bench-bi-d',
			table: 'd_events',
			batched: true,
			wf: { ...batched, id: 'benchBiBatchedD0', name: 'bench: BI example, batched', active: false },
		},
	].filter((t) => (args.targets ?? 'a,b,c,d').split(',').includes(t.key));
}

async function createTables(db) {
	const ddl = fs.readFileSync(path.join(ROOT, 'examples/sql/mmp_events.sql'), 'utf8');
	await db.query(`CREATE SCHEMA ${SCHEMA}`);
	await db.query(`SET search_path TO ${SCHEMA}; ${ddl}`);
	await db.query(`ALTER TABLE ${SCHEMA}.mmp_events RENAME TO a_events`);
	await db.query(`CREATE TABLE ${SCHEMA}.c_events (LIKE ${SCHEMA}.a_events INCLUDING ALL)`);
	await db.query(`CREATE TABLE ${SCHEMA}.d_events (LIKE ${SCHEMA}.a_events INCLUDING ALL)`);
	// (b) trusts Remove Duplicates, so its table has no unique index to fall back on.
	await db.query(`CREATE TABLE ${SCHEMA}.b_events (LIKE ${SCHEMA}.a_events INCLUDING DEFAULTS)`);
}

function send(n8n, target, bodies) {
	return runLoad({
		origin: n8n.baseUrl,
		concurrency: CONCURRENCY,
		count: bodies.length,
		request: (i) => ({
			method: 'POST',
			path: `/webhook/${target.path}?mmp=appsflyer`,
			headers: { 'content-type': 'application/json' },
			body: bodies[i],
		}),
		expectStatus: 200,
	});
}

/**
 * A batched target's executions cannot be counted in advance: its turn ends once every execution
 * has finished and the count stopped moving (its answers, sent when the workflow finished, already
 * say the rows are stored).
 */
async function settleBatched(n8n, target) {
	const deadline = Date.now() + PERSIST_TIMEOUT_MS;
	let last = -1;
	for (;;) {
		const executions = await n8n.executions({ workflowId: target.wf.id, includeData: false });
		const busy = executions.some((e) => e.status === 'running' || e.status === 'new');
		if (!busy && executions.length === last) return;
		if (Date.now() > deadline) throw new Error(`${target.label}: executions did not settle`);
		last = busy ? -1 : executions.length;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

async function measure(n8n, db, list) {
	let next = 0;
	for (const t of list)
		Object.assign(t, { sent: 0, distinct: 0, ackSeconds: 0, seconds: 0, cpu: 0 });
	for (let round = 0; round < ROUNDS; round++) {
		for (let k = 0; k < list.length; k++) {
			const target = list[(round + k) % list.length];
			const bodies = Array.from({ length: COUNT }, () => callback(next++));
			const resent = bodies.filter((_, i) => i % RESEND_EVERY === RESEND_EVERY - 1);
			const cpuBefore = cpuSeconds(n8n.pid);
			const started = Date.now();
			for (const batch of [bodies, resent]) {
				const result = await send(n8n, target, batch);
				if (result.ok !== batch.length) {
					throw new Error(`${target.label}: answered ${JSON.stringify(result.statuses)}`);
				}
				target.ackSeconds += result.seconds;
			}
			target.sent += bodies.length + resent.length;
			target.distinct += bodies.length;
			if (target.batched) await settleBatched(n8n, target);
			else await n8n.waitForExecutionCount(target.wf.id, target.sent, PERSIST_TIMEOUT_MS);
			target.seconds += (Date.now() - started) / 1000;
			target.cpu += cpuSeconds(n8n.pid) - cpuBefore;
		}
		process.stderr.write(`[bench] round ${round + 1} of ${ROUNDS} done\n`);
	}
	for (const t of list) {
		const executions = await n8n.executions({ workflowId: t.wf.id, includeData: false });
		const failed = executions.filter((e) => e.status !== 'success');
		t.failed = failed.length;
		t.executions = executions.length;
		if (failed.length > 0) {
			// One failed execution with its data, for the reason (not all of them: they can be many).
			const one = await n8n.api('GET', `/api/v1/executions/${failed[0].id}?includeData=true`);
			process.stderr.write(
				`[bench] ${t.label}: ${failed.length} executions did not succeed, e.g. ${JSON.stringify(one?.data?.resultData?.error?.message ?? one?.status)}\n`,
			);
		}
		const { rows } = await db.query(
			`SELECT count(*)::int AS rows, count(DISTINCT event_time)::int AS callbacks FROM ${SCHEMA}.${t.table}`,
		);
		Object.assign(t, rows[0]);
	}
	return list;
}

function report(list) {
	const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');
	const lines = [
		`n8n 2.41.1 (Node 24, ${ENGINE} expression engine) on ${os.cpus().length} CPUs, load average ` +
			`${os.loadavg()[0].toFixed(1)} at the end; per target ${ROUNDS} rounds of ${COUNT} distinct ` +
			`AppsFlyer callbacks + every ${RESEND_EVERY}th re-sent, concurrency ${CONCURRENCY}, PostgreSQL on loopback.`,
		'',
		'| target | callbacks/s (ack) | stored/s (persisted) | n8n CPU ms / callback | execution rows / 1,000 callbacks | failed executions | rows | distinct callbacks sent | duplicate rows | lost |',
		'|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
	];
	for (const t of list) {
		lines.push(
			`| ${t.label} | ${fmt(t.sent / t.ackSeconds)} | ${fmt(t.sent / t.seconds)} | ` +
				`${fmt((t.cpu * 1000) / t.sent)} | ${fmt((t.executions * 1000) / t.sent, 0)} | ${t.failed} | ${t.rows} | ${t.distinct} | ${t.rows - t.callbacks} | ` +
				`${t.distinct - t.callbacks} |`,
		);
	}
	const by = Object.fromEntries(list.map((t) => [t.key, t]));
	const ratio = (x, y) =>
		`${fmt(x.sent / x.seconds / (y.sent / y.seconds), 2)}x by stored/s, ` +
		`${fmt(y.cpu / y.sent / (x.cpu / x.sent), 2)}x by n8n CPU per callback`;
	lines.push('');
	if (by.a && by.b) lines.push(`a/b = ${ratio(by.a, by.b)}`);
	if (by.a && by.c) lines.push(`a/c = ${ratio(by.a, by.c)}`);
	if (by.d && by.a) {
		lines.push(`d/a = ${ratio(by.d, by.a)} (target: ≥ 3x callbacks per CPU-second)`);
	}
	if (by.d && by.c) lines.push(`d/c = ${ratio(by.d, by.c)}`);
	return lines.join('\n');
}

async function main() {
	const db = new Client({ ...PG, connectionTimeoutMillis: 3000 });
	try {
		await db.connect();
	} catch (error) {
		throw new Error(
			`bench:bi needs PostgreSQL at ${PG.host}:${PG.port}/${PG.database}: ${error.message}`,
		);
	}
	const install = ensureN8n({ verbose: true });
	if (!install.ok) throw new Error(install.reason);
	const tarball = packedTarball({ log: (line) => process.stderr.write(`[bench] ${line}\n`) });
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'mmp-bench-bi-'));
	let n8n;
	try {
		await createTables(db);
		n8n = await N8nInstance.start({
			...install,
			userFolder,
			logFile: path.join(ROOT, '.tmp/n8n-logs', 'bench-bi.log'),
			seedFrom: migratedTemplate(install),
			packages: [tarball],
			expressionEngine: ENGINE === 'legacy' ? 'legacy' : undefined,
			apiKeyLabel: 'bench',
		});
		await n8n.importCredentials([
			{ ...CREDENTIAL, type: 'postgres', data: { ...PG, ssl: 'disable' } },
		]);
		const list = targets();
		await n8n.importWorkflows(list.map((t) => t.wf));
		for (const t of list) await n8n.publish(t.wf.id, { webhookPaths: webhookPaths(t.wf) });
		const text = report(await measure(n8n, db, list));
		console.log(text);
		fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
		fs.writeFileSync(path.join(ROOT, '.tmp/bench-bi.md'), `${text}\n`);
	} finally {
		await n8n?.stop();
		fs.rmSync(userFolder, { recursive: true, force: true });
		if (args.keep) process.stderr.write(`[bench] tables kept in schema ${SCHEMA}\n`);
		else await db.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => {});
		await db.end();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
