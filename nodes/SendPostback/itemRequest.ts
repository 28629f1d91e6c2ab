// Each input item → the request the engine sends for it: from Render Callback's output on the item
// (`$json.callback` by default) or from the node's own URL/method/headers/body parameters. A problem
// with one item (no callback, an expression that fails) is that item's failure, not the node's.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { DeliveryItem } from '../../lib/delivery';
import { itemParameter, readPath, type ItemParameter } from './itemParameter';

export type ItemRequest =
	| { ok: true; delivery: DeliveryItem; previousHistory?: unknown[] }
	| { ok: false; url?: string; method?: string; error: { code: string; message: string } };

type Headers = Record<string, string>;

const INVALID_REQUEST = 'invalid_request';

const isObject = (value: unknown): value is IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

const CONTENT_TYPES: Record<string, string> = {
	json: 'application/json',
	form: 'application/x-www-form-urlencoded',
	text: 'text/plain; charset=utf-8',
};

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
	if (!isObject(previous) || previous.retryable !== true || typeof previous.retryAt !== 'string') {
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
	return (json: IDataObject): ItemRequest => {
		const callback = path.length > 0 ? readPath(json, path) : json;
		if (!isObject(callback) || typeof callback.url !== 'string') {
			return failure(
				`No request at ${where}: expected Render Callback's { url, method, headers, body }. Set Callback Field to where the request is, or use Define Below.`,
			);
		}
		const headers: Headers = {};
		const given = callback.headers;
		if (isObject(given)) {
			for (const name in given) {
				const value = given[name];
				if (value !== undefined && value !== null && Object.hasOwn(given, name)) {
					headers[name] = String(value);
				}
			}
		}
		const method = typeof callback.method === 'string' ? callback.method : undefined;
		const body = serialiseBody(callback.body, 'json', headers);
		return request(callback.url, method, headers, body);
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
					kind === 'custom' ? String(customContentType(itemIndex)) : CONTENT_TYPES[kind];
			}
			payload = serialiseBody(body(itemIndex), kind, headers);
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

/** A string is sent as it is; an object is serialised for the content type (JSON by default). */
function serialiseBody(value: unknown, kind: string, headers: Headers): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'string') return value;
	if (kind === 'form' && isObject(value)) {
		const form = new URLSearchParams();
		for (const [name, entry] of Object.entries(value)) {
			if (entry !== undefined && entry !== null) form.append(name, String(entry));
		}
		return form.toString();
	}
	if (typeof value === 'object') {
		if (!hasHeader(headers, 'content-type')) headers['content-type'] = CONTENT_TYPES.json;
		return JSON.stringify(value);
	}
	return String(value);
}

function hasHeader(headers: Headers, lowerName: string): boolean {
	return Object.keys(headers).some((name) => name.toLowerCase() === lowerName);
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
