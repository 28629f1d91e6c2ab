// A real n8n 2.41.1 for end-to-end tests: one server per test file (started and stopped by useN8n,
// test/support/useN8n.ts), with this package installed the way users install it (the packed tarball
// in <user folder>/.n8n/nodes) and a throwaway SQLite user folder. The process management lives in
// scripts/lib (shared with `npm start` and the benchmark); this file adds the jest-facing API and the
// "n8n missing" policy.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureN8n, ROOT, type N8nInstall } from '../../scripts/lib/n8n-install';
import {
	N8nInstance,
	webhookPaths,
	type N8nExecution,
	type WorkflowJson,
} from '../../scripts/lib/n8n-instance';
import { migratedTemplate } from '../../scripts/lib/n8n-template';
import { packedTarball } from '../../scripts/lib/package-tarball';

import { describeRequiring } from './describeRequiring';

export type { N8nExecution, WorkflowJson };

export interface CredentialJson {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** Time budget for starting n8n in a beforeAll (useN8n): build + pack + boot, with room for a slow box. */
export const N8N_START_TIMEOUT_MS = 300_000;

export interface StartN8nOptions {
	/** Names the log file (`.tmp/n8n-logs/<label>-<time>.log`). */
	label: string;
	/** Sets N8N_EXPRESSION_ENGINE; default: n8n's own default. */
	expressionEngine?: 'vm' | 'legacy';
	/** Extra env for n8n. */
	env?: Record<string, string>;
	/** Install this package's packed tarball (default true). */
	withPackage?: boolean;
}

export interface N8nServer {
	readonly baseUrl: string;
	readonly logFile: string;
	/** `http://127.0.0.1:<port>/webhook/<path>` (production URL). */
	webhookUrl(path: string): string;
	/** CLI import (fixed ids), publish through the public API, and wait until its webhooks answer. */
	importWorkflow(workflow: WorkflowJson): Promise<void>;
	/** Several workflows in one CLI call (each call costs ~3 s), each published and answering. */
	importWorkflows(workflows: WorkflowJson[]): Promise<void>;
	/** CLI import of credentials with fixed ids (plain-text data, encrypted by n8n). */
	importCredentials(credentials: CredentialJson[]): Promise<void>;
	/** Executions of a workflow with their data, oldest first, running ones included. */
	executions(query: { workflowId: string }): Promise<N8nExecution[]>;
	/** Resolves once `count` executions have finished and none is running; returns all of them. */
	waitForExecutions(workflowId: string, count: number, timeoutMs?: number): Promise<N8nExecution[]>;
	/** A request with the owner's session cookie (REST API, `/types/nodes.json`). */
	ownerFetch(method: string, path: string, body?: unknown): Promise<Response>;
	/** The last lines of n8n's log, for failure messages. */
	logTail(lines?: number): string;
	stop(): Promise<void>;
}

type Availability = ({ ok: true } & N8nInstall) | { ok: false; reason: string };
let availability: Availability | undefined;

/**
 * Installs n8n on first use (scripts/ensure-n8n.sh, idempotent; test/globalSetup.js usually did it
 * already) and remembers the verdict. MMP_N8N_INSTALL=0 only looks for a completed install.
 */
export function n8nAvailability(): Availability {
	availability ??= ensureN8n({ install: process.env.MMP_N8N_INSTALL !== '0' });
	return availability;
}

export async function startN8n(opts: StartN8nOptions): Promise<N8nServer> {
	const install = n8nAvailability();
	if (!install.ok) throw new Error(`n8n is not available: ${install.reason}`);
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `mmp-e2e-${opts.label}-`));
	const logFile = path.join(
		ROOT,
		'.tmp/n8n-logs',
		`${opts.label}-${new Date().toISOString().replace(/[:.]/g, '-')}.log`,
	);
	const instance = await N8nInstance.start({
		nodeBin: install.nodeBin,
		n8nBin: install.n8nBin,
		userFolder,
		logFile,
		seedFrom: migratedTemplate(install),
		packages: opts.withPackage === false ? [] : [packedTarball()],
		expressionEngine: opts.expressionEngine,
		env: opts.env,
		apiKeyLabel: 'e2e',
	});
	const importWorkflows = async (workflows: WorkflowJson[]) => {
		await instance.importWorkflows(workflows);
		for (const workflow of workflows) {
			await instance.publish(workflow.id, { webhookPaths: webhookPaths(workflow) });
		}
	};
	return {
		baseUrl: instance.baseUrl,
		logFile,
		webhookUrl: (p) => instance.webhookUrl(p),
		importWorkflow: (workflow) => importWorkflows([workflow]),
		importWorkflows,
		importCredentials: (credentials) => instance.importCredentials(credentials),
		executions: ({ workflowId }) => instance.executions({ workflowId, includeData: true }),
		waitForExecutions: (workflowId, count, timeoutMs) =>
			instance.waitForExecutions(workflowId, count, timeoutMs),
		ownerFetch: (method, p, body) => instance.fetchRaw(method, p, { body }),
		logTail: (lines) => instance.logTail(lines),
		async stop() {
			await instance.stop();
			if (!process.env.MMP_E2E_KEEP) fs.rmSync(userFolder, { recursive: true, force: true });
		},
	};
}

/**
 * `describe` for suites that need a real n8n. When n8n cannot be installed, the suite fails under
 * CI=true (a CI run must not pass without its e2e tests) and is skipped with a loud warning elsewhere.
 */
export function describeWithN8n(name: string, body: () => void): void {
	const install = n8nAvailability();
	describeRequiring(
		name,
		{
			ok: install.ok,
			what: 'a real n8n 2.41.1',
			reason: install.ok ? '' : `${install.reason} (run \`bash scripts/ensure-n8n.sh\` to see why)`,
		},
		body,
	);
}
