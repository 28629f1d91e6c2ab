#!/usr/bin/env node
// `npm run bench:trigger`: time to acknowledge MMP callbacks in a real n8n 2.41.1, against the
// alternative a user would pick (n8n's built-in Webhook node), under both expression engines.
//
//   (a) MMP Trigger → NoOp                      every callback starts an execution
//   (b) built-in Webhook (respond immediately) → NoOp
//   (c) MMP Trigger whose "Start Executions For" filter drops the callback (200, no execution)
//   (d) built-in Webhook refusing the request by its IP allowlist (403, no execution): the cheapest
//       answer n8n gives without an execution, i.e. the floor under (c)
//   (e) MMP Trigger typeVersion 2 → NoOp       nothing in the webhook phase reaches the expression engine
//   (f) MMP Trigger v2, filtered out           (200, no execution)
//   (g) MMP Trigger v2, rejected               wrong header token: 401 JSON, no execution
//   (h) built-in Webhook with Header Auth, refused (403, no execution): n8n's own answer to the same
//       wrong token, which also loads and decrypts a credential per request
//
// Same n8n instance, same payload, same concurrency for all three; one fresh instance per engine.
// Per target a warm-up (excluded), then the measured requests in interleaved rounds; each turn waits
// until its executions are persisted, so no target pays for another's backlog. Besides wall-clock
// rates it reports n8n's CPU time per callback, which a busy machine distorts far less.
// Method and results: docs/benchmarks.md.
//
// Options: --count=1000 --warmup=50 --concurrency=20 --rounds=5 --engines=vm,vm-lazy,legacy
//          --targets=a,b,d,e,f,g,h (c: typeVersion 1 filtered, as measured before typeVersion 2)
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureN8n, ROOT } = require('../scripts/lib/n8n-install');
const { N8nInstance, webhookPaths } = require('../scripts/lib/n8n-instance');
const { migratedTemplate } = require('../scripts/lib/n8n-template');
const { packedTarball } = require('../scripts/lib/package-tarball');
const { percentile, runLoad } = require('../scripts/lib/http-load');
const { SAMPLE_CALLBACKS } = require('../scripts/demo/sample-callbacks');
const { cpuSeconds, rssSampler } = require('../scripts/lib/proc-stats');
const { benchArgs } = require('../scripts/lib/bench-args');

const args = benchArgs();
const COUNT = Number(args.count ?? 1000);
const WARMUP = Number(args.warmup ?? 50);
const CONCURRENCY = Number(args.concurrency ?? 20);
const ENGINES = (args.engines ?? 'vm,vm-lazy,legacy').split(',');
const TARGETS = (args.targets ?? 'a,b,d,e,f,g,h').split(',');
const TOKEN = { header: 'X-MMP-Token', value: 'bench-token-5d1e7c0a9b' };
const HEADER_AUTH_CREDENTIAL = {
	id: 'benchHeaderAuthCrd',
	name: 'bench header auth',
	type: 'httpHeaderAuth',
	data: { name: TOKEN.header, value: TOKEN.value },
};
const TOKEN_CREDENTIAL = {
	id: 'benchMmpTokenCred',
	name: 'bench header token',
	type: 'mmpWebhookAuth',
	data: { authType: 'headerToken', headerName: TOKEN.header, token: TOKEN.value },
};
const ROUNDS = Number(args.rounds ?? 5);
const PERSIST_TIMEOUT_MS = 15 * 60_000;

// On a shared, overloaded machine n8n's 5 s SQLite health ping can time out, and n8n then answers
// every request 503 "Database is not ready!" until it recovers: a neighbour's load, not a result.
const BENCH_ENV = { DB_PING_TIMEOUT_MS: '30000' };

const ENGINE_CONFIGS = {
	vm: { label: 'default engine (vm)', env: {} },
	legacy: { label: 'N8N_EXPRESSION_ENGINE=legacy', expressionEngine: 'legacy', env: {} },
	// Not n8n's default: the isolate is only built when an expression is evaluated, which a
	// typeVersion 2 MMP Trigger never does in the webhook phase (docs/nodes/mmp-trigger.md).
	'vm-lazy': {
		label: 'vm + N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true',
		env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
	},
};

