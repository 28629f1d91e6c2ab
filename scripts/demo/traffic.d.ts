// Types for traffic.js (used by the e2e tests).
export interface CorpusEntry {
	/** `<mmp>/<fixture file>` */
	file: string;
	mmp: string;
	method: 'GET' | 'POST';
	/** The query as the MMP encodes it, with `mmp=<name>` added when the fixture relied on its path. */
	query: string;
	headers: Record<string, string>;
	body: string | undefined;
}
export declare const NETWORK_WORKFLOW_ID: string;
export declare const SLACK_NODE_WORKFLOW_ID: string;
export declare function loadCorpus(dir?: string): CorpusEntry[];
export declare function interleaveByMmp(corpus: CorpusEntry[]): CorpusEntry[];
/** Resolves to the HTTP status, 0 when nothing answered. */
export declare function sendCallback(webhookUrl: string, entry: CorpusEntry): Promise<number>;
export declare function writeDemoState(state: unknown): void;
