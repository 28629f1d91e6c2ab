// What the execute nodes throw (or emit under Continue On Fail): always a NodeOperationError, so n8n
// shows the node's message and description and, for an item's error, which item failed.
import { NodeOperationError, type INode } from 'n8n-workflow';

/** A NodeOperationError as it is; anything else wrapped, for item `itemIndex` when given. */
export function asNodeError(node: INode, error: unknown, itemIndex?: number): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, itemIndex === undefined ? {} : { itemIndex });
}
