#!/usr/bin/env node
// `npm start`: a local n8n 2.41.1 with this package and the example workflows published, ready to
// receive MMP callbacks. Builds the package (when dist/ is stale), installs Node 24 + n8n into .cache
// on first run, starts n8n on 127.0.0.1 (SQLite in .cache/demo, kept across restarts), installs the
// packed package the way the Community Nodes UI does, creates the demo owner, starts the demo
// stand-ins for Slack and an ad network (scripts/demo/standins.js), imports examples/workflows/*.json
// pointed at them and publishes them, and prints the editor URL, the login, the stand-ins and a ready
// curl per MMP (`npm run demo:traffic` replays the whole corpus). Ctrl-C stops everything.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { ensureN8n } = require('./lib/n8n-install');
const { N8nInstance } = require('./lib/n8n-instance');
const { packedTarball } = require('./lib/package-tarball');
const { freePort, portIsFree } = require('./lib/ports');
const {
	DEMO_DIR,
	LOG_FILE,
	OWNER,
	PREFERRED_BROKER_PORT,
	PREFERRED_PORT,
} = require('./demo/config');
const { importAndPublishExamples } = require('./demo/workflows');
const { BATCHED_BI_WORKFLOW_ID, BI_WORKFLOW_ID, prepareBiExample } = require('./demo/postgres');
const { printBanner } = require('./demo/banner');
const { DEFAULT_PORTS, pointAtStandins, startStandins } = require('./demo/standins');
const { NETWORK_WORKFLOW_ID, SLACK_NODE_WORKFLOW_ID, writeDemoState } = require('./demo/traffic');

const log = (line) => console.log(`[start] ${line}`);

async function pickPort(preferred, what) {
	if (await portIsFree(preferred)) return preferred;
	const port = await freePort();
	log(`port ${preferred} is taken; ${what} uses ${port}`);
	return port;
}

async function main() {
	log('building and packing the package (skipped when dist/ is up to date)');
	const tarball = packedTarball({ log });

	log('checking the local Node 24 + n8n 2.41.1 install (first run: about 7 minutes)');
	const install = ensureN8n({ verbose: true });
	if (!install.ok) throw new Error(install.reason);

	fs.mkdirSync(DEMO_DIR, { recursive: true });
	fs.rmSync(LOG_FILE, { force: true });
	const port = await pickPort(PREFERRED_PORT, 'n8n');
	const brokerPort = await pickPort(PREFERRED_BROKER_PORT, "n8n's task-runner broker");
	// Before n8n: it must trust the network stand-in's certificate from its first breath.
	const standins = await startStandins({
		slackPort: await pickPort(DEFAULT_PORTS.slack, 'the Slack stand-in'),
		networkPort: await pickPort(DEFAULT_PORTS.network, 'the ad-network stand-in'),
		certDir: path.join(DEMO_DIR, 'stand-ins'),
		slack: { rateLimitEvery: 5, retryAfterSeconds: 2 },
		log: (line) => console.log(line),
	});
	log(`starting n8n on http://127.0.0.1:${port} (log: ${LOG_FILE})`);
	const n8n = await N8nInstance.start({
		...install,
		userFolder: DEMO_DIR,
		logFile: LOG_FILE,
		port,
		brokerPort,
		packages: [tarball],
		owner: OWNER,
		apiKeyLabel: 'npm-start',
		env: standins.n8nEnv(),
	});

	let stopping = false;
	const shutdown = async (code) => {
		if (stopping) return;
		stopping = true;
		log('stopping n8n');
		await n8n.stop();
		await standins.close();
		process.exit(code);
	};
	process.on('SIGINT', () => void shutdown(0));
	process.on('SIGTERM', () => void shutdown(0));
	n8n.exited.then(({ code, signal }) => {
		if (stopping) return;
		console.error(
			`[start] n8n exited unexpectedly (${signal ?? `code ${code}`}); last log lines:\n${n8n.logTail(30)}`,
		);
		process.exit(1);
	});

	try {
		const bi = await prepareBiExample(n8n);
		/** Examples imported but not published, and why. */
		const unpublished = new Map([
			[SLACK_NODE_WORKFLOW_ID, 'set your Slack bot token in the "Slack account" credential first'],
		]);
		if (!bi.ok) {
			unpublished.set(BI_WORKFLOW_ID, 'no PostgreSQL (see below)');
			unpublished.set(BATCHED_BI_WORKFLOW_ID, 'no PostgreSQL (see below)');
		}
		if (!standins.network) unpublished.set(NETWORK_WORKFLOW_ID, standins.networkUnavailable);
		const workflows = await importAndPublishExamples(n8n, {
			log,
			unpublished: new Set(unpublished.keys()),
			transform: (text) => pointAtStandins(text, standins),
		});
		await n8n.waitForEditor();
		writeDemoState({ n8n, workflows, unpublished, standins });
		printBanner({ n8n, workflows, owner: OWNER, unpublished, standins });
		console.log(
			bi.ok
				? `BI example (events-to-postgres): rows land in ${bi.target}`
				: `BI example (events-to-postgres): imported but NOT published, no database: ${bi.reason}.\n` +
						'  Start PostgreSQL (or set MMP_DEMO_PG_HOST/PORT/DATABASE/USER/PASSWORD) and run npm start again.',
		);
	} catch (error) {
		console.error(error);
		await shutdown(1);
	}
}

main().catch((error) => {
	console.error(`[start] ${error.stack ?? error}`);
	process.exit(1);
});
