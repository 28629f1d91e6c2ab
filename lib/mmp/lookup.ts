// Reading a value from the raw payload by name or dotted path. A dotted name is first tried as a
// literal key, so a GET template parameter named `user_data.aaid` and Branch's nested POST body
// `{ "user_data": { "aaid": … } }` are read by the same path.
import { toText } from './normalize';
import type { RawPayload, RawValue } from './types';

export interface CompiledPath {
	readonly key: string;
	/** The dotted segments, or undefined when the path has no dot. */
	readonly segments: readonly string[] | undefined;
}

export function compilePath(path: string): CompiledPath {
	const segments = path.includes('.') ? path.split('.') : undefined;
	return { key: path, segments };
}

const hasOwn = Object.prototype.hasOwnProperty;

export function isRecord(value: unknown): value is { [key: string]: RawValue } {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function lookup(raw: RawPayload, path: CompiledPath): RawValue | undefined {
	if (hasOwn.call(raw, path.key)) return raw[path.key];
	const segments = path.segments;
	if (segments === undefined) return undefined;
	let node: RawValue | undefined = raw;
	for (let i = 0; i < segments.length; i++) {
		if (!isRecord(node) || !hasOwn.call(node, segments[i])) return undefined;
		node = node[segments[i]];
	}
	return node;
}

export function lookupPath(raw: RawPayload, path: string): RawValue | undefined {
	return lookup(raw, compilePath(path));
}

const pathCache = new Map<string, CompiledPath>();

/** Text at `path` (see toText): trimmed, non-empty, not an unfilled macro. */
export function readText(raw: RawPayload, path: string): string | undefined {
	let compiled = pathCache.get(path);
	if (compiled === undefined) {
		compiled = compilePath(path);
		pathCache.set(path, compiled);
	}
	return toText(lookup(raw, compiled));
}
