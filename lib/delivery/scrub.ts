// Removes secrets (auth values, the signing secret) from text the engine reports: error messages,
// captured response bodies and headers (a receiver may echo the request back).

export const REDACTED = '[redacted]';

export type Scrubber = (text: string) => string;

const identity: Scrubber = (text) => text;

export function createScrubber(secrets: readonly string[]): Scrubber {
	// Longest first, so a secret that contains another is replaced whole.
	const list = [...new Set(secrets.filter((secret) => secret.length > 0))].sort(
		(a, b) => b.length - a.length,
	);
	if (list.length === 0) return identity;
	return (text) => {
		let result = text;
		for (const secret of list) {
			if (result.includes(secret)) result = result.split(secret).join(REDACTED);
		}
		return result;
	};
}
