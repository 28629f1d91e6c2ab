import { endpointAuthFromCredential, NO_ENDPOINT_AUTH } from '../../../lib/delivery/authConfig';
import { DeliveryConfigError } from '../../../lib/delivery/errors';
import { caught } from './caught';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('Postback Endpoint Auth credential → delivery auth', () => {
	it('maps "none" to no auth and no secrets', () => {
		expect(endpointAuthFromCredential({ authType: 'none' })).toBe(NO_ENDPOINT_AUTH);
	});

	it('maps each auth type, listing every form of its secret', () => {
		expect(
			endpointAuthFromCredential({ authType: 'header', headerName: ' X-Key ', headerToken: 't1' }),
		).toEqual({ auth: { type: 'header', name: 'X-Key', value: 't1' }, secrets: ['t1'] });
		expect(endpointAuthFromCredential({ authType: 'bearer', token: 'tok' })).toEqual({
			auth: { type: 'bearer', token: 'tok' },
			secrets: ['tok'],
		});
		expect(
			endpointAuthFromCredential({ authType: 'basic', username: 'u', password: 'p' }).secrets,
		).toEqual(['p', Buffer.from('u:p').toString('base64')]);
		expect(
			endpointAuthFromCredential({ authType: 'query', queryName: 'key', queryToken: 'a b' }),
		).toEqual({ auth: { type: 'query', name: 'key', value: 'a b' }, secrets: ['a b', 'a%20b'] });
	});

	it('maps Standard Webhooks signing, with the secret with and without its prefix', () => {
		const endpoint = endpointAuthFromCredential({
			authType: 'standardWebhooks',
			signingSecret: ` ${SECRET} `,
			signatureExtraHeader: true,
			extraHeaderName: 'X-Extra',
			extraHeaderToken: 'extra',
		});
		expect(endpoint).toEqual({
			auth: { type: 'header', name: 'X-Extra', value: 'extra' },
			signing: { secret: SECRET },
			secrets: ['extra', SECRET, SECRET.slice('whsec_'.length)],
		});
	});

	it('adds the secret endpoint URL and its secret parts', () => {
		const endpoint = endpointAuthFromCredential({
			authType: 'none',
			secretEndpointUrl: ' https://hooks.example.com/services/T0/B0/SECRETPART ',
		});
		expect(endpoint.endpointUrl).toBe('https://hooks.example.com/services/T0/B0/SECRETPART');
		expect(endpoint.secrets.join(' ')).toContain('SECRETPART');
	});

	it('refuses unusable fields with a DeliveryConfigError that never quotes a secret', () => {
		const cases = [
			{ authType: 'header', headerName: 'X Key', headerToken: 'secret-1' },
			{ authType: 'bearer', token: 'bad\r\nsecret-2' },
			{ authType: 'standardWebhooks', signingSecret: 'whsec_not base64 secret-3' },
			{ authType: 'standardWebhooks', signingSecret: '  ' },
			{ authType: 'nope' },
		];
		for (const data of cases) {
			const error = caught(() => endpointAuthFromCredential(data), DeliveryConfigError);
			expect(error.message).not.toMatch(/secret-\d/);
		}
	});
});
