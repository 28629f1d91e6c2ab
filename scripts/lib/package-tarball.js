// Produces the tarball users install: `npm pack` of the built dist/, exactly what the Community Nodes
// UI or `npm install` into ~/.n8n/nodes would fetch. The build runs only when dist/ is missing or older
// than its sources, and the tarball is reused while dist/ is unchanged, so a test run builds and packs
// at most once however many n8n instances it starts.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./n8n-install');
const { withLockSync } = require('./lock');

// In the checkout's own .tmp, not .cache: .cache may be shared by several checkouts (worktrees
// symlink it to one n8n install), and a shared pack directory let one checkout's e2e install another
// checkout's build.
const PACK_DIR = path.join(ROOT, '.tmp/pack');
const SOURCE_DIRS = ['lib', 'nodes', 'credentials', 'icons'];
const SOURCE_FILES = ['package.json', 'gulpfile.js', 'tsconfig.json', 'tsconfig.build.json'];
const BUILD_TIMEOUT_MS = 5 * 60_000;
const LOCK_TIMEOUT_MS = 10 * 60_000;

function walkFiles(dir) {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? walkFiles(full) : [full];
	});
}

function readPackageJson() {
	return JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
}

/** Files the package.json promises in dist/ (main entry, every node and credential). */
function declaredDistFiles(pkg) {
	return [pkg.main, ...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])]
		.filter(Boolean)
		.map((file) => path.join(ROOT, file));
}

function distState(pkg) {
	const missing = declaredDistFiles(pkg).filter((file) => !fs.existsSync(file));
	const distFiles = walkFiles(path.join(ROOT, 'dist'));
	const mtimes = distFiles.map((file) => fs.statSync(file).mtimeMs);
	const sources = [
		...SOURCE_DIRS.flatMap((dir) => walkFiles(path.join(ROOT, dir))),
		...SOURCE_FILES.map((file) => path.join(ROOT, file)).filter((file) => fs.existsSync(file)),
	];
	const newestSource = Math.max(0, ...sources.map((file) => fs.statSync(file).mtimeMs));
	return {
		missing,
		stale: distFiles.length === 0 || newestSource > Math.min(...mtimes),
		// Identifies this build of dist/: any rebuild rewrites every file.
		stamp: `${distFiles.length}:${Math.max(0, ...mtimes)}`,
	};
}

function run(command, args, what, timeout) {
	const result = spawnSync(command, args, {
		cwd: ROOT,
		encoding: 'utf8',
		timeout,
		maxBuffer: 64 << 20,
	});
	if (result.status !== 0) {
		const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-30);
		throw new Error(
			`${what} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output.join('\n')}`,
		);
	}
	return result.stdout;
}

/** Builds dist/ when `build` is 'if-stale' and it is missing or older than its sources. */
function ensureBuilt(pkg, build, log) {
	let state = distState(pkg);
	if (build === 'if-stale' && (state.missing.length > 0 || state.stale)) {
		log(
			`building ${pkg.name} (dist/ is ${state.missing.length > 0 ? 'incomplete' : 'older than its sources'})`,
		);
		run('npm', ['run', 'build', '--silent'], 'npm run build', BUILD_TIMEOUT_MS);
		state = distState(pkg);
	}
	if (state.missing.length > 0) {
		throw new Error(
			`dist/ lacks ${state.missing.map((f) => path.relative(ROOT, f)).join(', ')}; run npm run build`,
		);
	}
	return state;
}

/**
 * What `npm publish` would upload, without packing: `npm pack --dry-run --json`'s entry for this
 * package (`files` with `path` and `size`, `size` packed, `unpackedSize`). Builds like packedTarball.
 * @param {{ build?: 'if-stale' | 'never'; log?: (line: string) => void }} [opts]
 * @returns {{ files: Array<{ path: string; size: number }>; size: number; unpackedSize: number }}
 */
function packManifest(opts = {}) {
	const build = process.env.MMP_E2E_BUILD === 'never' ? 'never' : (opts.build ?? 'if-stale');
	return withLockSync(path.join(PACK_DIR, '.lock'), LOCK_TIMEOUT_MS, () => {
		ensureBuilt(readPackageJson(), build, opts.log ?? (() => {}));
		const out = run('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], 'npm pack', 60_000);
		const [manifest] = JSON.parse(out);
		return manifest;
	});
}

/**
 * Returns the path of the packed package, building and packing when needed.
 * @param {{ build?: 'if-stale' | 'never'; log?: (line: string) => void }} [opts]
 *   build 'never' (or env MMP_E2E_BUILD=never) packs whatever dist/ holds; it still fails when dist/
 *   lacks a file package.json declares. Env MMP_PACKAGE_TARBALL=<file> skips build and pack.
 * @returns {string}
 */
function packedTarball(opts = {}) {
	// A given tarball (e.g. the file `npm publish` would upload) is used as is.
	if (process.env.MMP_PACKAGE_TARBALL) return path.resolve(process.env.MMP_PACKAGE_TARBALL);
	const build = process.env.MMP_E2E_BUILD === 'never' ? 'never' : (opts.build ?? 'if-stale');
	const log = opts.log ?? (() => {});
	return withLockSync(path.join(PACK_DIR, '.lock'), LOCK_TIMEOUT_MS, () => {
		const pkg = readPackageJson();
		const state = ensureBuilt(pkg, build, log);
		const tarball = path.join(PACK_DIR, `${pkg.name}-${pkg.version}.tgz`);
		const stampFile = `${tarball}.stamp`;
		if (
			fs.existsSync(tarball) &&
			fs.existsSync(stampFile) &&
			fs.readFileSync(stampFile, 'utf8') === state.stamp
		) {
			return tarball;
		}
		fs.mkdirSync(PACK_DIR, { recursive: true });
		const tmp = fs.mkdtempSync(path.join(PACK_DIR, 'tmp-'));
		try {
			const out = run(
				'npm',
				['pack', '--ignore-scripts', '--json', '--pack-destination', tmp],
				'npm pack',
				60_000,
			);
			const [{ filename }] = JSON.parse(out);
			fs.renameSync(path.join(tmp, filename), tarball);
			fs.writeFileSync(stampFile, state.stamp);
			log(`packed ${path.relative(ROOT, tarball)}`);
			return tarball;
		} finally {
			fs.rmSync(tmp, { recursive: true, force: true });
		}
	});
}

module.exports = { packedTarball, packManifest };
