import { createScrubber, REDACTED } from '../../../lib/delivery/scrub';

describe('createScrubber', () => {
	it('replaces every occurrence of every secret, longest first', () => {
		const scrub = createScrubber(['abc', 'abcdef', '']);
		expect(scrub('x abcdef y abc z abcdef')).toBe(`x ${REDACTED} y ${REDACTED} z ${REDACTED}`);
	});

	it('is the identity without secrets', () => {
		const scrub = createScrubber([]);
		expect(scrub('nothing to hide')).toBe('nothing to hide');
	});
});

describe('createScrubber on a cut text (issue 12 item 1)', () => {
	const secret = 'tok_9f8e7d6c5b4a';
	const scrub = createScrubber(['other-secret', secret]);

	it('redacts any beginning of a secret left at the cut', () => {
		for (let kept = 1; kept < secret.length; kept++) {
			const cut = `echo ${secret.slice(0, kept)}`;
			expect(scrub(cut, true)).toBe(`echo ${REDACTED}`);
		}
	});

	it('redacts the beginning of a secret cut inside a multi-byte character', () => {
		const wide = createScrubber(['tok_ünïcode']);
		const bytes = Buffer.from('x tok_ü', 'utf8');
		const cut = bytes.subarray(0, bytes.length - 1).toString('utf8');
		expect(cut.endsWith('\uFFFD')).toBe(true);
		expect(wide(cut, true)).toBe(`x ${REDACTED}`);
	});

	it('leaves an uncut text ending like a secret alone, and cut text without one', () => {
		expect(scrub('echo tok_', false)).toBe('echo tok_');
		expect(scrub('echo nothing', true)).toBe('echo nothing');
		expect(scrub(`a ${secret} b tok`, true)).toBe(`a ${REDACTED} b ${REDACTED}`);
	});
});
