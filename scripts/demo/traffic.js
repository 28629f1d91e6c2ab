#!/usr/bin/env node
// `npm run demo:traffic`: replays the callback corpus (test/fixtures/mmp: AppsFlyer, Adjust, Branch,
// Singular, Kochava and Tenjin, fraud included; Apple's postbacks only to the demo and Apple example) into the examples `npm start` published, as the MMPs
// would send them, re-sending some the way MMPs retry. Then it says where to look: each workflow's
// executions, the Slack stand-in's inbox, the network stand-in's log in the npm start terminal.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('../lib/n8n-install');
const { CORPUS_DIR, readCorpus } = require('../lib/mmp-corpus');

// `-- --queue`: the queue-mode demo of `npm start -- --queue` (its state lives in .cache/demo-queue);
// callbacks go to its load balancer, which spreads them round-robin over the webhook processors.
const QUEUE = process.argv.includes('--queue');
if (QUEUE && require.main === module)
	process.env.MMP_DEMO_DIR ||= path.join(ROOT, '.cache/demo-queue');
const { DEMO_DIR } = require('./config');

const STATE_FILE = path.join(DEMO_DIR, 'demo-state.json');
const MMP_TRIGGER_TYPE = 'n8n-nodes-mmp-postback.mmpTrigger';

const NETWORK_WORKFLOW_ID = 'mmpExampleNetworkPostbacks';
const SLACK_NODE_WORKFLOW_ID = 'mmpExampleFraudSlackNode';
/** The examples the traffic goes to, and what it shows in each. */
const BI_WORKFLOW_ID = 'mmpExampleBiPostgres';
const TARGETS = [
	{ id: 'mmpTriggerDemo01', shows: 'every callback on its output', gets: 'all' },
	{ id: 'mmpExampleFraudSlack', shows: 'fraud only, as Slack messages', gets: 'mmp' },
	{ id: BI_WORKFLOW_ID, shows: 'attributions and in-app events, one row each', gets: 'mmp' },
	{ id: NETWORK_WORKFLOW_ID, shows: 'attributions, as postbacks to the network', gets: 'mmp' },
	{
		id: 'mmpExampleApplePostbacks',
		shows: 'Apple postbacks: verified as rows, forged as Slack messages',
		gets: 'apple',
	},
];
/** Apple's signed postbacks in the corpus go to the demo and the Apple example, not the MMP ones. */
const APPLE_SOURCES = new Set(['skadnetwork', 'adattributionkit']);
const wants = (target, entry) =>
	target.gets === 'all' || (target.gets === 'apple') === APPLE_SOURCES.has(entry.mmp);
/**
 * Every n-th callback goes to the BI example again a little later, as an MMP re-sends after a
 * timeout, to show it stored once. (The other examples would repeat the alert or the postback: see
 * docs/troubleshooting.md, Duplicates.)
 */
const RESEND_EVERY = 5;
const RESEND_AFTER_MS = 3000;
const CONCURRENCY = 4;

/**
 * What `npm start` tells this script: where n8n and the stand-ins listen, and which examples are
 * published at which webhook path.
 */
function writeDemoState({ n8n, workflows, unpublished, standins, webhookProcessors }) {
	const state = {
		baseUrl: n8n.baseUrl,
		webhookProcessors,
		slackInbox: `http://${standins.slack.address}/`,
		networkOrigin: standins.network?.origin,
		workflows: workflows.map((wf) => ({
			id: wf.id,
			name: wf.name,
			webhookPath: wf.nodes.find((node) => node.type === MMP_TRIGGER_TYPE)?.parameters.path,
			notPublished: unpublished.get(wf.id),
		})),
	};
	fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
}

/**
 * The corpus as requests an MMP sends: method, query, headers, body, plus the MMP the fixture is
 * from. A callback that relies on its URL path to name the MMP gets `mmp=<name>` in its query, as
 * the recommended templates carry, since it is replayed to the examples' own paths.
 */
function loadCorpus(dir = CORPUS_DIR) {
	return readCorpus(dir).map((fixture) => {
		const { method, url, headers = {}, body } = fixture.request;
		// The query exactly as the MMP encodes it (Adjust's %20, AppsFlyer's +).
		const sent = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
		const named = new URLSearchParams(sent).has('mmp');
		return {
			file: fixture.file,
			mmp: fixture.expect.mmp,
			method,
			query: named ? sent : [`mmp=${fixture.expect.mmp}`, sent].filter(Boolean).join('&'),
			headers,
			body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
		};
	});
}

/** One MMP after the other in turn, so every MMP shows up from the first seconds on. */
function interleaveByMmp(corpus) {
	const queues = new Map();
	for (const entry of corpus) {
		if (!queues.has(entry.mmp)) queues.set(entry.mmp, []);
		queues.get(entry.mmp).push(entry);
	}
	const out = [];
	while (out.length < corpus.length) {
		for (const queue of queues.values()) if (queue.length) out.push(queue.shift());
	}
	return out;
}

