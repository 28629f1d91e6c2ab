// Postback Endpoint Auth through Send Postback: each mode as the receiver sees it, Standard Webhooks
// signatures verified independently, secrets never in the output (even when the receiver echoes
// the request back), and the credential test.
import { createHmac } from 'node:crypto';
import type { ICredentialDataDecryptedObject, ICredentialTestFunctions } from 'n8n-workflow';

import { SendPostback } from '../../nodes/SendPostback/SendPostback.node';
import {
	postbackOf,
	runSendPostback,
	startServer,
	type ReceivedRequest,
	type TestServer,
} from './sendPostbackSupport';

const CREDENTIAL = 'postbackEndpointAuth';
// 32 random bytes, base64 (the usual Standard Webhooks secret size).
const SIGNING_KEY = 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwWh0Y7TQ1bWk=';
const WHSEC = `whsec_${SIGNING_KEY}`;

/** Echoes the whole request back in the body and a header, as some debugging endpoints do. */
const echo = (request: ReceivedRequest) => ({
	status: 200,
	headers: { 'x-echo-url': request.url, 'content-type': 'application/json' },
	body: JSON.stringify({ url: request.url, headers: request.headers, body: request.body }),
});

const item = (origin: string, extra: Record<string, unknown> = {}) => ({
	dedup_key: 'evt_123',
	callback: {
		url: `${origin}/postback?click_id=abc`,
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: '{"event":"install"}',
	},
	...extra,
});

const parameters = {
	authentication: CREDENTIAL,
	retryPreset: 'none',
	options: { includeResponseHeaders: true },
};

async function sendWith(credential: ICredentialDataDecryptedObject, origin: string) {
	return await runSendPostback({
		parameters,
		items: [item(origin)],
		credentials: { [CREDENTIAL]: credential },
	});
}

describe('Send Postback with Postback Endpoint Auth', () => {
	let server: TestServer;
	beforeEach(async () => {
		server = await startServer(echo);
	});
	afterEach(async () => server.close());

	const modes: Array<{
		name: string;
		credential: ICredentialDataDecryptedObject;
		secrets: string[];
		check: (request: ReceivedRequest) => void;
	}> = [
		{
			name: 'header token',
			credential: { authType: 'header', headerName: 'X-Api-Key', headerToken: 'hdr-s3cret-value' },
			secrets: ['hdr-s3cret-value'],
			check: (request) => expect(request.headers['x-api-key']).toBe('hdr-s3cret-value'),
		},
		{
			name: 'bearer token',
			credential: { authType: 'bearer', token: 'bearer-s3cret-token' },
			secrets: ['bearer-s3cret-token'],
			check: (request) => expect(request.headers.authorization).toBe('Bearer bearer-s3cret-token'),
		},
		{
			name: 'basic auth',
			credential: { authType: 'basic', username: 'partner', password: 'basic-s3cret-pass' },
			secrets: ['basic-s3cret-pass', Buffer.from('partner:basic-s3cret-pass').toString('base64')],
			check: (request) =>
				expect(request.headers.authorization).toBe(
					`Basic ${Buffer.from('partner:basic-s3cret-pass').toString('base64')}`,
				),
		},
		{
			name: 'query parameter',
			credential: { authType: 'query', queryName: 'api_key', queryToken: 'q s3cret&value' },
			secrets: ['q s3cret&value', encodeURIComponent('q s3cret&value')],
			check: (request) => {
				expect(request.query.get('api_key')).toBe('q s3cret&value');
				expect(request.query.get('click_id')).toBe('abc');
			},
		},
		{
			name: 'Standard Webhooks signature with an extra auth header',
			credential: {
				authType: 'standardWebhooks',
				signingSecret: WHSEC,
				signatureExtraHeader: true,
				extraHeaderName: 'X-Partner-Key',
				extraHeaderToken: 'extra-s3cret-key',
			},
			secrets: [WHSEC, SIGNING_KEY, 'extra-s3cret-key'],
			check: (request) => {
				const id = request.headers['webhook-id'] as string;
				const timestamp = request.headers['webhook-timestamp'] as string;
				expect(id).toBe('evt_123');
				expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
				const expected = createHmac('sha256', Buffer.from(SIGNING_KEY, 'base64'))
					.update(`${id}.${timestamp}.${request.body}`)
					.digest('base64');
				expect(request.headers['webhook-signature']).toBe(`v1,${expected}`);
				expect(request.headers['x-partner-key']).toBe('extra-s3cret-key');
			},
		},
	];

	it.each(modes)('applies $name, and no secret reaches the output', async (mode) => {
		const { delivered, failed, run } = await sendWith(mode.credential, server.origin);
		expect(failed).toHaveLength(0);
		expect(delivered).toHaveLength(1);
		expect(server.requests).toHaveLength(1);
		mode.check(server.requests[0]);
		expect(server.requests[0].body).toBe('{"event":"install"}');

		const output = JSON.stringify(run.data.resultData.runData);
		for (const secret of mode.secrets) expect(output).not.toContain(secret);
		// The echo proves the receiver saw the secret and the node scrubbed it.
		expect(postbackOf(delivered[0]).responseBody).toContain('[redacted]');
		// The reported URL is the item's, without the auth parameter.
		expect(postbackOf(delivered[0]).url).toBe(`${server.origin}/postback?click_id=abc`);
	});

	it('signs each retry with a new timestamp and the same webhook-id', async () => {
		await server.close();
		let calls = 0;
		server = await startServer((request) => (++calls === 1 ? { status: 503 } : echo(request)));
		await runSendPostback({
			parameters: {
				...parameters,
				retryPreset: 'custom',
				maxAttempts: 2,
				baseDelay: 1.1,
				maxDelay: 1.1,
				backoffFactor: 1,
			},
			items: [item(server.origin)],
			credentials: { [CREDENTIAL]: { authType: 'standardWebhooks', signingSecret: WHSEC } },
		});
		expect(server.requests).toHaveLength(2);
		const [first, second] = server.requests;
		expect(first.headers['webhook-id']).toBe(second.headers['webhook-id']);
		for (const request of server.requests) {
			const expected = createHmac('sha256', Buffer.from(SIGNING_KEY, 'base64'))
				.update(
					`${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.${request.body}`,
				)
				.digest('base64');
			expect(request.headers['webhook-signature']).toBe(`v1,${expected}`);
		}
	});

	it('stops with a NodeOperationError when the credential is unusable, naming the field', async () => {
		const { run } = await sendWith(
			{ authType: 'header', headerName: 'X Api Key', headerToken: 'v' },
			server.origin,
		);
		expect(run.status).toBe('error');
		const error = run.data.resultData.error;
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(/Postback Endpoint Auth credential is not usable.*header name/i);
		expect(server.requests).toHaveLength(0);
	});
});

