// n8n 2.41.1 in queue mode on one machine, as an operator runs it (docs/scaling.md): one main
// (`n8n start`, UI + API, production webhooks disabled), K webhook processors (`n8n webhook`), M
// workers (`n8n worker`), PostgreSQL + Redis, and nginx in front (examples/deploy/
// nginx-queue-mode.conf). Every process is an N8nInstance with its own user folder holding this
// package installed the documented way, and the same encryption key. Shared by `npm start -- --queue`,
// the queue-mode e2e suite and `npm run bench:scale`.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { N8nInstance, webhookPaths } = require('./n8n-instance');
const { nginxAvailability, startNginx } = require('./nginx');
const { freePort } = require('./ports');
const {
	deleteRedisPrefix,
	dropDatabase,
	prepareQueueServices,
	queueModeEnv,
} = require('./queue-services');

/** Thrown before anything starts when PostgreSQL, Redis or nginx is missing. */
class QueuePrerequisiteError extends Error {
	constructor(problems) {
		super(`n8n queue mode cannot start:\n  - ${problems.join('\n  - ')}`);
		this.name = 'QueuePrerequisiteError';
		this.problems = problems;
	}
}

/** Starts every promise, and when one fails, stops the ones that started before rethrowing. */
async function startAll(starts) {
	const results = await Promise.allSettled(starts);
	const failed = results.find((r) => r.status === 'rejected');
	if (!failed) return results.map((r) => r.value);
	await Promise.all(results.filter((r) => r.status === 'fulfilled').map((r) => r.value.stop()));
	throw failed.reason;
}

class QueueCluster {
	/**
	 * @param {import('./n8n-queue').QueueClusterOptions} opts
	 */
	static async start(opts) {
		const cluster = new QueueCluster(opts);
		await cluster.boot();
		return cluster;
	}

	constructor(opts) {
		this.opts = {
			webhookProcessors: 2,
			workers: 2,
			concurrency: 10,
			loadBalancer: true,
			...opts,
		};
		this.log = opts.log ?? (() => {});
		this.main = undefined;
		/** @type {N8nInstance[]} */
		this.webhooks = [];
		/** @type {N8nInstance[]} */
		this.workers = [];
		this.lb = undefined;
	}

