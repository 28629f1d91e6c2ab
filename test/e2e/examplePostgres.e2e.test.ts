// The "MMP events to a BI table" example (examples/workflows/events-to-postgres.json) in a real n8n
// 2.41.1 against the machine's PostgreSQL: attributions and in-app events land as exactly one row per
// distinct callback even when the MMP re-sends, and fraud never lands. Each run uses its own schema.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { describeRequiring } from '../support/describeRequiring';
import { ranNodes } from '../support/executionData';
import {
	describeWithN8n,
	N8N_START_TIMEOUT_MS,
	startN8n,
	type N8nServer,
	type WorkflowJson,
} from '../support/n8nServer';

jest.setTimeout(120_000);

const ROOT = path.join(__dirname, '../..');
const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres', password: '' };

/** Synchronous probe, so the suite can be skipped (or failed under CI) before n8n starts. */
function postgresReachable(): { ok: boolean; reason: string } {
	const probe = spawnSync(
		process.execPath,
		[
			'-e',
			`const { Client } = require('pg');
			 const c = new Client(${JSON.stringify({ ...PG, connectionTimeoutMillis: 3000 })});
			 c.connect().then(() => c.end()).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); });`,
		],
		{ cwd: ROOT, encoding: 'utf8', timeout: 10_000 },
	);
	return { ok: probe.status === 0, reason: (probe.stderr || probe.error?.message || '').trim() };
}

const postgres = postgresReachable();
const SCHEMA = `e2e_bi_${process.pid}_${Date.now().toString(36)}`;

/** Adjust GET callbacks: three distinct ones to store, one rejected install that must not be. */
const base =
	'mmp=adjust&adid=9f8e7d6c5b4a39281706f5e4d3c2b1a0&gps_adid=38400000-8cf0-11bd-b23e-10b96e40000d';
const CALLBACKS = {
	install: `${base}&activity_kind=install&created_at=1404214665&tracker_name=Net%3A%3ASummer%20Sale%20%26%20More%3A%3AAg%3A%3ABanner&country=de`,
	purchase: `${base}&activity_kind=event&event_name=purchase&created_at=1404215000&revenue_float=4.99&currency=EUR`,
	session: `${base}&activity_kind=session&created_at=1404216000`,
	rejected: `${base}&activity_kind=rejected_install&rejection_reason=click_injection&created_at=1404217000`,
};

function exampleWorkflow(): WorkflowJson {
	const file = path.join(ROOT, 'examples/workflows/events-to-postgres.json');
	const workflow = JSON.parse(fs.readFileSync(file, 'utf8')) as WorkflowJson;
	// Point the example's table at this run's schema; the rest of the workflow is used as shipped.
	for (const node of workflow.nodes) {
		const query = node.parameters?.query;
		if (typeof query === 'string') {
			node.parameters.query = query.replace(/\bmmp_events\b/g, `${SCHEMA}.mmp_events`);
		}
	}
	return workflow;
}

describeRequiring(
	'Example: MMP events to a BI table (Postgres) in real n8n',
	{ ...postgres, what: 'PostgreSQL on 127.0.0.1:5432 (database test)' },
	() => {
		let n8n: N8nServer;
		let db: Client;
		const workflow = exampleWorkflow();

		beforeAll(async () => {
			db = new Client(PG);
			await db.connect();
			await db.query(`CREATE SCHEMA ${SCHEMA}`);
			const ddl = fs.readFileSync(path.join(ROOT, 'examples/sql/mmp_events.sql'), 'utf8');
			await db.query(`SET search_path TO ${SCHEMA}; ${ddl}`);
			n8n = await startN8n({ label: 'example-postgres' });
			await n8n.importCredentials([
				{
					id: 'mmpExamplePostgres',
					name: 'BI Postgres',
					type: 'postgres',
					data: { ...PG, ssl: 'disable' },
				},
			]);
			await n8n.importWorkflow(workflow);
		}, N8N_START_TIMEOUT_MS);

		afterAll(async () => {
			await n8n?.stop();
			if (db) {
				await db.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
				await db.end();
			}
		});

		it('stores one row per distinct callback across re-sends, and no fraud', async () => {
			const sends = [
				CALLBACKS.install,
				CALLBACKS.purchase,
				CALLBACKS.session,
				CALLBACKS.rejected,
				// The MMP's retries: byte-identical re-sends.
				CALLBACKS.install,
				CALLBACKS.purchase,
				CALLBACKS.install,
			];
			for (const query of sends) {
				const res = await fetch(`${n8n.webhookUrl('mmp/bi')}?${query}`);
				expect(res.status).toBe(200);
			}
			const executions = await n8n.waitForExecutions(workflow.id, sends.length, 90_000);
			expect(executions).toHaveLength(sends.length);
			for (const execution of executions) expect(execution.status).toBe('success');
			// The rejected install took the Fraud Alert branch, never the insert.
			const fraudRuns = executions.filter((e) => ranNodes(e).includes('Fraud Goes Elsewhere'));
			expect(fraudRuns).toHaveLength(1);
			expect(ranNodes(fraudRuns[0])).not.toContain('Insert Event Once');

			const { rows } = await db.query(
				`SELECT event_kind, event_name, campaign_name, media_source, country, revenue, currency,
			        event_time, fraud_flag, raw ->> 'activity_kind' AS raw_kind
			   FROM ${SCHEMA}.mmp_events ORDER BY event_time`,
			);
			expect(rows.map((r) => r.event_kind)).toEqual(['install', 'in_app_event', 'session']);
			expect(rows[0]).toMatchObject({
				campaign_name: 'Summer Sale & More',
				media_source: 'Net',
				country: 'DE',
				fraud_flag: false,
				raw_kind: 'install',
			});
			expect(rows[0].event_time.toISOString()).toBe('2014-07-01T11:37:45.000Z');
			expect(rows[1]).toMatchObject({
				event_name: 'purchase',
				revenue: '4.990000',
				currency: 'EUR',
			});
			const dedup = await db.query(
				`SELECT count(DISTINCT dedup_key)::int AS n FROM ${SCHEMA}.mmp_events`,
			);
			expect(dedup.rows[0].n).toBe(3);
		});
	},
	describeWithN8n,
);
