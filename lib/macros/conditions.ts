// Branch `<#if>` conditions compiled into evaluators, once per template.
import type { Expr, ValueNode } from './ast';
import { lookupSlot, type ValueSlot } from './valueSlot';
import { isMissingValue, valueToText } from './valueText';

export type Evaluator = (values: object) => unknown;

/** FreeMarker-ish truth: missing, `false`, `0`, `"false"` and `"0"` are false. */
export function truthy(value: unknown): boolean {
	if (isMissingValue(value)) return false;
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value !== 0;
	if (typeof value === 'string') return value !== 'false' && value !== '0';
	return true;
}

function sameValue(a: unknown, b: unknown): boolean {
	if (typeof a === 'number' && typeof b === 'number') return a === b;
	return (valueToText(a) ?? '') === (valueToText(b) ?? '');
}

/** `refSlot` compiles (and records) a value the condition reads. */
export function compileCondition(expr: Expr, refSlot: (node: ValueNode) => ValueSlot): Evaluator {
	const compile = (e: Expr) => compileCondition(e, refSlot);
	switch (expr.kind) {
		case 'ref': {
			const slot = refSlot(expr.node);
			return (values) => {
				const v = lookupSlot(slot, values);
				return isMissingValue(v) ? undefined : v;
			};
		}
		case 'literal': {
			const value = expr.value;
			return () => value;
		}
		case 'default': {
			const of = compile(expr.of);
			const fallback = expr.fallback ? compile(expr.fallback) : () => '';
			return (values) => {
				const v = of(values);
				return isMissingValue(v) ? fallback(values) : v;
			};
		}
		case 'exists': {
			const of = compile(expr.of);
			return (values) => !isMissingValue(of(values));
		}
		case 'not': {
			const of = compile(expr.of);
			return (values) => !truthy(of(values));
		}
		case 'and':
		case 'or': {
			const left = compile(expr.left);
			const right = compile(expr.right);
			return expr.kind === 'and'
				? (values) => truthy(left(values)) && truthy(right(values))
				: (values) => truthy(left(values)) || truthy(right(values));
		}
		case 'compare': {
			const left = compile(expr.left);
			const right = compile(expr.right);
			const equal = expr.op === '==';
			return (values) => sameValue(left(values), right(values)) === equal;
		}
	}
}
