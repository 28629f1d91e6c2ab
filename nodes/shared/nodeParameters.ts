// How the nodes read their parameters, in one place. n8n's getNodeParameter evaluates expressions
// (and costs per call even for a fixed value), so the nodes avoid it where it adds nothing:
//   - raw reads: a node's own parameter object, as saved, to see whether (and where) an expression
//     sits before deciding how to read it (isExpression, containsExpression, rawParameter);
//   - the static fast path: when no parameter holds an expression (n8n 2.41's
//     nodeParametersAreStatic), the parameter object is read directly, defaults already applied;
//   - n8n's read otherwise: per request (webhook) or per item (execute).
// Every node's nodeConfig.ts reads "this node's config" through these, under one name:
// readNodeConfig.
import * as workflow from 'n8n-workflow';
import type { IExecuteFunctions, INode, INodeParameters, IWebhookFunctions } from 'n8n-workflow';

/**
 * Reads one parameter by name (or path), with the fallback n8n would use when it is unset. Without
 * a fallback, n8n's read throws for an unset parameter, as getNodeParameter does.
 */
export type ParameterRead = <T>(name: string, fallback?: T) => T;

/** Whether a raw parameter value is an n8n expression (n8n stores those as `=…`). */
export function isExpression(raw: unknown): raw is string {
	return typeof raw === 'string' && raw.startsWith('=');
}

/** Whether a raw parameter value (string, object, array) contains an n8n expression anywhere. */
export function containsExpression(raw: unknown): boolean {
	if (typeof raw === 'string') return raw.startsWith('=');
	if (Array.isArray(raw)) return raw.some(containsExpression);
	if (raw !== null && typeof raw === 'object') return Object.values(raw).some(containsExpression);
	return false;
}

/** Reads a value at `path` inside the node's raw parameters (no expression resolution). */
export function rawParameter(
	parameters: INodeParameters,
	path: readonly (string | number)[],
): unknown {
	let node: unknown = parameters;
	for (const key of path) {
		if (node === null || typeof node !== 'object') return undefined;
		node = (node as Record<string | number, unknown>)[key];
	}
	return node;
}

/**
 * True when no parameter holds an expression. n8n-workflow 2.41 added nodeParametersAreStatic; on
 * older n8n 2.x it is missing and this says false (always ask n8n), so the nodes load on every 2.x.
 */
export function parametersAreStatic(node: Pick<INode, 'parameters'>): boolean {
	return typeof workflow.nodeParametersAreStatic === 'function'
		? workflow.nodeParametersAreStatic(node)
		: false;
}

/**
 * Reads the node's own parameter object. Only valid when {@link parametersAreStatic}: n8n has then
 * applied the defaults, and getNodeParameter would add evaluation work to every call.
 */
export function staticParameterRead(node: Pick<INode, 'parameters'>): ParameterRead {
	const parameters = node.parameters;
	return <T>(name: string, fallback?: T) => (parameters[name] ?? fallback) as T;
}

/** A webhook's read: the static fast path, else n8n's (which evaluates expressions per request). */
export function webhookParameterRead(ctx: IWebhookFunctions): ParameterRead {
	const node = ctx.getNode();
	if (parametersAreStatic(node)) return staticParameterRead(node);
	return <T>(name: string, fallback?: T) => ctx.getNodeParameter(name, fallback) as T;
}

/** n8n's read for one item: expressions see that item. */
export function itemParameterRead(ctx: IExecuteFunctions, itemIndex: number): ParameterRead {
	return <T>(name: string, fallback?: T) => ctx.getNodeParameter(name, itemIndex, fallback) as T;
}

/**
 * Something built from the parameters, for each item: built once from the static fast path when no
 * parameter holds an expression (the usual case), else built per item from n8n's read.
 */
export function perItemFromParameters<T>(
	ctx: IExecuteFunctions,
	build: (read: ParameterRead) => T,
): (itemIndex: number) => T {
	const node = ctx.getNode();
	if (parametersAreStatic(node)) {
		const built = build(staticParameterRead(node));
		return () => built;
	}
	return (itemIndex) => build(itemParameterRead(ctx, itemIndex));
}

/**
 * One parameter (a name or a path such as `headers.header[0].value`) for each item: read once
 * when its raw value holds no expression, else through n8n per item.
 */
export function parameterPerItem(
	ctx: IExecuteFunctions,
	path: string,
	raw: unknown,
	fallback?: unknown,
): (itemIndex: number) => unknown {
	if (!containsExpression(raw)) {
		const value = ctx.getNodeParameter(path, 0, fallback);
		return () => value;
	}
	return (itemIndex) => ctx.getNodeParameter(path, itemIndex, fallback);
}