describe('Postback Endpoint Auth credential test', () => {
	const test = new SendPostback().methods.credentialTest.postbackEndpointAuthTest;
	const context = {} as ICredentialTestFunctions;
	const run = (data: ICredentialDataDecryptedObject) =>
		test.call(context, { id: '1', name: 'auth', type: CREDENTIAL, data });

	it('accepts valid settings without a Test URL', async () => {
		await expect(
			run({ authType: 'standardWebhooks', signingSecret: WHSEC }),
		).resolves.toMatchObject({
			status: 'OK',
			message: expect.stringMatching(/valid/),
		});
		await expect(run({ authType: 'bearer', token: 't' })).resolves.toMatchObject({ status: 'OK' });
	});

	it.each([
		[{ authType: 'standardWebhooks', signingSecret: 'whsec_not base64!' }, /whsec_.*base64/],
		[{ authType: 'standardWebhooks', signingSecret: '' }, /secret is empty/],
		[{ authType: 'header', headerName: 'Bad Name', headerToken: 'x' }, /header name/],
		[{ authType: 'header', headerName: 'X-Key', headerToken: 'a\r\nb' }, /CR, LF/],
		[{ authType: 'bearer', token: '' }, /empty/],
		[{ authType: 'query', queryName: '', queryToken: 'x' }, /name is empty/],
	] as Array<[ICredentialDataDecryptedObject, RegExp]>)(
		'reports %j as an error',
		async (data, message) => {
			const result = await run(data);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(message);
			if (typeof data.headerToken === 'string')
				expect(result.message).not.toContain(data.headerToken);
		},
	);

	it('notes a signing key outside the 24 to 64 bytes Standard Webhooks uses', async () => {
		const short = `whsec_${Buffer.alloc(8, 1).toString('base64')}`;
		await expect(
			run({ authType: 'standardWebhooks', signingSecret: short }),
		).resolves.toMatchObject({
			status: 'OK',
			message: expect.stringMatching(/8 bytes/),
		});
	});

	describe('with a Test URL', () => {
		let server: TestServer;
		beforeAll(async () => {
			server = await startServer((request) =>
				request.headers.authorization === 'Bearer right' ? { status: 204 } : { status: 401 },
			);
		});
		afterAll(async () => server.close());

		it('sends one authenticated GET and reports the answer', async () => {
			const before = server.requests.length;
			await expect(
				run({ authType: 'bearer', token: 'right', testUrl: `${server.origin}/health` }),
			).resolves.toEqual({ status: 'OK', message: 'The Test URL answered HTTP 204' });
			expect(server.requests.length - before).toBe(1);
			expect(server.requests.at(-1)).toMatchObject({ method: 'GET', path: '/health' });
		});

		it('says the endpoint rejected the credential on 401, without quoting it', async () => {
			const result = await run({
				authType: 'bearer',
				token: 'wrong-token',
				testUrl: `${server.origin}/health`,
			});
			expect(result).toEqual({
				status: 'Error',
				message: 'The endpoint rejected the credential (HTTP 401)',
			});
		});

		it('reports an unreachable Test URL', async () => {
			const result = await run({ authType: 'none', testUrl: 'http://169.254.169.254/' });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/did not answer with a 2xx.*169\.254\.169\.254/);
		});
	});
});
