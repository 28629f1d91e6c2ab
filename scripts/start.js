#!/usr/bin/env node
// `npm start`: a local n8n 2.41.1 with this package and the example workflows published, ready to
// receive MMP callbacks. Builds the package (when dist/ is stale), installs Node 24 + n8n into .cache
// on first run, starts n8n on 127.0.0.1 (SQLite in .cache/demo, kept across restarts), installs the
// packed package the way the Community Nodes UI does, creates the demo owner, starts the demo
// stand-ins for Slack and an ad network (scripts/demo/standins.js), imports examples/workflows/*.json
// pointed at them and publishes them, and prints the editor URL, the login, the stand-ins and a ready
// curl per MMP (`npm run demo:traffic` replays the whole corpus). Ctrl-C stops everything.
//
// `npm start -- --queue` runs the same demo on n8n queue mode instead (docs/scaling.md): PostgreSQL
// (database mmp_demo_queue) and Redis (Bull prefix mmp-demo-queue) on 127.0.0.1, one main, two
// webhook processors, two workers and nginx in front, state in .cache/demo-queue.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, ensureN8n } = require('./lib/n8n-install');

const QUEUE = process.argv.includes('--queue');
// Before ./demo/config is read: every demo file (log, state, import stamps) moves to the queue demo.
if (QUEUE) process.env.MMP_DEMO_DIR ||= path.join(ROOT, '.cache/demo-queue');
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

const APPLE_WORKFLOW_ID = 'mmpExampleApplePostbacks';
const { printBanner } = require('./demo/banner');
const { DEFAULT_PORTS, pointAtStandins, startStandins } = require('./demo/standins');
const { NETWORK_WORKFLOW_ID, SLACK_NODE_WORKFLOW_ID, writeDemoState } = require('./demo/traffic');
const { QueueCluster, QueuePrerequisiteError, newEncryptionKey } = require('./lib/n8n-queue');
const { nginxAvailability } = require('./lib/nginx');
const { prepareQueueServices } = require('./lib/queue-services');

const log = (line) => console.log(`[start] ${line}`);

async function pickPort(preferred, what) {
	if (await portIsFree(preferred)) return preferred;
	const port = await freePort();
	log(`port ${preferred} is taken; ${what} uses ${port}`);
	return port;
}

/** The packed package and the local n8n install, both reused when up to date. */
function packageAndN8n() {
	log('building and packing the package (skipped when dist/ is up to date)');
	const tarball = packedTarball({ log });
	log('checking the local Node 24 + n8n 2.41.1 install (first run: about 7 minutes)');
	const install = ensureN8n({ verbose: true });
	if (!install.ok) throw new Error(install.reason);
	return { tarball, install };
}

/** The Slack and ad-network stand-ins the demo's workflows post to, on free ports. */
async function startDemoStandins() {
	return await startStandins({
		slackPort: await pickPort(DEFAULT_PORTS.slack, 'the Slack stand-in'),
		networkPort: await pickPort(DEFAULT_PORTS.network, 'the ad-network stand-in'),
		certDir: path.join(DEMO_DIR, 'stand-ins'),
		slack: { rateLimitEvery: 5, retryAfterSeconds: 2 },
		log: (line) => console.log(line),
	});
}

async function main() {
	if (QUEUE) return mainQueue();
	const { tarball, install } = packageAndN8n();

	fs.mkdirSync(DEMO_DIR, { recursive: true });
	fs.rmSync(LOG_FILE, { force: true });
	const port = await pickPort(PREFERRED_PORT, 'n8n');
	const brokerPort = await pickPort(PREFERRED_BROKER_PORT, "n8n's task-runner broker");
	// Before n8n: it must trust the network stand-in's certificate from its first breath.
	const standins = await startDemoStandins();
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
		await publishAndPrint({ n8n, standins });
	} catch (error) {
		console.error(error);
		await shutdown(1);
	}
}

/**
 * Prepares the BI example, imports and publishes the examples, prints the banner. In queue mode
 * `cluster` is set: webhooks are routed on its processors and callbacks go to its load balancer.
 */
