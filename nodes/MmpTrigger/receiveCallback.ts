// One callback through lib's pipeline, from n8n's webhook context to a verdict: settings and the
// credential are read, handleCallback decides, and errors are answered here (JSON `{ error }`).
// Shared by every typeVersion; what to do with an accepted callback is each version's business.
import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	cachedTriggerConfig,
	checkInboundAuth,
	handleCallback,
	N8N_DECODED_CONTENT_CODINGS,
	NO_INBOUND_AUTH,
	type InboundAuth,
	type InboundError,
	type MmpWebhookAuthData,
	type TriggerConfig,
	type TriggerItem,
	type TriggerOutputIndex,
} from '../../lib/inbound';
import { passResendGate } from './resendGate';
import { readNodeConfig } from './nodeConfig';

/** What n8n's express request gives a webhook node (express types are not a dependency). */
export interface WebhookRequest {
	method: string;
	url: string;
	originalUrl?: string;
	headers: Record<string, string | string[] | undefined>;
	socket?: { remoteAddress?: string };
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
}

export interface WebhookResponse {
	statusCode: number;
	headersSent?: boolean;
	writableEnded?: boolean;
	status(code: number): WebhookResponse;
	setHeader(name: string, value: string): unknown;
	json(body: unknown): unknown;
	send(body: unknown): unknown;
	once?(event: 'finish' | 'close', listener: () => void): unknown;
}

export type Received =
	/** Already answered (a rejection or a misconfiguration): start nothing. */
	| { answered: IWebhookResponseData }
	/** Valid: acknowledge with `acknowledgement`; start an execution when `emit` is set. */
	| {
			acknowledgement: TriggerConfig['acknowledgement'];
			emit?: { output: TriggerOutputIndex; item: TriggerItem };
	  };

const EMPTY_BODY = Buffer.alloc(0);

export function respondWithError(
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

export interface ReceiveOptions {
	/**
	 * How long Drop Re-sends holds a callback's key while its acknowledgement is pending: the gate's
	 * default suits answering on receipt; answering when the workflow finishes needs longer.
	 */
	resendPendingMs?: number;
}

export async function receiveCallback(
	ctx: IWebhookFunctions,
	options: ReceiveOptions = {},
): Promise<Received> {
	const res = ctx.getResponseObject() as unknown as WebhookResponse;
	const compiled = cachedTriggerConfig(readNodeConfig(ctx));
	if (!compiled.ok) {
		// A 5xx makes MMPs retry, so callbacks survive until the node is fixed.
		return {
			answered: respondWithError(res, 500, {
				code: 'trigger_misconfigured',
				message: `MMP Trigger settings are invalid: ${compiled.errors.join(' ')}`,
			}),
		};
	}

	let auth: InboundAuth = NO_INBOUND_AUTH;
	if (ctx.getNode().credentials?.mmpWebhookAuth) {
		const check = checkInboundAuth(
			(await ctx.getCredentials('mmpWebhookAuth')) as MmpWebhookAuthData,
		);
		if (!check.auth) {
			return {
				answered: respondWithError(res, 500, {
					code: 'credential_misconfigured',
					message: `MMP Webhook Auth credential is invalid: ${check.errors.join(' ')}`,
				}),
			};
		}
		auth = check.auth;
	}

	const req = ctx.getRequestObject() as unknown as WebhookRequest;
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
	const acknowledgement = compiled.config.acknowledgement;
	switch (outcome.action) {
		case 'reject':
			return {
				answered: respondWithError(res, outcome.status, outcome.error, outcome.headers),
			};
		case 'acknowledge':
			return { acknowledgement };
		case 'emit': {
			// Per callback, before any batching: a re-send never joins a batch.
			const gate = await passResendGate(ctx, outcome.item.dedup_key, options.resendPendingMs);
			if (gate === 'drop') return { acknowledgement };
			if (gate !== 'pass') {
				return { answered: respondWithError(res, gate.status, gate.error, gate.headers) };
			}
			return { acknowledgement, emit: { output: outcome.output, item: outcome.item } };
		}
	}
}
