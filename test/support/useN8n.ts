// The lifecycle of a real n8n in an e2e file, in one call: `useN8n(...)` inside a describe registers
// the beforeAll that starts n8n (test/support/n8nServer.ts) and imports the credentials and publishes
// the workflows, and the afterAll that stops it; `useQueueCluster(...)` does the same for a
// queue-mode cluster (test/support/queueCluster.ts). Each returns a handle that forwards to the
// running server, so tests read `n8n.webhookUrl(...)` as before. Hooks run in the order they are
// declared: set up what n8n needs (stand-ins, a schema) in a beforeAll above the call, and tear it
// down in an afterAll below it, so it outlives n8n.
import {
	N8N_START_TIMEOUT_MS,
	startN8n,
	type CredentialJson,
	type N8nServer,
	type StartN8nOptions,
	type WorkflowJson,
} from './n8nServer';
import { startQueueCluster, type QueueCluster } from './queueCluster';
import type { QueueClusterOptions } from '../../scripts/lib/n8n-queue';

export { describeWithN8n, N8N_START_TIMEOUT_MS } from './n8nServer';
export type { CredentialJson, N8nExecution, N8nServer, WorkflowJson } from './n8nServer';
export { describeWithQueueMode, type QueueCluster } from './queueCluster';

/** A value, or a function that makes it when the server starts (after earlier beforeAll hooks). */
export type Lazy<T> = T | (() => T);
const resolve = <T>(value: Lazy<T>): T =>
	typeof value === 'function' ? (value as () => T)() : value;

interface Setup {
	/** Imported (CLI, fixed ids) before the workflows. */
	credentials?: Lazy<CredentialJson[]>;
	/** Imported and published; each answers on its webhook paths before the tests start. */
	workflows?: Lazy<WorkflowJson[]>;
	/** Budget of the starting beforeAll. */
	startTimeoutMs?: number;
	/** Budget of the stopping afterAll (default: the file's test timeout). */
	stopTimeoutMs?: number;
}

export interface UseN8nOptions extends Omit<StartN8nOptions, 'env'>, Setup {
	/** Extra env for n8n, e.g. from stand-ins started in an earlier beforeAll. */
	env?: Lazy<Record<string, string>>;
}

export interface UseQueueClusterOptions extends Setup {
	label: string;
	/** QueueCluster options beyond what test/support/queueCluster.ts sets. */
	cluster?: Lazy<Partial<QueueClusterOptions>>;
}

/** A stand-in for the object `current()` returns once its beforeAll has made it. */
function lateBound<T extends object>(what: string, current: () => T | undefined): T {
	return new Proxy({} as T, {
		get(_stub, property) {
			const target = current();
			if (target === undefined) {
				throw new Error(`${what} is not running: its beforeAll failed or has not run yet`);
			}
			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? value.bind(target) : value;
		},
	});
}

/** Registers beforeAll (start, import, publish) and afterAll (stop) for one real n8n. */
export function useN8n(options: UseN8nOptions): N8nServer {
	const { credentials, workflows, startTimeoutMs, stopTimeoutMs, env, ...start } = options;
	let server: N8nServer | undefined;
	beforeAll(async () => {
		server = await startN8n({ ...start, env: env === undefined ? undefined : resolve(env) });
		const creds = credentials === undefined ? [] : resolve(credentials);
		if (creds.length > 0) await server.importCredentials(creds);
		const flows = workflows === undefined ? [] : resolve(workflows);
		if (flows.length > 0) await server.importWorkflows(flows);
	}, startTimeoutMs ?? N8N_START_TIMEOUT_MS);
	afterAll(async () => {
		await server?.stop();
	}, stopTimeoutMs);
	return lateBound(`n8n (${options.label})`, () => server);
}

/** Registers beforeAll (start, import, publish) and afterAll (stop) for one queue-mode cluster. */
export function useQueueCluster(options: UseQueueClusterOptions): QueueCluster {
	const { label, cluster: clusterOptions, credentials, workflows } = options;
	let cluster: QueueCluster | undefined;
	beforeAll(
		async () => {
			const extra = clusterOptions === undefined ? {} : resolve(clusterOptions);
			cluster = await startQueueCluster({ ...extra, label });
			const creds = credentials === undefined ? [] : resolve(credentials);
			if (creds.length > 0) await cluster.main.importCredentials(creds);
			const flows = workflows === undefined ? [] : resolve(workflows);
			if (flows.length > 0) await cluster.importAndPublish(flows);
		},
		options.startTimeoutMs ?? 2 * N8N_START_TIMEOUT_MS,
	);
	afterAll(async () => {
		await cluster?.stop();
	}, options.stopTimeoutMs);
	return lateBound(`queue cluster (${label})`, () => cluster);
}
