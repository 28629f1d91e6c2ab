export declare const CORPUS_DIR: string;
export declare const GUIDE_DIR: string;
export declare const E2E_WORKFLOW_DIR: string;
/** A fixture file's JSON plus its corpus path (`<mmp>/<name>.json`); the shape is the caller's. */
export declare function readCorpus(dir?: string): Array<Record<string, unknown> & { file: string }>;
export declare function readCorpusFile(
	file: string,
	dir?: string,
): Record<string, unknown> & { file: string };
export declare function guideMmps(): string[];
export declare function readGuideFile(mmp: string): unknown;
export declare function readE2eWorkflow(file: string): unknown;
