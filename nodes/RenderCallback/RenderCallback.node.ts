import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { asNodeError } from '../shared/nodeErrors';
import { optionsProperty } from './description/options';
import { presetProperties, presetProperty } from './description/presets';
import { templateProperties } from './description/template';
import { valueProperties } from './description/values';
import { createValuesReader } from './itemValues';
import { readNodeConfig, type RenderConfig } from './nodeConfig';
import type { RenderedCallback } from '../../lib/delivery';
import { createRenderer, itemError, renderRequest, type ItemContext } from './renderRequest';

export class RenderCallback implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Render Callback',
		name: 'renderCallback',
		icon: { light: 'file:renderCallback.svg', dark: 'file:renderCallback.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["preset"] === "custom" ? $parameter["dialect"] + " template" : $parameter["preset"] }}',
		description:
			'Fill a postback URL (and body) template in any MMP or ad-network macro dialect, encoding each value exactly once',
		defaults: { name: 'Render Callback' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			presetProperty,
			...presetProperties,
			...templateProperties,
			...valueProperties,
			optionsProperty,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		if (items.length === 0) return [[]];
		const node = this.getNode();

		let config: RenderConfig;
		try {
			config = readNodeConfig(this);
		} catch (error) {
			const nodeError = asNodeError(node, error);
			if (!this.continueOnFail()) throw nodeError;
			return [
				items.map((item, i) => ({ json: item.json, error: nodeError, pairedItem: { item: i } })),
			];
		}
		// Compile once per execution: templates are compiled per distinct text, not per item.
		const render = createRenderer(config);
		const valuesFor = createValuesReader(this, config, items);

		const out: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const item: ItemContext = { node, itemIndex };
			try {
				const request = renderRequest(item, config, render, valuesFor(item));
				if (config.failOnMissing && request.missing.length > 0) throw missingError(item, request);
				out.push(outputItem(items[itemIndex], itemIndex, request, config));
			} catch (error) {
				const nodeError = asNodeError(node, error, itemIndex);
				if (!this.continueOnFail()) throw nodeError;
				out.push({
					json: items[itemIndex].json,
					error: nodeError,
					pairedItem: { item: itemIndex },
				});
			}
		}
		return [out];
	}
}

function missingError(item: ItemContext, request: RenderedCallback): NodeOperationError {
	const [first] = request.missing;
	const others =
		request.missing.length > 1 ? ` (also missing: ${request.missing.slice(1).join(', ')})` : '';
	const typos = request.unknown?.length
		? ` Not found at all, possibly a typo: ${request.unknown.join(', ')}.`
		: '';
	return itemError(
		item,
		`Macro "${first}" has no value${others}`,
		`Map the value under Values, give the macro a default filter (|default:…), or turn off Fail on Missing Macros.${typos}`,
	);
}

function outputItem(
	item: INodeExecutionData,
	itemIndex: number,
	request: RenderedCallback,
	config: RenderConfig,
): INodeExecutionData {
	const rendered = request as unknown as IDataObject;
	const json: IDataObject =
		config.outputMode === 'merged'
			? { ...item.json, ...rendered }
			: { ...item.json, [config.outputField]: rendered };
	const output: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	if (item.binary) output.binary = item.binary;
	return output;
}
