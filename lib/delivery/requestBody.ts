// Request bodies: the content type each body kind is sent with, and how a value that is not text
// yet becomes a body. Shared by Render Callback (rendered bodies) and Send Postback (bodies given
// as n8n values), so both default the same Content-Type.
import { isRecord } from '../mmp/lookup';

export type BodyKind = 'json' | 'form' | 'text';

export const CONTENT_TYPES: Readonly<Record<BodyKind, string>> = {
	json: 'application/json',
	form: 'application/x-www-form-urlencoded',
	text: 'text/plain; charset=utf-8',
};

/** Whether `headers` has `lowerName`, in any letter case. */
export function hasHeader(headers: Readonly<Record<string, unknown>>, lowerName: string): boolean {
	return Object.keys(headers).some((name) => name.toLowerCase() === lowerName);
}

/** Sets `content-type` for the kind unless the headers already have one. */
export function defaultContentType(headers: Record<string, string>, kind: BodyKind): void {
	if (!hasHeader(headers, 'content-type')) headers['content-type'] = CONTENT_TYPES[kind];
}

/**
 * A value as a body: a string is sent as it is; an object is form-encoded for `form` and JSON
 * otherwise (then `content-type` defaults to JSON); nothing, null or '' is no body.
 */
export function encodeBody(
	value: unknown,
	kind: string,
	headers: Record<string, string>,
): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'string') return value;
	if (kind === 'form' && isRecord(value)) {
		const form = new URLSearchParams();
		for (const [name, entry] of Object.entries(value)) {
			if (entry !== undefined && entry !== null) form.append(name, String(entry));
		}
		return form.toString();
	}
	if (typeof value === 'object') {
		defaultContentType(headers, 'json');
		return JSON.stringify(value);
	}
	return String(value);
}
