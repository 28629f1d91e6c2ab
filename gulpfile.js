// Build steps. `npm run build` = `gulp build`:
//   clean → bundle (esbuild: each node, credential and the lib entry, with undici and zod inlined so the
//   package has no runtime `dependencies`) → build:icons (SVGs) → build:codex (*.node.json) → types (lib .d.ts).
const { series, parallel } = require('gulp');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const ROOT = __dirname;
const DIST = path.join(ROOT, 'dist');

function walk(dir, keep) {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const p = path.join(dir, e.name);
		return e.isDirectory() ? walk(p, keep) : keep(p) ? [p] : [];
	});
}

function clean(done) {
	fs.rmSync(DIST, { recursive: true, force: true });
	done();
}

async function bundle() {
	const esbuild = require('esbuild');
	// Only what package.json's n8n block registers: a versioned node's per-version classes
	// (nodes/MmpTrigger/v1, v2) are bundled into its entry, not shipped twice more on their own.
	const { n8n } = require('./package.json');
	const entryPoints = [
		path.join(ROOT, 'lib/index.ts'),
		...[...n8n.nodes, ...n8n.credentials].map((file) =>
			path.join(ROOT, file.replace(/^dist\//, '').replace(/\.js$/, '.ts')),
		),
	];
	await esbuild.build({
		entryPoints,
		outbase: ROOT,
		outdir: DIST,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		// n8n provides n8n-workflow at runtime (peer dependency); everything else is inlined.
		external: ['n8n-workflow'],
		// No source maps in the package: they were 6.6 of its 10.2 MB unpacked, and n8n never reads
		// them. `MMP_SOURCEMAP=1 npm run build` adds them for local debugging; the package test
		// (test/package/tarball.test.ts) fails if any reach the tarball.
		sourcemap: process.env.MMP_SOURCEMAP === '1' ? 'linked' : false,
		logLevel: 'warning',
		legalComments: 'inline',
	});
}

function copyMatching(exts) {
	return function copy(done) {
		for (const dir of ['nodes', 'credentials', 'icons']) {
			for (const file of walk(path.join(ROOT, dir), (p) => exts.some((x) => p.endsWith(x)))) {
				const out = path.join(DIST, path.relative(ROOT, file));
				fs.mkdirSync(path.dirname(out), { recursive: true });
				fs.copyFileSync(file, out);
			}
		}
		done();
	};
}

function types(done) {
	execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
		cwd: ROOT,
		stdio: 'inherit',
	});
	done();
}

const buildIcons = copyMatching(['.svg', '.png']);
const buildCodex = copyMatching(['.node.json']);

exports.clean = clean;
exports.bundle = bundle;
exports['build:icons'] = buildIcons;
exports['build:codex'] = buildCodex;
exports.types = types;
exports.build = series(clean, parallel(bundle, buildIcons, buildCodex), types);
exports.default = exports.build;
