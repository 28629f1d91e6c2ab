// typeVersion 1, unchanged in behaviour: acknowledges on receipt, one execution per callback, and
// keeps n8n's body parser away with the hidden options.binaryData (which n8n evaluates through the
// expression engine on every request; typeVersion 2 avoids that, see MmpTriggerV2.ts).
import type {
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { mmpWebhookAuthTest } from '../credentialTest';
import { mmpTriggerV1Properties } from '../description/properties';
import { receiveCallback } from '../receiveCallback';
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
import { triggerOutputs } from '../triggerOutputs';
import { triggerWebhookFields } from '../workflowCompat';

export class MmpTriggerV1 implements INodeType {
	description: INodeTypeDescription = {
		displayName: TRIGGER_DISPLAY_NAME,
		name: 'mmpTrigger',
		icon: TRIGGER_ICON,
		group: ['trigger'],
		version: 1,
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
		return { webhookResponse, workflowData: triggerOutputs([received.emit]) };
	}
}
