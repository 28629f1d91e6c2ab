import { authenticateRequest, authNeedsBody, type InboundAuth } from '../../../lib/inbound';
import { computeHmacSignature } from '../../../lib/security';

const token = 'tok_0123456789abcdef';

describe('authenticateRequest', () => {
	it('passes everything with none', () => {
		expect(authenticateRequest({ type: 'none' }, { headers: {}, url: '/' })).toEqual({ ok: true });
	});

	describe('header token', () => {
		const auth: InboundAuth = { type: 'headerToken', headerName: 'x-mmp-token', token };

		it('accepts the exact token', () => {
			expect(authenticateRequest(auth, { headers: { 'x-mmp-token': token }, url: '/' })).toEqual({
				ok: true,
			});
		});

		it('answers 401 missing or wrong, without the token in the message', () => {
			expect(authenticateRequest(auth, { headers: {}, url: '/' })).toEqual({
				ok: false,
				status: 401,
				code: 'missing_credentials',
				message: 'Missing the x-mmp-token header.',
			});
			const wrong = authenticateRequest(auth, {
				headers: { 'x-mmp-token': `${token}x` },
				url: '/',
			});
			expect(wrong).toMatchObject({ ok: false, status: 401, code: 'invalid_credentials' });
			expect(JSON.stringify(wrong)).not.toContain(token);
			expect(
				authenticateRequest(auth, { headers: { 'x-mmp-token': [token, token] }, url: '/' }),
			).toMatchObject({
				ok: false,
				code: 'missing_credentials',
			});
		});

		it('accepts Authorization: Bearer <token> for a token configured without the scheme', () => {
			const bearer: InboundAuth = { type: 'headerToken', headerName: 'authorization', token };
			expect(
				authenticateRequest(bearer, { headers: { authorization: `Bearer ${token}` }, url: '/' }),
			).toEqual({ ok: true });
			expect(authenticateRequest(bearer, { headers: { authorization: token }, url: '/' })).toEqual({
				ok: true,
			});
			expect(
				authenticateRequest(bearer, { headers: { authorization: 'Bearer nope' }, url: '/' }),
			).toMatchObject({
				ok: false,
				status: 401,
			});
		});
	});

	describe('query token', () => {
		const auth: InboundAuth = { type: 'queryToken', parameterName: 'auth', token };

		it('accepts the token, percent-decoded', () => {
			expect(authenticateRequest(auth, { headers: {}, url: `/mmp?a=1&auth=${token}` })).toEqual({
				ok: true,
			});
			const special: InboundAuth = { type: 'queryToken', parameterName: 'auth', token: 'a/b=c' };
			expect(authenticateRequest(special, { headers: {}, url: '/mmp?auth=a%2Fb%3Dc' })).toEqual({
				ok: true,
			});
		});

		it('refuses missing, wrong and repeated tokens', () => {
			expect(authenticateRequest(auth, { headers: {}, url: '/mmp' })).toMatchObject({
				status: 401,
				code: 'missing_credentials',
			});
			expect(authenticateRequest(auth, { headers: {}, url: '/mmp?auth=' })).toMatchObject({
				code: 'missing_credentials',
			});
			expect(authenticateRequest(auth, { headers: {}, url: '/mmp?auth=x' })).toMatchObject({
				code: 'invalid_credentials',
			});
			expect(authenticateRequest(auth, { headers: {}, url: `/mmp?auth=${token}&auth=x` })).toEqual({
				ok: false,
				status: 401,
				code: 'invalid_credentials',
				message: 'The auth query parameter is repeated.',
			});
		});
	});

	describe('basic', () => {
		const auth: InboundAuth = { type: 'basicAuth', user: 'mmp', password: 'p:ss wörd' };
		const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

		it('accepts the right user and password (password may contain ":")', () => {
			expect(
				authenticateRequest(auth, { headers: { authorization: basic('mmp:p:ss wörd') }, url: '/' }),
			).toEqual({ ok: true });
		});

		it('answers 401 with a Basic challenge otherwise', () => {
			for (const authorization of [
				undefined,
				'Bearer x',
				basic('mmp:wrong'),
				basic('other:p:ss wörd'),
				basic('mmp'),
			]) {
				const verdict = authenticateRequest(auth, { headers: { authorization }, url: '/' });
				expect(verdict).toMatchObject({
					ok: false,
					status: 401,
					headers: { 'WWW-Authenticate': 'Basic realm="MMP Trigger", charset="UTF-8"' },
				});
			}
		});
	});

	describe('HMAC-SHA256', () => {
		const secret = 'whsec_0123456789abcdef0123456789abcdef';
		const auth: InboundAuth = {
			type: 'hmacSha256',
			secret,
			signatureHeader: 'x-mmp-signature',
			timestampHeader: 'x-mmp-timestamp',
			replayWindowSeconds: 300,
			signatureEncoding: 'auto',
		};
		const body = Buffer.from('{"activity_kind":"install"}');
		const now = 1_700_000_000_000;
		const signed = (timestamp: string, payload = body) => ({
			'x-mmp-timestamp': timestamp,
			'x-mmp-signature': `sha256=${computeHmacSignature({ secret, body: payload, timestamp })}`,
		});

		it('needs the body', () => {
			expect(authNeedsBody(auth)).toBe(true);
			expect(authNeedsBody({ type: 'headerToken', headerName: 'x', token })).toBe(false);
		});

		it('accepts a fresh, valid signature', () => {
			expect(
				authenticateRequest(auth, { headers: signed('1700000000'), url: '/', rawBody: body, now }),
			).toEqual({ ok: true });
		});

		it('answers 401 for a bad or missing signature and 403 for a stale timestamp', () => {
			const tampered = Buffer.from(body);
			tampered[3] ^= 1;
			expect(
				authenticateRequest(auth, {
					headers: signed('1700000000'),
					url: '/',
					rawBody: tampered,
					now,
				}),
			).toMatchObject({
				status: 401,
				code: 'invalid_signature',
			});
			expect(
				authenticateRequest(auth, { headers: {}, url: '/', rawBody: body, now }),
			).toMatchObject({
				status: 401,
				code: 'missing_signature',
			});
			expect(
				authenticateRequest(auth, { headers: signed('1699999000'), url: '/', rawBody: body, now }),
			).toEqual({
				ok: false,
				status: 403,
				code: 'stale_timestamp',
				message:
					'The x-mmp-timestamp timestamp is more than 300 s old; the request is refused as a possible replay.',
			});
			expect(
				authenticateRequest(auth, { headers: signed('1700001000'), url: '/', rawBody: body, now }),
			).toMatchObject({
				status: 403,
				code: 'stale_timestamp',
			});
			expect(
				authenticateRequest(auth, {
					headers: { ...signed('1700000000'), 'x-mmp-timestamp': 'soon' },
					url: '/',
					rawBody: body,
					now,
				}),
			).toMatchObject({ status: 401, code: 'invalid_timestamp' });
		});

		it('verifies body-only signatures when no timestamp header is configured', () => {
			const bodyOnly: InboundAuth = { ...auth, timestampHeader: '' } as InboundAuth;
			const headers = { 'x-mmp-signature': computeHmacSignature({ secret, body }) };
			expect(authenticateRequest(bodyOnly, { headers, url: '/', rawBody: body, now })).toEqual({
				ok: true,
			});
		});
	});
});
