import {
	cachedTriggerConfig,
	compileTriggerConfig,
	type TriggerConfig,
	type TriggerSettings,
} from '../../../lib/inbound';

function compile(settings: TriggerSettings): TriggerConfig {
	const result = compileTriggerConfig(settings);
	if (!result.ok) throw new Error(result.errors.join('; '));
	return result.config;
}

describe('compileTriggerConfig', () => {
	it('has safe defaults', () => {
		const config = compile({});
		expect(config.parseOptions).toEqual({
			mmp: 'auto',
			strict: false,
			fieldMap: undefined,
			maxBodyBytes: 1048576,
		});
		expect(config.includeRaw).toBe(true);
		expect(config.startFilter).toBeUndefined();
		expect(config.allowlist).toBeUndefined();
		expect(config.trustedProxyHops).toBe(0);
		expect(config.acknowledgement).toEqual({ status: 200, body: { status: 'ok' } });
	});

	it('passes MMP, strict mode and field mapping to the parser', () => {
		const config = compile({
			mmp: 'adjust',
			strict: true,
			fieldMap: { ' uid ': 'customer_user_id' },
		});
		expect(config.parseOptions).toMatchObject({
			mmp: 'adjust',
			strict: true,
			fieldMap: { uid: 'customer_user_id' },
		});
	});

	it('passes the Apple options to the parser and reports a bad Apple key', () => {
		const config = compile({
			mmp: 'skadnetwork',
			applePublicKeys: ' ',
			appleDevelopmentPostbacks: true,
		});
		expect(config.parseOptions).toMatchObject({
			mmp: 'skadnetwork',
			applePublicKeys: undefined,
			appleDevelopmentPostbacks: true,
		});
		const bad = compileTriggerConfig({ mmp: 'adattributionkit', applePublicKeys: 'k/1 QUJD' });
		expect(bad).toEqual({
			ok: false,
			errors: ['Additional Apple public key on line 1 is not a public key in SPKI form'],
		});
	});

	it('memoises the parser that drops a query token parameter from raw', () => {
		const config = compile({});
		expect(config.parser('auth')).toBe(config.parser('auth'));
		expect(config.parser()).toBe(config.parser());
		expect(config.parser('auth')).not.toBe(config.parser());
		const request = {
			method: 'GET',
			url: '/mmp/adjust?activity_kind=install&adid=abc&auth=SECRET',
		};
		const plain = config.parser()(request);
		const omitting = config.parser('auth')(request);
		expect(plain.ok && plain.raw.auth).toBe('SECRET');
		expect(omitting.ok && JSON.stringify(omitting)).not.toContain('SECRET');
	});

	it('builds the allowlist from presets and custom entries', () => {
		const config = compile({
			ipPresets: ['singular'],
			ipAllowlist: '203.0.113.0/24, 2001:db8::/32',
		});
		expect(config.allowlist?.entries).toEqual([
			'198.134.6.0/23',
			'203.0.113.0/24',
			'2001:db8::/32',
		]);
		expect(config.allowlist?.allows('198.134.7.1')).toBe(true);
		expect(config.allowlist?.allows('8.8.8.8')).toBe(false);
	});

	it('answers text that is not JSON as text', () => {
		expect(compile({ responseBody: 'OK' }).acknowledgement.body).toBe('OK');
		expect(compile({ responseCode: 204, responseBody: '' }).acknowledgement).toEqual({
			status: 204,
			body: '',
		});
	});

	it('reports every problem at once', () => {
		const result = compileTriggerConfig({
			mmp: 'airbridge',
			fieldMap: { uid: 'dedup_key', '': 'country' },
			eventKinds: ['installs'],
			ipPresets: ['branch'],
			ipAllowlist: '10.0.0.0/40',
			trustedProxyHops: -1,
			maxBodyBytes: 0,
			responseCode: 500,
		});
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors).toEqual([
			'MMP must be one of: auto, appsflyer, adjust, branch, singular, kochava, tenjin, skadnetwork, adattributionkit.',
			'Field Mapping "uid" targets "dedup_key", which is not a canonical field you can map.',
			'Field Mapping has an entry without an incoming name.',
			'Start Executions For: "installs" is not an event kind.',
			'IP Allowlist preset "branch" is unknown.',
			'IP Allowlist entry "10.0.0.0/40": the prefix length must be at most 32',
			'Proxy Hops must be a whole number from 0 to 10.',
			'Max Body Size must be a positive whole number.',
			'Response Code must be a 2xx status: MMPs treat anything else as a failed delivery and retry.',
		]);
	});
});

describe('cachedTriggerConfig', () => {
	it('returns the same compiled config for equal settings', () => {
		const a = cachedTriggerConfig({ mmp: 'branch', ipPresets: ['appsflyer'] });
		const b = cachedTriggerConfig({ mmp: 'branch', ipPresets: ['appsflyer'] });
		expect(a).toBe(b);
		expect(cachedTriggerConfig({ mmp: 'adjust' })).not.toBe(a);
	});
});
