// An engine result → the output item: the input item's JSON plus `postback`, paired with its input.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import {
	endpointTarget,
	type DeliveryItem,
	type DeliveryResult,
	type Scrubber,
} from '../../lib/delivery';

export interface Postback extends IDataObject {
	url: string;
	method: string;
	status?: number;
	/** Attempts so far, those of earlier passes through a Wait loop included. */
	attempts: number;
	/** Time this pass spent on the item. */
	durationMs: number;
	firstAttemptAt?: string;
	history: IDataObject[];
	responseBody?: string;
	responseBodyTruncated?: boolean;
	responseHeaders?: IDataObject;
	error?: { code: string; message: string };
	/** On Failed: whether sending again later may succeed (then `retryAt` says when). */
	retryable?: boolean;
	retryAt?: string;
}

/** What the node knows about the request an item was turned into. */
export interface SentRequest {
	url: string;
	method: string;
	previousHistory?: unknown[];
}

/** The URL and method sent; with a secret endpoint URL, the URL it makes (scrubbed on output). */
export function describeRequest(
	delivery: Pick<DeliveryItem, 'url' | 'method' | 'body'>,
	endpointUrl?: string,
): {
	url: string;
	method: string;
} {
	return {
		url: endpointUrl ? endpointTarget(endpointUrl, delivery.url) : delivery.url,
		// The engine's default: POST when there is a body, else GET.
		method: delivery.method ?? (delivery.body ? 'POST' : 'GET'),
	};
}

export function postbackFromResult(
	result: DeliveryResult,
	request: SentRequest,
	scrub: Scrubber,
): Postback {
	const postback: Postback = {
		url: scrub(request.url),
		method: request.method,
		attempts: result.attempts,
		durationMs: result.durationMs,
		history: (request.previousHistory
			? [...request.previousHistory, ...result.history]
			: result.history) as unknown as IDataObject[],
	};
	if (result.status !== undefined) postback.status = result.status;
	if (result.firstAttemptAt !== undefined) postback.firstAttemptAt = result.firstAttemptAt;
	if (result.responseBody !== undefined) postback.responseBody = result.responseBody;
	if (result.responseBodyTruncated) postback.responseBodyTruncated = true;
	if (result.responseHeaders !== undefined) postback.responseHeaders = result.responseHeaders;
	if (result.error !== undefined) postback.error = result.error;
	if (!result.ok) postback.retryable = result.retryable === true;
	if (result.retryAt !== undefined) postback.retryAt = result.retryAt;
	return postback;
}

/**
 * A failure found before anything was sent (the item could not be turned into a request). URL and
 * message go through the run's scrubber (lib/delivery/scrub.ts), as the engine's results do.
 */
export function unsentPostback(
	request: { url?: string; method?: string },
	error: { code: string; message: string },
	scrub: Scrubber,
): Postback {
	return {
		url: scrub(request.url ?? ''),
		method: request.method ?? '',
		attempts: 0,
		durationMs: 0,
		history: [],
		error: { code: error.code, message: scrub(error.message) },
		retryable: false,
	};
}

export function outputItem(
	input: INodeExecutionData,
	itemIndex: number,
	postback: Postback,
): INodeExecutionData {
	const item: INodeExecutionData = {
		json: { ...input.json, postback },
		pairedItem: { item: itemIndex },
	};
	if (input.binary) item.binary = input.binary;
	return item;
}
