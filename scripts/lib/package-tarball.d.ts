export declare function packedTarball(opts?: {
	build?: 'if-stale' | 'never';
	log?: (line: string) => void;
}): string;

export interface PackManifest {
	files: Array<{ path: string; size: number }>;
	/** Packed (gzip) size in bytes. */
	size: number;
	unpackedSize: number;
}

export declare function packManifest(opts?: {
	build?: 'if-stale' | 'never';
	log?: (line: string) => void;
}): PackManifest;
