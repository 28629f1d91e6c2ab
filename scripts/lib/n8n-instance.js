// Drives one real n8n 2.41.1 process headlessly: start on 127.0.0.1 with SQLite, wait for readiness,
// owner + API key, import and publish workflows, read executions, stop. Shared by the e2e harness
// (test/support/n8nServer.ts), `npm start` and the trigger benchmark. Recipe and pitfalls:
// docs/sources.md, "Running n8n 2.41.1 headless" (environment, loading method B, import and
// publish, owner and API key).
// The same class runs each process of a queue-mode cluster (`command`: start | webhook | worker;
// scripts/lib/n8n-queue.js composes them, docs/scaling.md has the recipe).
'use strict';
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { freePort } = require('./ports');
const { seedUserFolder } = require('./n8n-template');

const PACKAGE_INSTALL_TIMEOUT_MS = 120_000;
const CLI_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 30_000;
const TERMINAL_STATUSES = new Set(['success', 'error', 'crashed', 'canceled']);
const DEFAULT_OWNER = {
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Passw0rd!Passw0rd',
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// n8n runs in its own process group (so a SIGKILL reaches its task runner too), which also means it
// would outlive a crashed parent. Last resort: kill whatever is still running when this process exits.
const liveGroups = new Set();
process.once('exit', () => {
	for (const pid of liveGroups) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
});

/**
 * The parent's env minus what must not leak into n8n: jest's NODE_ENV=test makes `n8n start` exit 1
 * without a word, and test/setup.js sets N8N_RUNNERS_ENABLED=false and its own N8N_USER_FOLDER.
 */
function inheritedEnv() {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|NODE_ENV$|NODE_OPTIONS$|NODE_PATH$|JEST_|npm_)/.test(key))
			continue;
		env[key] = value;
	}
	return env;
}

function runToFile(command, args, { env, cwd, logFile, timeoutMs, what }) {
	return new Promise((resolve, reject) => {
		// Output goes to a file, never into a pipe that could close early (docs/sources.md: an n8n CLI
		// writing into a closed pipe spins in an EPIPE logging loop).
		const fd = fs.openSync(logFile, 'a');
		fs.writeSync(fd, `\n--- ${what}: ${[command, ...args].join(' ')}\n`);
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', fd, fd] });
		fs.closeSync(fd);
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			if (code === 0) resolve();
			else
				reject(
					new Error(
						`${what} failed (${signal ?? `exit ${code}`}); see ${logFile}\n${tail(logFile, 20)}`,
					),
				);
		});
	});
}

function tail(file, lines) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

/** Paths with a webhook in a workflow JSON, for the routing probe after publishing. */
function webhookPaths(workflow) {
	return (workflow.nodes ?? [])
		.filter((node) => node.webhookId && typeof node.parameters?.path === 'string' && !node.disabled)
		.map((node) => node.parameters.path);
}

class N8nInstance {
	/**
	 * @param {object} opts see n8n-instance.d.ts
	 */
	static async start(opts) {
		const instance = new N8nInstance(opts);
		await instance.boot(opts);
		return instance;
	}

	constructor(opts) {
		this.nodeBin = opts.nodeBin;
		this.n8nBin = opts.n8nBin;
		this.userFolder = opts.userFolder;
		this.logFile = opts.logFile;
		/** `start` (main), `webhook` (webhook processor) or `worker`, plus its arguments. */
		this.command = opts.command ?? ['start'];
		this.child = undefined;
		this.exited = undefined;
		this.cookie = undefined;
		this.apiKey = undefined;
		// n8n binds the auth cookie to a browser id that later requests must repeat.
		this.browserId = crypto.randomUUID();
	}

	get baseUrl() {
		return `http://127.0.0.1:${this.port}`;
	}

	get pid() {
		return this.child?.pid;
	}

	webhookUrl(webhookPath) {
		return `${this.baseUrl}/webhook/${webhookPath.replace(/^\//, '')}`;
	}

