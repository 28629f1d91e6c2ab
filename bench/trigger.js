#!/usr/bin/env node
// `npm run bench:trigger`: time to acknowledge MMP callbacks in a real n8n 2.41.1, against the
// alternative a user would pick (n8n's built-in Webhook node), under both expression engines.
//
//   (a) MMP Trigger → NoOp                      every callback starts an execution
//   (b) built-in Webhook (respond immediately) → NoOp
//   (c) MMP Trigger whose "Start Executions For" filter drops the callback (200, no execution)
//
// Same n8n instance, same payload, same concurrency for all three; one fresh instance per engine.
// Per target: warm-up (excluded), wait until its executions are persisted, then the measured burst,
// then wait again until every execution is persisted, so no target pays for another's backlog.
// Method and results: docs/benchmarks.md.
//
// Options: --count=1000 --warmup=50 --concurrency=20 --engines=vm,legacy[,vm-lazy] --targets=a,b,c
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureN8n, ROOT } = require('../scripts/lib/n8n-install');
const { N8nInstance, webhookPaths } = require('../scripts/lib/n8n-instance');
const { migratedTemplate } = require('../scripts/lib/n8n-template');
const { packedTarball } = require('../scripts/lib/package-tarball');
const { runLoad } = require('../scripts/lib/http-load');

const args = Object.fromEntries(
	process.argv.slice(2).map((a) => {
		const [k, v] = a.replace(/^--/, '').split('=');
		return [k, v ?? 'true'];
	}),
);
const COUNT = Number(args.count ?? 1000);
const WARMUP = Number(args.warmup ?? 50);
const CONCURRENCY = Number(args.concurrency ?? 20);
const ENGINES = (args.engines ?? 'vm,legacy').split(',');
const TARGETS = (args.targets ?? 'a,b,c').split(',');
const PERSIST_TIMEOUT_MS = 15 * 60_000;

const ENGINE_CONFIGS = {
	vm: { label: 'default engine (vm)', env: {} },
	legacy: { label: 'N8N_EXPRESSION_ENGINE=legacy', expressionEngine: 'legacy', env: {} },
	// Not one of n8n's defaults: shows what an isolate that is only built on first use would give.
	'vm-lazy': {
		label: 'vm + N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true',
		env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
	},
};

// One realistic callback for every target: an AppsFlyer Push API install (POST JSON).
const CALLBACK = JSON.stringify({
	event_name: 'install',
	appsflyer_id: '1700000000000-1234567',
	advertising_id: '3f2b6c4e-8a1d-4e7b-9c0a-5d6e7f8a9b0c',
	platform: 'android',
	app_id: 'com.example.game',
	app_version: '4.2.0',
	country_code: 'DE',
	install_time: '2026-11-23 10:00:00.000',
	event_time: '2026-11-23 10:00:00.000',
	media_source: 'examplenetwork_int',
	campaign: 'winter_sale',
	af_c_id: '98765',
	af_adset: 'adset_a',
	af_ad: 'creative_1',
	ip: '203.0.113.7',
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
};

function mmpTriggerParameters(webhookPath, { onlyFraud = false } = {}) {
	throw new Error(`MMP Trigger parameters are not wired yet (${webhookPath}, ${onlyFraud})`);
}

function rssSampler(pid) {
	let peak = 0;
	const read = () => {
		try {
			const kb = Number(
				/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0,
			);
			peak = Math.max(peak, kb);
		} catch {
			// process gone or not Linux
		}
	};
	read();
	const timer = setInterval(read, 100);
	return () => {
		clearInterval(timer);
		read();
		return Math.round(peak / 1024);
	};
}

async function waitPersisted(n8n, target, workflowId, expected) {
	if (!target.executes) return;
	await n8n.waitForExecutionCount(workflowId, expected, PERSIST_TIMEOUT_MS);
}

async function measureTarget(n8n, key, target, wf) {
	const request = () => ({
		method: 'POST',
		path: `/webhook/${target.path}`,
		headers: { 'content-type': 'application/json' },
		body: CALLBACK,
	});
	const load = (count) =>
		runLoad({ origin: n8n.baseUrl, concurrency: CONCURRENCY, count, request, expectStatus: 200 });
	const warm = await load(WARMUP);
	if (warm.ok !== WARMUP)
		throw new Error(`${target.label}: warm-up answered ${JSON.stringify(warm.statuses)}`);
	await waitPersisted(n8n, target, wf.id, WARMUP);
	const stopSampling = rssSampler(n8n.pid);
	const started = Date.now();
	const result = await load(COUNT);
	await waitPersisted(n8n, target, wf.id, WARMUP + COUNT);
	const persistedSeconds = (Date.now() - started) / 1000;
	const peakRssMb = stopSampling();
	const executions = await n8n.executionCount(wf.id);
	const expectedExecutions = target.executes ? WARMUP + COUNT : 0;
	if (result.ok !== COUNT || executions !== expectedExecutions) {
		throw new Error(
			`${target.label}: ${result.ok}/${COUNT} answered 200 (${JSON.stringify(result.statuses)}), ` +
				`${executions} executions stored (expected ${expectedExecutions})`,
		);
	}
	return { key, label: target.label, ...result, persistedSeconds, executions, peakRssMb };
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
		env: config.env,
		apiKeyLabel: 'bench',
	});
	try {
		const targets = TARGETS.map((key) => [key, TARGET_DEFS[key], TARGET_DEFS[key].workflow()]);
		await n8n.importWorkflows(targets.map(([, , wf]) => wf));
		for (const [, , wf] of targets) await n8n.publish(wf.id, { webhookPaths: webhookPaths(wf) });
		const results = [];
		for (const [key, target, wf] of targets) {
			process.stderr.write(`[bench] ${config.label}: ${target.label} …\n`);
			results.push(await measureTarget(n8n, key, target, wf));
		}
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
		`n8n 2.41.1 on Node ${process.versions.node} client / Node 24 server, ${os.cpus().length} CPUs; ` +
			`${COUNT} requests per target after ${WARMUP} warm-up, concurrency ${CONCURRENCY}, loopback.`,
	);
	for (const run of runs) {
		lines.push('', `## ${run.label}`, '');
		lines.push(
			'| target | req/s (ack) | p50 ms | p99 ms | executions/s (persisted) | peak RSS MB |',
		);
		lines.push('|---|---:|---:|---:|---:|---:|');
		for (const r of run.results) {
			const persisted = r.executions > 0 ? fmt(COUNT / r.persistedSeconds) : '– (none)';
			lines.push(
				`| ${r.label} | ${fmt(r.perSecond)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${persisted} | ${r.peakRssMb} |`,
			);
		}
		const by = Object.fromEntries(run.results.map((r) => [r.key, r]));
		if (by.a && by.b)
			lines.push(
				'',
				`a/b = ${fmt(by.a.perSecond / by.b.perSecond, 2)}x (target ≥ 0.9x under legacy)`,
			);
		if (by.c && by.b)
			lines.push(`c/b = ${fmt(by.c.perSecond / by.b.perSecond, 2)}x (target ≥ 10x)`);
	}
	return lines.join('\n');
}

async function main() {
	const install = ensureN8n({ verbose: true });
	if (!install.ok) throw new Error(install.reason);
	// Target (b) alone needs only n8n's own nodes.
	const needsPackage = TARGETS.some((key) => key !== 'b');
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
		JSON.stringify({ count: COUNT, warmup: WARMUP, concurrency: CONCURRENCY, runs }, null, 2),
	);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
