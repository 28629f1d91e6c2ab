// Emitted callbacks → the trigger's outputs (Attribution, In-App Event, Fraud Alert: lib's
// TRIGGER_OUTPUT_NAMES), shared by every typeVersion.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { TRIGGER_OUTPUT_NAMES, type TriggerItem, type TriggerOutputIndex } from '../../lib/inbound';

export interface Emitted {
	output: TriggerOutputIndex;
	item: TriggerItem;
}

/** One list per output; each callback on the output its verdict names, in arrival order. */
export function triggerOutputs(emitted: readonly Emitted[]): INodeExecutionData[][] {
	const outputs: INodeExecutionData[][] = TRIGGER_OUTPUT_NAMES.map(() => []);
	for (const { output, item } of emitted) {
		outputs[output].push({ json: item as unknown as IDataObject });
	}
	return outputs;
}