	logTail(lines = 60) {
		return tail(this.logFile, lines);
	}

	async boot(opts) {
		this.port = opts.port ?? (await freePort());
		this.brokerPort = opts.brokerPort ?? (await freePort());
		fs.mkdirSync(path.join(this.userFolder, '.n8n'), { recursive: true });
		fs.mkdirSync(path.dirname(this.logFile), { recursive: true });
		if (opts.seedFrom && !fs.existsSync(path.join(this.userFolder, '.n8n/database.sqlite'))) {
			seedUserFolder(opts.seedFrom, this.userFolder);
		}
		this.env = {
			...inheritedEnv(),
			// npm and n8n's child processes (the task runner) must find Node 24 first.
			PATH: `${path.dirname(this.nodeBin)}${path.delimiter}${process.env.PATH}`,
			N8N_USER_FOLDER: this.userFolder,
			N8N_PORT: String(this.port),
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${this.port}`,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			// Stops ENOTFOUND api.n8n.io stack traces in the log (no internet here).
			N8N_DISABLED_MODULES: 'mcp-registry',
			DB_TYPE: 'sqlite',
			...(opts.expressionEngine ? { N8N_EXPRESSION_ENGINE: opts.expressionEngine } : {}),
			...opts.env,
		};
		for (const tarball of opts.packages ?? []) await this.installPackage(tarball);
		if (opts.beforeStart) await opts.beforeStart(this);
		await this.spawnServer(opts.startTimeoutMs ?? 180_000);
		try {
			if (opts.owner !== false) {
				await this.signIn(opts.owner ?? DEFAULT_OWNER);
				this.apiKey = await this.createApiKey(opts.apiKeyLabel ?? 'mmp-postback');
			}
		} catch (error) {
			await this.stop();
			throw error;
		}
	}

	/**
	 * Installs a packed community package the way n8n's Community Nodes UI does (docs/sources.md, method B):
	 * into <userFolder>/.n8n/nodes, peers omitted so n8n's own n8n-workflow is used.
	 */
	async installPackage(tarball) {
		const dir = path.join(this.userFolder, '.n8n/nodes');
		fs.mkdirSync(dir, { recursive: true });
		const manifest = path.join(dir, 'package.json');
		if (!fs.existsSync(manifest)) {
			fs.writeFileSync(
				manifest,
				JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }),
			);
		}
		await runToFile(
			'npm',
			[
				'install',
				tarball,
				'--legacy-peer-deps',
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
				'--prefer-offline',
			],
			{
				env: this.env,
				cwd: dir,
				logFile: this.logFile,
				timeoutMs: PACKAGE_INSTALL_TIMEOUT_MS,
				what: 'npm install',
			},
		);
	}

	/** Runs an n8n CLI command against this user folder (works while the server runs). */
	async cli(args, what = `n8n ${args[0]}`) {
		await runToFile(this.nodeBin, [this.n8nBin, ...args], {
			// A CLI command starts a task-runner broker too: on the server's port it would clash.
			env: { ...this.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
			cwd: this.userFolder,
			logFile: this.logFile,
			timeoutMs: CLI_TIMEOUT_MS,
			what,
		});
	}

	async spawnServer(timeoutMs) {
		const fd = fs.openSync(this.logFile, 'a');
		fs.writeSync(
			fd,
			`\n--- n8n ${this.command.join(' ')} on port ${this.port} (broker ${this.brokerPort})\n`,
		);
		// Own process group, so a last-resort SIGKILL also reaches the task-runner child.
		this.child = spawn(this.nodeBin, [this.n8nBin, ...this.command], {
			cwd: this.userFolder,
			env: this.env,
			stdio: ['ignore', fd, fd],
			detached: true,
		});
		fs.closeSync(fd);
		this.exited = new Promise((resolve) =>
			this.child.once('exit', (code, signal) => resolve({ code, signal })),
		);
		liveGroups.add(this.child.pid);
		this.child.once('exit', () => {
			this.child.exitedAt = Date.now();
			liveGroups.delete(this.child.pid);
		});
		try {
			await this.waitUntil('n8n readiness', timeoutMs, async () => {
				if (this.child.exitedAt)
					throw new Error(`n8n exited during startup; log ${this.logFile}:\n${this.logTail(40)}`);
				const res = await this.fetchRaw('GET', '/healthz/readiness', { timeoutMs: 2000 }).catch(
					() => null,
				);
				return res?.status === 200;
			});
		} catch (error) {
			await this.stop();
			throw error;
		}
	}

	/** Waits until the editor page is served (it comes up a moment after readiness: docs/sources.md). */
	async waitForEditor(timeoutMs = 30_000) {
		await this.waitUntil('the editor page', timeoutMs, async () => {
			const res = await this.fetchRaw('GET', '/', { timeoutMs: 2000 }).catch(() => null);
			return res?.status === 200 && (await res.text()).includes('<div id="app"');
		});
	}

	/** Creates the owner, or logs in when the user folder already has one (restarts of `npm start`). */
	async signIn(owner) {
		this.owner = owner;
		const setup = await this.fetchRaw('POST', '/rest/owner/setup', { body: owner });
		if (setup.status === 200) {
			this.cookie = this.authCookie(setup);
			return;
		}
		const login = await this.fetchRaw('POST', '/rest/login', {
			body: { emailOrLdapLoginId: owner.email, password: owner.password },
		});
		if (login.status !== 200) {
			throw new Error(
				`owner setup answered ${setup.status} and login ${login.status}: ${await login.text()}`,
			);
		}
		this.cookie = this.authCookie(login);
	}

	authCookie(res) {
		const cookie = res.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (!cookie) throw new Error('n8n set no n8n-auth cookie');
		return cookie.split(';')[0];
	}

	/** A public-API key with every scope this n8n offers; older keys with the same label are removed. */
	async createApiKey(label) {
		const existing = await this.rest('GET', '/rest/api-keys');
		for (const key of Array.isArray(existing) ? existing : (existing?.items ?? [])) {
			if (key.label === label) await this.rest('DELETE', `/rest/api-keys/${key.id}`);
		}
		const scopes = await this.rest('GET', '/rest/api-keys/scopes');
		const created = await this.rest('POST', '/rest/api-keys', { label, expiresAt: null, scopes });
		return created.rawApiKey;
	}

	/**
	 * Imports workflow JSONs (fixed ids keep URLs and assertions stable) through the CLI in one call.
	 * @param {object[]} workflows
	 */
	async importWorkflows(workflows) {
		const dir = fs.mkdtempSync(path.join(this.userFolder, 'import-'));
		try {
			workflows.forEach((workflow, i) => {
				if (!workflow.id)
					throw new Error(`workflow "${workflow.name}" needs a fixed "id" to be imported`);
				fs.writeFileSync(path.join(dir, `${i}-${workflow.id}.json`), JSON.stringify(workflow));
			});
			await this.cli(['import:workflow', '--separate', `--input=${dir}`], 'n8n import:workflow');
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}

	/**
	 * Imports credentials with fixed ids through the CLI; `data` is given in plain text and n8n encrypts
	 * it with this instance's key. Checked afterwards: the CLI reports some failures only in its log.
	 * @param {Array<{ id: string; name: string; type: string; data: object }>} credentials
	 */
	async importCredentials(credentials) {
		const file = path.join(this.userFolder, `import-credentials-${process.pid}-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials));
		try {
			await this.cli(['import:credentials', `--input=${file}`], 'n8n import:credentials');
		} finally {
			fs.rmSync(file, { force: true });
		}
		for (const { id } of credentials) await this.rest('GET', `/rest/credentials/${id}`);
	}

	/**
	 * Publishes a workflow on the running server and waits until n8n reports it published and its
	 * webhooks are routed. Publishing is asynchronous in 2.41 (an outbox drains it), so the call
	 * returning is not enough.
	 */
	async publish(
		workflowId,
		{ timeoutMs = 30_000, webhookPaths: paths = [], routedOn = [this] } = {},
	) {
		await this.waitUntil(`publishing ${workflowId}`, timeoutMs, async () => {
			const res = await this.fetchRaw('POST', `/api/v1/workflows/${workflowId}/publish`, {
				body: {},
				apiKey: true,
			});
			if (res.status === 200) return true;
			// A workflow imported a moment ago can still be unknown to the server's caches.
			if (res.status >= 500 || res.status === 404) return false;
			throw new Error(`publishing ${workflowId} answered ${res.status}: ${await res.text()}`);
		});
		await this.waitUntil(`${workflowId} to be published`, timeoutMs, async () => {
			const status = await this.rest('GET', `/rest/workflows/${workflowId}/publication-status`);
			if (status.status === 'published') return true;
			if (status.status === 'failed' || status.status === 'partial') {
				const reasons = status.triggers.map(
					(t) => `${t.nodeId}: ${t.status} ${t.errorMessage ?? ''}`,
				);
				throw new Error(
					`publishing ${workflowId} ${status.status}: ${reasons.join('; ')}\n${this.logTail(20)}`,
				);
			}
			return false;
		});
		for (const instance of routedOn) await instance.waitForWebhookRoutes(paths, timeoutMs);
	}

	/**
	 * Waits until this process routes each webhook path (in queue mode the webhook processors learn
	 * of a publication from the database, about a second after main).
	 */
	async waitForWebhookRoutes(paths, timeoutMs = 30_000) {
		for (const webhookPath of paths) {
			await this.waitUntil(`webhook ${webhookPath} to be routed`, timeoutMs, async () => {
				// A CORS preflight reaches n8n's webhook router without running the workflow; its
				// Access-Control-Allow-Methods lists the methods registered for the path (just OPTIONS before).
				const res = await this.fetchRaw('OPTIONS', `/webhook/${webhookPath}`, {
					headers: { origin: 'http://127.0.0.1' },
				});
				const methods = (res.headers.get('access-control-allow-methods') ?? '').split(/,\s*/);
				return res.status === 204 && methods.some((m) => m && m !== 'OPTIONS');
			});
		}
	}

	/**
	 * Executions of a workflow from the public API, oldest first, running ones included.
	 * @param {{ workflowId: string; includeData?: boolean }} query
	 */
	async executions({ workflowId, includeData = true }) {
		// The list excludes running executions unless asked for them by status.
		const [settled, running] = await Promise.all([
			this.listExecutions({ workflowId, includeData }),
			this.listExecutions({ workflowId, includeData, status: 'running' }),
		]);
		return [...settled, ...running].sort((a, b) => Number(a.id) - Number(b.id));
	}

	async listExecutions(query) {
		const all = [];
		let cursor;
		do {
			const params = new URLSearchParams({ workflowId: query.workflowId, limit: '250' });
			if (query.includeData) params.set('includeData', 'true');
			if (query.status) params.set('status', query.status);
			if (cursor) params.set('cursor', cursor);
			const page = await this.api('GET', `/api/v1/executions?${params}`);
			all.push(...page.data);
			cursor = page.nextCursor;
		} while (cursor);
		return all;
	}

	/** How many executions of the workflow are stored, running ones included. */
	async executionCount(workflowId) {
		return (await this.executions({ workflowId, includeData: false })).length;
	}

	/**
	 * Waits until at least `count` executions of the workflow have finished (any terminal status) and
	 * none is still running.
	 */
	async waitForExecutionCount(workflowId, count, timeoutMs = 30_000) {
		let seen = [];
		await this.waitUntil(
			`${count} finished executions of ${workflowId}`,
			timeoutMs,
			async () => {
				seen = await this.executions({ workflowId, includeData: false });
				const finished = seen.filter((e) => TERMINAL_STATUSES.has(e.status));
				return finished.length >= count && finished.length === seen.length;
			},
			() =>
				`saw ${seen.length}, ${seen.filter((e) => !TERMINAL_STATUSES.has(e.status)).length} unfinished`,
		);
	}

	/** Like waitForExecutionCount, then returns every execution of the workflow with its data. */
	async waitForExecutions(workflowId, count, timeoutMs = 30_000) {
		await this.waitForExecutionCount(workflowId, count, timeoutMs);
		return this.executions({ workflowId, includeData: true });
	}

	/** `kill -9` of the process group (n8n and its task runner), as a crash or the OOM killer does. */
	async kill() {
		if (!this.child || this.child.exitedAt) return;
		try {
			process.kill(-this.child.pid, 'SIGKILL');
		} catch {
			// already gone
		}
		await this.exited;
	}

	/** Stops n8n: SIGTERM, then SIGKILL to the process group after `timeoutMs`. Safe to call twice. */
	async stop(timeoutMs = 20_000) {
		if (!this.child || this.child.exitedAt) return;
		this.child.kill('SIGTERM');
		let timer;
		const timedOut = await Promise.race([
			this.exited.then(() => false),
			new Promise((resolve) => {
				timer = setTimeout(() => resolve(true), timeoutMs);
			}),
		]);
		clearTimeout(timer);
		if (timedOut) {
			try {
				process.kill(-this.child.pid, 'SIGKILL');
			} catch {
				// already gone
			}
			await this.exited;
		}
	}

	// --- HTTP ---------------------------------------------------------------------------------------

	async fetchRaw(
		method,
		urlPath,
		{ body, headers = {}, apiKey = false, timeoutMs = REQUEST_TIMEOUT_MS } = {},
	) {
		const allHeaders = { 'browser-id': this.browserId, ...headers };
		if (this.cookie) allHeaders.cookie = this.cookie;
		if (apiKey) allHeaders['x-n8n-api-key'] = this.apiKey;
		if (body !== undefined) allHeaders['content-type'] = 'application/json';
		return fetch(`${this.baseUrl}${urlPath}`, {
			method,
			headers: allHeaders,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(timeoutMs),
		});
	}

	/** Internal REST API with the owner's cookie; returns `.data`. */
	async rest(method, urlPath, body) {
		const res = await this.fetchRaw(method, urlPath, { body });
		const text = await res.text();
		if (!res.ok)
			throw new Error(`${method} ${urlPath} answered ${res.status}: ${text.slice(0, 500)}`);
		return text ? JSON.parse(text).data : undefined;
	}

	/** Public API with the API key; returns the parsed body. */
	async api(method, urlPath, body) {
		const res = await this.fetchRaw(method, urlPath, { body, apiKey: true });
		const text = await res.text();
		if (!res.ok)
			throw new Error(`${method} ${urlPath} answered ${res.status}: ${text.slice(0, 500)}`);
		return text ? JSON.parse(text) : undefined;
	}

	async waitUntil(what, timeoutMs, check, describeLast = () => '') {
		const deadline = Date.now() + timeoutMs;
		let lastError;
		for (;;) {
			try {
				if (await check()) return;
				lastError = undefined;
			} catch (error) {
				// A check that throws an Error with a verdict (startup crash, failed publication) ends the wait.
				if (!(error instanceof TypeError) && !(error?.name === 'TimeoutError')) throw error;
				lastError = error;
			}
			if (Date.now() > deadline) {
				const detail = [describeLast(), lastError?.message].filter(Boolean).join('; ');
				throw new Error(
					`Timed out after ${timeoutMs} ms waiting for ${what}${detail ? ` (${detail})` : ''}; log: ${this.logFile}`,
				);
			}
			await sleep(150);
		}
	}
}

module.exports = { N8nInstance, DEFAULT_OWNER, webhookPaths };
