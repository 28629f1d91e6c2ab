// Node parameters → TriggerSettings. When no parameter holds an expression (the usual case), the
// node's own parameter object is read directly: n8n has already applied the defaults, and
// getNodeParameter would only add per-parameter evaluation work to every request.
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import {
	parametersAreStatic,
	staticParameterRead,
	type ParameterRead,
} from '../shared/staticParameters';

import type { TriggerSettings } from '../../lib/inbound';

export type Read = ParameterRead;

export function reader(ctx: IWebhookFunctions): Read {
	const node = ctx.getNode();
	if (parametersAreStatic(node)) return staticParameterRead(node);
	return <T>(name: string, fallback: T) => ctx.getNodeParameter(name, fallback) as T;
}

export function readTriggerSettings(ctx: IWebhookFunctions): TriggerSettings {
	return triggerSettingsFrom(reader(ctx));
}

/**
 * TriggerSettings from MMP Trigger's parameters, also read by MMP Normalize (which names the
 * "start executions for" collection `keepOnly`).
 */
export function triggerSettingsFrom(read: Read, filterParameter = 'startFor'): TriggerSettings {
	const startFor = read<IDataObject>(filterParameter, {});
	const options = read<IDataObject>('additionalOptions', {});
	const mappings = read<IDataObject>('fieldMapping', {}).mappings;
	const fieldMap: Record<string, string> = {};
	if (Array.isArray(mappings)) {
		for (const mapping of mappings as IDataObject[]) {
			fieldMap[String(mapping.incoming ?? '')] = String(mapping.field ?? '');
		}
	}
	const maxBodyKib = options.maxBodyKib;
	return {
		mmp: read('mmp', 'auto'),
		strict: read('strict', false),
		fieldMap,
		includeRaw: read('includeRaw', true),
		eventKinds: (startFor.eventKinds as string[] | undefined) ?? [],
		fraudOnly: startFor.fraudOnly === true,
		eventNames: (startFor.eventNames as string | undefined) ?? '',
		ipPresets: read<string[]>('ipPresets', []),
		ipAllowlist: read('ipAllowlist', ''),
		trustedProxyHops: read('behindProxy', false) ? read('proxyHops', 1) : 0,
		maxBodyBytes: typeof maxBodyKib === 'number' ? maxBodyKib * 1024 : undefined,
		responseCode: options.responseCode as number | undefined,
		responseBody: options.responseBody as string | undefined,
		applePublicKeys: options.applePublicKeys as string | undefined,
		appleDevelopmentPostbacks: options.appleDevelopmentPostbacks === true,
	};
}

export type RespondMode = 'onReceived' | 'lastNode';

/** typeVersion 2's batching: undefined when off (or in a manual test, which takes one request). */
export function readBatchSettings(
	ctx: IWebhookFunctions,
): { maxItems: unknown; maxWaitMs: unknown } | undefined {
	const read = reader(ctx);
	if (!read('batch', false) || ctx.getMode() === 'manual') return undefined;
	return { maxItems: read('batchMaxItems', 100), maxWaitMs: read('batchMaxWaitMs', 250) };
}
