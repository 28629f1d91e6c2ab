// A migrated, empty n8n user folder kept per n8n version in .cache. A fresh SQLite database runs ~200
// migrations on first boot (about 5 s of the ~15 s start); copying a migrated one skips them, so each
// e2e file's throwaway n8n starts in ~10 s. Instances seeded from it share its encryption key, which
// is fine for throwaway test data.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ROOT } = require('./n8n-install');
const { withLockSync } = require('./lock');

const N8N_VERSION = '2.41.1';
const FILES = ['.n8n/config', '.n8n/database.sqlite'];
// SQLite may leave its write-ahead log beside the database after a clean exit; with no process
// attached, database + WAL are a consistent snapshot (the -shm index is rebuilt on open).
const OPTIONAL_FILES = ['.n8n/database.sqlite-wal'];

/**
 * Returns a folder holding a migrated `.n8n/{config,database.sqlite}`, creating it on first use by
 * running one n8n CLI command (which migrates) against an empty folder.
 * @param {{ nodeBin: string; n8nBin: string }} install
 */
function migratedTemplate(install) {
	const dir = path.join(ROOT, `.cache/n8n-template-${N8N_VERSION}`);
	if (FILES.every((f) => fs.existsSync(path.join(dir, f)))) return dir;
	return withLockSync(`${dir}.lock`, 5 * 60_000, () => {
		if (FILES.every((f) => fs.existsSync(path.join(dir, f)))) return dir;
		const tmp = `${dir}.tmp-${process.pid}`;
		fs.rmSync(tmp, { recursive: true, force: true });
		fs.mkdirSync(path.join(tmp, '.n8n'), { recursive: true });
		const result = spawnSync(install.nodeBin, [install.n8nBin, 'list:workflow'], {
			cwd: tmp,
			env: {
				PATH: `${path.dirname(install.nodeBin)}${path.delimiter}${process.env.PATH}`,
				HOME: process.env.HOME,
				N8N_USER_FOLDER: tmp,
				N8N_DIAGNOSTICS_ENABLED: 'false',
				N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
				N8N_DISABLED_MODULES: 'mcp-registry',
				DB_TYPE: 'sqlite',
			},
			encoding: 'utf8',
			timeout: 180_000,
			maxBuffer: 64 << 20,
		});
		if (result.status !== 0) {
			throw new Error(
				`migrating a template n8n database failed: ${(result.stderr || result.stdout || '').slice(-2000)}`,
			);
		}
		fs.rmSync(dir, { recursive: true, force: true });
		fs.renameSync(tmp, dir);
		return dir;
	});
}

/** Copies the template's files into a new user folder. */
function seedUserFolder(templateDir, userFolder) {
	for (const file of [
		...FILES,
		...OPTIONAL_FILES.filter((f) => fs.existsSync(path.join(templateDir, f))),
	]) {
		fs.mkdirSync(path.dirname(path.join(userFolder, file)), { recursive: true });
		fs.copyFileSync(path.join(templateDir, file), path.join(userFolder, file));
	}
}

module.exports = { migratedTemplate, seedUserFolder };
