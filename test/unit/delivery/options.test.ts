import { DeliveryConfigError } from '../../../lib/delivery/errors';
import {
	DELIVERY_DEFAULTS,
	resolveDeliveryOptions,
	type DeliveryOptions,
} from '../../../lib/delivery/options';
import { prepareRequest } from '../../../lib/delivery/request';

describe('resolveDeliveryOptions', () => {
	it('fills the defaults', () => {
		const resolved = resolveDeliveryOptions();
		expect(resolved).toMatchObject({
			concurrency: DELIVERY_DEFAULTS.concurrency,
			perHostConcurrency: DELIVERY_DEFAULTS.perHostConcurrency,
			maxInlineWaitMs: 60_000,
			followRedirects: 0,
			maxResponseBytes: 16 * 1024,
			captureResponseBody: true,
			captureResponseHeaders: false,
			idempotencyHeader: 'idempotency-key',
			userAgent: 'n8n-nodes-mmp-postback',
			connectTimeoutMs: 10_000,
			headersTimeoutMs: 15_000,
			bodyTimeoutMs: 15_000,
		});
		expect(resolved.policy.maxAttempts).toBe(6);
		expect(resolved.circuitBreaker).toEqual({});
	});

	it('keeps the per-host limit within the global one', () => {
		expect(
			resolveDeliveryOptions({ concurrency: 4, perHostConcurrency: 50 }).perHostConcurrency,
		).toBe(4);
	});

	it.each<[DeliveryOptions, RegExp]>([
		[{ concurrency: 0 }, /concurrency must be/],
		[{ concurrency: 1.5 }, /concurrency must be/],
		[{ perHostConcurrency: -1 }, /perHostConcurrency/],
		[{ followRedirects: 21 }, /followRedirects/],
		[{ maxResponseBytes: -1 }, /maxResponseBytes/],
		[{ maxInlineWaitMs: -5 }, /maxInlineWaitMs/],
		[{ timeouts: { headersMs: 0 } }, /timeouts.headersMs/],
		[{ timeouts: { connectMs: Infinity } }, /timeouts.connectMs/],
		[{ idempotencyHeader: 'Bad Header' }, /idempotencyHeader/],
		[{ userAgent: 'x\r\ny' }, /userAgent/],
		[{ retry: 'hourly' as never }, /Unknown retry preset/],
		[{ success: { type: 'status', status: 500 } }, /2xx/],
		[{ auth: { type: 'bearer', token: '' } }, /bearer token is empty/],
		[{ signing: { secret: 'whsec_***' } }, /whsec_/],
	])('refuses %j', (options, message) => {
		expect(() => resolveDeliveryOptions(options)).toThrow(DeliveryConfigError);
		expect(() => resolveDeliveryOptions(options)).toThrow(message);
	});

	it('scrubs every secret form: auth values and the signing secret with and without prefix', () => {
		const { scrub } = resolveDeliveryOptions({
			auth: { type: 'query', name: 'k', value: 'a b' },
			signing: { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
		});
		expect(
			scrub('a b|a%20b|whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw|MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'),
		).toBe('[redacted]|[redacted]|[redacted]|[redacted]');
	});

	it('authenticate applies the configured auth', () => {
		const { authenticate } = resolveDeliveryOptions({ auth: { type: 'bearer', token: 't' } });
		expect(authenticate(prepareRequest({ url: 'https://a.test/' })).headers.authorization).toBe(
			'Bearer t',
		);
	});

	it('sleep stops waiting for an injected sleep when the run is cancelled', async () => {
		const controller = new AbortController();
		const never = () => new Promise<void>(() => undefined);
		const { sleep } = resolveDeliveryOptions({ sleep: never, signal: controller.signal });
		const waiting = sleep(60_000);
		controller.abort();
		await expect(waiting).resolves.toBeUndefined();
	});

	it('the default sleep is a cancellable timer', async () => {
		const controller = new AbortController();
		const { sleep } = resolveDeliveryOptions({ signal: controller.signal });
		const waiting = sleep(60_000);
		controller.abort();
		await expect(waiting).resolves.toBeUndefined();
	});
});
