import type { N8nInstance, Owner, WorkflowJson } from './n8n-instance';
import type { N8nInstall } from './n8n-install';

export interface QueueClusterOptions extends N8nInstall {
	/** The package tarball, installed into every process's user folder. */
	tarball: string;
	/** User folders (`main`, `webhook-1`, `worker-1`, …) and, by default, their logs. */
	dir: string;
	logDir?: string;
	/** PostgreSQL database of this cluster (created when missing). */
	database: string;
	/** Create the database as a copy of this migrated one (n8n-template.js). */
	templateDatabase?: string;
	/** Drop the database on stop (throwaway clusters). */
	dropDatabase?: boolean;
	/** QUEUE_BULL_PREFIX; its keys are deleted on stop. */
	prefix: string;
	encryptionKey: string;
	webhookProcessors?: number;
	workers?: number;
	/** `n8n worker --concurrency`. */
	concurrency?: number;
	/** nginx in front (default true); an object passes options to startNginx. */
	loadBalancer?: boolean | { exposeUpstream?: boolean; proxyBind?: string };
	lbPort?: number;
	mainPort?: number;
	mainBrokerPort?: number;
	webhookPorts?: number[];
	expressionEngine?: 'vm' | 'legacy';
	/** Env for every process, then per role. */
	env?: Record<string, string>;
	mainEnv?: Record<string, string>;
	webhookEnv?: Record<string, string>;
	workerEnv?: Record<string, string>;
	owner?: Owner;
	apiKeyLabel?: string;
	startTimeoutMs?: number;
	log?: (line: string) => void;
}

export interface LoadBalancer {
	port: number;
	url: string;
	dir: string;
	pid: number;
	accessLog(): string;
	errorLog(): string;
	stop(): Promise<void>;
}

export declare class QueuePrerequisiteError extends Error {
	problems: string[];
}

export declare class QueueCluster {
	static start(opts: QueueClusterOptions): Promise<QueueCluster>;
	readonly main: N8nInstance;
	readonly webhooks: Array<N8nInstance & { role: string }>;
	readonly workers: Array<N8nInstance & { role: string }>;
	readonly lb: LoadBalancer | undefined;
	readonly publicBaseUrl: string;
	webhookUrl(path: string): string;
	importAndPublish(workflows: WorkflowJson[], opts?: { unpublished?: Set<string> }): Promise<void>;
	publish(workflow: WorkflowJson): Promise<void>;
	killWorker(i: number): Promise<void>;
	restartWorker(i: number): Promise<N8nInstance>;
	restartWebhook(i: number): Promise<N8nInstance>;
	processes(): Array<N8nInstance & { role?: string }>;
	stop(opts?: { keepData?: boolean }): Promise<void>;
}

export declare function newEncryptionKey(): string;
