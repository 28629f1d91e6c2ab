// Node parameters → TriggerSettings, through nodes/shared/nodeParameters.ts: when no parameter holds
// an expression (the usual case), the node's own parameter object is read directly; n8n has already
// applied the defaults, and getNodeParameter would only add per-parameter work to every request.
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { webhookParameterRead, type ParameterRead } from '../shared/nodeParameters';

import type { TriggerSettings } from '../../lib/inbound';

/** This node's config: what every request is checked and normalized with. */
export function readNodeConfig(ctx: IWebhookFunctions): TriggerSettings {
	return triggerSettingsFrom(webhookParameterRead(ctx));
}

/**
 * TriggerSettings from MMP Trigger's parameters, also read by MMP Normalize (which names the
 * "start executions for" collection `keepOnly`).
 */
export function triggerSettingsFrom(
	read: ParameterRead,
	filterParameter = 'startFor',
): TriggerSettings {
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
	const read = webhookParameterRead(ctx);
	if (!read('batch', false) || ctx.getMode() === 'manual') return undefined;
	return { maxItems: read('batchMaxItems', 100), maxWaitMs: read('batchMaxWaitMs', 250) };
}
