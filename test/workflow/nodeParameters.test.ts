// nodes/shared/nodeParameters.ts: the one way the nodes read their parameters. Expression checks
// and raw reads look at the parameters as saved; the static fast path reads them directly when no
// parameter holds an expression; otherwise n8n's getNodeParameter (which evaluates) is asked.
import type { IExecuteFunctions, INode, INodeParameters, IWebhookFunctions } from 'n8n-workflow';

import {
	containsExpression,
	isExpression,
	itemParameterRead,
	parameterPerItem,
	parametersAreStatic,
	perItemFromParameters,
	rawParameter,
	webhookParameterRead,
	type ParameterRead,
} from '../../nodes/shared/nodeParameters';

const STATIC: INodeParameters = { mmp: 'adjust', options: { responseCode: 204 }, list: ['a'] };
const WITH_EXPRESSION: INodeParameters = { mmp: 'adjust', url: '={{ $json.url }}' };

/** A context whose getNodeParameter records its calls and answers `evaluated(name, itemIndex)`. */
function fakeContext(parameters: INodeParameters) {
	const node = { name: 'Node', type: 'x', typeVersion: 1, parameters } as unknown as INode;
	const calls: Array<[string, number]> = [];
	const getNodeParameter = (name: string, itemIndex: number, fallback?: unknown) => {
		calls.push([name, itemIndex]);
		return parameters[name] === undefined ? fallback : `evaluated(${name}, ${itemIndex})`;
	};
	const execute = { getNode: () => node, getNodeParameter } as unknown as IExecuteFunctions;
	// A webhook's getNodeParameter has no item index (n8n reads item 0).
	const webhook = {
		getNode: () => node,
		getNodeParameter: (name: string, fallback?: unknown) => getNodeParameter(name, 0, fallback),
	} as unknown as IWebhookFunctions;
	return { execute, webhook, calls };
}

describe('nodes/shared/nodeParameters: expression checks and raw reads', () => {
	it('isExpression: only a string that n8n stores as an expression (`=…`)', () => {
		expect(isExpression('={{ $json.a }}')).toBe(true);
		expect(isExpression('=plain')).toBe(true);
		expect(isExpression('{{ $json.a }}')).toBe(false);
		expect(isExpression(' ={{ 1 }}')).toBe(false);
		expect(isExpression(undefined)).toBe(false);
		expect(isExpression({ value: '=x' })).toBe(false);
	});

	it('containsExpression: anywhere in strings, arrays and objects', () => {
		expect(containsExpression('=x')).toBe(true);
		expect(containsExpression('x')).toBe(false);
		expect(containsExpression(['a', { b: ['=c'] }])).toBe(true);
		expect(containsExpression({ header: [{ name: 'X', value: 'v' }] })).toBe(false);
		expect(containsExpression({ header: [{ name: 'X', value: '={{ $json.v }}' }] })).toBe(true);
		expect(containsExpression(null)).toBe(false);
		expect(containsExpression(42)).toBe(false);
	});

	it('rawParameter: follows a path through objects and arrays, undefined where a link is missing', () => {
		const parameters = {
			headers: { header: [{ name: 'X-A', value: '={{ $json.a }}' }] },
		} as unknown as INodeParameters;
		expect(rawParameter(parameters, ['headers', 'header', 0, 'value'])).toBe('={{ $json.a }}');
		expect(rawParameter(parameters, ['headers', 'header', 1, 'value'])).toBeUndefined();
		expect(rawParameter(parameters, ['headers', 'header', 0, 'name', 'deeper'])).toBeUndefined();
		expect(rawParameter(parameters, [])).toBe(parameters);
	});

	it('parametersAreStatic: false as soon as one parameter holds an expression', () => {
		expect(parametersAreStatic({ parameters: STATIC })).toBe(true);
		expect(parametersAreStatic({ parameters: WITH_EXPRESSION })).toBe(false);
	});
});

