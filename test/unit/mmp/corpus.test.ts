import { EVENT_KINDS, MMP_NAMES, parseCallback, type ParseCallbackSuccess } from '../../../lib/mmp';

import { loadMmpFixtures, toRequest, type MmpFixture } from '../../support/fixtures';

const fixtures = loadMmpFixtures();

function parseOk(fixture: MmpFixture, strict = false): ParseCallbackSuccess {
	const result = parseCallback(toRequest(fixture), { ...fixture.options, strict });
	if (!result.ok)
		throw new Error(
			`${fixture.file}: ${result.status} ${result.error.code}: ${result.error.message}`,
		);
	return result;
}

describe('fixture corpus', () => {
	it('has at least four documented callbacks per MMP', () => {
		for (const mmp of MMP_NAMES) {
			expect(
				fixtures.filter((fixture) => fixture.expect.mmp === mmp).length,
			).toBeGreaterThanOrEqual(4);
		}
	});

	it('cites a public https source in every fixture', () => {
		for (const fixture of fixtures) expect(fixture.source).toMatch(/^https:\/\/\S+$/);
	});

	it('covers every event kind', () => {
		const kinds = new Set(fixtures.map((fixture) => fixture.expect.event.event_kind));
		for (const kind of EVENT_KINDS) expect(kinds).toContain(kind);
	});

	describe.each(fixtures.map((fixture) => [fixture.file, fixture] as const))(
		'%s',
		(_file, fixture) => {
			it('normalises to the expected event', () => {
				const result = parseOk(fixture);
				expect(result.mmp).toBe(fixture.expect.mmp);
				expect(result.event.mmp).toBe(fixture.expect.mmp);
				for (const [field, value] of Object.entries(fixture.expect.event)) {
					if (value === null) expect(result.event).not.toHaveProperty(field);
					else
						expect([field, result.event[field as keyof typeof result.event]]).toEqual([
							field,
							value,
						]);
				}
				if (fixture.expect.raw !== undefined) expect(result.raw).toMatchObject(fixture.expect.raw);
			});

			it('always carries mmp, event_kind, fraud_flag and a sha256 dedup_key, and no nulls', () => {
				const { event } = parseOk(fixture);
				expect(typeof event.fraud_flag).toBe('boolean');
				expect(EVENT_KINDS).toContain(event.event_kind);
				expect(event.dedup_key).toMatch(/^[0-9a-f]{64}$/);
				for (const value of Object.values(event)) expect(value).not.toBeNull();
			});

			it('passes the MMP schema in strict mode', () => {
				expect(parseOk(fixture, true).event).toEqual(parseOk(fixture).event);
			});

			it('gives a retry of the same callback the same dedup_key', () => {
				expect(parseOk(fixture).event.dedup_key).toBe(parseOk(fixture).event.dedup_key);
			});
		},
	);
});
