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
const {
	benchNode,
	benchCommandLine,
	benchWorkflow,
	ratio,
	runBenchmark,
	webhookNode,
} = require('../scripts/lib/bench-targets');

const RUN = benchCommandLine({
	count: 300,
	warmup: 30,
	concurrency: 10,
	rounds: 2,
	targets: 'a,b,c',
});

const noOp = () => benchNode('NoOp', 'n8n-nodes-base.noOp', 1, [600, 0], {});

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
						options: { rawBody: true },
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

runBenchmark({
	name: 'normalize',
	defs: TARGET_DEFS,
	...RUN,
	builtInOnly: ['c'],
	ratios: (by) => [
		by.a && by.c && `a/c = ${ratio(by.a, by.c)} (goal under vm: ≈ 1x)`,
		by.a && by.b && `a/b = ${ratio(by.a, by.b)}`,
		by['a-raw'] && by.a && `a-raw/a = ${ratio(by['a-raw'], by.a)}`,
		by['a-noraw'] && by.a && `a-noraw/a = ${ratio(by['a-noraw'], by.a)}`,
		by['a-noraw'] && by.c && `a-noraw/c = ${ratio(by['a-noraw'], by.c)}`,
		by.b && by.c && `b/c = ${ratio(by.b, by.c)}`,
		by.a && by.c2 && `a/c2 = ${ratio(by.a, by.c2)} (same node count)`,
	],
});
