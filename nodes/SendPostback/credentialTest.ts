// The Postback Endpoint Auth credential test (the node's `testedBy`). It always checks the fields
// (header names are tokens, no CR/LF in values, a decodable `whsec_` secret); with a Test URL it
// also sends one GET there, authenticated and signed exactly as Send Postback would, and expects a
// 2xx. Messages never quote a secret.
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import {
	deliverBatch,
	endpointAuthFromCredential,
	signingKeyText,
	type EndpointAuth,
} from '../../lib/delivery';

const TEST_TIMEOUT_MS = 10_000;
/** Standard Webhooks secrets are 24 to 64 random bytes. */
const SIGNING_KEY_BYTES = { min: 24, max: 64 };

export async function testPostbackEndpointAuth(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data: ICredentialDataDecryptedObject = credential.data ?? {};
	let endpoint: EndpointAuth;
	let advice = '';
	try {
		endpoint = endpointAuthFromCredential(data);
		if (endpoint.signing) advice = signingKeyAdvice(endpoint.signing.secret);
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}

	const testUrl = typeof data.testUrl === 'string' ? data.testUrl.trim() : '';
	if (!testUrl) {
		return {
			status: 'OK',
			message: `The settings are valid${advice}. Add a Test URL to also check them against the endpoint.`,
		};
	}
	const [result] = await deliverBatch([{ url: testUrl, method: 'GET' }], {
		auth: endpoint.auth,
		signing: endpoint.signing,
		retry: 'none',
		idempotencyHeader: false,
		timeouts: { connectMs: TEST_TIMEOUT_MS, headersMs: TEST_TIMEOUT_MS, bodyMs: TEST_TIMEOUT_MS },
		circuitBreaker: false,
		captureResponseBody: false,
	});
	if (result.ok) {
		return { status: 'OK', message: `The Test URL answered HTTP ${result.status}${advice}` };
	}
	if (result.status === 401 || result.status === 403) {
		return {
			status: 'Error',
			message: `The endpoint rejected the credential (HTTP ${result.status})`,
		};
	}
	return {
		status: 'Error',
		message: `The Test URL did not answer with a 2xx: ${result.error?.message ?? `HTTP ${result.status}`}`,
	};
}

function signingKeyAdvice(secret: string): string {
	const bytes = Buffer.from(signingKeyText(secret), 'base64').length;
	if (bytes < SIGNING_KEY_BYTES.min || bytes > SIGNING_KEY_BYTES.max) {
		return ` (note: the signing key is ${bytes} bytes; Standard Webhooks secrets are ${SIGNING_KEY_BYTES.min} to ${SIGNING_KEY_BYTES.max})`;
	}
	return '';
}
