// The BI example (examples/workflows/events-to-postgres.json) needs a PostgreSQL table and an n8n
// credential. With the machine's PostgreSQL reachable, `npm start` creates both; without it the
// example is imported but left unpublished, and the banner says why, instead of failing the demo.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('../lib/n8n-install');

const BI_WORKFLOW_ID = 'mmpExampleBiPostgres';
/** The batched variant (events-to-postgres-batched.json): same table, same credential. */
const BATCHED_BI_WORKFLOW_ID = 'mmpExampleBiPostgresBatched';
/** Where the demo (and `npm run bench:bi`) finds PostgreSQL. */
const PG = {
	host: process.env.MMP_DEMO_PG_HOST || '127.0.0.1',
	port: Number(process.env.MMP_DEMO_PG_PORT || 5432),
	database: process.env.MMP_DEMO_PG_DATABASE || 'test',
	user: process.env.MMP_DEMO_PG_USER || 'postgres',
	password: process.env.MMP_DEMO_PG_PASSWORD || '',
};

/**
 * @param {import('../lib/n8n-instance').N8nInstance} n8n
 * @returns {Promise<{ ok: true, target: string } | { ok: false, reason: string }>}
 */
async function prepareBiExample(n8n) {
	const { Client } = require('pg');
	const client = new Client({ ...PG, connectionTimeoutMillis: 3000 });
	try {
		await client.connect();
		await client.query(fs.readFileSync(path.join(ROOT, 'examples/sql/mmp_events.sql'), 'utf8'));
	} catch (error) {
		return {
			ok: false,
			reason: `PostgreSQL at ${PG.host}:${PG.port} (${PG.database}): ${error.message}`,
		};
	} finally {
		await client.end().catch(() => {});
	}
	await n8n.importCredentials([
		{
			id: 'mmpExamplePostgres',
			name: 'BI Postgres',
			type: 'postgres',
			data: { ...PG, ssl: 'disable' },
		},
	]);
	return { ok: true, target: `${PG.database}.public.mmp_events on ${PG.host}:${PG.port}` };
}

module.exports = { BATCHED_BI_WORKFLOW_ID, BI_WORKFLOW_ID, DEMO_PG: PG, prepareBiExample };
