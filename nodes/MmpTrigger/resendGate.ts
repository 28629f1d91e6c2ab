// MMP Trigger's glue to lib's re-send gate ("Drop Re-sends"): reads the parameters, finds the gate of
// this workflow's node, and ties the passed callback's hold to its HTTP response. n8n 2.41 writes the
// acknowledgement only once WorkflowRunner.run() has registered the execution, and a 5xx when that
// fails (webhook-helpers.js), so 'finish' with a 2xx status means "registered"; any other status, or
// 'close' before 'finish', releases the hold so the MMP's re-send passes.
import type { IWebhookFunctions } from 'n8n-workflow';

import {
	redisConnectionOf,
	resendGateFor,
	type GateTicket,
	type InboundError,
	type RedisCredentialData,
	type ResendGate,
	type ResendStoreConfig,
	type WhenStoreUnavailable,
} from '../../lib/inbound';
import { webhookParameterRead } from '../shared/nodeParameters';

export type ResendDecision =
	| 'pass'
	| 'drop'
	| { status: number; error: InboundError; headers?: Record<string, string> };

interface ResponseEvents {
	statusCode: number;
	once?(event: 'finish' | 'close', listener: () => void): unknown;
}

const HOUR_MS = 3_600_000;
const WARN_EVERY_MS = 60_000;
const lastWarned = new WeakMap<ResendGate, number>();

async function storeConfig(ctx: IWebhookFunctions, kind: string, maxKeys: number) {
	if (kind !== 'redis') return { kind: 'memory', maxKeys } satisfies ResendStoreConfig;
	const credential = (await ctx.getCredentials('redis')) as RedisCredentialData;
	return { kind: 'redis', connection: redisConnectionOf(credential) } satisfies ResendStoreConfig;
}

function settleOnResponse(res: ResponseEvents, ticket: GateTicket): void {
	// Without response events nothing says the execution exists: the pending hold just expires.
	if (!res.once) return;
	res.once('finish', () => void ticket.settle(res.statusCode >= 200 && res.statusCode < 300));
	res.once('close', () => void ticket.settle(false));
}

/**
 * The gate's verdict for one accepted callback, before its execution starts. `pendingMs` is how long
 * the hold waits for the acknowledgement (lib's default suits answering on receipt).
 */
export async function passResendGate(
	ctx: IWebhookFunctions,
	dedupKey: string,
	pendingMs?: number,
): Promise<ResendDecision> {
	const read = webhookParameterRead(ctx);
	// The test URL is for trying things out: its callbacks never consume a production key.
	if (!read('dropResends', false) || ctx.getMode() === 'manual') return 'pass';
	let store: ResendStoreConfig;
	try {
		store = await storeConfig(ctx, read('resendStore', 'memory'), read('resendMaxKeys', 100_000));
	} catch {
		return {
			status: 500,
			error: {
				code: 'resend_gate_misconfigured',
				message: 'Drop Re-sends uses Redis, but the Redis credential is missing or unreadable.',
			},
		};
	}
	const gate = resendGateFor({
		store,
		scope: `${ctx.getWorkflow().id ?? ''}:${ctx.getNode().id}`,
		windowMs: read('resendWindowHours', 24) * HOUR_MS,
		pendingMs,
		whenUnavailable: read<WhenStoreUnavailable>('resendWhenUnavailable', 'reject'),
	});
	const verdict = await gate.admit(dedupKey);
	switch (verdict.action) {
		case 'pass':
			if (verdict.ticket) settleOnResponse(ctx.getResponseObject() as ResponseEvents, verdict.ticket);
			return 'pass';
		case 'drop':
			ctx.logger.debug('MMP Trigger dropped a re-send', { ...gate.stats });
			return 'drop';
		case 'reject':
			if (Date.now() - (lastWarned.get(gate) ?? 0) >= WARN_EVERY_MS) {
				lastWarned.set(gate, Date.now());
				ctx.logger.warn(`MMP Trigger's re-send gate could not decide: ${verdict.error.code}`, {
					...gate.stats,
				});
			}
			return verdict;
	}
}
