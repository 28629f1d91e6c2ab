// Dotted-path lookup into the values object: `user_data.aaid`, `content_items[0].$sku`,
// `last_attributed_touch_data["~campaign"]`. Only own properties are read, so a macro named
// `constructor` or `__proto__` can never reach Object.prototype.

const hasOwn = Object.prototype.hasOwnProperty;

/** Whether `key` would hit an Object.prototype member through plain `obj[key]`. */
export function isPrototypeKey(key: string): boolean {
	return key in Object.prototype;
}

/** Own property or undefined. */
export function ownValue(obj: unknown, key: string): unknown {
	if (obj === null || typeof obj !== 'object') return undefined;
	return hasOwn.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

/** Splits a path into segments, or returns undefined when it is not a path (no `.` or `[`). */
export function parsePath(path: string): string[] | undefined {
	if (!path.includes('.') && !path.includes('[')) return undefined;
	const segments: string[] = [];
	let current = '';
	for (let i = 0; i < path.length; i++) {
		const ch = path[i];
		if (ch === '.') {
			segments.push(current);
			current = '';
		} else if (ch === '[') {
			const close = path.indexOf(']', i);
			if (close < 0) return undefined;
			if (current !== '') segments.push(current);
			current = '';
			let inner = path.slice(i + 1, close).trim();
			const q = inner[0];
			if ((q === '"' || q === "'") && inner.endsWith(q) && inner.length >= 2)
				inner = inner.slice(1, -1);
			segments.push(inner);
			i = close;
			if (path[i + 1] === '.') i++;
		} else {
			current += ch;
		}
	}
	if (current !== '' || segments.length === 0) segments.push(current);
	return segments.some((s) => s === '') ? undefined : segments;
}

/**
 * Walks `segments` from `root`. At each level a single segment is tried first, then the rest of the
 * path joined with dots as one flat key (`{ user_data: { 'custom.uid': … } }`).
 */
export function getPath(root: unknown, segments: readonly string[], from = 0): unknown {
	let node: unknown = root;
	for (let i = from; i < segments.length; i++) {
		if (node === null || typeof node !== 'object') return undefined;
		const next = ownValue(node, segments[i]);
		if (next === undefined && i < segments.length - 1) {
			return ownValue(node, segments.slice(i).join('.'));
		}
		node = next;
	}
	return node;
}
