// Whether a node's parameters can be read straight from node.parameters. n8n-workflow 2.41 added
// nodeParametersAreStatic; on older n8n 2.x it is missing and the nodes always ask n8n (which
// evaluates expressions), so they load on every 2.x release.
import * as workflow from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

/** True when no parameter holds an expression; false (always evaluate) on n8n without the helper. */
export function parametersAreStatic(node: Pick<INode, 'parameters'>): boolean {
	return typeof workflow.nodeParametersAreStatic === 'function'
		? workflow.nodeParametersAreStatic(node)
		: false;
}

/** Reads one parameter by name, with the fallback n8n would use when it is unset. */
export type ParameterRead = <T>(name: string, fallback: T) => T;

/**
 * Reads the node's own parameter object. Only valid when {@link parametersAreStatic}: n8n has then
 * applied the defaults, and getNodeParameter would add evaluation work to every call.
 */
export function staticParameterRead(node: Pick<INode, 'parameters'>): ParameterRead {
	const parameters = node.parameters;
	return <T>(name: string, fallback: T) => (parameters[name] ?? fallback) as T;
}
