// The trigger must load on n8n 2.x releases whose n8n-workflow predates the native webhook-description
// resolvers (added in 2.41): the fields fall back to classic expression templates.
import type { INode } from 'n8n-workflow';

function loadCompat(withNativeHelpers: boolean) {
	let compat!: typeof import('../../nodes/MmpTrigger/workflowCompat');
	jest.isolateModules(() => {
		jest.doMock('n8n-workflow', () => {
			const actual = jest.requireActual('n8n-workflow');
			if (withNativeHelpers) return actual;
			return {
				...actual,
				webhookDescriptionFields: undefined,
				fromParameter: undefined,
				fromFunction: undefined,
				nodeParametersAreStatic: undefined,
			};
		});
		compat = require('../../nodes/MmpTrigger/workflowCompat');
	});
	jest.dontMock('n8n-workflow');
	return compat;
}

const node = { parameters: { path: 'mmp' } } as unknown as INode;

describe('MMP Trigger n8n-workflow compatibility', () => {
	it('uses the native resolvers on n8n 2.41+', () => {
		const compat = loadCompat(true);
		expect(compat.triggerWebhookFields().path).toBe('={{$parameter["path"]}}');
		expect(compat.parametersAreStatic(node)).toBe(true);
	});

	it('falls back to expression templates where the helpers are missing', () => {
		const compat = loadCompat(false);
		const fields = compat.triggerWebhookFields();
		expect(fields.path).toBe('={{$parameter["path"]}}');
		expect(fields.responseCode).toBe(
			'={{Number(($parameter["additionalOptions"] || {})["responseCode"] || 200)}}',
		);
		// Without the helper the node always asks n8n (which evaluates any expressions).
		expect(compat.parametersAreStatic(node)).toBe(false);
	});
});
