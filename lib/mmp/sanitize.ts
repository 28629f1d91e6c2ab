// Copies a body the host already parsed (n8n's req.body) into a JSON-safe tree with the same limits
// a raw body gets: nesting depth, approximate size, no prototype-reaching keys. Values JSON cannot
// carry are dropped (functions, symbols, undefined) or converted (bigint and Date to text,
// non-finite numbers to null, as JSON.stringify does).
import { CallbackInputError, isForbiddenKey } from './errors';
import type { RawValue } from './types';

interface Budget {
	remaining: number;
	readonly maxBytes: number;
	readonly maxDepth: number;
}

function spend(budget: Budget, bytes: number): void {
	budget.remaining -= bytes;
	if (budget.remaining < 0) {
		throw new CallbackInputError(
			413,
			'body_too_large',
			`Body is larger than the limit of ${budget.maxBytes} bytes`,
		);
	}
}

function copyValue(value: unknown, depth: number, budget: Budget): RawValue | undefined {
	switch (typeof value) {
		case 'string':
			spend(budget, value.length + 3);
			return value;
		case 'number':
			spend(budget, 8);
			return Number.isFinite(value) ? value : null;
		case 'boolean':
			spend(budget, 5);
			return value;
		case 'bigint':
			spend(budget, 24);
			return value.toString();
		case 'object':
			break;
		default:
			return undefined;
	}
	if (value === null) {
		spend(budget, 4);
		return null;
	}
	if (value instanceof Date) {
		spend(budget, 26);
		return Number.isNaN(value.getTime()) ? null : value.toISOString();
	}
	if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return undefined;
	if (depth > budget.maxDepth) {
		throw new CallbackInputError(
			400,
			'body_too_deep',
			`Body nests deeper than ${budget.maxDepth} levels`,
		);
	}
	if (Array.isArray(value)) {
		const copy: RawValue[] = [];
		for (let i = 0; i < value.length; i++) {
			const item = copyValue(value[i], depth + 1, budget);
			copy.push(item === undefined ? null : item);
		}
		spend(budget, 2);
		return copy;
	}
	const copy: { [key: string]: RawValue } = {};
	const keys = Object.keys(value);
	for (let i = 0; i < keys.length; i++) {
		const key = keys[i];
		if (isForbiddenKey(key)) continue;
		const item = copyValue((value as Record<string, unknown>)[key], depth + 1, budget);
		if (item === undefined) continue;
		spend(budget, key.length + 4);
		copy[key] = item;
	}
	spend(budget, 2);
	return copy;
}

/**
 * JSON-safe copy of an already-parsed value; the top level counts as depth 1. Throws
 * CallbackInputError (400 body_too_deep, 413 body_too_large). Cycles end at the depth limit.
 */
export function sanitizeParsedBody(
	value: unknown,
	maxDepth: number,
	maxBytes: number,
): RawValue | undefined {
	return copyValue(value, 1, { remaining: maxBytes, maxBytes, maxDepth });
}
