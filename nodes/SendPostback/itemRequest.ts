// Each input item → the request the engine sends for it: from Render Callback's output on the item
// (`$json.callback` by default) or from the node's own URL/method/headers/body parameters. A problem
// with one item (no callback, an expression that fails) is that item's failure, not the node's.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { InvalidCallbackError, requestFromCallback, type DeliveryItem } from '../../lib/delivery';
import {
	CONTENT_TYPES,
	encodeBody,
	hasHeader,
	type BodyKind,
} from '../../lib/delivery/requestBody';
import { isRecord } from '../../lib/mmp/lookup';
import { itemParameter, readPath, type ItemParameter } from './itemParameter';

export type ItemRequest =
	| { ok: true; delivery: DeliveryItem; previousHistory?: unknown[] }
	| { ok: false; url?: string; method?: string; error: { code: string; message: string } };

type Headers = Record<string, string>;

const INVALID_REQUEST = 'invalid_request';

/** Builds the per-item reader once per execution; call it for each item index. */
export function createItemRequestReader(
	context: IExecuteFunctions,
	items: readonly INodeExecutionData[],
): (itemIndex: number) => ItemRequest {
	const readRequest =
		context.getNodeParameter('requestSource', 0) === 'define'
			? definedRequestReader(context, items)
			: callbackRequestReader(context.getNodeParameter('callbackField', 0, '') as string);
	const idempotencyKey = context.getNodeParameter('sendIdempotencyKey', 0)
		? itemParameter(context, 'idempotencyKey', items, '')
		: undefined;

	return (itemIndex) => {
		const json = items[itemIndex].json;
		let request: ItemRequest;
		try {
			request = readRequest(json, itemIndex);
		} catch (error) {
			return failure(`Could not build the request: ${(error as Error).message}`);
		}
		if (!request.ok) return request;
		try {
			const key = idempotencyKey?.(itemIndex);
			if (key !== undefined && key !== null && key !== '') {
				request.delivery.idempotencyKey =
					typeof key === 'object' ? JSON.stringify(key) : String(key);
			}
		} catch (error) {
			return failure(`Could not read the idempotency key: ${(error as Error).message}`);
		}
		continueSchedule(json, request);
		return request;
	};
}

/**
 * An item that Send Postback put on Failed as `retryable`, looped back (typically through a Wait
 * node), carries on with its schedule: its attempts and first-attempt time count.
 */
function continueSchedule(json: IDataObject, request: ItemRequest & { ok: true }): void {
	const previous = json.postback;
	if (!isRecord(previous) || previous.retryable !== true || typeof previous.retryAt !== 'string') {
		return;
	}
	if (typeof previous.attempts === 'number') request.delivery.previousAttempts = previous.attempts;
	if (typeof previous.firstAttemptAt === 'string') {
		request.delivery.firstAttemptAt = previous.firstAttemptAt;
	}
	if (Array.isArray(previous.history)) request.previousHistory = previous.history;
}

function callbackRequestReader(field: string) {
	const trimmed = field.trim();
	const path = trimmed ? trimmed.split('.') : [];
	const where = trimmed ? `$json.${trimmed}` : '$json';
	const name = trimmed || '$json';
	const noRequest = `No request at ${where}: expected Render Callback's { url, method, headers, body }. Set Callback Field to where the request is, or use Define Below.`;
	return (json: IDataObject): ItemRequest => {
		const callback = path.length > 0 ? readPath(json, path) : json;
		try {
			return { ok: true, delivery: requestFromCallback(callback, name) };
		} catch (error) {
			// No object with a URL at all: most likely the wrong field, so say where to look.
			const field = error instanceof InvalidCallbackError ? error.field : undefined;
			return failure(
				field === name || field === `${name}.url` ? noRequest : (error as Error).message,
			);
		}
	};
}

function definedRequestReader(context: IExecuteFunctions, items: readonly INodeExecutionData[]) {
	const url = itemParameter(context, 'url', items, '');
	const method = itemParameter(context, 'method', items, 'GET');
	const sendHeaders = context.getNodeParameter('sendHeaders', 0, false) as boolean;
	const headerList = sendHeaders
		? itemParameter(context, 'headerParameters', items, {})
		: undefined;
	const sendBody = itemParameter(context, 'sendBody', items, false);
	const contentType = itemParameter(context, 'contentType', items, 'json');
	const customContentType = itemParameter(context, 'customContentType', items, '');
	const body = itemParameter(context, 'body', items, '');

	return (_json: IDataObject, itemIndex: number): ItemRequest => {
		const methodValue = String(method(itemIndex)).toUpperCase();
		const headers = headerList ? headersFrom(headerList, itemIndex) : {};
		let payload: string | undefined;
		if (methodValue !== 'GET' && sendBody(itemIndex) === true) {
			const kind = String(contentType(itemIndex));
			if (!hasHeader(headers, 'content-type')) {
				headers['content-type'] =
					kind === 'custom'
						? String(customContentType(itemIndex))
						: CONTENT_TYPES[kind as BodyKind];
			}
			payload = encodeBody(body(itemIndex), kind, headers);
		}
		const urlValue = url(itemIndex);
		if (typeof urlValue !== 'string' || urlValue.trim() === '') {
			return failure('The URL is empty for this item; check the URL parameter and its expression');
		}
		return request(urlValue.trim(), methodValue, headers, payload);
	};
}

function headersFrom(list: ItemParameter, itemIndex: number): Headers {
	const headers: Headers = {};
	const value = list(itemIndex) as { parameters?: Array<{ name?: unknown; value?: unknown }> };
	for (const entry of value?.parameters ?? []) {
		const name = typeof entry.name === 'string' ? entry.name.trim() : '';
		if (name)
			headers[name] = entry.value === undefined || entry.value === null ? '' : String(entry.value);
	}
	return headers;
}

function request(
	url: string,
	method: string | undefined,
	headers: Headers,
	body: string | undefined,
): ItemRequest {
	const delivery: DeliveryItem = { url, headers, body };
	if (method) delivery.method = method.toUpperCase() as DeliveryItem['method'];
	return { ok: true, delivery };
}

function failure(message: string): ItemRequest {
	return { ok: false, error: { code: INVALID_REQUEST, message } };
}
