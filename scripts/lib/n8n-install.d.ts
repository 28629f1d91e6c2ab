export declare const ROOT: string;
export interface N8nInstall {
	nodeBin: string;
	n8nBin: string;
}
export declare function ensureN8n(opts?: {
	verbose?: boolean;
}): ({ ok: true } & N8nInstall) | { ok: false; reason: string };
