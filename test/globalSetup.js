// Jest globalSetup: makes a fresh clone testable with plain `npm test`. It creates the folders tests
// and `npm test` write into (.tmp: --outputFile, n8n logs, screenshots, the packed tarball), and when
// the selected tests include e2e files it installs the local Node 24 + n8n 2.41.1 they need
// (scripts/ensure-n8n.sh, into .cache/) once, with its progress shown, before any test file loads.
// MMP_N8N_INSTALL=0 skips the install. A failed install fails the run under CI=true; elsewhere the
// e2e suites skip loudly (test/support/describeRequiring.ts). Plain JS: jest loads it untransformed.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { isCi } = require('../scripts/lib/ci-env');
const { ensureN8n, ROOT } = require('../scripts/lib/n8n-install');

const WRITABLE_DIRS = ['.tmp', '.tmp/n8n-logs'];
const E2E_DIR = path.join(ROOT, 'test/e2e');
/** What becomes of e2e suites without n8n (test/support/describeRequiring.ts). */
const e2eFate = () => (isCi() ? 'will fail (CI=true)' : 'will skip');

/** Whether this run may include an e2e file (a guess on the safe side when jest picks by changes). */
function selectsE2e(globalConfig, e2eFiles = listE2eFiles()) {
	if (globalConfig.findRelatedTests || globalConfig.onlyChanged || globalConfig.changedSince) {
		return e2eFiles.length > 0;
	}
	if (!globalConfig.testPathPattern) return e2eFiles.length > 0;
	const pattern = new RegExp(globalConfig.testPathPattern, 'i');
	return e2eFiles.some((file) => pattern.test(file));
}

function listE2eFiles() {
	return fs
		.readdirSync(E2E_DIR)
		.filter((file) => file.endsWith('.e2e.test.ts'))
		.map((file) => path.join(E2E_DIR, file));
}

/** Installs n8n for the e2e files, or says why they will skip (throws under CI). */
function prepareN8n() {
	if (ensureN8n({ install: false }).ok) return;
	if (process.env.MMP_N8N_INSTALL === '0') {
		console.warn(
			`\n!!! MMP_N8N_INSTALL=0 and n8n 2.41.1 is not installed: the e2e suites ${e2eFate()}.\n`,
		);
		return;
	}
	console.log(
		'\n[globalSetup] e2e tests selected: installing Node 24 + n8n 2.41.1 into .cache/ ' +
			'(once; about 5-10 min, 2.9 GB; MMP_N8N_INSTALL=0 skips it)',
	);
	const install = ensureN8n({ verbose: true });
	if (install.ok) return;
	if (isCi()) throw new Error(`installing n8n for the e2e suite failed: ${install.reason}`);
	console.warn(`\n!!! Installing n8n failed; the e2e suites will skip.\n!!! ${install.reason}\n`);
	// The e2e files would otherwise try the same install again, each on its own.
	process.env.MMP_N8N_INSTALL = '0';
}

module.exports = async function globalSetup(globalConfig) {
	for (const dir of WRITABLE_DIRS) fs.mkdirSync(path.join(ROOT, dir), { recursive: true });
	if (globalConfig.listTests || !selectsE2e(globalConfig)) return;
	prepareN8n();
};
module.exports.selectsE2e = selectsE2e;
