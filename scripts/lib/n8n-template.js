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

/**
 * The same for queue mode: a migrated PostgreSQL database that throwaway clusters are created from
 * (`CREATE DATABASE … TEMPLATE`, well under a second, against 15-60 s of migrations on a busy box).
 * Built under a temporary name and renamed when complete, so parallel builders cannot leave a
 * half-migrated template; the loser of the race drops its copy.
 * @param {{ nodeBin: string; n8nBin: string }} install
 * @returns {Promise<string>} the template database's name
 */
async function migratedPostgresTemplate(install) {
	const { pgClient, QUEUE_SERVICES } = require('./queue-services');
	const name = `mmp_n8n_template_${N8N_VERSION.replace(/\./g, '_')}`;
	const admin = await pgClient('postgres');
	try {
		const exists = async (db) =>
			(await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db])).rowCount > 0;
		if (await exists(name)) return name;
		const tmp = `${name}_tmp_${process.pid}`;
		await admin.query(`DROP DATABASE IF EXISTS ${tmp}`);
		await admin.query(`CREATE DATABASE ${tmp}`);
		const folder = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'mmp-pg-template-'));
		const { postgres } = QUEUE_SERVICES;
		const result = spawnSync(install.nodeBin, [install.n8nBin, 'list:workflow'], {
			cwd: folder,
			env: {
				PATH: `${path.dirname(install.nodeBin)}${path.delimiter}${process.env.PATH}`,
				HOME: process.env.HOME,
				N8N_USER_FOLDER: folder,
				N8N_DIAGNOSTICS_ENABLED: 'false',
				N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
				N8N_DISABLED_MODULES: 'mcp-registry',
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: postgres.host,
				DB_POSTGRESDB_PORT: String(postgres.port),
				DB_POSTGRESDB_DATABASE: tmp,
				DB_POSTGRESDB_USER: postgres.user,
				DB_POSTGRESDB_PASSWORD: postgres.password,
			},
			encoding: 'utf8',
			timeout: 300_000,
			maxBuffer: 64 << 20,
		});
		fs.rmSync(folder, { recursive: true, force: true });
		if (result.status !== 0) {
			await admin.query(`DROP DATABASE IF EXISTS ${tmp}`);
			throw new Error(
				`migrating a template n8n database failed: ${(result.stderr || result.stdout || '').slice(-2000)}`,
			);
		}
		try {
			await admin.query(`ALTER DATABASE ${tmp} RENAME TO ${name}`);
		} catch {
			await admin.query(`DROP DATABASE IF EXISTS ${tmp}`);
		}
		return name;
	} finally {
		await admin.end().catch(() => {});
	}
}

module.exports = { migratedPostgresTemplate, migratedTemplate, seedUserFolder };
