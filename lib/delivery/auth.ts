// Applies the endpoint's authentication to a prepared request (pure: request in, request out).
// The values are secrets: `authSecrets` lists every form they can take in a request, so the
// engine can scrub them from anything it reports.
import { hasLineBreakOrNul, isHeaderName } from '../security/httpSyntax';
import { DeliveryConfigError } from './errors';
import { setHeader, type PreparedRequest } from './request';

export type PostbackAuth =
	| { type: 'none' }
	/** A fixed header, e.g. `X-Api-Key: <value>`. */
	| { type: 'header'; name: string; value: string }
	/** `Authorization: Bearer <token>`. */
	| { type: 'bearer'; token: string }
	/** `Authorization: Basic base64(username:password)`. */
	| { type: 'basic'; username: string; password: string }
	/** A query parameter appended to the URL, e.g. `?api_key=<value>`. */
	| { type: 'query'; name: string; value: string };

export const NO_POSTBACK_AUTH: PostbackAuth = { type: 'none' };

/** Returns the request with the auth applied; an auth header replaces one of the same name. */
export function applyAuth(request: PreparedRequest, auth: PostbackAuth): PreparedRequest {
	switch (auth.type) {
		case 'none':
			return request;
		case 'header':
			return setHeader(request, auth.name, auth.value);
		case 'bearer':
			return setHeader(request, 'authorization', `Bearer ${auth.token}`);
		case 'basic':
			return setHeader(request, 'authorization', `Basic ${basicCredentials(auth)}`);
		case 'query': {
			const pair = `${encodeURIComponent(auth.name)}=${encodeURIComponent(auth.value)}`;
			const separator = request.path.includes('?') ? '&' : '?';
			return { ...request, path: `${request.path}${separator}${pair}` };
		}
	}
}

/** Checks an auth config once per run; throws DeliveryConfigError, never quoting any field. */
export function validateAuth(auth: PostbackAuth): void {
	switch (auth.type) {
		case 'none':
			return;
		case 'header':
			if (!isHeaderName(auth.name)) {
				// Never quoted: a token pasted into the name field would show in the UI and logs.
				throw new DeliveryConfigError(
					"The auth header name is not valid: use letters, digits and !#$%&'*+-.^_`|~ only, no spaces",
				);
			}
			return requireValue(auth.value, 'The auth header value');
		case 'bearer':
			return requireValue(auth.token, 'The bearer token');
		case 'basic':
			if (auth.username.includes(':')) {
				throw new DeliveryConfigError('A basic-auth user name cannot contain ":"');
			}
			requireValue(auth.username, 'The basic-auth user name');
			return requireValue(auth.password, 'The basic-auth password', true);
		case 'query':
			if (!auth.name) throw new DeliveryConfigError('The auth query parameter name is empty');
			requireValue(auth.value, 'The auth query parameter value');
			try {
				encodeURIComponent(auth.name + auth.value);
			} catch {
				throw new DeliveryConfigError('The auth query parameter is not valid Unicode');
			}
			return;
		default:
			throw new DeliveryConfigError('Unknown auth type');
	}
}

/** Every form in which the auth's secret can appear in a request, for scrubbing reports. */
export function authSecrets(auth: PostbackAuth): string[] {
	switch (auth.type) {
		case 'none':
			return [];
		case 'header':
			return [auth.value];
		case 'bearer':
			return [auth.token];
		case 'basic':
			return [auth.password, basicCredentials(auth)].filter((secret) => secret.length > 0);
		case 'query':
			return [auth.value, encodeURIComponent(auth.value)];
	}
}

/** The header that carries the secret, to strip on a redirect to another origin. */
export function authHeaderName(auth: PostbackAuth): string | undefined {
	if (auth.type === 'header') return auth.name.toLowerCase();
	if (auth.type === 'bearer' || auth.type === 'basic') return 'authorization';
	return undefined;
}

function basicCredentials(auth: { username: string; password: string }): string {
	return Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64');
}

function requireValue(value: string, what: string, mayBeEmpty = false): void {
	if (typeof value !== 'string' || (!mayBeEmpty && value.length === 0)) {
		throw new DeliveryConfigError(`${what} is empty`);
	}
	if (hasLineBreakOrNul(value)) throw new DeliveryConfigError(`${what} contains CR, LF or NUL`);
}
