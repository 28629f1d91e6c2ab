// Awin's app postbacks (`sread.php?tt=ss&type=ai|ap`, lib/mmp/awin.ts): Awin's names count only
// inside Awin's own call, and never override what the MMP's fields already said.
import { parseCallback, type ParseCallbackOptions } from '../../../lib/mmp';

function parse(url: string, options?: ParseCallbackOptions) {
	const result = parseCallback({ method: 'GET', url, headers: {} }, options);
	if (!result.ok) throw new Error(`${url}: ${result.status} ${result.error.message}`);
	return result;
}

describe("Awin's app conversion call", () => {
	it('reads type, cks and cr only inside the call (tt=ss)', () => {
		const outside = parse('/pb?type=ap&cks=x&cr=EUR&amount=5&click_id=c1').event;
		expect([outside.event_kind, outside.click_id, outside.currency]).toEqual([
			'install',
			'c1',
			undefined,
		]);
		const inside = parse('/sread.php?tt=ss&type=ap&cks=x&cr=EUR&amount=5').event;
		expect([inside.event_kind, inside.click_id, inside.currency, inside.revenue]).toEqual([
			'in_app_event',
			'x',
			'EUR',
			5,
		]);
	});

	it("drops the install's fixed amount, but not a revenue named otherwise", () => {
		expect(parse('/sread.php?tt=ss&type=ai&amount=1&cks=x').event.revenue).toBeUndefined();
		expect(parse('/sread.php?tt=ss&type=ai&amount=1&revenue=3&cks=x').event.revenue).toBe(3);
	});

	it('keeps the kind and click id the MMP fields named', () => {
		const event = parse(
			'/sread.php?tt=ss&type=ai&cks=awc&click_id=kv-1&attribution_type=reengagement',
			{ mmp: 'kochava' },
		).event;
		expect([event.event_kind, event.click_id]).toEqual(['reengagement', 'kv-1']);
	});

	it("recognises Kochava on any path by Awin's p30=kochava marker, and only by that value", () => {
		expect(parse('/any/path?tt=ss&type=ai&cks=x&p30=kochava').mmp).toBe('kochava');
		expect(parse('/any/path?tt=ss&type=ai&cks=x&p30=other').mmp).toBe('unknown');
	});
});
