// nodes/shared/nodeErrors.ts: what Render Callback, Send Postback and MMP Normalize throw or emit.
import { NodeOperationError, type INode } from 'n8n-workflow';

import { asNodeError } from '../../nodes/shared/nodeErrors';

const node = { name: 'Node', type: 'x', typeVersion: 1, parameters: {} } as unknown as INode;

describe('asNodeError', () => {
	it('keeps a NodeOperationError as it is (its description stays)', () => {
		const error = new NodeOperationError(node, 'Bad', { description: 'Fix it' });
		expect(asNodeError(node, error, 3)).toBe(error);
	});

	it('wraps anything else, naming the item when given', () => {
		const forItem = asNodeError(node, new Error('boom'), 2);
		expect(forItem).toBeInstanceOf(NodeOperationError);
		expect(forItem.message).toBe('boom');
		expect(forItem.context.itemIndex).toBe(2);
		const forNode = asNodeError(node, new Error('boom'));
		expect(forNode.message).toBe('boom');
		expect(forNode.context.itemIndex).toBeUndefined();
	});
});