async function publishAndPrint({ n8n, standins, cluster }) {
	const bi = await prepareBiExample(n8n);
	/** Examples imported but not published, and why. */
	const unpublished = new Map([
		[SLACK_NODE_WORKFLOW_ID, 'set your Slack bot token in the "Slack account" credential first'],
	]);
	if (!bi.ok) {
		unpublished.set(BI_WORKFLOW_ID, 'no PostgreSQL (see below)');
		unpublished.set(BATCHED_BI_WORKFLOW_ID, 'no PostgreSQL (see below)');
		// The Apple example stores verified postbacks in the same BI table.
		unpublished.set(APPLE_WORKFLOW_ID, 'no PostgreSQL (see below)');
	}
	if (!standins.network) unpublished.set(NETWORK_WORKFLOW_ID, standins.networkUnavailable);
	const workflows = await importAndPublishExamples(n8n, {
		log,
		unpublished: new Set(unpublished.keys()),
		transform: (text) => pointAtStandins(text, standins),
		routedOn: cluster?.webhooks,
	});
	await n8n.waitForEditor();
	// In queue mode MMPs (and demo:traffic) call the load balancer; the editor stays on main.
	const publicN8n = cluster
		? { baseUrl: n8n.baseUrl, webhookUrl: (p) => cluster.webhookUrl(p) }
		: n8n;
	writeDemoState({
		n8n: cluster ? { baseUrl: cluster.publicBaseUrl } : n8n,
		workflows,
		unpublished,
		standins,
		webhookProcessors: cluster?.webhooks.map((w) => w.baseUrl),
	});
	printBanner({ n8n: publicN8n, workflows, owner: OWNER, unpublished, standins });
	if (cluster) printQueueBanner(cluster);
	console.log(
		bi.ok
			? `BI example (events-to-postgres): rows land in ${bi.target}`
			: `BI example (events-to-postgres): imported but NOT published, no database: ${bi.reason}.\n` +
					'  Start PostgreSQL (or set MMP_DEMO_PG_HOST/PORT/DATABASE/USER/PASSWORD) and run npm start again.',
	);
}

function printQueueBanner(cluster) {
	const out = ['n8n queue mode (docs/scaling.md):'];
	out.push(`  load balancer (nginx, where MMPs send callbacks): ${cluster.publicBaseUrl}`);
	cluster.webhooks.forEach((w, i) =>
		out.push(`  webhook processor ${i + 1} (n8n webhook): ${w.baseUrl}  log: ${w.logFile}`),
	);
	cluster.workers.forEach((w, i) =>
		out.push(`  worker ${i + 1} (n8n worker): health ${w.baseUrl}/healthz  log: ${w.logFile}`),
	);
	out.push(`  main (n8n start, editor and API; no production webhooks): ${cluster.main.baseUrl}`);
	out.push(`  nginx config: ${path.join(cluster.lb.dir, 'site.conf')}`);
	out.push('  `npm run demo:traffic -- --queue` spreads the corpus over both processors.', '');
	console.log(out.join('\n'));
}

/** A key made once and kept: the credentials in the queue demo's database are encrypted with it. */
function demoEncryptionKey() {
	const file = path.join(DEMO_DIR, 'encryption-key');
	if (!fs.existsSync(file)) fs.writeFileSync(file, newEncryptionKey(), { mode: 0o600 });
	return fs.readFileSync(file, 'utf8').trim();
}

async function mainQueue() {
	const database = process.env.MMP_DEMO_QUEUE_DATABASE || 'mmp_demo_queue';
	log('checking PostgreSQL, Redis and nginx before starting anything');
	const problems = await prepareQueueServices({ database });
	const nginx = nginxAvailability();
	if (!nginx.ok) problems.push(nginx.reason);
	if (problems.length > 0) throw new QueuePrerequisiteError(problems);

	const { tarball, install } = packageAndN8n();

	fs.mkdirSync(DEMO_DIR, { recursive: true });
	const standins = await startDemoStandins();
	let cluster;
	let stopping = false;
	const shutdown = async (code) => {
		if (stopping) return;
		stopping = true;
		log('stopping nginx, the webhook processors, the workers and main');
		await cluster?.stop({ keepData: true });
		await standins.close();
		process.exit(code);
	};
	process.on('SIGINT', () => void shutdown(0));
	process.on('SIGTERM', () => void shutdown(0));
	try {
		cluster = await QueueCluster.start({
			...install,
			tarball,
			dir: DEMO_DIR,
			database,
			prefix: process.env.MMP_DEMO_QUEUE_PREFIX || 'mmp-demo-queue',
			encryptionKey: demoEncryptionKey(),
			mainPort: await pickPort(PREFERRED_PORT, 'n8n main'),
			mainBrokerPort: await pickPort(PREFERRED_BROKER_PORT, "main's task-runner broker"),
			lbPort: await pickPort(5680, 'the load balancer'),
			owner: OWNER,
			apiKeyLabel: 'npm-start',
			env: standins.n8nEnv(),
			log,
		});
	} catch (error) {
		await standins.close();
		throw error;
	}
	for (const proc of cluster.processes()) {
		proc.exited.then(({ code, signal }) => {
			if (stopping) return;
			console.error(
				`[start] ${proc.role} exited unexpectedly (${signal ?? `code ${code}`}); last log lines:\n${proc.logTail(30)}`,
			);
			void shutdown(1);
		});
	}
	try {
		await publishAndPrint({ n8n: cluster.main, standins, cluster });
	} catch (error) {
		console.error(error);
		await shutdown(1);
	}
}

main().catch((error) => {
	// A missing service is a plain message, not a stack trace.
	console.error(
		`[start] ${error instanceof QueuePrerequisiteError ? error.message : (error.stack ?? error)}`,
	);
	process.exit(1);
});
