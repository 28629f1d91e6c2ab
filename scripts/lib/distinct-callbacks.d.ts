import type { CanonicalEvent } from '../../lib';
import type { CorpusEntry } from '../demo/traffic';
export type DistinctCallback = CorpusEntry & { event: CanonicalEvent; dedupKey: string };
export declare function distinctCallbacks(
	corpus: CorpusEntry[],
	n: number,
	lib: { parseCallback: typeof import('../../lib').parseCallback },
): DistinctCallback[];
