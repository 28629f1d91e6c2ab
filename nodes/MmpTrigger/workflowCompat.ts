// n8n-workflow 2.41 added native webhook-description resolvers (webhookDescriptionFields & co.), which
// let n8n skip the expression engine for static fields. Older n8n 2.x lacks them; there the same
// fields fall back to the classic expression templates, so the node loads on every 2.x release.
import * as workflow from 'n8n-workflow';
import type { IDataObject, INodeParameters, IWebhookDescription } from 'n8n-workflow';

type DescriptionFields = Pick<IWebhookDescription, 'path' | 'responseCode'>;

const hasNativeFields =
	typeof workflow.webhookDescriptionFields === 'function' &&
	typeof workflow.fromParameter === 'function' &&
	typeof workflow.fromFunction === 'function';

// Self-contained and plain ES5 in the body: n8n inlines its source into an expression.
function responseCodeOf(parameters: INodeParameters): number {
	const options = parameters.additionalOptions as IDataObject | undefined;
	return Number((options && options.responseCode) || 200);
}

/** `path` and `responseCode` of the trigger's webhook, natively resolvable where n8n supports it. */
export function triggerWebhookFields(): DescriptionFields {
	if (!hasNativeFields) {
		return {
			path: '={{$parameter["path"]}}',
			responseCode: '={{Number(($parameter["additionalOptions"] || {})["responseCode"] || 200)}}',
		};
	}
	return workflow.webhookDescriptionFields({
		path: workflow.fromParameter('path'),
		responseCode: workflow.fromFunction(responseCodeOf),
	}) as DescriptionFields;
}

type V2Fields = DescriptionFields & Pick<IWebhookDescription, 'responseMode' | 'responseData'>;

/**
 * typeVersion 2's natively resolvable fields: `path` and `responseCode` as above, plus
 * `responseMode` and `responseData` from its "Respond" parameter: 'onReceived' (answer once the
 * execution is registered) or 'lastNode' (once it finished; n8n answers 500 when it failed). With
 * 'lastNode' the body is empty ('noData'), so no workflow data leaks back to the MMP; with
 * 'onReceived' it is the node's acknowledgement ('' → webhookResponse). One declaration: the
 * resolvers live under one key, so a second spread would drop the first one's.
 */
export function triggerV2WebhookFields(): V2Fields {
	if (!hasNativeFields) {
		return {
			...triggerWebhookFields(),
			responseMode: '={{$parameter["respond"] || "onReceived"}}',
			responseData: '={{$parameter["respond"] === "lastNode" ? "noData" : ""}}',
		};
	}
	return workflow.webhookDescriptionFields({
		path: workflow.fromParameter('path'),
		responseCode: workflow.fromFunction(responseCodeOf),
		responseMode: workflow.fromParameter('respond', 'onReceived'),
		responseData: workflow.fromFunction((parameters: INodeParameters) =>
			parameters.respond === 'lastNode' ? 'noData' : '',
		),
	}) as V2Fields;
}

// In nodes/shared/nodeParameters.ts with the other parameter reads; re-exported where it was.
export { parametersAreStatic } from '../shared/nodeParameters';
