#!/usr/bin/env node
// `npm run bench:normalize`: what MMP Normalize behind n8n's own Webhook node costs per callback in
// a real n8n 2.41.1, against what a user would pick instead, under each expression engine:
//
//   (a) Webhook node → MMP Normalize → NoOp    n8n exempts its Webhook node from the per-request
//                                             expression isolate; the callback is parsed in the run
//   (b) MMP Trigger (typeVersion 1, as shipped) → NoOp
//   (c) Webhook node → NoOp                   the floor (a) is held to: n8n's own webhook, no parsing
//   (a-raw, opt-in) as (a) with the Webhook node's Raw Body option on (what HMAC needs)
//   (a-noraw, opt-in) as (a) with Include Raw Payload off (less data stored per execution)
//   (c2, opt-in) Webhook node → NoOp → NoOp: as many nodes as (a), nothing parsed
//
// Same instance, payload and concurrency for every target; one fresh instance per engine. Loop and
// method: scripts/lib/bench-targets.js; results: docs/benchmarks.md.
//
// Options: --count=300 --warmup=30 --concurrency=10 --rounds=2 --engines=vm,vm-lazy,legacy
//          --targets=a,b,c[,a-raw,a-noraw,c2]
'use strict';
const { ensureN8n } = require('../scripts/lib/n8n-install');
const { packedTarball } = require('../scripts/lib/package-tarball');
const { SAMPLE_CALLBACKS } = require('../scripts/demo/sample-callbacks');
const { benchArgs } = require('../scripts/lib/bench-args');
const {
	benchEngines,
	benchNode,
	benchWorkflow,
	resultTable,
	saveRuns,
	ratio,
	reportHeading,
} = require('../scripts/lib/bench-targets');

const args = benchArgs();
const OPTIONS = {
	count: Number(args.count ?? 300),
	warmup: Number(args.warmup ?? 30),
	concurrency: Number(args.concurrency ?? 10),
	rounds: Number(args.rounds ?? 2),
	request: () => ({
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: CALLBACK,
	}),
};
const ENGINES = (args.engines ?? 'vm,vm-lazy,legacy').split(',');
const TARGETS = (args.targets ?? 'a,b,c').split(',');

// The callback bench:trigger sends: the AppsFlyer Push API install `npm start` prints, with the ad
// set and ad a real one carries.
const CALLBACK = JSON.stringify({
	...SAMPLE_CALLBACKS.find((c) => c.mmp === 'appsflyer').body,
	af_adset: 'adset_a',
	af_ad: 'creative_1',
	is_retargeting: false,
});

const noOp = () => benchNode('NoOp', 'n8n-nodes-base.noOp', 1, [600, 0], {});

function webhookNode(webhookPath, webhookId, options = {}) {
	return benchNode(
		'Webhook',
		'n8n-nodes-base.webhook',
		2.1,
		[0, 0],
		{ httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options },
		{ webhookId },
	);
}

/** MMP Normalize with its defaults (Webhook node items, auto-detect, raw payload kept). */
const normalizeNode = (includeRaw = true) =>
	benchNode('MMP Normalize', 'n8n-nodes-mmp-postback.mmpNormalize', 1, [300, 0], {
		input: 'webhookNode',
		mmp: 'auto',
		includeRaw,
	});

