export declare const ROOT: string;
export interface N8nInstall {
	nodeBin: string;
	n8nBin: string;
}
export declare function ensureN8n(opts?: {
	verbose?: boolean;
	/** false: only look for a completed install (`ensure-n8n.sh --check`), never install. */
	install?: boolean;
}): ({ ok: true } & N8nInstall) | { ok: false; reason: string };
