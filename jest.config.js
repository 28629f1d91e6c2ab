/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		// Type checking runs once in `npm run typecheck`; tests only transpile.
		'^.+\\.ts$': ['ts-jest', { diagnostics: false, tsconfig: { isolatedModules: true } }],
	},
	// Creates .tmp (and what else tests write into) and installs n8n when e2e files are selected.
	globalSetup: '<rootDir>/test/globalSetup.js',
	setupFiles: ['<rootDir>/test/setup.js'],
	testTimeout: 30000,
};
