import { checkClient, compileTriggerConfig, type TriggerConfig } from '../../../lib/inbound';

function config(settings: Parameters<typeof compileTriggerConfig>[0] = {}): TriggerConfig {
	const result = compileTriggerConfig(settings);
	if (!result.ok) throw new Error(result.errors.join('; '));
	return result.config;
}

const peer = { remoteAddress: '203.0.113.9', forwardedFor: undefined };

describe('checkClient', () => {
	it('passes GET and POST when there is no allowlist', () => {
		expect(checkClient({ method: 'GET', ...peer }, config())).toBeUndefined();
		expect(
			checkClient({ method: 'POST', remoteAddress: undefined, forwardedFor: undefined }, config()),
		).toBeUndefined();
	});

	it('answers 405 with Allow for any other method, before the allowlist', () => {
		expect(checkClient({ method: 'PUT', ...peer }, config({ ipAllowlist: '10.0.0.0/8' }))).toEqual({
			status: 405,
			code: 'method_not_allowed',
			message: 'Method PUT is not allowed; MMP callbacks use GET or POST.',
			headers: { Allow: 'GET, POST' },
		});
	});

	it('judges the address the trusted proxies report', () => {
		const allow = config({ ipAllowlist: '198.51.100.0/24', trustedProxyHops: 1 });
		expect(checkClient({ method: 'GET', ...peer }, allow)?.status).toBe(403);
		expect(
			checkClient(
				{ method: 'GET', remoteAddress: '10.0.0.1', forwardedFor: '8.8.8.8, 198.51.100.7' },
				allow,
			),
		).toBeUndefined();
		expect(
			checkClient(
				{ method: 'GET', remoteAddress: '10.0.0.1', forwardedFor: '198.51.100.7, 8.8.8.8' },
				allow,
			),
		).toEqual({
			status: 403,
			code: 'ip_not_allowed',
			message: 'Client IP 8.8.8.8 is not in the IP allowlist.',
		});
	});

	it('refuses an unreadable address with the caller’s message, or a plain one', () => {
		const allow = config({ ipAllowlist: '0.0.0.0/0' });
		const unknown = { method: 'POST', remoteAddress: undefined, forwardedFor: undefined };
		expect(checkClient(unknown, allow)).toEqual({
			status: 403,
			code: 'ip_not_allowed',
			message: 'The client IP address could not be determined.',
		});
		expect(checkClient(unknown, allow, 'Map Client IP Field.')?.message).toBe(
			'Map Client IP Field.',
		);
	});
});
