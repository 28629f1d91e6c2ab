// typeVersion 2: nothing in n8n's webhook phase reaches the expression engine (no hidden option for
// n8n to evaluate, every webhook description field natively resolvable), so under
// N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true a callback costs what n8n's own Webhook node costs, and a
// filtered or rejected one costs n8n's floor. Adds "Respond" (on receipt / when the workflow
// finishes) and batched executions. n8n now reads the body first: malformed JSON or XML gets n8n's
// 422 JSON before the node runs (still no execution); the raw bytes stay in req.rawBody for HMAC.
import type {
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { CallbackBatcher, resolveBatchLimits } from '../../../lib/inbound';
import { answerHeldWith, settleWhenAnswered } from '../batchResponses';
import { mmpWebhookAuthTest } from '../credentialTest';
import { mmpTriggerV2Properties } from '../description/properties';
import { receiveCallback, type WebhookResponse } from '../receiveCallback';
import { webhookParameterRead } from '../../shared/nodeParameters';
import { readBatchSettings } from '../nodeConfig';
import {
	DEFAULT_TRIGGER_VERSION,
	passiveWebhookMethods,
	REGISTERED_METHODS,
	TRIGGER_CREDENTIALS,
	TRIGGER_DESCRIPTION,
	TRIGGER_DISPLAY_NAME,
	TRIGGER_ICON,
	TRIGGER_OUTPUT_LABELS,
	TRIGGER_OUTPUTS,
	TRIGGER_SUBTITLE,
} from '../triggerDescription';
import { triggerOutputs, type Emitted } from '../triggerOutputs';
import { triggerV2WebhookFields } from '../workflowCompat';

/**
 * With "When the Workflow Finishes" the acknowledgement (which confirms a Drop Re-sends key) comes
 * only after the workflow ran, so the key stays pending that long; a workflow that runs longer lets
 * a concurrent re-send through (a duplicate, never a loss).
 */
const RESEND_PENDING_UNTIL_FINISHED_MS = 60_000;

function respondsWhenFinished(ctx: IWebhookFunctions): boolean {
	return webhookParameterRead(ctx)<string>('respond', 'onReceived') === 'lastNode';
}

/** One batcher per process: each n8n main or webhook processor batches its own callbacks. */
const batcher = new CallbackBatcher<Emitted>();

export class MmpTriggerV2 implements INodeType {
	description: INodeTypeDescription = {
		displayName: TRIGGER_DISPLAY_NAME,
		name: 'mmpTrigger',
		icon: TRIGGER_ICON,
		group: ['trigger'],
		version: 2,
		defaultVersion: DEFAULT_TRIGGER_VERSION,
		subtitle: TRIGGER_SUBTITLE,
		description: TRIGGER_DESCRIPTION,
		defaults: { name: TRIGGER_DISPLAY_NAME },
		inputs: [],
		outputs: TRIGGER_OUTPUTS,
		outputNames: TRIGGER_OUTPUT_LABELS,
		credentials: TRIGGER_CREDENTIALS,
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
		const received = await receiveCallback(this, {
			resendPendingMs: respondsWhenFinished(this) ? RESEND_PENDING_UNTIL_FINISHED_MS : undefined,
		});
		if ('answered' in received) return received.answered;
		const webhookResponse = received.acknowledgement.body;
		if (!received.emit) return { webhookResponse };

		const batch = readBatchSettings(this);
		if (!batch) return { webhookResponse, workflowData: triggerOutputs([received.emit]) };

		const res = this.getResponseObject() as unknown as WebhookResponse;
		const ticket = batcher.join(
			`${this.getWorkflow().id ?? ''}\u0000${this.getNode().name}`,
			resolveBatchLimits(batch),
			received.emit,
			answerHeldWith(res, received.acknowledgement),
		);
		// Held: n8n leaves the response open; it is written when the leader's batch is settled.
		if (ticket.role === 'follower') return { noWebhookResponse: true };
		settleWhenAnswered(res, ticket.settle);
		return { webhookResponse, workflowData: triggerOutputs(await ticket.items) };
	}
}