	async boot() {
		const { opts } = this;
		const problems = await prepareQueueServices({
			database: opts.database,
			template: opts.templateDatabase,
		});
		const nginx = opts.loadBalancer ? nginxAvailability() : { ok: true };
		if (!nginx.ok) problems.push(nginx.reason);
		if (problems.length > 0) throw new QueuePrerequisiteError(problems);

		fs.mkdirSync(opts.dir, { recursive: true });
		// Restarts (worker kill, deploy) install exactly what the first start installed, whatever
		// happens to the packed file meanwhile.
		const tarball = path.join(opts.dir, path.basename(opts.tarball));
		if (path.resolve(opts.tarball) !== tarball) fs.copyFileSync(opts.tarball, tarball);
		this.opts.tarball = tarball;
		const lbPort = opts.loadBalancer ? (opts.lbPort ?? (await freePort())) : undefined;
		this.webhookPorts = opts.webhookPorts ?? [];
		while (this.webhookPorts.length < opts.webhookProcessors)
			this.webhookPorts.push(await freePort());
		const publicBase = lbPort
			? `http://127.0.0.1:${lbPort}/`
			: `http://127.0.0.1:${this.webhookPorts[0]}/`;
		this.sharedEnv = {
			...queueModeEnv(opts),
			N8N_WEBHOOK_URL: publicBase,
			...opts.env,
		};
		try {
			this.log(`starting n8n main (migrations on a new database take 15-30 s)`);
			this.main = await this.startProcess('main', {
				command: ['start'],
				port: opts.mainPort,
				brokerPort: opts.mainBrokerPort,
				owner: opts.owner,
				apiKeyLabel: opts.apiKeyLabel ?? 'queue-mode',
				env: { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true', ...opts.mainEnv },
			});
			this.log(`starting ${opts.webhookProcessors} webhook processors and ${opts.workers} workers`);
			const started = await startAll([
				...this.webhookPorts
					.slice(0, opts.webhookProcessors)
					.map((port, i) => this.startWebhook(i, port)),
				...Array.from({ length: opts.workers }, (_, i) => this.startWorker(i)),
			]);
			const webhooks = started.slice(0, opts.webhookProcessors);
			const workers = started.slice(opts.webhookProcessors);
			this.webhooks = webhooks;
			this.workers = workers;
			if (opts.loadBalancer) {
				this.log('starting nginx in front of the webhook processors');
				this.lb = await startNginx({
					port: lbPort,
					webhookPorts: this.webhooks.map((w) => w.port),
					mainPort: this.main.port,
					...(typeof opts.loadBalancer === 'object' ? opts.loadBalancer : {}),
				});
			}
		} catch (error) {
			await this.stop({ keepData: true });
			throw error;
		}
	}

	/** One n8n process with its own user folder and log, the package installed on first start. */
	async startProcess(name, { env, ...rest }) {
		const userFolder = path.join(this.opts.dir, name);
		const installed = fs.existsSync(
			path.join(userFolder, '.n8n/nodes/node_modules/n8n-nodes-mmp-postback/package.json'),
		);
		// A restart reinstalls only when the package changed since (npm start after an edit).
		const stampFile = path.join(userFolder, '.n8n/nodes/.mmp-tarball-stamp');
		const stamp = crypto
			.createHash('sha256')
			.update(fs.readFileSync(this.opts.tarball))
			.digest('hex');
		const fresh =
			installed && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp;
		const instance = await N8nInstance.start({
			nodeBin: this.opts.nodeBin,
			n8nBin: this.opts.n8nBin,
			userFolder,
			logFile: path.join(this.opts.logDir ?? this.opts.dir, `${name}.log`),
			packages: fresh ? [] : [this.opts.tarball],
			expressionEngine: this.opts.expressionEngine,
			owner: false,
			startTimeoutMs: this.opts.startTimeoutMs ?? 240_000,
			...rest,
			env: { ...this.sharedEnv, ...env },
		});
		if (!fresh) fs.writeFileSync(stampFile, stamp);
		instance.role = name.replace(/-\d+$/, '');
		return instance;
	}

	startWebhook(i, port) {
		return this.startProcess(`webhook-${i + 1}`, {
			command: ['webhook'],
			port,
			// One proxy (nginx) in front: n8n trusts exactly one X-Forwarded-For entry.
			env: { N8N_PROXY_HOPS: '1', ...this.opts.webhookEnv },
		});
	}

	async startWorker(i, { port, brokerPort } = {}) {
		port ??= await freePort();
		return this.startProcess(`worker-${i + 1}`, {
			command: ['worker', `--concurrency=${this.opts.concurrency}`],
			port,
			brokerPort,
			env: {
				// A worker's health server is its readiness probe; bound to loopback, on its own port.
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(port),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				...this.opts.workerEnv,
			},
		});
	}

	/** Where MMPs send callbacks: the load balancer (or the first webhook processor without one). */
	get publicBaseUrl() {
		return this.lb ? this.lb.url : this.webhooks[0].baseUrl;
	}

	webhookUrl(webhookPath) {
		return `${this.publicBaseUrl}/webhook/${webhookPath.replace(/^\//, '')}`;
	}

	/** Imports through main's CLI, publishes through its API, waits until every processor routes it. */
	async importAndPublish(workflows, { unpublished = new Set() } = {}) {
		await this.main.importWorkflows(workflows);
		for (const workflow of workflows) {
			if (unpublished.has(workflow.id)) continue;
			await this.publish(workflow);
		}
	}

	async publish(workflow) {
		await this.main.publish(workflow.id, {
			webhookPaths: webhookPaths(workflow),
			routedOn: this.webhooks,
		});
	}

	/** `kill -9` of worker i (and its task runner). */
	async killWorker(i) {
		await this.workers[i].kill();
	}

	/** Starts worker i again on its ports and user folder (after a kill or a stop). */
	async restartWorker(i) {
		const old = this.workers[i];
		await old.stop();
		this.workers[i] = await this.startWorker(i, { port: old.port, brokerPort: old.brokerPort });
		return this.workers[i];
	}

	async restartWebhook(i) {
		const old = this.webhooks[i];
		await old.stop();
		this.webhooks[i] = await this.startWebhook(i, old.port);
		return this.webhooks[i];
	}

	/** Every n8n process with its role, for CPU accounting (proc-stats.js). */
	processes() {
		return [this.main, ...this.webhooks, ...this.workers].filter(Boolean);
	}

	async stopProcesses() {
		// Webhook processors first (no new jobs), then workers (they drain), main last.
		await Promise.all(this.webhooks.map((w) => w.stop()));
		await Promise.all(this.workers.map((w) => w.stop()));
		await this.main?.stop();
	}

	/**
	 * Stops nginx and every n8n process, then removes this cluster's Redis keys, and its database
	 * unless `keepData` (the demo keeps its database across restarts).
	 */
	async stop({ keepData = !this.opts.dropDatabase } = {}) {
		await this.lb?.stop();
		await this.stopProcesses();
		await deleteRedisPrefix(this.opts.prefix).catch(() => {});
		if (!keepData) await dropDatabase(this.opts.database).catch(() => {});
	}
}

/** A random 32-byte key, the same for every process of one cluster. */
function newEncryptionKey() {
	return crypto.randomBytes(32).toString('hex');
}

module.exports = { QueueCluster, QueuePrerequisiteError, newEncryptionKey };