const TARGET_DEFS = {
	a: {
		label: '(a) Webhook node → MMP Normalize → NoOp',
		path: 'bench-normalize',
		executes: true,
		workflow: () =>
			benchWorkflow(
				'benchNormalize00',
				'bench: Webhook → MMP Normalize → NoOp',
				[
					webhookNode('bench-normalize', 'bench-nrm-0000-4000-8000-000000000001'),
					normalizeNode(),
					noOp(),
				],
				[1, 3],
			),
	},
	'a-raw': {
		label: '(a-raw) Webhook node (Raw Body) → MMP Normalize → NoOp',
		path: 'bench-normalize-raw',
		executes: true,
		workflow: () =>
			benchWorkflow(
				'benchNormalizeRw',
				'bench: Webhook (Raw Body) → MMP Normalize → NoOp',
				[
					webhookNode('bench-normalize-raw', 'bench-nrr-0000-4000-8000-000000000004', {
						rawBody: true,
					}),
					normalizeNode(),
					noOp(),
				],
				[1, 3],
			),
	},
	'a-noraw': {
		label: '(a-noraw) as (a), Include Raw Payload off',
		path: 'bench-normalize-noraw',
		executes: true,
		workflow: () =>
			benchWorkflow(
				'benchNormalizeNr',
				'bench: Webhook → MMP Normalize (no raw) → NoOp',
				[
					webhookNode('bench-normalize-noraw', 'bench-nnr-0000-4000-8000-000000000006'),
					normalizeNode(false),
					noOp(),
				],
				[1, 3],
			),
	},
	b: {
		label: '(b) MMP Trigger (v1) → NoOp',
		path: 'bench-mmp',
		executes: true,
		workflow: () =>
			benchWorkflow(
				'benchMmpTrigger0',
				'bench: MMP Trigger → NoOp',
				[
					benchNode(
						'MMP Trigger',
						'n8n-nodes-mmp-postback.mmpTrigger',
						1,
						[0, 0],
						{ path: 'bench-mmp', mmp: 'auto', includeRaw: true },
						{ webhookId: 'bench-mmp-0000-4000-8000-000000000002' },
					),
					noOp(),
				],
				[3],
			),
	},
	// A control for (a): the same number of nodes without parsing, which separates what the extra
	// node costs n8n (its run, its items in the stored execution) from MMP Normalize's own work.
	c2: {
		label: '(c2) Webhook node → NoOp → NoOp',
		path: 'bench-webhook-2',
		executes: true,
		workflow: () =>
			benchWorkflow('benchWebhookNoOp2', 'bench: Webhook → NoOp → NoOp', [
				webhookNode('bench-webhook-2', 'bench-wh02-0000-4000-8000-000000000005'),
				benchNode('NoOp 1', 'n8n-nodes-base.noOp', 1, [300, 0], {}),
				noOp(),
			]),
	},
	c: {
		label: '(c) Webhook node → NoOp',
		path: 'bench-webhook',
		executes: true,
		workflow: () =>
			benchWorkflow('benchWebhookNode', 'bench: Webhook → NoOp', [
				webhookNode('bench-webhook', 'bench-wh00-0000-4000-8000-000000000003'),
				noOp(),
			]),
	},
};

function report(runs) {
	const lines = [reportHeading(OPTIONS)];
	for (const run of runs) {
		lines.push('', `## ${run.label}`, '', ...resultTable(run.results), '');
		const by = Object.fromEntries(run.results.map((r) => [r.key, r]));
		if (by.a && by.c) lines.push(`a/c = ${ratio(by.a, by.c)} (goal under vm: ≈ 1x)`);
		if (by.a && by.b) lines.push(`a/b = ${ratio(by.a, by.b)}`);
		if (by['a-raw'] && by.a) lines.push(`a-raw/a = ${ratio(by['a-raw'], by.a)}`);
		if (by['a-noraw'] && by.a) lines.push(`a-noraw/a = ${ratio(by['a-noraw'], by.a)}`);
		if (by['a-noraw'] && by.c) lines.push(`a-noraw/c = ${ratio(by['a-noraw'], by.c)}`);
		if (by.b && by.c) lines.push(`b/c = ${ratio(by.b, by.c)}`);
		if (by.a && by.c2) lines.push(`a/c2 = ${ratio(by.a, by.c2)} (same node count)`);
	}
	return lines.join('\n');
}

async function main() {
	const install = ensureN8n({ verbose: true });
	if (!install.ok) throw new Error(install.reason);
	const tarball = TARGETS.some((key) => key !== 'c')
		? packedTarball({ log: (line) => process.stderr.write(`[bench] ${line}\n`) })
		: undefined;
	const runs = await benchEngines({
		install,
		tarball,
		engines: ENGINES,
		name: 'normalize',
		defs: TARGET_DEFS,
		keys: TARGETS,
		options: OPTIONS,
	});
	const text = report(runs);
	console.log(text);
	saveRuns('normalize', OPTIONS, runs);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
