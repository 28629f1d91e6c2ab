// The "Postback Endpoint Auth" credential as data → the delivery engine's auth and signing
// options, checked with the engine's own validators: the outbound twin of lib/inbound/authConfig.ts.
// `secrets` lists every form a secret can take on the wire, so a caller can scrub what it reports
// beyond the engine's results (the URL).
import { authSecrets, validateAuth, type PostbackAuth } from './auth';
import { endpointSecrets, validateEndpointUrl } from './endpointUrl';
import { DeliveryConfigError } from './errors';
import type { DeliveryOptions } from './options';
import { createStandardWebhookSigner, signingSecretForms } from './signing';

export type EndpointAuthType =
	| 'none'
	| 'header'
	| 'bearer'
	| 'basic'
	| 'query'
	| 'standardWebhooks';

/** The credential's stored fields (names used by credentials/PostbackEndpointAuth.credentials.ts). */
export interface PostbackEndpointAuthData {
	authType?: unknown;
	headerName?: unknown;
	headerToken?: unknown;
	token?: unknown;
	username?: unknown;
	password?: unknown;
	queryName?: unknown;
	queryToken?: unknown;
	signingSecret?: unknown;
	signatureExtraHeader?: unknown;
	extraHeaderName?: unknown;
	extraHeaderToken?: unknown;
	secretEndpointUrl?: unknown;
}

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
export function endpointAuthFromCredential(data: PostbackEndpointAuthData): EndpointAuth {
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

function mapCredential(data: PostbackEndpointAuthData): EndpointAuth {
	const type = text(data.authType) as EndpointAuthType;
	switch (type) {
		case 'none':
			return NO_ENDPOINT_AUTH;
		case 'header':
			return withSecrets(namedAuth('header', data.headerName, data.headerToken));
		case 'bearer':
			return withSecrets({ type: 'bearer', token: text(data.token) });
		case 'basic':
			return withSecrets({
				type: 'basic',
				username: text(data.username),
				password: text(data.password),
			});
		case 'query':
			return withSecrets(namedAuth('query', data.queryName, data.queryToken));
		case 'standardWebhooks':
			return standardWebhooksAuth(data);
		default:
			throw new DeliveryConfigError('Unknown authentication type');
	}
}

function standardWebhooksAuth(data: PostbackEndpointAuthData): EndpointAuth {
	const secret = text(data.signingSecret).trim();
	if (!secret) throw new DeliveryConfigError('The signing secret is empty');
	const extra: PostbackAuth =
		data.signatureExtraHeader === true
			? namedAuth('header', data.extraHeaderName, data.extraHeaderToken)
			: { type: 'none' };
	const { auth, secrets } = withSecrets(extra);
	return { auth, signing: { secret }, secrets: [...secrets, ...signingSecretForms(secret)] };
}

/** A header or query parameter: its name (trimmed) and its secret value. */
function namedAuth(type: 'header' | 'query', name: unknown, value: unknown): PostbackAuth {
	return { type, name: text(name).trim(), value: text(value) };
}

function withSecrets(auth: PostbackAuth): EndpointAuth {
	return { auth, secrets: authSecrets(auth).filter((secret) => secret.length > 0) };
}
