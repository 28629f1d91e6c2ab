// typeVersion 2: nothing in n8n's webhook phase reaches the expression engine (no hidden option for
// n8n to evaluate, every webhook description field natively resolvable), so under
// N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true a callback costs what n8n's own Webhook node costs, and a
// filtered or rejected one costs n8n's floor. Adds "Respond" (on receipt / when the workflow
// finishes) and batched executions. n8n now reads the body first: malformed JSON or XML gets n8n's
// 422 JSON before the node runs (still no execution); the raw bytes stay in req.rawBody for HMAC.
import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import {
	CallbackBatcher,
	resolveBatchLimits,
	TRIGGER_OUTPUT_NAMES,
	type TriggerItem,
	type TriggerOutputIndex,
} from '../../lib/inbound';
import { answerHeldWith, settleWhenAnswered } from './batchResponses';
import { mmpWebhookAuthTest } from './credentialTest';
import { mmpTriggerV2Properties } from './description/properties';
import { receiveCallback, respondWithError, type WebhookResponse } from './receiveCallback';
import { passResendGate } from './resendGate';
import { readBatchSettings } from './settings';
import {
	DEFAULT_TRIGGER_VERSION,
	passiveWebhookMethods,
	REGISTERED_METHODS,
	triggerBaseDescription,
} from './triggerDescription';
import { triggerV2WebhookFields } from './workflowCompat';

interface Emitted {
	output: TriggerOutputIndex;
	item: TriggerItem;
}

/** One batcher per process: each n8n main or webhook processor batches its own callbacks. */
const batcher = new CallbackBatcher<Emitted>();

function toOutputs(emitted: readonly Emitted[]): INodeExecutionData[][] {
	const outputs: INodeExecutionData[][] = TRIGGER_OUTPUT_NAMES.map(() => []);
	for (const { output, item } of emitted) {
		outputs[output].push({ json: item as unknown as IDataObject });
	}
	return outputs;
}

export class MmpTriggerV2 implements INodeType {
	description: INodeTypeDescription = {
		...triggerBaseDescription,
		version: 2,
		defaultVersion: DEFAULT_TRIGGER_VERSION,
		webhooks: [
			{
				name: 'default',
				httpMethod: REGISTERED_METHODS,
				isFullPath: true,
				ndvHideMethod: true,
				...triggerV2WebhookFields(),
			},
		],
		properties: mmpTriggerV2Properties,
	};

	methods = { credentialTest: { mmpWebhookAuthTest } };

	webhookMethods = passiveWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		// Filter, IP, auth and parsing run per callback, before any batching.
		const received = await receiveCallback(this);
		if ('answered' in received) return received.answered;
		const webhookResponse = received.acknowledgement.body;
		if (!received.emit) return { webhookResponse };

		// Per callback, before batching: a re-send never joins a batch. The hold is confirmed when
		// this callback's own response is written with a 2xx (with Respond "When the Workflow
		// Finishes", once its workflow succeeded), so a re-send arriving meanwhile waits for that.
		const res = this.getResponseObject() as unknown as WebhookResponse;
		const gate = await passResendGate(this, received.emit.item.dedup_key);
		if (gate === 'drop') return { webhookResponse };
		if (gate !== 'pass') return respondWithError(res, gate.status, gate.error, gate.headers);

		const batch = readBatchSettings(this);
		if (!batch) return { webhookResponse, workflowData: toOutputs([received.emit]) };

		const ticket = batcher.join(
			`${this.getWorkflow().id ?? ''}\u0000${this.getNode().name}`,
			resolveBatchLimits(batch),
			received.emit,
			answerHeldWith(res, received.acknowledgement),
		);
		// Held: n8n leaves the response open; it is written when the leader's batch is settled.
		if (ticket.role === 'follower') return { noWebhookResponse: true };
		settleWhenAnswered(res, ticket.settle);
		return { webhookResponse, workflowData: toOutputs(await ticket.items) };
	}
}
