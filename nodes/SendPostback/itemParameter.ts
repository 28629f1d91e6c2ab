// Per-item parameter reads without paying for n8n's expression evaluator where it adds nothing.
// `getNodeParameter(name, i)` costs ~150 µs per item for an expression on n8n 2.41 (more than the
// postback itself), so:
//   - a parameter without any expression is read once and shared by all items;
//   - an expression that is only a `$json` path (`{{ $json.dedup_key }}`, `{{ $json["a"].b }}`,
//     the idempotency key's default) is read straight from the item, which is what n8n resolves it to;
//   - anything else goes through getNodeParameter for each item.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { isExpression, parameterPerItem } from '../shared/nodeParameters';

export type ItemParameter = (itemIndex: number) => unknown;

const SEGMENT = /\.\s*([A-Za-z_$][\w$]*)|\[\s*(?:'([^'\\]*)'|"([^"\\]*)"|(\d+))\s*\]/y;
const JSON_PATH_EXPRESSION =
	/^=\s*\{\{\s*\$json((?:\s*(?:\.\s*[A-Za-z_$][\w$]*|\[[^\]]*\]))+)\s*\}\}\s*$/;

/** The property path of an expression that is exactly `{{ $json<path> }}`, else undefined. */
export function jsonPathOfExpression(raw: string): string[] | undefined {
	const match = JSON_PATH_EXPRESSION.exec(raw);
	if (!match) return undefined;
	const source = match[1].trim();
	const path: string[] = [];
	SEGMENT.lastIndex = 0;
	while (SEGMENT.lastIndex < source.length) {
		const start = SEGMENT.lastIndex;
		const segment = SEGMENT.exec(source);
		if (!segment || segment.index !== start) return undefined;
		path.push(segment[1] ?? segment[2] ?? segment[3] ?? segment[4]);
		while (source[SEGMENT.lastIndex] === ' ') SEGMENT.lastIndex++;
	}
	return path.length > 0 ? path : undefined;
}

/** Reads a property path from an item, as `$json.a.b` would (undefined when a link is missing). */
export function readPath(json: IDataObject, path: readonly string[]): unknown {
	let value: unknown = json;
	for (const key of path) {
		if (value === null || typeof value !== 'object') return undefined;
		if (!Object.prototype.hasOwnProperty.call(value, key)) return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

/**
 * A reader for one top-level parameter. `fallback` is returned where n8n would return it (the
 * parameter is absent, i.e. hidden by its display options).
 */
export function itemParameter(
	context: IExecuteFunctions,
	name: string,
	items: readonly INodeExecutionData[],
	fallback?: unknown,
): ItemParameter {
	const raw = context.getNode().parameters[name];
	const path = isExpression(raw) ? jsonPathOfExpression(raw) : undefined;
	if (path) return (itemIndex) => readPath(items[itemIndex].json, path);
	return parameterPerItem(context, name, raw, fallback);
}
