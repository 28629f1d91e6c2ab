// Removes secrets (auth values, the signing secret) from text the engine reports: error messages,
// captured response bodies and headers (a receiver may echo the request back). The one scrubber
// of the package: the Send Postback node uses it too, for what it reports itself (the URL).

export const REDACTED = '[redacted]';

/**
 * Replaces every whole secret. With `cut` (the text was truncated at its end, e.g. by the
 * response-size cap), a trailing fragment that begins a secret is replaced too: a cap that falls
 * inside an echoed token must not leave all but its last characters behind.
 */
export type Scrubber = (text: string, cut?: boolean) => string;

const identity: Scrubber = (text) => text;

/** What UTF-8 decoding leaves of a multi-byte character cut in half. */
const REPLACEMENT_CHARACTER = '\uFFFD';

export function createScrubber(secrets: readonly string[]): Scrubber {
	// Longest first, so a secret that contains another is replaced whole.
	const list = [...new Set(secrets.filter((secret) => secret.length > 0))].sort(
		(a, b) => b.length - a.length,
	);
	if (list.length === 0) return identity;
	return (text, cut = false) => {
		let result = text;
		for (const secret of list) {
			if (result.includes(secret)) result = result.split(secret).join(REDACTED);
		}
		return cut ? redactCutFragment(result, list) : result;
	};
}

/**
 * Replaces the longest end of `text` that is the beginning of a secret (a lone first character
 * included: over-redacting one character of a truncated body costs nothing).
 */
function redactCutFragment(text: string, secrets: readonly string[]): string {
	let end = text.length;
	while (end > 0 && text[end - 1] === REPLACEMENT_CHARACTER) end--;
	let start = end;
	for (const secret of secrets) {
		const longest = Math.min(secret.length, end);
		for (let length = longest; length > end - start; length--) {
			if (text.startsWith(secret.slice(0, length), end - length)) {
				start = end - length;
				break;
			}
		}
	}
	return start === end ? text : text.slice(0, start) + REDACTED;
}
