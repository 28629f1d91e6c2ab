// The jest harness's own rules: which runs install n8n first (test/globalSetup.js), and which values
// of CI make a missing service fail instead of skip (scripts/lib/ci-env.js).
import * as path from 'node:path';

import { isCi } from '../../../scripts/lib/ci-env';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { selectsE2e } = require('../../globalSetup') as {
	selectsE2e: (config: Record<string, unknown>, e2eFiles?: string[]) => boolean;
};

const ROOT = path.join(__dirname, '../../..');
const E2E = [
	path.join(ROOT, 'test/e2e/harness.e2e.test.ts'),
	path.join(ROOT, 'test/e2e/queueMode.e2e.test.ts'),
];

describe('globalSetup: does this run include e2e files?', () => {
	it.each([
		['', true],
		['test/e2e', true],
		['test/e2e/harness.e2e.test.ts', true],
		['test/unit|test/e2e/queueMode', true],
		['e2e', true],
		['test/unit', false],
		['test/unit|test/workflow|test/integration', false],
		['test/workflow/harness.test.ts', false],
	])('testPathPattern %j → %s', (testPathPattern, expected) => {
		expect(selectsE2e({ testPathPattern }, E2E)).toBe(expected);
	});

	it('assumes so when jest picks tests by changes', () => {
		expect(selectsE2e({ testPathPattern: 'test/unit', onlyChanged: true }, E2E)).toBe(true);
		expect(selectsE2e({ testPathPattern: '', findRelatedTests: true }, E2E)).toBe(true);
	});

	it('finds the e2e files itself', () => {
		expect(selectsE2e({ testPathPattern: 'partnerGuides' })).toBe(true);
		expect(selectsE2e({ testPathPattern: 'no-such-test-file' })).toBe(false);
	});
});

describe('isCi', () => {
	it.each([
		[undefined, false],
		['', false],
		['false', false],
		['FALSE', false],
		['0', false],
		['true', true],
		['1', true],
		['yes', true],
	])('CI=%j → %s', (value, expected) => {
		expect(isCi(value === undefined ? {} : { CI: value })).toBe(expected);
	});
});