// One realistic callback for every target: the AppsFlyer Push API install `npm start` prints, with
// the ad set and ad a real one carries.
const CALLBACK = JSON.stringify({
	...SAMPLE_CALLBACKS.find((c) => c.mmp === 'appsflyer').body,
	af_adset: 'adset_a',
	af_ad: 'creative_1',
	is_retargeting: false,
});

function node(name, type, typeVersion, position, parameters, extra = {}) {
	return {
		id: `${name}-0000-4000-8000-000000000000`.slice(0, 36),
		name,
		type,
		typeVersion,
		position,
		parameters,
		...extra,
	};
}

function workflow(id, name, trigger, outputs) {
	const noOp = node('NoOp', 'n8n-nodes-base.noOp', 1, [300, 0], {});
	return {
		id,
		name,
		nodes: [trigger, noOp],
		connections: {
			[trigger.name]: {
				main: Array.from({ length: outputs }, () => [{ node: 'NoOp', type: 'main', index: 0 }]),
			},
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

const TARGET_DEFS = {
	a: {
		label: '(a) MMP Trigger → NoOp',
		path: 'bench-mmp',
		executes: true,
		workflow: () =>
			workflow(
				'benchMmpTrigger0',
				'bench: MMP Trigger → NoOp',
				node(
					'MMP Trigger',
					'n8n-nodes-mmp-postback.mmpTrigger',
					1,
					[0, 0],
					mmpTriggerParameters('bench-mmp'),
					{
						webhookId: 'bench-mmp-0000-4000-8000-000000000001',
					},
				),
				3,
			),
	},
	b: {
		label: '(b) Webhook node → NoOp',
		path: 'bench-webhook',
		executes: true,
		workflow: () =>
			workflow(
				'benchWebhookNode',
				'bench: Webhook → NoOp',
				node(
					'Webhook',
					'n8n-nodes-base.webhook',
					2.1,
					[0, 0],
					{ httpMethod: 'POST', path: 'bench-webhook', responseMode: 'onReceived', options: {} },
					{ webhookId: 'bench-wh00-0000-4000-8000-000000000002' },
				),
				1,
			),
	},
	c: {
		label: '(c) MMP Trigger, filtered out',
		path: 'bench-mmp-filtered',
		executes: false,
		workflow: () =>
			workflow(
				'benchMmpFiltered',
				'bench: MMP Trigger (fraud only) → NoOp',
				node(
					'MMP Trigger',
					'n8n-nodes-mmp-postback.mmpTrigger',
					1,
					[0, 0],
					mmpTriggerParameters('bench-mmp-filtered', { onlyFraud: true }),
					{ webhookId: 'bench-mmf-0000-4000-8000-000000000003' },
				),
				3,
			),
	},
	d: {
		label: '(d) Webhook node, refused by its IP allowlist',
		path: 'bench-webhook-refused',
		executes: false,
		expectStatus: 403,
		workflow: () =>
			workflow(
				'benchWebhookRefd',
				'bench: Webhook (allowlist refuses loopback) → NoOp',
				node(
					'Webhook',
					'n8n-nodes-base.webhook',
					2.1,
					[0, 0],
					{
						httpMethod: 'POST',
						path: 'bench-webhook-refused',
						responseMode: 'onReceived',
						options: { ipWhitelist: '192.0.2.1' },
					},
					{ webhookId: 'bench-whr0-0000-4000-8000-000000000004' },
				),
				1,
			),
	},
	e: {
		label: '(e) MMP Trigger v2 → NoOp',
		path: 'bench-mmp-v2',
		executes: true,
		workflow: () => mmpTriggerV2Workflow('benchMmpTriggerV2', 'e', 'bench-mmp-v2'),
	},
	f: {
		label: '(f) MMP Trigger v2, filtered out',
		path: 'bench-mmp-v2-filtered',
		executes: false,
		workflow: () =>
			mmpTriggerV2Workflow('benchMmpV2Filtered', 'f', 'bench-mmp-v2-filtered', {
				onlyFraud: true,
			}),
	},
	g: {
		label: '(g) MMP Trigger v2, rejected (wrong token, 401)',
		path: 'bench-mmp-v2-rejected',
		executes: false,
		expectStatus: 401,
		// The token the credential expects is missing: refused before the body is read.
		workflow: () =>
			mmpTriggerV2Workflow(
				'benchMmpV2Rejected',
				'g',
				'bench-mmp-v2-rejected',
				{},
				{
					credentials: { mmpWebhookAuth: { id: TOKEN_CREDENTIAL.id, name: TOKEN_CREDENTIAL.name } },
				},
			),
	},
	h: {
		label: '(h) Webhook node, Header Auth refused (403)',
		path: 'bench-webhook-header-refused',
		executes: false,
		expectStatus: 403,
		workflow: () =>
			workflow(
				'benchWebhookHdrRef',
				'bench: Webhook (header auth refuses) → NoOp',
				node(
					'Webhook',
					'n8n-nodes-base.webhook',
					2.1,
					[0, 0],
					{
						httpMethod: 'POST',
						path: 'bench-webhook-header-refused',
						responseMode: 'onReceived',
						authentication: 'headerAuth',
						options: {},
					},
					{
						webhookId: 'bench-whh0-0000-4000-8000-000000000008',
						credentials: {
							httpHeaderAuth: { id: HEADER_AUTH_CREDENTIAL.id, name: HEADER_AUTH_CREDENTIAL.name },
						},
					},
				),
				1,
			),
	},
};

function mmpTriggerV2Workflow(id, key, webhookPath, options = {}, extra = {}) {
	return workflow(
		id,
		`bench: MMP Trigger v2 (${key}) → NoOp`,
		node(
			'MMP Trigger',
			'n8n-nodes-mmp-postback.mmpTrigger',
			2,
			[0, 0],
			mmpTriggerParameters(webhookPath, options),
			{
				webhookId: `bench-v2${key}-0000-4000-8000-00000000000${key === 'e' ? 5 : key === 'f' ? 6 : 7}`,
				...extra,
			},
		),
		3,
	);
}

/** MMP Trigger with its defaults (auto-detect, raw payload kept); (c) only starts for fraud. */
function mmpTriggerParameters(webhookPath, { onlyFraud = false } = {}) {
	return {
		path: webhookPath,
		mmp: 'auto',
		includeRaw: true,
		...(onlyFraud ? { startFor: { fraudOnly: true } } : {}),
	};
}

function load(n8n, target, count) {
	return runLoad({
		origin: n8n.baseUrl,
		concurrency: CONCURRENCY,
		count,
		request: () => ({
			method: 'POST',
			path: `/webhook/${target.path}`,
			headers: { 'content-type': 'application/json' },
			body: CALLBACK,
		}),
		expectStatus: target.expectStatus ?? 200,
	});
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

/**
 * Interleaved rounds (a b c, b c a, c a b, …) so that a noisy neighbour or a growing database slows
 * every target alike; each target's turn ends only when its executions are persisted.
 */
async function measureTargets(n8n, targets) {
	for (const target of targets) {
		const warm = await load(n8n, target, WARMUP);
		if (warm.ok !== WARMUP) {
			throw new Error(`${target.label}: warm-up answered ${JSON.stringify(warm.statuses)}`);
		}
		target.sent = WARMUP;
		await settle(n8n, target);
		target.acc = { latencies: [], seconds: 0, persistedSeconds: 0, cpu: 0, sent: 0 };
	}
	const stopSampling = rssSampler(n8n.pid);
	const perRound = Math.ceil(COUNT / ROUNDS);
	for (let round = 0; round * perRound < COUNT; round++) {
		const count = Math.min(perRound, COUNT - round * perRound);
		for (let i = 0; i < targets.length; i++) {
			const target = targets[(round + i) % targets.length];
			const cpuBefore = cpuSeconds(n8n.pid);
			const started = Date.now();
			const result = await load(n8n, target, count);
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
		process.stderr.write(`[bench]   round ${round + 1} of ${Math.ceil(COUNT / perRound)} done\n`);
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

async function benchEngine(install, tarball, engine) {
	const config = ENGINE_CONFIGS[engine];
	if (!config)
		throw new Error(`unknown engine "${engine}" (${Object.keys(ENGINE_CONFIGS).join(', ')})`);
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `mmp-bench-${engine}-`));
	const logFile = path.join(ROOT, '.tmp/n8n-logs', `bench-trigger-${engine}.log`);
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
		const targets = TARGETS.map((key) => ({
			key,
			...TARGET_DEFS[key],
			wf: TARGET_DEFS[key].workflow(),
		}));
		const credentials = [];
		if (targets.some((t) => t.key === 'g')) credentials.push(TOKEN_CREDENTIAL);
		if (targets.some((t) => t.key === 'h')) credentials.push(HEADER_AUTH_CREDENTIAL);
		if (credentials.length > 0) await n8n.importCredentials(credentials);
		await n8n.importWorkflows(targets.map((t) => t.wf));
		for (const t of targets) await n8n.publish(t.wf.id, { webhookPaths: webhookPaths(t.wf) });
		process.stderr.write(`[bench] ${config.label}\n`);
		const results = await measureTargets(n8n, targets);
		return { engine, label: config.label, results };
	} finally {
		await n8n.stop();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

function fmt(n, digits = 1) {
	return Number.isFinite(n) ? n.toFixed(digits) : '–';
}

function report(runs) {
	const lines = [];
	lines.push(
		`n8n 2.41.1 (Node 24) on ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)} at the end; ` +
			`${COUNT} requests per target after ${WARMUP} warm-up, concurrency ${CONCURRENCY}, ` +
			`${ROUNDS} interleaved rounds, loopback.`,
	);
	for (const run of runs) {
		lines.push('', `## ${run.label}`, '');
		lines.push(
			'| target | req/s (ack) | p50 ms | p99 ms | executions/s (persisted) | n8n CPU ms / callback | peak RSS MB |',
		);
		lines.push('|---|---:|---:|---:|---:|---:|---:|');
		for (const r of run.results) {
			const persisted =
				r.executionsPerSecond === undefined ? '– (none)' : fmt(r.executionsPerSecond);
			lines.push(
				`| ${r.label} | ${fmt(r.perSecond)} | ${fmt(r.p50, 0)} | ${fmt(r.p99, 0)} | ${persisted} | ` +
					`${fmt(r.cpuMsPerRequest)} | ${r.peakRssMb} |`,
			);
		}
		const by = Object.fromEntries(run.results.map((r) => [r.key, r]));
		const ratio = (x, y) =>
			`${fmt(x.perSecond / y.perSecond, 2)}x by req/s, ` +
			`${fmt(y.cpuMsPerRequest / x.cpuMsPerRequest, 2)}x by n8n CPU per callback`;
		lines.push('');
		if (by.a && by.b) lines.push(`a/b = ${ratio(by.a, by.b)} (typeVersion 1)`);
		if (by.e && by.b) {
			lines.push(`e/b = ${ratio(by.e, by.b)} (target ≥ 0.9x under vm + lazy acquire and legacy)`);
		}
		if (by.c && by.d) lines.push(`c/d = ${ratio(by.c, by.d)} (typeVersion 1, filtered)`);
		if (by.g && by.h) {
			lines.push(
				`g/h = ${ratio(by.g, by.h)} (the same wrong token, refused by n8n's Webhook node)`,
			);
		}
		for (const key of ['f', 'g']) {
			if (by[key] && by.d) {
				lines.push(
					`${key}/d = ${ratio(by[key], by.d)} (target: CPU within 1.1x of n8n's floor (d), i.e. ≥ 0.91x)`,
				);
			}
		}
	}
	return lines.join('\n');
}

async function main() {
	const install = ensureN8n({ verbose: true });
	if (!install.ok) throw new Error(install.reason);
	// Targets (b) and (d) need only n8n's own nodes.
	const needsPackage = TARGETS.some((key) => !['b', 'd', 'h'].includes(key));
	const tarball = needsPackage
		? packedTarball({ log: (line) => process.stderr.write(`[bench] ${line}\n`) })
		: undefined;
	const runs = [];
	for (const engine of ENGINES) runs.push(await benchEngine(install, tarball, engine));
	const text = report(runs);
	console.log(text);
	fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
	fs.writeFileSync(
		path.join(ROOT, '.tmp/bench-trigger.json'),
		JSON.stringify(
			{ count: COUNT, warmup: WARMUP, concurrency: CONCURRENCY, rounds: ROUNDS, runs },
			null,
			2,
		),
	);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
