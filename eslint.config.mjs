// n8n's community-node lint. We ship to self-hosted n8n: undici and zod are bundled into dist and the
// package reads proxy env vars, so the cloud-only rules (restricted globals/imports) are not applied.
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';
import { globalIgnores } from 'eslint/config';

export default [
	globalIgnores([
		'dist',
		'.cache',
		'.tmp',
		'node_modules',
		'test',
		'bench',
		'scripts',
		'examples',
		'coverage',
		'*.js',
	]),
	...configWithoutCloudSupport,
	{
		// lib/ is the n8n-free core (it must not import n8n-workflow), so it throws its own typed errors;
		// the nodes wrap them in NodeOperationError/NodeApiError at the boundary.
		files: ['lib/**/*.ts'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
];
