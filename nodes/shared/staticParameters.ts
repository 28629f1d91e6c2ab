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
