import {
	endpointSecrets,
	endpointTarget,
	validateEndpointUrl,
} from '../../../lib/delivery/endpointUrl';
import { DeliveryConfigError } from '../../../lib/delivery/errors';

describe('endpoint URL from a credential (issue 12 item 8)', () => {
	const endpoint = 'https://hooks.slack.com/services/T1/B2/SECRET';

	it("sends to the endpoint with the item URL's query string only", () => {
		expect(endpointTarget(endpoint, 'https://example.com/a?x=1&y=2#frag')).toBe(`${endpoint}?x=1&y=2`);
		expect(endpointTarget(endpoint, 'https://hooks.slack.com/services/from-credential')).toBe(endpoint);
		expect(endpointTarget(endpoint, '')).toBe(endpoint);
		expect(endpointTarget(`${endpoint}?a=b`, '?c=d')).toBe(`${endpoint}?a=b&c=d`);
	});

	it('lists the URL and its path as secrets', () => {
		expect(endpointSecrets(endpoint)).toEqual([endpoint, '/services/T1/B2/SECRET']);
	});

	it.each(['not a url SECRET', 'ftp://h/SECRET', 'https://h/SECRET#x'])(
		'refuses %s without quoting it',
		(url) => {
			expect(() => validateEndpointUrl(url)).toThrow(DeliveryConfigError);
			try {
				validateEndpointUrl(url);
			} catch (error) {
				expect((error as Error).message).not.toContain('SECRET');
			}
		},
	);
});
