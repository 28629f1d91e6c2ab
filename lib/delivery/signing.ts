// Standard Webhooks signing (standardwebhooks.com, symmetric "v1" scheme):
//   webhook-id        stable across retries (receivers de-duplicate on it)
//   webhook-timestamp Unix seconds of this attempt
//   webhook-signature v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>
// where key is the base64 part of a `whsec_...` secret.
import { createHash, createHmac, randomUUID } from 'node:crypto';

import { DeliveryConfigError } from './errors';
import type { RequestBody } from './request';

export const STANDARD_WEBHOOK_SECRET_PREFIX = 'whsec_';

/** Signs one attempt; returns the `webhook-signature` value (`v1,<base64>`). */
export type StandardWebhookSigner = (
	id: string,
	timestampSeconds: number,
	body: RequestBody | undefined,
) => string;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** The spec forbids `.` in the id (it separates the signed parts); we also keep it printable. */
const MESSAGE_ID = /^[\x21-\x2d\x2f-\x7e]{1,256}$/;

/**
 * The base64 key text of a secret: without its `whsec_` prefix when it has one. A secret is
 * accepted with or without the prefix, as the reference libraries do.
 */
export function signingKeyText(secret: string): string {
	return secret.startsWith(STANDARD_WEBHOOK_SECRET_PREFIX)
		? secret.slice(STANDARD_WEBHOOK_SECRET_PREFIX.length)
		: secret;
}

/** Every form of a signing secret that could be echoed back, for scrubbing reports. */
export function signingSecretForms(secret: string): string[] {
	const key = signingKeyText(secret);
	return key === secret ? [secret] : [secret, key];
}

/**
 * Decodes the secret once and returns a signer. Throws DeliveryConfigError (without quoting the
 * secret).
 */
export function createStandardWebhookSigner(secret: string): StandardWebhookSigner {
	const encoded = signingKeyText(secret);
	if (!BASE64.test(encoded)) {
		throw new DeliveryConfigError('The signing secret must be "whsec_" followed by base64');
	}
	const key = Buffer.from(encoded, 'base64');
	if (key.length === 0) throw new DeliveryConfigError('The signing secret is empty');
	return (id, timestampSeconds, body) => {
		const hmac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.`);
		if (body !== undefined) hmac.update(body);
		return `v1,${hmac.digest('base64')}`;
	};
}

/** The three Standard Webhooks headers for one attempt. */
export function standardWebhookHeaders(
	sign: StandardWebhookSigner,
	id: string,
	timestampSeconds: number,
	body: RequestBody | undefined,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
	return {
		'webhook-id': id,
		'webhook-timestamp': String(timestampSeconds),
		'webhook-signature': sign(id, timestampSeconds, body),
	};
}

/**
 * The `webhook-id` for an item: its idempotency key when that is usable as an id (printable, no
 * `.`, at most 256 characters), else a stable digest of it (`msg_` + base64url SHA-256), else a
 * fresh random id. Called once per item, so the id is the same on every retry.
 */
export function webhookMessageId(idempotencyKey?: string): string {
	if (idempotencyKey === undefined || idempotencyKey === '') {
		return `msg_${randomUUID().replace(/-/g, '')}`;
	}
	if (MESSAGE_ID.test(idempotencyKey)) return idempotencyKey;
	return `msg_${createHash('sha256').update(idempotencyKey).digest('base64url')}`;
}