describe('nodes/shared/nodeParameters: the static fast path and n8n reads', () => {
	it("a webhook's read takes static parameters directly, without asking n8n", () => {
		const { webhook, calls } = fakeContext(STATIC);
		const read = webhookParameterRead(webhook);
		expect(read('mmp', 'auto')).toBe('adjust');
		expect(read('options', {})).toEqual({ responseCode: 204 });
		expect(read('missing', 'fallback')).toBe('fallback');
		expect(calls).toEqual([]);
	});

	it("a webhook's read asks n8n (which evaluates) when any parameter holds an expression", () => {
		const { webhook, calls } = fakeContext(WITH_EXPRESSION);
		const read = webhookParameterRead(webhook);
		expect(read('mmp', 'auto')).toBe('evaluated(mmp, 0)');
		expect(read('missing', 'fallback')).toBe('fallback');
		expect(calls).toEqual([
			['mmp', 0],
			['missing', 0],
		]);
	});

	it("itemParameterRead is n8n's read for that item", () => {
		const { execute, calls } = fakeContext(STATIC);
		expect(itemParameterRead(execute, 3)('mmp', 'auto')).toBe('evaluated(mmp, 3)');
		expect(calls).toEqual([['mmp', 3]]);
	});

	it('perItemFromParameters builds once from the parameters when static', () => {
		const { execute, calls } = fakeContext(STATIC);
		const build = jest.fn((read: ParameterRead) => ({ mmp: read('mmp', 'auto') }));
		const forItem = perItemFromParameters(execute, build);
		expect(forItem(0)).toEqual({ mmp: 'adjust' });
		expect(forItem(5)).toBe(forItem(0));
		expect(build).toHaveBeenCalledTimes(1);
		expect(calls).toEqual([]);
	});

	it('perItemFromParameters builds per item through n8n when an expression is present', () => {
		const { execute, calls } = fakeContext(WITH_EXPRESSION);
		const build = jest.fn((read: ParameterRead) => ({ mmp: read('mmp', 'auto') }));
		const forItem = perItemFromParameters(execute, build);
		expect(forItem(0)).toEqual({ mmp: 'evaluated(mmp, 0)' });
		expect(forItem(2)).toEqual({ mmp: 'evaluated(mmp, 2)' });
		expect(build).toHaveBeenCalledTimes(2);
		expect(calls).toEqual([
			['mmp', 0],
			['mmp', 2],
		]);
	});

	it('parameterPerItem reads a parameter without expression once, for item 0', () => {
		const { execute, calls } = fakeContext(WITH_EXPRESSION);
		const mmp = parameterPerItem(execute, 'mmp', WITH_EXPRESSION.mmp);
		expect([mmp(0), mmp(1), mmp(7)]).toEqual(Array(3).fill('evaluated(mmp, 0)'));
		expect(calls).toEqual([['mmp', 0]]);
	});

	it('parameterPerItem evaluates a parameter holding an expression for each item', () => {
		const { execute, calls } = fakeContext(WITH_EXPRESSION);
		const url = parameterPerItem(execute, 'url', WITH_EXPRESSION.url);
		expect([url(0), url(1)]).toEqual(['evaluated(url, 0)', 'evaluated(url, 1)']);
		expect(calls).toEqual([
			['url', 0],
			['url', 1],
		]);
	});

	it('parameterPerItem passes the fallback n8n returns for an unset parameter', () => {
		const { execute } = fakeContext(STATIC);
		expect(parameterPerItem(execute, 'absent', undefined, 'none')(4)).toBe('none');
	});
});

describe('nodes/shared/nodeParameters on n8n without nodeParametersAreStatic', () => {
	it('never takes the fast path: every read goes through n8n', () => {
		let shared!: typeof import('../../nodes/shared/nodeParameters');
		jest.isolateModules(() => {
			jest.doMock('n8n-workflow', () => ({
				...jest.requireActual('n8n-workflow'),
				nodeParametersAreStatic: undefined,
			}));
			shared = require('../../nodes/shared/nodeParameters');
		});
		jest.dontMock('n8n-workflow');
		const { webhook, execute, calls } = fakeContext(STATIC);
		expect(shared.parametersAreStatic({ parameters: STATIC })).toBe(false);
		expect(shared.webhookParameterRead(webhook)('mmp', 'auto')).toBe('evaluated(mmp, 0)');
		expect(shared.perItemFromParameters(execute, (read) => read('mmp', ''))(1)).toBe(
			'evaluated(mmp, 1)',
		);
		expect(calls).toEqual([
			['mmp', 0],
			['mmp', 1],
		]);
	});
});
