// n8n's community-node lint. We ship to self-hosted n8n: undici and zod are bundled into dist and the
// package reads proxy env vars, so the cloud-only rules (restricted globals/imports) are not applied.
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';
import { globalIgnores } from 'eslint/config';

export default [
	globalIgnores(['dist', '.cache', 'node_modules', 'test', 'bench', 'scripts', 'examples', 'coverage', '*.js']),
	...configWithoutCloudSupport,
];