/** Sends one corpus entry to a webhook URL; resolves to the HTTP status (0: no answer). */
async function sendCallback(webhookUrl, entry) {
	try {
		const res = await fetch(`${webhookUrl}?${entry.query}`, {
			method: entry.method,
			headers: entry.headers,
			body: entry.body,
			signal: AbortSignal.timeout(30_000),
		});
		await res.arrayBuffer();
		return res.status;
	} catch {
		return 0;
	}
}

/** The output MMP Trigger routes an entry to, computed by the package's own core (dist/). */
function predictOutputs(corpus) {
	let lib;
	try {
		lib = require(ROOT);
	} catch {
		return undefined;
	}
	const counts = new Map();
	for (const entry of corpus) {
		const parsed = lib.parseCallback({
			method: entry.method,
			url: `/webhook/mmp?${entry.query}`,
			headers: entry.headers,
			body: entry.body,
		});
		const output = parsed.ok ? lib.TRIGGER_OUTPUT_NAMES[lib.routeEvent(parsed.event)] : 'rejected';
		counts.set(output, (counts.get(output) ?? 0) + 1);
	}
	return counts;
}

async function runPool(tasks, concurrency) {
	let next = 0;
	const worker = async () => {
		while (next < tasks.length) await tasks[next++]();
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
}

async function main() {
	let state;
	try {
		state = JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
	} catch {
		throw new Error(
			`No demo is running here: start it with \`npm start${QUEUE ? ' -- --queue' : ''}\` in another terminal.`,
		);
	}
	const health = await fetch(`${state.baseUrl}/healthz`).catch(() => null);
	if (!health?.ok) {
		throw new Error(
			`n8n does not answer at ${state.baseUrl}: start the demo with \`npm start\` in another terminal.`,
		);
	}

	const corpus = interleaveByMmp(loadCorpus());
	const targets = TARGETS.map((t) => ({ ...t, wf: state.workflows.find((w) => w.id === t.id) }));
	const live = targets.filter((t) => t.wf && !t.wf.notPublished && t.wf.webhookPath);
	const mmps = new Set(corpus.map((e) => e.mmp));
	const resent = corpus
		.filter((entry) => !APPLE_SOURCES.has(entry.mmp))
		.filter((_, i) => i % RESEND_EVERY === RESEND_EVERY - 1);
	const bi = live.find((t) => t.id === BI_WORKFLOW_ID);
	console.log(
		`Replaying ${corpus.length} callbacks from ${mmps.size} MMPs (${[...mmps].join(', ')}) ` +
			`to ${live.length} workflows${bi ? `, and ${resent.length} of them to the BI example again ${RESEND_AFTER_MS / 1000} s later as MMP re-sends` : ''}…`,
	);

	if (state.webhookProcessors) {
		console.log(
			`Through the load balancer ${state.baseUrl}, round-robin over ${state.webhookProcessors.length} ` +
				`webhook processors (${state.webhookProcessors.join(', ')}).`,
		);
	}
	const statuses = new Map(live.map((t) => [t.id, new Map()]));
	const tasksFor = (entries, targets) =>
		entries.flatMap((entry) =>
			targets
				.filter((target) => wants(target, entry))
				.map((target) => async () => {
					const status = await sendCallback(
						`${state.baseUrl}/webhook/${target.wf.webhookPath}`,
						entry,
					);
					const counts = statuses.get(target.id);
					counts.set(status, (counts.get(status) ?? 0) + 1);
				}),
		);
	await runPool(tasksFor(corpus, live), CONCURRENCY);
	if (bi) {
		// MMPs retry a callback some time after it failed or timed out, never at the same instant.
		await new Promise((resolve) => setTimeout(resolve, RESEND_AFTER_MS));
		await runPool(tasksFor(resent, [bi]), CONCURRENCY);
	}

	const predicted = predictOutputs(corpus);
	const out = [''];
	if (predicted) {
		const summary = [...predicted].map(([output, n]) => `${n} ${output}`).join(', ');
		out.push(`MMP Trigger routes them as: ${summary}.`, '');
	}
	out.push('Open (executions appear within seconds):');
	for (const target of targets) {
		if (!target.wf) continue;
		const url = `${state.baseUrl}/workflow/${target.id}/executions`;
		if (target.wf.notPublished) {
			out.push(`  ${target.wf.name}: not published (${target.wf.notPublished}), nothing sent`);
			continue;
		}
		const answers = [...statuses.get(target.id)]
			.map(([status, n]) => `${n}× ${status === 0 ? 'no answer' : status}`)
			.join(', ');
		out.push(`  ${target.wf.name} (${target.shows}): ${url}`, `      answers: ${answers}`);
	}
	out.push(
		'',
		`Slack stand-in inbox (fraud alerts, postback alerts): ${state.slackInbox}`,
		state.networkOrigin
			? `Network stand-in (${state.networkOrigin}): each postback it receives is logged in the npm start terminal.`
			: 'Network stand-in: not running (see the npm start output).',
		'',
	);
	console.log(out.join('\n'));
}

if (require.main === module) {
	main().catch((error) => {
		console.error(`[demo:traffic] ${error.message}`);
		process.exit(1);
	});
}

module.exports = {
	NETWORK_WORKFLOW_ID,
	SLACK_NODE_WORKFLOW_ID,
	interleaveByMmp,
	loadCorpus,
	sendCallback,
	writeDemoState,
};
