// The published package: what `npm publish` would upload (npm pack --dry-run of the built dist/).
// Source maps were 6.6 of its 10.2 MB unpacked; they stay out, and the size stays under a budget
// with headroom over today's 6.0 MB unpacked / 1.2 MB packed: each registered entry point (lib, four
// nodes) inlines what it uses of undici, zod and ioredis (MMP Trigger's Redis re-send store; the
// lib/inbound barrel brings it into MMP Normalize too). Per-version classes of a versioned node are
// bundled into its entry only (gulpfile.js), not shipped again on their own.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { packManifest, type PackManifest } from '../../scripts/lib/package-tarball';

const ROOT = path.join(__dirname, '..', '..');
const UNPACKED_BUDGET_BYTES = 7.5 * 1024 * 1024;
const PACKED_BUDGET_BYTES = 1.5 * 1024 * 1024;
// Metadata npm always adds, besides what package.json "files" selects (dist/).
const TOP_LEVEL = new Set(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']);

interface PackageJson {
	main: string;
	types: string;
	license: string;
	n8n: { nodes: string[]; credentials: string[] };
}

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;

describe('the published tarball', () => {
	let manifest: PackManifest;
	let files: string[];

	beforeAll(() => {
		manifest = packManifest();
		files = manifest.files.map((file) => file.path);
	}, 5 * 60_000);

	it('carries no source maps', () => {
		expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
	});

	it(`stays under ${UNPACKED_BUDGET_BYTES} bytes unpacked and ${PACKED_BUDGET_BYTES} packed`, () => {
		expect(manifest.unpackedSize).toBeLessThanOrEqual(UNPACKED_BUDGET_BYTES);
		expect(manifest.size).toBeLessThanOrEqual(PACKED_BUDGET_BYTES);
	});

	it('holds every file package.json points n8n and library users at', () => {
		for (const file of [pkg.main, pkg.types, ...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			expect(files).toContain(file);
		}
	});

	it('ships the MIT licence that package.json declares, and nothing but dist/ and metadata', () => {
		expect(pkg.license).toBe('MIT');
		expect(files).toContain('LICENSE');
		expect(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
		expect(files.filter((file) => !file.startsWith('dist/') && !TOP_LEVEL.has(file))).toEqual([]);
	});
});
