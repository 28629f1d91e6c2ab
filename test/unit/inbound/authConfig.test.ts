import { checkInboundAuth } from '../../../lib/inbound';

const token = 'tok_0123456789abcdef';
const secret = 'whsec_0123456789abcdef0123456789abcdef';

describe('checkInboundAuth', () => {
	it('defaults to none', () => {
		expect(checkInboundAuth({})).toEqual({ auth: { type: 'none' }, errors: [], warnings: [] });
	});

	it('parses a header token and lower-cases the header name', () => {
		expect(checkInboundAuth({ authType: 'headerToken', headerName: 'X-AF-Token', token })).toEqual({
			auth: { type: 'headerToken', headerName: 'x-af-token', token },
			errors: [],
			warnings: [],
		});
	});

	it('rejects invalid and reserved header names, naming the field', () => {
		const invalid = checkInboundAuth({ authType: 'headerToken', headerName: 'X Token', token });
		expect(invalid.auth).toBeUndefined();
		expect(invalid.errors).toEqual([
			expect.stringContaining('Header Name "X Token" is not a valid HTTP header name'),
		]);
		const reserved = checkInboundAuth({
			authType: 'headerToken',
			headerName: 'Content-Type',
			token,
		});
		expect(reserved.errors).toEqual([expect.stringContaining('choose a custom header')]);
		expect(checkInboundAuth({ authType: 'headerToken', headerName: '', token }).errors).toEqual([
			'Header Name is empty.',
		]);
	});

	it('warns about short tokens and refuses empty or padded ones, never echoing the value', () => {
		const short = checkInboundAuth({
			authType: 'headerToken',
			headerName: 'X-Token',
			token: 'abc',
		});
		expect(short.auth).toBeDefined();
		expect(short.warnings).toEqual([
			'Token is shorter than 16 characters; use a long random value.',
		]);
		const padded = checkInboundAuth({
			authType: 'headerToken',
			headerName: 'X-Token',
			token: ` ${token}`,
		});
		expect(padded.errors).toEqual(['Token starts or ends with whitespace.']);
		expect(JSON.stringify(padded)).not.toContain(token);
		expect(checkInboundAuth({ authType: 'headerToken', headerName: 'X-Token' }).errors).toEqual([
			'Token is empty.',
		]);
	});

	it('checks query parameter names and warns about tokens that need percent-encoding', () => {
		expect(
			checkInboundAuth({ authType: 'queryToken', queryParameter: 'auth', token }).auth,
		).toEqual({
			type: 'queryToken',
			parameterName: 'auth',
			token,
		});
		expect(
			checkInboundAuth({ authType: 'queryToken', queryParameter: 'a&b', token }).errors,
		).toHaveLength(1);
		const plus = checkInboundAuth({
			authType: 'queryToken',
			queryParameter: 'auth',
			token: `${token}+/=`,
		});
		expect(plus.warnings).toEqual([expect.stringContaining('percent-encoded')]);
	});

	it('checks basic auth users', () => {
		expect(
			checkInboundAuth({ authType: 'basicAuth', user: 'mmp', password: 'correct horse battery' })
				.auth,
		).toEqual({
			type: 'basicAuth',
			user: 'mmp',
			password: 'correct horse battery',
		});
		expect(
			checkInboundAuth({ authType: 'basicAuth', user: 'a:b', password: 'correct horse battery' })
				.errors,
		).toEqual(['User must not contain ":" (HTTP Basic uses it as separator).']);
	});

	it('parses HMAC settings with defaults', () => {
		expect(
			checkInboundAuth({
				authType: 'hmacSha256',
				secret,
				signatureHeader: 'X-MMP-Signature',
				timestampHeader: 'X-MMP-Timestamp',
			}),
		).toEqual({
			auth: {
				type: 'hmacSha256',
				secret,
				signatureHeader: 'x-mmp-signature',
				timestampHeader: 'x-mmp-timestamp',
				replayWindowSeconds: 300,
				signatureEncoding: 'auto',
			},
			errors: [],
			warnings: [],
		});
	});

	it('reports every HMAC problem at once', () => {
		const check = checkInboundAuth({
			authType: 'hmacSha256',
			secret: 'short',
			signatureHeader: 'X-Sig',
			timestampHeader: 'x-sig',
			replayWindowSeconds: 0,
			signatureEncoding: 'binary',
		});
		expect(check.auth).toBeUndefined();
		expect(check.errors).toEqual([
			'Timestamp Header Name must differ from Signature Header Name.',
			'Replay Window must be a whole number of seconds from 1 to 86400.',
			'Signature Encoding must be hex, base64 or auto.',
		]);
		expect(check.warnings).toEqual([
			'Secret is shorter than 32 characters; use a long random value.',
		]);
	});

	it('warns when HMAC runs without a timestamp or with an extreme window', () => {
		const bodyOnly = checkInboundAuth({
			authType: 'hmacSha256',
			secret,
			signatureHeader: 'X-Hub-Signature-256',
			timestampHeader: '',
		});
		expect(bodyOnly.auth).toMatchObject({ timestampHeader: '' });
		expect(bodyOnly.warnings).toEqual([expect.stringContaining('can be replayed at any time')]);
		const wide = checkInboundAuth({
			authType: 'hmacSha256',
			secret,
			signatureHeader: 'X-Sig',
			timestampHeader: 'X-Ts',
			replayWindowSeconds: 7200,
		});
		expect(wide.warnings).toEqual([expect.stringContaining('over an hour')]);
	});

	it('rejects unknown types', () => {
		expect(checkInboundAuth({ authType: 'jwt' }).errors).toEqual([
			'Authentication must be one of: none, headerToken, queryToken, basicAuth, hmacSha256.',
		]);
	});
});
