import { createSuccessCriterion } from '../../../lib/delivery/successCriterion';

describe('createSuccessCriterion', () => {
	it('defaults to any 2xx, without reading the body', () => {
		const criterion = createSuccessCriterion();
		expect(criterion.needsBody).toBe(false);
		expect([200, 201, 204, 299].every((s) => criterion.isSuccess(s, undefined))).toBe(true);
		expect([199, 300, 302, 404, 500].some((s) => criterion.isSuccess(s, undefined))).toBe(false);
	});

	it('exactly 200', () => {
		const criterion = createSuccessCriterion({ type: 'status', status: 200 });
		expect(criterion.isSuccess(200, undefined)).toBe(true);
		expect(criterion.isSuccess(204, undefined)).toBe(false);
		expect(() => createSuccessCriterion({ type: 'status', status: 404 })).toThrow(/2xx/);
	});

	it('body contains: a 2xx whose body has the text', () => {
		const criterion = createSuccessCriterion({ type: 'bodyContains', text: '"code":200' });
		expect(criterion.needsBody).toBe(true);
		expect(criterion.isSuccess(200, '{"code":200}')).toBe(true);
		expect(criterion.isSuccess(200, '{"code":500,"error":"bad click id"}')).toBe(false);
		expect(criterion.isSuccess(500, '{"code":200}')).toBe(false);
		expect(criterion.isSuccess(200, undefined)).toBe(false);
		expect(() => createSuccessCriterion({ type: 'bodyContains', text: '' })).toThrow(/empty/);
	});

	it('body matches: a regular expression, stateless across calls', () => {
		const criterion = createSuccessCriterion({
			type: 'bodyMatches',
			pattern: '^ok$',
			flags: 'gim',
		});
		expect(criterion.isSuccess(200, 'OK')).toBe(true);
		// A global regex would fail the second identical test (lastIndex); the g flag is dropped.
		expect(criterion.isSuccess(200, 'OK')).toBe(true);
		expect(criterion.isSuccess(200, 'not ok')).toBe(false);
		expect(() => createSuccessCriterion({ type: 'bodyMatches', pattern: '(' })).toThrow(
			/not a valid regular expression/,
		);
	});

	it('refuses an unknown type', () => {
		expect(() => createSuccessCriterion({ type: 'magic' } as never)).toThrow(
			/Unknown success criterion/,
		);
	});
});
