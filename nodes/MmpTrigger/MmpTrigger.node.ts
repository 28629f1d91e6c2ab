import {
	NodeConnectionTypes,
	type IDataObject,
	type IHookFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import {
	cachedTriggerConfig,
	checkInboundAuth,
	handleCallback,
	N8N_DECODED_CONTENT_CODINGS,
	NO_INBOUND_AUTH,
	TRIGGER_OUTPUT_NAMES,
	type InboundAuth,
	type InboundError,
	type MmpWebhookAuthData,
} from '../../lib/inbound';
import { SOURCE_LABELS } from '../../lib/mmp';
import { mmpWebhookAuthTest } from './credentialTest';
import { mmpTriggerProperties } from './description/properties';
import { passResendGate } from './resendGate';
import { readTriggerSettings } from './settings';
import { triggerWebhookFields } from './workflowCompat';

/** What n8n's express request gives a webhook node (express types are not a dependency). */
interface WebhookRequest {
	method: string;
	url: string;
	originalUrl?: string;
	headers: Record<string, string | string[] | undefined>;
	socket?: { remoteAddress?: string };
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
}

interface WebhookResponse {
	status(code: number): WebhookResponse;
	setHeader(name: string, value: string): unknown;
	json(body: unknown): unknown;
}

const EMPTY_BODY = Buffer.alloc(0);

// "AppsFlyer", "Adjust", … or "Any MMP", as a self-contained expression for the editor.
const SUBTITLE = `={{ (${JSON.stringify({ auto: 'Any MMP', ...SOURCE_LABELS })})[$parameter["mmp"]] }}`;

// Every method n8n routes to webhooks is registered, so that the node itself answers the ones MMPs
// never use with 405 and an Allow header, instead of n8n's 404 "not registered".
const REGISTERED_METHODS = 'DELETE,GET,HEAD,PATCH,POST,PUT';

function respond(
	res: WebhookResponse,
	status: number,
	error: InboundError,
	headers: Record<string, string> = {},
): IWebhookResponseData {
	res.status(status);
	for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
	res.json({ error });
	return { noWebhookResponse: true };
}

async function readBody(req: WebhookRequest): Promise<Uint8Array> {
	if (!req.rawBody && req.readRawBody) await req.readRawBody();
	return req.rawBody ?? EMPTY_BODY;
}

export class MmpTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MMP Trigger',
		name: 'mmpTrigger',
		icon: { light: 'file:mmpTrigger.svg', dark: 'file:mmpTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: SUBTITLE,
		description:
			'Receive AppsFlyer, Adjust, Branch, Singular, Kochava and Tenjin callbacks as one canonical event',
		defaults: { name: 'MMP Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: [...TRIGGER_OUTPUT_NAMES],
		credentials: [
			// Inbound credential, not an API one (see credentials/MmpWebhookAuth.credentials.ts).
			// eslint-disable-next-line n8n-nodes-base/node-class-description-credentials-name-unsuffixed
			{ name: 'mmpWebhookAuth', required: false, testedBy: 'mmpWebhookAuthTest' },
			// n8n's built-in Redis credential (n8n-nodes-base), for "Drop Re-sends" shared by every n8n
			// process: the one operators already keep for queue mode. n8n 2.41 restricts a credential to
			// its own package's nodes only when the type sets restrictToSupportedNodes, which Redis does
			// not (docs/nodes/mmp-trigger.md, "Drop Re-sends").
			{
				// eslint-disable-next-line @n8n/community-nodes/no-credential-reuse, @n8n/community-nodes/valid-credential-references
				name: 'redis',
				required: true,
				displayOptions: { show: { dropResends: [true], resendStore: ['redis'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: REGISTERED_METHODS,
				isFullPath: true,
				ndvHideMethod: true,
				// Acknowledge once the execution is registered, without waiting for the workflow.
				responseMode: 'onReceived',
				// Empty, so n8n answers with webhookResponse (the configured body); left unset, n8n
				// would answer with the literal text "firstEntryJson".
				responseData: '',
				...triggerWebhookFields(),
			},
		],
		properties: mmpTriggerProperties,
	};

	methods = { credentialTest: { mmpWebhookAuthTest } };

	// A passive webhook: the user pastes the URL into the MMP dashboard; there is nothing to register
	// with a third party.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject() as unknown as WebhookResponse;
		const compiled = cachedTriggerConfig(readTriggerSettings(this));
		if (!compiled.ok) {
			// A 5xx makes MMPs retry, so callbacks survive until the node is fixed.
			return respond(res, 500, {
				code: 'trigger_misconfigured',
				message: `MMP Trigger settings are invalid: ${compiled.errors.join(' ')}`,
			});
		}

		let auth: InboundAuth = NO_INBOUND_AUTH;
		if (this.getNode().credentials?.mmpWebhookAuth) {
			const check = checkInboundAuth(
				(await this.getCredentials('mmpWebhookAuth')) as MmpWebhookAuthData,
			);
			if (!check.auth) {
				return respond(res, 500, {
					code: 'credential_misconfigured',
					message: `MMP Webhook Auth credential is invalid: ${check.errors.join(' ')}`,
				});
			}
			auth = check.auth;
		}

		const req = this.getRequestObject() as unknown as WebhookRequest;
		const outcome = await handleCallback(
			{
				method: req.method,
				url: req.originalUrl ?? req.url,
				headers: req.headers,
				remoteAddress: req.socket?.remoteAddress,
				readBody: async () => await readBody(req),
				decodedContentCodings: N8N_DECODED_CONTENT_CODINGS,
			},
			compiled.config,
			auth,
		);
		const acknowledgement = compiled.config.acknowledgement.body;
		switch (outcome.action) {
			case 'reject':
				return respond(res, outcome.status, outcome.error, outcome.headers);
			case 'acknowledge':
				return { webhookResponse: acknowledgement };
			case 'emit': {
				const gate = await passResendGate(this, outcome.item.dedup_key);
				if (gate === 'drop') return { webhookResponse: acknowledgement };
				if (gate !== 'pass') return respond(res, gate.status, gate.error, gate.headers);
				const outputs: INodeExecutionData[][] = TRIGGER_OUTPUT_NAMES.map(() => []);
				outputs[outcome.output].push({ json: outcome.item as unknown as IDataObject });
				return { webhookResponse: acknowledgement, workflowData: outputs };
			}
		}
	}
}
