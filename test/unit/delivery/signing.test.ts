import { createHmac } from 'node:crypto';

import { DeliveryConfigError } from '../../../lib/delivery/errors';
import {
	createStandardWebhookSigner,
	signingKeyText,
	signingSecretForms,
	standardWebhookHeaders,
	webhookMessageId,
} from '../../../lib/delivery/signing';

// The official vector (standard-webhooks libraries/javascript webhook.test.ts; docs/sources.md, "Standard Webhooks").
const VECTOR = {
	secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
	id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
	timestamp: 1614265330,
	body: '{"test": 2432232314}',
	signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('Standard Webhooks signing', () => {
	it('reproduces the official test vector', () => {
		const sign = createStandardWebhookSigner(VECTOR.secret);
		expect(sign(VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
	});

	it('signs bytes exactly like the same text, and accepts the secret without its prefix', () => {
		const sign = createStandardWebhookSigner(VECTOR.secret.slice('whsec_'.length));
		expect(sign(VECTOR.id, VECTOR.timestamp, Buffer.from(VECTOR.body))).toBe(VECTOR.signature);
	});

	it('signs an empty body as "id.timestamp."', () => {
		const key = Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64');
		const expected = createHmac('sha256', key).update('m1.5.').digest('base64');
		expect(createStandardWebhookSigner(VECTOR.secret)('m1', 5, undefined)).toBe(`v1,${expected}`);
	});

	it('changes with any byte of id, timestamp or body', () => {
		const sign = createStandardWebhookSigner(VECTOR.secret);
		expect(sign(VECTOR.id + 'x', VECTOR.timestamp, VECTOR.body)).not.toBe(VECTOR.signature);
		expect(sign(VECTOR.id, VECTOR.timestamp + 1, VECTOR.body)).not.toBe(VECTOR.signature);
		expect(sign(VECTOR.id, VECTOR.timestamp, VECTOR.body.replace('2', '3'))).not.toBe(
			VECTOR.signature,
		);
	});

	it('builds the three headers', () => {
		const sign = createStandardWebhookSigner(VECTOR.secret);
		expect(standardWebhookHeaders(sign, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toEqual({
			'webhook-id': VECTOR.id,
			'webhook-timestamp': '1614265330',
			'webhook-signature': VECTOR.signature,
		});
	});

	it.each(['whsec_', 'whsec_not base64!', 'whsec_abc$'])(
		'refuses the secret %j without quoting it',
		(secret) => {
			let thrown: unknown;
			try {
				createStandardWebhookSigner(secret);
			} catch (error) {
				thrown = error;
			}
			expect(thrown).toBeInstanceOf(DeliveryConfigError);
			const body = secret.slice('whsec_'.length);
			if (body) expect((thrown as Error).message).not.toContain(body);
		},
	);
});

describe('webhookMessageId', () => {
	it('uses a usable idempotency key as it is', () => {
		expect(webhookMessageId('af_123-install')).toBe('af_123-install');
	});

	it('digests a key that contains "." or whitespace, stably', () => {
		const id = webhookMessageId('a.b c');
		expect(id).toMatch(/^msg_[A-Za-z0-9_-]{43}$/);
		expect(webhookMessageId('a.b c')).toBe(id);
		expect(webhookMessageId('x'.repeat(300))).toMatch(/^msg_/);
	});

	it('invents a fresh id when there is no key', () => {
		const a = webhookMessageId();
		expect(a).toMatch(/^msg_[0-9a-f]{32}$/);
		expect(webhookMessageId('')).not.toBe(a);
	});
});

describe('whsec_ prefix', () => {
	it('is stripped in one place: the key text with or without the prefix is the same', () => {
		expect(signingKeyText(VECTOR.secret)).toBe('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
		expect(signingKeyText('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBe(
			'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
		);
	});

	it('lists each form a secret can be echoed in, once', () => {
		expect(signingSecretForms(VECTOR.secret)).toEqual([
			VECTOR.secret,
			'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
		]);
		expect(signingSecretForms('abc=')).toEqual(['abc=']);
	});
});
