// Loads a lib/ entry bundled the way the package ships it (esbuild, CommonJS, Node 20), so a
// benchmark measures the shipped code rather than a transpile-on-require of the sources. The
// bundle lives in a temporary directory only until it is loaded.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { buildSync } = require('esbuild');

const ROOT = path.resolve(__dirname, '../..');

/** `entry` is relative to the repository root, e.g. `lib/macros/index.ts`. */
function requireBundled(entry) {
	const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-bundle-'));
	try {
		const outfile = path.join(outDir, 'bundle.js');
		buildSync({
			entryPoints: [path.join(ROOT, entry)],
			bundle: true,
			platform: 'node',
			format: 'cjs',
			target: 'node20',
			outfile,
			logLevel: 'warning',
		});
		return require(outfile);
	} finally {
		fs.rmSync(outDir, { recursive: true, force: true });
	}
}

module.exports = { requireBundled };
