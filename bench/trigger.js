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
// Same n8n instance, same payload, same concurrency for every target; one fresh instance per
// engine. Loop and method (warm-up, interleaved rounds, n8n CPU per callback):
// scripts/lib/bench-targets.js; results: docs/benchmarks.md.
//
// Options: --count=1000 --warmup=50 --concurrency=20 --rounds=5 --engines=vm,vm-lazy,legacy
//          --targets=a,b,d,e,f,g,h (c: typeVersion 1 filtered, as measured before typeVersion 2)
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
	count: 1000,
	warmup: 50,
	concurrency: 20,
	rounds: 5,
	targets: 'a,b,d,e,f,g,h',
});
// Engines as scripts/lib/bench-targets.js defines them; vm-lazy matters here because a
// typeVersion 2 MMP Trigger never evaluates an expression in the webhook phase
// (docs/nodes/mmp-trigger.md).
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
const node = benchNode;

/** `trigger` → NoOp, every one of its `outputs` outputs leading to the NoOp. */
function workflow(id, name, trigger, outputs) {
	const noOp = node('NoOp', 'n8n-nodes-base.noOp', 1, [300, 0], {});
	return benchWorkflow(id, name, [trigger, noOp], [outputs]);
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
				webhookNode('bench-webhook', 'bench-wh00-0000-4000-8000-000000000002'),
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
				webhookNode('bench-webhook-refused', 'bench-whr0-0000-4000-8000-000000000004', {
					options: { ipWhitelist: '192.0.2.1' },
				}),
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
				webhookNode('bench-webhook-header-refused', 'bench-whh0-0000-4000-8000-000000000008', {
					parameters: { authentication: 'headerAuth' },
					extra: {
						credentials: {
							httpHeaderAuth: { id: HEADER_AUTH_CREDENTIAL.id, name: HEADER_AUTH_CREDENTIAL.name },
						},
					},
				}),
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

const credentials = [];
if (RUN.keys.includes('g')) credentials.push(TOKEN_CREDENTIAL);
if (RUN.keys.includes('h')) credentials.push(HEADER_AUTH_CREDENTIAL);
const FLOOR_TARGET = "(target: CPU within 1.1x of n8n's floor (d), i.e. ≥ 0.91x)";

runBenchmark({
	name: 'trigger',
	defs: TARGET_DEFS,
	...RUN,
	credentials,
	// Targets (b), (d) and (h) need only n8n's own nodes.
	builtInOnly: ['b', 'd', 'h'],
	ratios: (by) => [
		by.a && by.b && `a/b = ${ratio(by.a, by.b)} (typeVersion 1)`,
		by.e && by.b && `e/b = ${ratio(by.e, by.b)} (target ≥ 0.9x under vm + lazy acquire and legacy)`,
		by.c && by.d && `c/d = ${ratio(by.c, by.d)} (typeVersion 1, filtered)`,
		by.g &&
			by.h &&
			`g/h = ${ratio(by.g, by.h)} (the same wrong token, refused by n8n's Webhook node)`,
		by.f && by.d && `f/d = ${ratio(by.f, by.d)} ${FLOOR_TARGET}`,
		by.g && by.d && `g/d = ${ratio(by.g, by.d)} ${FLOOR_TARGET}`,
	],
});
