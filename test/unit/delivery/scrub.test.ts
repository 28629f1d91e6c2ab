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
