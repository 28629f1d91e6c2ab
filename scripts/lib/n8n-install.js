// Locates (and, on request, installs) the cached Node 24 + n8n 2.41.1 that scripts/ensure-n8n.sh manages.
// Plain CommonJS so `npm start`, the benchmark and the jest harness share one implementation.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const ENSURE_SCRIPT = path.join(ROOT, 'scripts/ensure-n8n.sh');
const INSTALL_TIMEOUT_MS = 40 * 60_000;

/**
 * Runs scripts/ensure-n8n.sh (idempotent, lock-protected) and returns the installation, or the reason
 * it is unavailable. Never throws: callers decide whether a missing n8n fails or skips.
 * @param {{ verbose?: boolean; install?: boolean }} [opts] verbose: stream the installer's progress to
 *   this process's stderr; install: false only looks for a completed install (`--check`)
 * @returns {{ ok: true; nodeBin: string; n8nBin: string } | { ok: false; reason: string }}
 */
function ensureN8n(opts = {}) {
	const args = opts.install === false ? [ENSURE_SCRIPT, '--check'] : [ENSURE_SCRIPT];
	const result = spawnSync('bash', args, {
		cwd: ROOT,
		encoding: 'utf8',
		timeout: INSTALL_TIMEOUT_MS,
		// stderr carries progress; it goes straight to the terminal when asked, else it is kept for errors.
		stdio: ['ignore', 'pipe', opts.verbose ? 'inherit' : 'pipe'],
		maxBuffer: 64 * 1024 * 1024,
	});
	if (result.error)
		return { ok: false, reason: `ensure-n8n.sh could not run: ${result.error.message}` };
	if (result.status !== 0) {
		const tail = String(result.stderr || '')
			.trim()
			.split('\n')
			.slice(-15)
			.join('\n');
		const output = tail || '(its progress, printed above, says why)';
		return { ok: false, reason: `ensure-n8n.sh exited with ${result.status}:\n${output}` };
	}
	const match = /node=(\S+) n8n=(\S+)\s*$/.exec(result.stdout);
	if (!match) return { ok: false, reason: `ensure-n8n.sh printed no paths: ${result.stdout}` };
	const [, nodeBin, n8nBin] = match;
	if (!fs.existsSync(nodeBin) || !fs.existsSync(n8nBin)) {
		return {
			ok: false,
			reason: `ensure-n8n.sh reported ${nodeBin} and ${n8nBin}, which do not exist`,
		};
	}
	return { ok: true, nodeBin, n8nBin };
}

module.exports = { ROOT, ensureN8n };
