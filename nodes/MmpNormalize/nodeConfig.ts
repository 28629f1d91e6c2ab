// Node parameters → what normalizing one item needs: the compiled MMP Trigger configuration and
// where the callback sits in the item. With no expression among the parameters (the usual case)
// this is read and compiled once per execution; otherwise once per item, as n8n evaluates them.
import type { IExecuteFunctions } from 'n8n-workflow';

import {
	cachedTriggerConfig,
	compileFieldPaths,
	type CompiledFieldPaths,
	type TriggerConfigResult,
} from '../../lib/inbound';
import { triggerSettingsFrom } from '../MmpTrigger/nodeConfig';
import { perItemFromParameters, type ParameterRead } from '../shared/nodeParameters';

export type InputShape = 'webhookNode' | 'fields';

export interface NormalizePlan {
	compiled: TriggerConfigResult;
	input: InputShape;
	paths: CompiledFieldPaths;
	rawBodyBinaryField: string;
	clientIpField: string;
}

function readPlan(read: ParameterRead): NormalizePlan {
	const input = read<InputShape>('input', 'webhookNode');
	return {
		compiled: cachedTriggerConfig(triggerSettingsFrom(read, 'keepOnly')),
		input,
		paths:
			input === 'fields'
				? compileFieldPaths({
						url: read('urlField', 'url'),
						query: read('queryField', 'query'),
						headers: read('headersField', 'headers'),
						body: read('bodyField', 'body'),
						method: read('methodField', 'method'),
						clientIp: read('clientIpField', ''),
					})
				: {},
		rawBodyBinaryField: read('rawBodyBinaryField', 'data').trim(),
		clientIpField: read('clientIpField', '').trim(),
	};
}

/**
 * This node's config: itemIndex → plan, the same object for every item when the parameters are
 * static (nodes/shared/nodeParameters.ts).
 */
export function readNodeConfig(ctx: IExecuteFunctions): (itemIndex: number) => NormalizePlan {
	return perItemFromParameters(ctx, readPlan);
}
