// "Test" for the MMP Webhook Auth credential. An inbound credential has nothing to call, so the
// test checks the configuration itself and says exactly what to change.
import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { checkInboundAuth, type InboundAuth, type MmpWebhookAuthData } from '../../lib/inbound';

function describeAuth(auth: InboundAuth): string {
	switch (auth.type) {
		case 'none':
			return 'No authentication: anyone who knows the URL can send callbacks. Add an IP allowlist on the trigger, or choose a token.';
		case 'headerToken':
			return `Callbacks must send the token in the ${auth.headerName} header.`;
		case 'queryToken':
			return `Callbacks must carry ?${auth.parameterName}=<token> in the URL.`;
		case 'basicAuth':
			return 'Callbacks must send HTTP Basic credentials.';
		case 'hmacSha256':
			return auth.timestampHeader
				? `Callbacks must sign "<${auth.timestampHeader}>.<raw body>" with HMAC-SHA256 into ${auth.signatureHeader}; timestamps older or newer than ${auth.replayWindowSeconds} s are refused.`
				: `Callbacks must sign the raw body with HMAC-SHA256 into ${auth.signatureHeader}.`;
	}
}

export async function mmpWebhookAuthTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const check = checkInboundAuth((credential.data ?? {}) as MmpWebhookAuthData);
	if (!check.auth) {
		return { status: 'Error', message: [...check.errors, ...check.warnings].join(' ') };
	}
	if (check.warnings.length > 0) {
		return {
			status: 'Error',
			message: `Usable, but weak: ${check.warnings.join(' ')}`,
		};
	}
	return { status: 'OK', message: describeAuth(check.auth) };
}
