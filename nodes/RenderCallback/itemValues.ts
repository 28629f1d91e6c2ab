// Where each item's macro values come from: the item (MMP Trigger's canonical event), its raw
// payload, or values mapped in the node (falling back to the item's fields).
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { isRecord } from '../../lib/mmp/lookup';
import type { RenderConfig } from './nodeConfig';
import { itemError, type ItemContext } from './renderRequest';
import { containsExpression } from '../shared/nodeParameters';

export type ValuesReader = (item: ItemContext) => object;

/** Mapped values as an object, or a message saying what is wrong with them. */
type Parsed = IDataObject | string;

function fromFields(value: unknown): Parsed {
	const entries =
		(value as { value?: Array<{ name?: unknown; value?: unknown }> } | undefined)?.value ?? [];
	const mapped: IDataObject = {};
	for (const entry of entries) {
		const name = typeof entry.name === 'string' ? entry.name.trim() : '';
		if (name !== '') mapped[name] = entry.value as IDataObject[string];
	}
	return mapped;
}

function fromJson(value: unknown): Parsed {
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = value.trim() === '' ? {} : JSON.parse(value);
		} catch (error) {
			return `Values (JSON) is not valid JSON: ${(error as Error).message}`;
		}
	}
	return isRecord(parsed)
		? (parsed as IDataObject)
		: 'Values (JSON) must be an object of macro name → value';
}

export function createValuesReader(
	context: IExecuteFunctions,
	config: RenderConfig,
	items: readonly INodeExecutionData[],
): ValuesReader {
	if (config.valueSource === 'item') return (item) => items[item.itemIndex].json;
	if (config.valueSource === 'raw') {
		return (item) => {
			const raw = items[item.itemIndex].json.raw;
			if (isRecord(raw)) return raw;
			throw itemError(
				item,
				'The item has no raw payload ($json.raw)',
				'Turn on Include Raw Payload in MMP Trigger, or take values from the item instead.',
			);
		};
	}

	const json = config.mappingMode === 'json';
	const name = json ? 'mappedJson' : 'mappedValues';
	const parse = json ? fromJson : fromFields;
	const fallback = json ? '{}' : {};
	let fixed: Parsed | undefined;
	const read = containsExpression(context.getNode().parameters[name])
		? (i: number) => parse(context.getNodeParameter(name, i, fallback))
		: () => (fixed ??= parse(context.getNodeParameter(name, 0, fallback)));

	return (item) => {
		const mapped = read(item.itemIndex);
		if (typeof mapped === 'string') {
			throw itemError(
				item,
				mapped,
				'Give an object such as {"sub_id": "abc"}, or an expression that returns one.',
			);
		}
		// Mapped values win; the item's fields fill in the rest (shallow: never deep-merge untrusted data).
		return config.fallbackToItem ? { ...items[item.itemIndex].json, ...mapped } : mapped;
	};
}
