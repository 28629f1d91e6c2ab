import {
	applyAuth,
	authHeaderName,
	authSecrets,
	validateAuth,
	type PostbackAuth,
} from '../../../lib/delivery/auth';
import { DeliveryConfigError } from '../../../lib/delivery/errors';
import { prepareRequest } from '../../../lib/delivery/request';

const base = prepareRequest({
	url: 'https://net.test/pb?click=1',
	headers: { Authorization: 'old', 'X-Keep': 'k' },
});

describe('applyAuth', () => {
	it('none leaves the request alone', () => {
		expect(applyAuth(base, { type: 'none' })).toBe(base);
	});

	it('header: sets (or replaces) the named header', () => {
		const authed = applyAuth(base, { type: 'header', name: 'X-Api-Key', value: 's3cret' });
		expect(authed.headers).toEqual({ authorization: 'old', 'x-keep': 'k', 'x-api-key': 's3cret' });
		expect(base.headers['x-api-key']).toBeUndefined();
	});

	it('bearer replaces an Authorization header set by the caller', () => {
		expect(applyAuth(base, { type: 'bearer', token: 'tok' }).headers.authorization).toBe(
			'Bearer tok',
		);
	});

	it('basic encodes user:password (UTF-8) in base64', () => {
		const authed = applyAuth(base, { type: 'basic', username: 'ä', password: 'p:w' });
		expect(authed.headers.authorization).toBe(`Basic ${Buffer.from('ä:p:w').toString('base64')}`);
	});

	it('query appends an encoded parameter after the existing query', () => {
		expect(applyAuth(base, { type: 'query', name: 'api key', value: 'a&b=c' }).path).toBe(
			'/pb?click=1&api%20key=a%26b%3Dc',
		);
		const bare = prepareRequest({ url: 'https://net.test/pb' });
		expect(applyAuth(bare, { type: 'query', name: 'token', value: 't' }).path).toBe('/pb?token=t');
	});
});

describe('validateAuth', () => {
	it.each<[PostbackAuth, RegExp]>([
		[{ type: 'header', name: 'Bad Name', value: 'SECRET-1' }, /not valid/],
		[{ type: 'header', name: 'X-Key', value: '' }, /empty/],
		[{ type: 'header', name: 'X-Key', value: 'SECRET\r\n2' }, /CR, LF or NUL/],
		[{ type: 'bearer', token: '' }, /empty/],
		[{ type: 'basic', username: 'a:b', password: 'p' }, /cannot contain ":"/],
		[{ type: 'query', name: '', value: 'v' }, /name is empty/],
		[{ type: 'query', name: 'k', value: '\ud800' }, /not valid Unicode/],
		[{ type: 'oauth' } as never, /Unknown auth type/],
	])('refuses %j without quoting the secret', (auth, message) => {
		let thrown: unknown;
		try {
			validateAuth(auth);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(DeliveryConfigError);
		expect((thrown as Error).message).toMatch(message);
		const secret = 'value' in auth ? auth.value : 'token' in auth ? auth.token : undefined;
		if (secret) expect((thrown as Error).message).not.toContain(secret);
	});

	// Issue 12 item 5: a token pasted into the name field would show in the UI and the logs.
	it.each<PostbackAuth>([
		{ type: 'header', name: 'Bearer sk_live_51HxQz', value: 'v' },
		{ type: 'header', name: 'sk_live:51HxQz', value: 'v' },
		{ type: 'basic', username: 'sk_live:51HxQz', password: 'p' },
		{ type: 'other-sk_live_51HxQz' } as never,
	])('never quotes a credential field, names included (%#)', (auth) => {
		expect(() => validateAuth(auth)).toThrow(DeliveryConfigError);
		try {
			validateAuth(auth);
		} catch (error) {
			expect((error as Error).message).not.toMatch(/sk_live|51HxQz/);
		}
	});

	it('accepts an empty basic-auth password', () => {
		expect(() => validateAuth({ type: 'basic', username: 'u', password: '' })).not.toThrow();
	});
});

describe('authSecrets and authHeaderName', () => {
	it('list every form the secret takes on the wire', () => {
		expect(authSecrets({ type: 'query', name: 'k', value: 'a b' })).toEqual(['a b', 'a%20b']);
		expect(authSecrets({ type: 'basic', username: 'u', password: 'pw' })).toEqual([
			'pw',
			Buffer.from('u:pw').toString('base64'),
		]);
		expect(authSecrets({ type: 'bearer', token: 't' })).toEqual(['t']);
		expect(authSecrets({ type: 'none' })).toEqual([]);
	});

	it('name the header to strip on a cross-origin redirect', () => {
		expect(authHeaderName({ type: 'header', name: 'X-Api-Key', value: 'v' })).toBe('x-api-key');
		expect(authHeaderName({ type: 'bearer', token: 't' })).toBe('authorization');
		expect(authHeaderName({ type: 'query', name: 'k', value: 'v' })).toBeUndefined();
	});
});
