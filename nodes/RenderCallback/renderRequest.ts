// One item → the request Send Postback will make. The rendering itself is lib's
// (lib/delivery/renderCallback.ts); this reads the item's template texts (per item when they hold
// an n8n expression) and phrases lib's errors for the item.
import { NodeOperationError, type INode } from 'n8n-workflow';

import {
	CallbackRenderError,
	createCallbackRenderer,
	type CallbackRenderer,
	type CallbackTemplate,
	type RenderedCallback,
} from '../../lib/delivery';
import type { RenderConfig } from './nodeConfig';

/** The item being rendered, for errors that name it. */
export interface ItemContext {
	node: INode;
	itemIndex: number;
}

/** A problem with one item, phrased for the user: the message names the item. */
export function itemError(
	item: ItemContext,
	message: string,
	description: string,
): NodeOperationError {
	return new NodeOperationError(item.node, `Item ${item.itemIndex}: ${message}`, {
		itemIndex: item.itemIndex,
		description,
	});
}

/** One renderer per execution: templates are compiled per distinct text, not per item. */
export function createRenderer(config: RenderConfig): CallbackRenderer {
	return createCallbackRenderer({
		...config.compile,
		id: config.templateId,
		urlEncoding: config.urlEncoding,
	});
}

/** The item's templates; reading one that holds an n8n expression may throw n8n's own error. */
function itemTemplate(config: RenderConfig, itemIndex: number): CallbackTemplate {
	const template: CallbackTemplate = {
		url: config.url(itemIndex),
		method: config.method,
		headers: config.headers.map((header) => ({
			name: header.name,
			value: header.value(itemIndex),
		})),
	};
	if (config.bodyKind !== 'none' && config.body !== undefined) {
		template.body = config.body(itemIndex);
		template.bodyKind = config.bodyKind;
	}
	return template;
}

export function renderRequest(
	item: ItemContext,
	config: RenderConfig,
	render: CallbackRenderer,
	values: object,
): RenderedCallback {
	const template = itemTemplate(config, item.itemIndex);
	try {
		return render(template, values);
	} catch (error) {
		if (error instanceof CallbackRenderError) {
			throw itemError(item, error.message, error.description);
		}
		throw new NodeOperationError(item.node, error as Error, { itemIndex: item.itemIndex });
	}
}
