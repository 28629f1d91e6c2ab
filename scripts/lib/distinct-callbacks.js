// N distinct MMP callbacks from the corpus (test/fixtures/mmp, loaded by scripts/demo/traffic.js),
// for load that must not collapse into re-sends: copy k of a fixture gets its device and event ids'
// last six characters replaced by k, and is kept only when the package's own parser gives it a
// dedup_key no earlier callback has (so "distinct" is what MMP Trigger itself would say).
'use strict';

const ID_FIELDS = [
	'advertising_id',
	'idfa',
	'idfv',
	'mmp_device_id',
	'customer_user_id',
	'click_id',
	'source_event_id',
];

function withCopyIndex(value, k) {
	const suffix = String(k).padStart(6, '0');
	return /[0-9A-Za-z]{6}$/.test(value) ? value.slice(0, -6) + suffix.slice(-6) : undefined;
}

function replaceAll(text, from, to) {
	return text === undefined ? undefined : text.split(from).join(to);
}

/**
 * @param {Array<{ method: string; query: string; headers: Record<string, string>; body?: string }>} corpus
 * @param {number} n how many distinct callbacks
 * @param {{ parseCallback: Function }} lib the package's core library (dist/ or lib/)
 * @returns {Array<object>} corpus entries plus `event` (the canonical event) and `dedupKey`
 */
function distinctCallbacks(corpus, n, lib) {
	const parse = (entry) =>
		lib.parseCallback({
			method: entry.method,
			url: `/webhook/mmp?${entry.query}`,
			headers: entry.headers,
			body: entry.body,
		});
	const seen = new Set();
	const out = [];
	for (let k = 0; out.length < n && k < n * 4; k++) {
		const original = corpus[k % corpus.length];
		const first = parse(original);
		if (!first.ok) continue;
		let entry = { ...original };
		const copy = Math.floor(k / corpus.length);
		if (copy > 0) {
			for (const field of ID_FIELDS) {
				const value = first.event[field] ?? first.event.raw?.[field];
				if (typeof value !== 'string' || value.length < 8) continue;
				const next = withCopyIndex(value, copy);
				if (!next) continue;
				entry = {
					...entry,
					query: replaceAll(entry.query, value, next),
					body: replaceAll(entry.body, value, next),
				};
			}
		}
		const parsed = parse(entry);
		if (!parsed.ok || seen.has(parsed.event.dedup_key)) continue;
		seen.add(parsed.event.dedup_key);
		out.push({ ...entry, event: parsed.event, dedupKey: parsed.event.dedup_key });
	}
	if (out.length < n)
		throw new Error(`only ${out.length} of ${n} callbacks could be made distinct`);
	return out;
}

module.exports = { distinctCallbacks };
