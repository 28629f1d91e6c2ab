import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import {
	callbackFromFields,
	callbackFromWebhookItem,
	checkInboundAuth,
	NO_INBOUND_AUTH,
	normalizeCallback,
	TRIGGER_OUTPUT_NAMES,
	type CallbackInputResult,
	type InboundAuth,
	type InboundError,
	type MmpWebhookAuthData,
} from '../../lib/inbound';
import { MMP_LABELS } from '../../lib/mmp';
import { mmpWebhookAuthTest } from '../shared/mmpWebhookAuthTest';
import { asNodeError } from '../shared/nodeErrors';
import { mmpNormalizeProperties } from './description/properties';
import { readNodeConfig, type NormalizePlan } from './nodeConfig';

// "AppsFlyer", "Adjust", … or "Any MMP", as a self-contained expression for the editor.
const SUBTITLE = `={{ (${JSON.stringify({ auto: 'Any MMP', ...MMP_LABELS })})[$parameter["mmp"]] }}`;

/** What to do about an error code, beyond its message. */
const HINTS: Record<string, string> = {
	not_a_webhook_item:
		'Set Input to Callback Fields and name the fields, or connect the Webhook node.',
	raw_body_unavailable:
		'Webhook node → Options → Raw Body keeps the bytes in binary field "data" (Raw Body Binary Field).',
	ip_not_allowed: 'Check IP Allowlist, Client IP Field and Behind Reverse Proxy.',
};

/** The item continueOnFail emits: `{ error }` alone, so "Continue (using error output)" moves it. */
function errorItem(itemIndex: number, error: NodeOperationError): INodeExecutionData {
	const detail = (error.context.mmpError as IDataObject | undefined) ?? {
		code: 'normalize_failed',
		message: error.message,
	};
	return { json: { error: detail }, pairedItem: { item: itemIndex } };
}

async function readAuth(ctx: IExecuteFunctions): Promise<InboundAuth> {
	if (!ctx.getNode().credentials?.mmpWebhookAuth) return NO_INBOUND_AUTH;
	const check = checkInboundAuth(
		(await ctx.getCredentials('mmpWebhookAuth')) as MmpWebhookAuthData,
	);
	if (!check.auth) {
		throw new NodeOperationError(
			ctx.getNode(),
			`MMP Webhook Auth credential is invalid: ${check.errors.join(' ')}`,
		);
	}
	return check.auth;
}

async function readCallback(
	ctx: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
	plan: NormalizePlan,
): Promise<CallbackInputResult> {
	const field = plan.rawBodyBinaryField;
	const rawBody =
		field && item.binary?.[field]
			? await ctx.helpers.getBinaryDataBuffer(itemIndex, field)
			: undefined;
	return plan.input === 'fields'
		? callbackFromFields(item.json, plan.paths, rawBody)
		: callbackFromWebhookItem(item.json, rawBody, plan.clientIpField);
}

export class MmpNormalize implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MMP Normalize',
		name: 'mmpNormalize',
		icon: { light: 'file:mmpNormalize.svg', dark: 'file:mmpNormalize.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: SUBTITLE,
		description:
			"Turn MMP callbacks received by n8n's Webhook node or any other trigger into one canonical event",
		defaults: { name: 'MMP Normalize' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: [...TRIGGER_OUTPUT_NAMES],
		credentials: [
			// Inbound credential, not an API one (see credentials/MmpWebhookAuth.credentials.ts).
			// eslint-disable-next-line n8n-nodes-base/node-class-description-credentials-name-unsuffixed
			{ name: 'mmpWebhookAuth', required: false, testedBy: 'mmpWebhookAuthTest' },
		],
		properties: mmpNormalizeProperties,
	};

	methods = { credentialTest: { mmpWebhookAuthTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const outputs: INodeExecutionData[][] = TRIGGER_OUTPUT_NAMES.map(() => []);
		if (items.length === 0) return outputs;
		const node = this.getNode();
		const auth = await readAuth(this);
		const planFor = readNodeConfig(this);

		let dropped = 0;
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const plan = planFor(itemIndex);
				if (!plan.compiled.ok) {
					throw rejected(node, itemIndex, 500, {
						code: 'normalize_misconfigured',
						message: `MMP Normalize settings are invalid: ${plan.compiled.errors.join(' ')}`,
					});
				}
				const read = await readCallback(this, items[itemIndex], itemIndex, plan);
				if (!read.ok) throw rejected(node, itemIndex, 400, read.error);
				const verdict = normalizeCallback(read.input, plan.compiled.config, auth);
				switch (verdict.action) {
					case 'reject':
						throw rejected(node, itemIndex, verdict.status, verdict.error);
					case 'drop':
						dropped++;
						break;
					case 'emit':
						outputs[verdict.output].push({
							json: verdict.item as unknown as IDataObject,
							pairedItem: { item: itemIndex },
						});
				}
			} catch (error) {
				const nodeError = asNodeError(node, error, itemIndex);
				if (!this.continueOnFail()) throw nodeError;
				outputs[0].push(errorItem(itemIndex, nodeError));
			}
		}
		if (dropped > 0) {
			this.addExecutionHints({
				message: `${dropped} of ${items.length} callbacks did not match Keep Only and were dropped`,
				location: 'outputPane',
			});
		}
		return outputs;
	}
}

/** An item error that also carries the machine-readable `{ status, code, message }`. */
function rejected(
	node: INode,
	itemIndex: number,
	status: number,
	error: InboundError,
): NodeOperationError {
	const hint = HINTS[error.code] ? `${HINTS[error.code]} ` : '';
	const nodeError = new NodeOperationError(node, error.message, {
		itemIndex,
		description: `${hint}Error code ${error.code}; MMP Trigger would have answered HTTP ${status}.`,
	});
	nodeError.context.mmpError = { status, code: error.code, message: error.message };
	return nodeError;
}
