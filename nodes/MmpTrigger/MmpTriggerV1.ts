// typeVersion 1, unchanged in behaviour: acknowledges on receipt, one execution per callback, and
// keeps n8n's body parser away with the hidden options.binaryData (which n8n evaluates through the
// expression engine on every request; typeVersion 2 avoids that, see MmpTriggerV2.ts).
import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { TRIGGER_OUTPUT_NAMES } from '../../lib/inbound';
import { mmpWebhookAuthTest } from './credentialTest';
import { mmpTriggerV1Properties } from './description/properties';
import { receiveCallback, respondWithError, type WebhookResponse } from './receiveCallback';
import { passResendGate } from './resendGate';
import {
	DEFAULT_TRIGGER_VERSION,
	passiveWebhookMethods,
	REGISTERED_METHODS,
	triggerBaseDescription,
} from './triggerDescription';
import { triggerWebhookFields } from './workflowCompat';

export class MmpTriggerV1 implements INodeType {
	description: INodeTypeDescription = {
		...triggerBaseDescription,
		version: 1,
		defaultVersion: DEFAULT_TRIGGER_VERSION,
		webhooks: [
			{
				name: 'default',
				httpMethod: REGISTERED_METHODS,
				isFullPath: true,
				ndvHideMethod: true,
				// Acknowledge once the execution is registered, without waiting for the workflow.
				responseMode: 'onReceived',
				// Empty, so n8n answers with webhookResponse (the configured body); left unset, n8n
				// would answer with the literal text "firstEntryJson".
				responseData: '',
				...triggerWebhookFields(),
			},
		],
		properties: mmpTriggerV1Properties,
	};

	methods = { credentialTest: { mmpWebhookAuthTest } };

	webhookMethods = passiveWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const received = await receiveCallback(this);
		if ('answered' in received) return received.answered;
		const webhookResponse = received.acknowledgement.body;
		if (!received.emit) return { webhookResponse };
		const gate = await passResendGate(this, received.emit.item.dedup_key);
		if (gate === 'drop') return { webhookResponse };
		if (gate !== 'pass') {
			const res = this.getResponseObject() as unknown as WebhookResponse;
			return respondWithError(res, gate.status, gate.error, gate.headers);
		}
		const outputs: INodeExecutionData[][] = TRIGGER_OUTPUT_NAMES.map(() => []);
		outputs[received.emit.output].push({ json: received.emit.item as unknown as IDataObject });
		return { webhookResponse, workflowData: outputs };
	}
}
