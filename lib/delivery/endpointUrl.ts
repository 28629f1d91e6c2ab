// A target URL that is itself a secret (a Slack incoming webhook, a tracker URL with its postback
// key in the path) comes from the credential, not from the item: the item's own URL then supplies
// only its query string. Keeps the secret out of workflow parameters, items and execution data.
import { DeliveryConfigError } from './errors';

/** Checks the endpoint URL once per run; throws DeliveryConfigError without quoting it. */
export function validateEndpointUrl(endpointUrl: string): void {
	let parsed: URL;
	try {
		parsed = new URL(endpointUrl);
	} catch {
		throw new DeliveryConfigError('The endpoint URL is not a valid absolute URL');
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new DeliveryConfigError('The endpoint URL must start with http:// or https://');
	}
	if (parsed.hash) throw new DeliveryConfigError('The endpoint URL cannot have a #fragment');
}

/** The URL sent for an item: the endpoint URL plus the item URL's query string, if any. */
export function endpointTarget(endpointUrl: string, itemUrl: string | undefined): string {
	const query = queryOf(itemUrl ?? '');
	if (query === '') return endpointUrl;
	return `${endpointUrl}${endpointUrl.includes('?') ? '&' : '?'}${query}`;
}

/** Every form of the endpoint URL's secret that a report could show: whole, and its path on. */
export function endpointSecrets(endpointUrl: string): string[] {
	const secrets = [endpointUrl];
	try {
		const { pathname, search } = new URL(endpointUrl);
		if (pathname.length > 1 || search.length > 0) secrets.push(pathname + search);
	} catch {
		// Validated elsewhere; an unparsable URL has no path to add.
	}
	return secrets;
}

function queryOf(url: string): string {
	const start = url.indexOf('?');
	if (start < 0) return '';
	const end = url.indexOf('#', start);
	return url.slice(start + 1, end < 0 ? undefined : end);
}
