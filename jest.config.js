/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		// Type checking runs once in `npm run typecheck`; tests only transpile.
		'^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }],
	},
	setupFiles: ['<rootDir>/test/setup.js'],
	testTimeout: 30000,
};
