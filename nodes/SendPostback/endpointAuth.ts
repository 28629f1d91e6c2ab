// Postback Endpoint Auth credential data → the delivery engine's auth and signing options, checked
// with the engine's own validators. `secrets` lists every form a secret can take on the wire, so the
// node can scrub what it reports beyond the engine's results (the URL).
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import {
	authSecrets,
	createStandardWebhookSigner,
	DeliveryConfigError,
	endpointSecrets,
	STANDARD_WEBHOOK_SECRET_PREFIX,
	validateAuth,
	validateEndpointUrl,
	type DeliveryOptions,
	type PostbackAuth,
} from '../../lib/delivery';

export type EndpointAuthType =
	| 'none'
	| 'header'
	| 'bearer'
	| 'basic'
	| 'query'
	| 'standardWebhooks';

export interface EndpointAuth {
	auth: PostbackAuth;
	signing?: DeliveryOptions['signing'];
	/** The credential's secret Endpoint URL, when set: every item is sent there. */
	endpointUrl?: string;
	secrets: string[];
}

export const NO_ENDPOINT_AUTH: EndpointAuth = { auth: { type: 'none' }, secrets: [] };

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Maps and validates the credential's fields (header names are tokens, no CR/LF/NUL in values, a
 * decodable signing secret). Throws DeliveryConfigError naming the field, never quoting a secret.
 */
export function endpointAuthFromCredential(data: ICredentialDataDecryptedObject): EndpointAuth {
	const endpoint = mapCredential(data);
	validateAuth(endpoint.auth);
	if (endpoint.signing) createStandardWebhookSigner(endpoint.signing.secret);
	const endpointUrl = text(data.secretEndpointUrl).trim();
	if (endpointUrl === '') return endpoint;
	validateEndpointUrl(endpointUrl);
	return {
		...endpoint,
		endpointUrl,
		secrets: [...endpoint.secrets, ...endpointSecrets(endpointUrl)],
	};
}

function mapCredential(data: ICredentialDataDecryptedObject): EndpointAuth {
	const type = text(data.authType) as EndpointAuthType;
	switch (type) {
		case 'none':
			return NO_ENDPOINT_AUTH;
		case 'header':
			return withSecrets({
				type: 'header',
				name: text(data.headerName).trim(),
				value: text(data.headerToken),
			});
		case 'bearer':
			return withSecrets({ type: 'bearer', token: text(data.token) });
		case 'basic':
			return withSecrets({
				type: 'basic',
				username: text(data.username),
				password: text(data.password),
			});
		case 'query':
			return withSecrets({
				type: 'query',
				name: text(data.queryName).trim(),
				value: text(data.queryToken),
			});
		case 'standardWebhooks': {
			const secret = text(data.signingSecret).trim();
			if (!secret) throw new DeliveryConfigError('The signing secret is empty');
			const extra: PostbackAuth =
				data.signatureExtraHeader === true
					? {
							type: 'header',
							name: text(data.extraHeaderName).trim(),
							value: text(data.extraHeaderToken),
						}
					: { type: 'none' };
			const { auth, secrets } = withSecrets(extra);
			secrets.push(secret);
			if (secret.startsWith(STANDARD_WEBHOOK_SECRET_PREFIX)) {
				secrets.push(secret.slice(STANDARD_WEBHOOK_SECRET_PREFIX.length));
			}
			return { auth, signing: { secret }, secrets };
		}
		default:
			throw new DeliveryConfigError('Unknown authentication type');
	}
}

function withSecrets(auth: PostbackAuth): EndpointAuth {
	return { auth, secrets: authSecrets(auth).filter((secret) => secret.length > 0) };
}
