import fc from 'fast-check';
import {
	compileStartFilter,
	type StartFilter,
	type StartFilterOptions,
} from '../../../lib/inbound';
import type { EventKind } from '../../../lib/mmp';

function compile(options: StartFilterOptions): StartFilter {
	const result = compileStartFilter(options);
	if (!result.ok) throw new Error(result.errors.join());
	if (!result.filter) throw new Error('expected a filter');
	return result.filter;
}

const event = (event_kind: EventKind, fraud_flag = false, event_name?: string) => ({
	event_kind,
	fraud_flag,
	event_name,
});

describe('compileStartFilter', () => {
	it('returns no filter when nothing is configured', () => {
		expect(compileStartFilter({})).toEqual({ ok: true, filter: undefined });
		expect(compileStartFilter({ eventKinds: [], fraudOnly: false, eventNames: ' , \n' })).toEqual({
			ok: true,
			filter: undefined,
		});
	});

	it('keeps only the chosen kinds', () => {
		const filter = compile({ eventKinds: ['install', 'reinstall'] });
		expect(filter(event('install'))).toBe(true);
		expect(filter(event('reinstall', true))).toBe(true);
		expect(filter(event('in_app_event'))).toBe(false);
	});

	it('keeps only fraud when asked', () => {
		const filter = compile({ fraudOnly: true });
		expect(filter(event('rejected_install', true))).toBe(true);
		expect(filter(event('install', true))).toBe(true);
		expect(filter(event('install', false))).toBe(false);
	});

	it('matches event names by list and glob, case-insensitively', () => {
		const filter = compile({ eventNames: 'af_purchase, *_subscribe\nlevel_?' });
		expect(filter(event('in_app_event', false, 'af_purchase'))).toBe(true);
		expect(filter(event('in_app_event', false, 'AF_PURCHASE'))).toBe(true);
		expect(filter(event('in_app_event', false, 'trial_subscribe'))).toBe(true);
		expect(filter(event('in_app_event', false, 'level_9'))).toBe(true);
		expect(filter(event('in_app_event', false, 'level_10'))).toBe(false);
		expect(filter(event('in_app_event', false, 'af_purchase_x'))).toBe(false);
		expect(filter(event('install'))).toBe(false); // no name: does not match a name list
	});

	it('treats regular-expression characters in names literally', () => {
		const filter = compile({ eventNames: ['a.b', 'c+d', '(x)'] });
		expect(filter(event('in_app_event', false, 'a.b'))).toBe(true);
		expect(filter(event('in_app_event', false, 'axb'))).toBe(false);
		expect(filter(event('in_app_event', false, 'c+d'))).toBe(true);
		expect(filter(event('in_app_event', false, '(x)'))).toBe(true);
	});

	it('requires every configured condition', () => {
		const filter = compile({ eventKinds: ['in_app_event'], fraudOnly: true, eventNames: 'af_*' });
		expect(filter(event('in_app_event', true, 'af_purchase'))).toBe(true);
		expect(filter(event('in_app_event', false, 'af_purchase'))).toBe(false);
		expect(filter(event('install', true, 'af_purchase'))).toBe(false);
		expect(filter(event('in_app_event', true, 'purchase'))).toBe(false);
	});

	it('reports unknown kinds', () => {
		expect(compileStartFilter({ eventKinds: ['install', 'installs'] })).toEqual({
			ok: false,
			errors: ['"installs" is not an event kind.'],
		});
	});

	it('matches globs like an anchored regular expression would', () => {
		const toRegExp = (glob: string) =>
			new RegExp(
				`^${glob
					.split('')
					.map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c))
					.join('')}$`,
				's',
			);
		const alphabet = fc.constantFrom('a', 'b', '*', '?');
		fc.assert(
			fc.property(
				fc.string({ unit: alphabet, minLength: 1, maxLength: 8 }),
				fc.string({ unit: fc.constantFrom('a', 'b'), maxLength: 10 }),
				(glob, name) => {
					const filter = compile({ eventNames: [glob] });
					expect(filter(event('in_app_event', false, name))).toBe(toRegExp(glob).test(name));
				},
			),
		);
	});

	it('stays fast on long names against many wildcards', () => {
		// A backtracking regular expression needs exponential time for this; the matcher does not.
		const filter = compile({ eventNames: '*a*a*a*a*a*a*a*a*b' });
		expect(filter(event('in_app_event', false, 'a'.repeat(5000)))).toBe(false);
	});
});
