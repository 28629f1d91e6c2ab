export declare function packedTarball(opts?: {
	build?: 'if-stale' | 'never';
	log?: (line: string) => void;
}): string;
