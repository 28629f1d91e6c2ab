// A real n8n 2.41.1 queue-mode cluster for end-to-end tests (scripts/lib/n8n-queue.js): main, webhook
// processors, workers, PostgreSQL (a throwaway database copied from a migrated template), Redis (a
// throwaway Bull prefix) and nginx in front. This file adds the "something is missing" policy.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../scripts/lib/n8n-install';
import {
	newEncryptionKey,
	QueueCluster,
	type QueueClusterOptions,
} from '../../scripts/lib/n8n-queue';
import { migratedPostgresTemplate } from '../../scripts/lib/n8n-template';
import { nginxAvailability } from '../../scripts/lib/nginx';
import { packedTarball } from '../../scripts/lib/package-tarball';
import { describeRequiring } from './describeRequiring';
import { n8nAvailability } from './n8nServer';

export type { QueueCluster };

/** PostgreSQL and Redis reachable, checked synchronously so a suite can skip (or fail) up front. */
function servicesReachable(): { ok: boolean; reason: string } {
	const probe = spawnSync(
		process.execPath,
		[
			'-e',
			`require('./scripts/lib/queue-services').prepareQueueServices({ database: 'postgres' })
			 .then((p) => { if (p.length) { console.error(p.join('; ')); process.exit(1); } process.exit(0); },
			       (e) => { console.error(e.message); process.exit(1); });`,
		],
		{ cwd: ROOT, encoding: 'utf8', timeout: 15_000 },
	);
	return { ok: probe.status === 0, reason: (probe.stderr || probe.error?.message || '').trim() };
}

/** `describe` for queue-mode suites: needs n8n, PostgreSQL, Redis and nginx. */
export function describeWithQueueMode(name: string, body: () => void): void {
	const install = n8nAvailability();
	const services = servicesReachable();
	const nginx = nginxAvailability();
	const reasons = [
		install.ok ? '' : `n8n: ${install.reason}`,
		services.ok ? '' : services.reason,
		nginx.ok ? '' : nginx.reason,
	].filter(Boolean);
	describeRequiring(
		name,
		{
			ok: reasons.length === 0,
			what: 'n8n 2.41.1, PostgreSQL on 127.0.0.1:5432, Redis on 127.0.0.1:6379 and nginx',
			reason: reasons.join('; '),
		},
		body,
	);
}

/** Starts a throwaway cluster; its database, Redis keys and folders go away on stop(). */
export async function startQueueCluster(
	opts: { label: string } & Partial<QueueClusterOptions>,
): Promise<QueueCluster> {
	const install = n8nAvailability();
	if (!install.ok) throw new Error(`n8n is not available: ${install.reason}`);
	const id = `${opts.label}_${process.pid}_${Date.now().toString(36)}`.toLowerCase();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mmp-e2e-queue-${opts.label}-`));
	const cluster = await QueueCluster.start({
		nodeBin: install.nodeBin,
		n8nBin: install.n8nBin,
		tarball: packedTarball(),
		templateDatabase: await migratedPostgresTemplate(install),
		database: `mmp_e2e_${id.replace(/[^a-z0-9_]/g, '_')}`,
		dropDatabase: true,
		prefix: `mmp-e2e-${id.replace(/_/g, '-')}`,
		encryptionKey: newEncryptionKey(),
		dir,
		logDir: path.join(
			ROOT,
			'.tmp/n8n-logs',
			`queue-${opts.label}-${new Date().toISOString().replace(/[:.]/g, '-')}`,
		),
		apiKeyLabel: 'e2e',
		...opts,
	});
	const stop = cluster.stop.bind(cluster);
	cluster.stop = async (stopOpts) => {
		await stop(stopOpts);
		if (!process.env.MMP_E2E_KEEP) fs.rmSync(dir, { recursive: true, force: true });
	};
	return cluster;
}
