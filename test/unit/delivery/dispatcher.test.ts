import { Agent, EnvHttpProxyAgent } from 'undici';

import { createDeliveryDispatcher, proxyFromEnv } from '../../../lib/delivery/dispatcher';

describe('proxyFromEnv', () => {
	it('is undefined without HTTP_PROXY or HTTPS_PROXY', () => {
		expect(proxyFromEnv({ NO_PROXY: 'x' })).toBeUndefined();
		expect(proxyFromEnv({ HTTP_PROXY: '' })).toBeUndefined();
	});

	it('reads both spellings, lower case first (as curl does)', () => {
		expect(
			proxyFromEnv({ http_proxy: 'http://a:1', HTTP_PROXY: 'http://b:2', NO_PROXY: '.corp' }),
		).toEqual({
			httpProxy: 'http://a:1',
			httpsProxy: '',
			noProxy: '.corp',
		});
		expect(proxyFromEnv({ HTTPS_PROXY: 'http://c:3', no_proxy: '*' })).toEqual({
			httpProxy: '',
			httpsProxy: 'http://c:3',
			noProxy: '*',
		});
	});
});

describe('createDeliveryDispatcher', () => {
	it('is a plain keep-alive Agent without proxy variables, an EnvHttpProxyAgent with them', async () => {
		const direct = createDeliveryDispatcher({ env: {} });
		const proxied = createDeliveryDispatcher({ env: { HTTPS_PROXY: 'http://127.0.0.1:9' } });
		const off = createDeliveryDispatcher({
			env: { HTTPS_PROXY: 'http://127.0.0.1:9' },
			useEnvProxy: false,
		});
		expect(direct).toBeInstanceOf(Agent);
		expect(proxied).toBeInstanceOf(EnvHttpProxyAgent);
		expect(off).toBeInstanceOf(Agent);
		await Promise.all([direct.close(), proxied.close(), off.close()]);
	});

	it('refuses bad sizes', () => {
		expect(() => createDeliveryDispatcher({ connectionsPerOrigin: 0 })).toThrow(
			/connectionsPerOrigin/,
		);
		expect(() => createDeliveryDispatcher({ connectTimeoutMs: 0 })).toThrow(/connectTimeoutMs/);
	});
});
