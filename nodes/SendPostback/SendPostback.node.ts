import {
	NodeConnectionTypes,
	NodeOperationError,
	sleep,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import {
	createScrubber,
	DeliveryConfigError,
	deliverEach,
	type DeliveryItem,
} from '../../lib/delivery';
import { asNodeError } from '../shared/nodeErrors';
import { testPostbackEndpointAuth } from './credentialTest';
import { failedItemsError } from './failedItemsError';
import { deliveryProperties } from './description/delivery';
import { optionsProperty } from './description/options';
import { requestProperties } from './description/request';
import { createItemRequestReader } from './itemRequest';
import { CREDENTIAL_TYPE, configErrorFrom, readNodeConfig, type NodeConfig } from './nodeConfig';
import {
	describeRequest,
	outputItem,
	postbackFromResult,
	unsentPostback,
	type Postback,
	type SentRequest,
} from './outputItem';

export class SendPostback implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Send Postback',
		name: 'sendPostback',
		icon: { light: 'file:sendPostback.svg', dark: 'file:sendPostback.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{ $parameter["requestSource"] === "define" ? $parameter["method"] + " " + $parameter["url"] : "Render Callback output" }}',
		description:
			'Deliver postbacks with per-item retries, backoff and Retry-After; every item ends on Delivered or Failed',
		defaults: { name: 'Send Postback' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Delivered', 'Failed'],
		credentials: [
			{
				// eslint-disable-next-line n8n-nodes-base/node-class-description-credentials-name-unsuffixed
				name: 'postbackEndpointAuth',
				required: true,
				displayOptions: { show: { authentication: [CREDENTIAL_TYPE] } },
				testedBy: 'postbackEndpointAuthTest',
			},
		],
		properties: [...requestProperties, ...deliveryProperties, optionsProperty],
	};

	methods = {
		credentialTest: { postbackEndpointAuthTest: testPostbackEndpointAuth },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		if (items.length === 0) return [[], []];

		let config: NodeConfig;
		try {
			config = await readNodeConfig(this);
		} catch (error) {
			const nodeError = asNodeError(this.getNode(), error);
			if (!this.continueOnFail()) throw nodeError;
			return [[], allFailed(items, nodeError.message)];
		}
		const scrub = createScrubber(config.secrets);
		const { endpointUrl } = config.delivery;
		const readRequest = createItemRequestReader(this, items);

		const postbacks: Postback[] = new Array(items.length);
		const delivered = new Uint8Array(items.length);
		// The engine numbers the items it is given; this maps its index back to the input item.
		const inputIndexOf: number[] = [];
		const sent: SentRequest[] = [];
		function* deliverable(): Generator<DeliveryItem> {
			for (let i = 0; i < items.length; i++) {
				const request = readRequest(i);
				if (!request.ok) {
					postbacks[i] = unsentPostback(request, request.error, scrub);
					continue;
				}
				inputIndexOf.push(i);
				sent.push({
					...describeRequest(request.delivery, endpointUrl),
					previousHistory: request.previousHistory,
				});
				yield request.delivery;
			}
		}

		try {
			await deliverEach(
				deliverable(),
				{ ...config.delivery, sleep, signal: this.getExecutionCancelSignal() },
				(result) => {
					const i = inputIndexOf[result.index];
					if (result.ok) delivered[i] = 1;
					postbacks[i] = postbackFromResult(result, sent[result.index], scrub);
				},
			);
		} catch (error) {
			if (!(error instanceof DeliveryConfigError)) {
				throw new NodeOperationError(this.getNode(), error as Error);
			}
			const nodeError = configErrorFrom(this, error);
			if (!this.continueOnFail()) throw nodeError;
			return [[], allFailed(items, nodeError.message)];
		}

		const deliveredItems: INodeExecutionData[] = [];
		const failedItems: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			(delivered[i] ? deliveredItems : failedItems).push(outputItem(items[i], i, postbacks[i]));
		}
		if (config.failExecution && failedItems.length > 0 && !this.continueOnFail()) {
			const failed = postbacks.filter((_postback, i) => !delivered[i]);
			throw failedItemsError(this.getNode(), failed, items.length);
		}
		return [deliveredItems, failedItems];
	}
}

/**
 * Settings that cannot work, under Continue On Fail: nothing is sent, every item is Failed. The
 * message names a setting, never a secret (the credential's secrets may not even have been read).
 */
function allFailed(items: INodeExecutionData[], message: string): INodeExecutionData[] {
	const reason = { code: 'invalid_config', message };
	const scrub = createScrubber([]);
	return items.map((item, i) => outputItem(item, i, unsentPostback({}, reason, scrub)));
}
