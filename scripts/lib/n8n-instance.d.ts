import type { IRunExecutionData } from 'n8n-workflow';
import type { N8nInstall } from './n8n-install';

export interface Owner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}
export declare const DEFAULT_OWNER: Owner;

/** A workflow as exported by n8n (`n8n export:workflow`), with a fixed id. */
export interface WorkflowJson {
	id: string;
	name: string;
	nodes: Array<{
		name: string;
		type: string;
		typeVersion: number;
		parameters: Record<string, unknown>;
		webhookId?: string;
		disabled?: boolean;
		[key: string]: unknown;
	}>;
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

/** One execution from the public API (`GET /api/v1/executions`). */
export interface N8nExecution {
	id: string;
	workflowId: string;
	mode: string;
	status: 'new' | 'running' | 'success' | 'error' | 'crashed' | 'canceled' | 'waiting' | 'unknown';
	finished: boolean;
	startedAt: string;
	stoppedAt: string | null;
	data?: IRunExecutionData;
}

export interface StartOptions extends N8nInstall {
	/** Created when missing; n8n keeps `.n8n/{database.sqlite,config,nodes}` in it. */
	userFolder: string;
	/** n8n's stdout and stderr, plus every CLI and npm call, are appended here. */
	logFile: string;
	/** `['start']` (default, main), `['webhook']` (webhook processor) or `['worker', '--concurrency=N']`. */
	command?: string[];
	/** Default: a free port. For a worker: its health server's port (QUEUE_HEALTH_CHECK_PORT). */
	port?: number;
	/** Task-runner broker port; default: a free port (two instances must not share one). */
	brokerPort?: number;
	/** Sets N8N_EXPRESSION_ENGINE; default: n8n's own default (`vm`). */
	expressionEngine?: 'vm' | 'legacy';
	/** Extra environment for n8n, applied last. */
	env?: Record<string, string>;
	/** Package tarballs to install into `<userFolder>/.n8n/nodes` before starting. */
	packages?: string[];
	/** A migrated template folder (n8n-template.js) to seed an empty user folder from. */
	seedFrom?: string;
	/** Owner to create or log in as; `false` skips the owner and the API key. */
	owner?: Owner | false;
	apiKeyLabel?: string;
	/** Runs after packages are installed, before n8n starts (e.g. CLI imports). */
	beforeStart?: (instance: N8nInstance) => Promise<void>;
	startTimeoutMs?: number;
}

export declare class N8nInstance {
	static start(opts: StartOptions): Promise<N8nInstance>;
	readonly port: number;
	readonly brokerPort: number;
	readonly command: string[];
	readonly userFolder: string;
	readonly logFile: string;
	readonly baseUrl: string;
	readonly pid: number | undefined;
	/** Settles when the n8n process exits. */
	readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	readonly apiKey: string | undefined;
	readonly owner: Owner | undefined;
	webhookUrl(path: string): string;
	logTail(lines?: number): string;
	installPackage(tarball: string): Promise<void>;
	cli(args: string[], what?: string): Promise<void>;
	waitForEditor(timeoutMs?: number): Promise<void>;
	importWorkflows(workflows: WorkflowJson[]): Promise<void>;
	importCredentials(
		credentials: Array<{ id: string; name: string; type: string; data: Record<string, unknown> }>,
	): Promise<void>;
	publish(
		workflowId: string,
		opts?: { timeoutMs?: number; webhookPaths?: string[]; routedOn?: N8nInstance[] },
	): Promise<void>;
	waitForWebhookRoutes(paths: string[], timeoutMs?: number): Promise<void>;
	/** SIGKILL to n8n's process group (n8n and its task runner). */
	kill(): Promise<void>;
	executions(query: { workflowId: string; includeData?: boolean }): Promise<N8nExecution[]>;
	executionCount(workflowId: string): Promise<number>;
	waitForExecutionCount(workflowId: string, count: number, timeoutMs?: number): Promise<void>;
	waitForExecutions(workflowId: string, count: number, timeoutMs?: number): Promise<N8nExecution[]>;
	stop(timeoutMs?: number): Promise<void>;
	fetchRaw(
		method: string,
		path: string,
		opts?: {
			body?: unknown;
			headers?: Record<string, string>;
			apiKey?: boolean;
			timeoutMs?: number;
		},
	): Promise<Response>;
	rest<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
	api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

export declare function webhookPaths(workflow: WorkflowJson): string[];
