// MMP Trigger typeVersion 2 in a real n8n 2.41.1 (SQLite, one process): the fixture corpus routes
// as with typeVersion 1; malformed JSON gets n8n's 422 JSON and stores nothing; batched executions
// carry every callback exactly once and answer each only once its execution exists; and, with
// PostgreSQL, the batched BI example (Respond: when the workflow finishes) answers a batch whose
// INSERT fails with 5xx, and stores every re-sent callback once when the database takes it again.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Client } from 'pg';

import { describeRequiring } from '../support/describeRequiring';
import { nodeOutput, outputJson, ranNodes } from '../support/executionData';
import {
	expectedEventShape,
	fixtureBody,
	fixtureWebhookPath,
	loadE2eWorkflow,
	loadMmpFixtures,
} from '../support/fixtures';
import { describeWithN8n, useN8n, type N8nExecution, type WorkflowJson } from '../support/useN8n';

jest.setTimeout(120_000);

const ROOT = path.join(__dirname, '../..');
const OUTPUTS = ['Attribution', 'In-App Event', 'Fraud Alert'] as const;
const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres', password: '' };
const SCHEMA = `e2e_trigger_v2_${process.pid}_${Date.now().toString(36)}`;
const fixtures = loadMmpFixtures();

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

/** The routing workflow as typeVersion 2 on `webhookPath`, with `parameters` added to the trigger. */
function v2Workflow(
	id: string,
	webhookPath: string,
	parameters: Record<string, unknown> = {},
): WorkflowJson {
	const copy = JSON.parse(
		JSON.stringify(loadE2eWorkflow('mmp-trigger-routing.json')),
	) as WorkflowJson;
	copy.id = id;
	copy.name = `e2e: MMP Trigger v2 on /webhook/${webhookPath}`;
	const trigger = copy.nodes.find((n) => n.name === 'MMP Trigger')!;
	trigger.typeVersion = 2;
	trigger.parameters = { ...trigger.parameters, path: webhookPath, ...parameters };
	trigger.webhookId = `7b2e0c20-0000-4000-8000-${id
		.slice(-12)
		.toLowerCase()
		.replace(/[^0-9a-f]/g, '0')}`;
	return copy;
}

/** A BI example, its table moved into this run's schema. */
function biExample(file: string): WorkflowJson {
	const text = fs.readFileSync(path.join(ROOT, 'examples/workflows', file), 'utf8');
	const workflow = JSON.parse(text) as WorkflowJson;
	for (const node of workflow.nodes) {
		const query = node.parameters?.query;
		if (typeof query === 'string') {
			node.parameters.query = query.replace(/\bmmp_events\b/g, `${SCHEMA}.mmp_events`);
		}
	}
	return workflow;
}

/** The unbatched BI example as typeVersion 2 with Respond: When the Workflow Finishes. */
function unbatchedFinishes(): WorkflowJson {
	const workflow = biExample('events-to-postgres.json');
	workflow.id = 'e2eMmpV2BiFinish';
	workflow.name = 'e2e: BI example, v2, respond when the workflow finishes';
	const trigger = workflow.nodes.find((n) => n.name === 'MMP Trigger')!;
	trigger.typeVersion = 2;
	trigger.parameters = { ...trigger.parameters, path: 'v2/bi-finishes', respond: 'lastNode' };
	trigger.webhookId = '7b2e0c20-0000-4000-8000-0000000b1f15';
	return workflow;
}

interface Answer {
	status: number;
	body: unknown;
	/** When the answer arrived (ms since epoch). */
	at: number;
}

const adjustQuery = (n: number, extra = 'activity_kind=install') =>
	`mmp=adjust&${extra}&adid=${String(n).padStart(32, '0')}&created_at=1700000000&country=de`;

describeWithN8n('MMP Trigger typeVersion 2 in real n8n', () => {
	let db: Client | undefined;
	const paths = [...new Set(fixtures.map(fixtureWebhookPath))].sort();
	const corpus = paths.map((p, i) =>
		v2Workflow(`e2eMmpV2Corpus${String(i).padStart(2, '0')}`, `v2/${p}`),
	);
	const batched = v2Workflow('e2eMmpV2Batched01', 'v2/batched', {
		batch: true,
		batchMaxItems: 100,
		batchMaxWaitMs: 300,
	});

	beforeAll(async () => {
		if (postgres.ok) {
			db = new Client(PG);
			await db.connect();
			await db.query(`CREATE SCHEMA ${SCHEMA}`);
			const ddl = fs.readFileSync(path.join(ROOT, 'examples/sql/mmp_events.sql'), 'utf8');
			await db.query(`SET search_path TO ${SCHEMA}; ${ddl}`);
		}
	});

	const n8n = useN8n({
		label: 'mmp-trigger-v2',
		credentials: postgres.ok
			? [
					{
						id: 'mmpExamplePostgres',
						name: 'BI Postgres',
						type: 'postgres',
						data: { ...PG, ssl: 'disable' },
					},
				]
			: [],
		workflows: postgres.ok
			? [...corpus, batched, biExample('events-to-postgres-batched.json'), unbatchedFinishes()]
			: [...corpus, batched],
	});

	afterAll(async () => {
		if (db) {
			await db.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
			await db.end();
		}
	});

	async function send(
		webhookPath: string,
		init: { method?: string; query?: string; headers?: Record<string, string>; body?: string },
	): Promise<Answer> {
		const url = `${n8n.webhookUrl(webhookPath)}${init.query ? `?${init.query}` : ''}`;
		const res = await fetch(url, {
			method: init.method ?? 'GET',
			headers: init.headers,
			body: init.body,
		});
		const text = await res.text();
		let body: unknown = text;
		try {
			body = JSON.parse(text);
		} catch {
			// not JSON: kept as text for the assertion message
		}
		return { status: res.status, body, at: Date.now() };
	}

	const count = async (workflowId: string) => (await n8n.executions({ workflowId })).length;

	it(`routes the fixture corpus (${fixtures.length} callbacks) as typeVersion 1 does`, async () => {
		const sent = new Map<string, string[]>();
		for (const fixture of fixtures) {
			const wf = corpus[paths.indexOf(fixtureWebhookPath(fixture))];
			const answer = await send(`v2/${fixtureWebhookPath(fixture)}`, {
				method: fixture.request.method,
				query: fixture.request.url.split('?')[1],
				headers: fixture.request.headers,
				body: fixtureBody(fixture),
			});
			expect({ file: fixture.file, ...answer, at: 0 }).toMatchObject({
				file: fixture.file,
				status: 200,
				body: { status: 'ok' },
			});
			sent.set(wf.id, [...(sent.get(wf.id) ?? []), fixture.file]);
		}
		for (const [workflowId, files] of sent) {
			const executions = await n8n.waitForExecutions(workflowId, files.length, 60_000);
			executions.forEach((execution, i) => {
				const fixture = fixtures.find((f) => f.file === files[i])!;
				expect(execution.status).toBe('success');
				const output = ranNodes(execution)[1];
				const [item] = outputJson(execution, 'MMP Trigger', OUTPUTS.indexOf(output as never));
				const { present } = expectedEventShape(fixture.expect.event);
				expect(item).toMatchObject({ mmp: fixture.expect.mmp, ...present });
			});
		}
	}, 240_000);

	it("answers malformed JSON with n8n's 422 JSON before the node runs, and stores no execution", async () => {
		const workflowId = corpus[paths.indexOf('mmp')]?.id ?? corpus[0].id;
		const webhookPath = String(corpus.find((w) => w.id === workflowId)!.nodes[0].parameters.path);
		const before = await count(workflowId);
		const answer = await send(webhookPath, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"event_name":',
		});
		expect(answer.status).toBe(422);
		expect(answer.body).toMatchObject({ message: expect.any(String) });
		// Something valid after it: once its execution is there, the malformed one would be too.
		expect((await send(webhookPath, { query: adjustQuery(1) })).status).toBe(200);
		await n8n.waitForExecutions(workflowId, before + 1, 60_000);
		expect(await count(workflowId)).toBe(before + 1);
	});

	it('batches concurrent callbacks into fewer executions, each callback exactly once, each 200 only once its execution exists', async () => {
		const n = 40;
		const answers = await Promise.all(
			Array.from({ length: n }, (_, i) => send('v2/batched', { query: adjustQuery(1000 + i) })),
		);
		for (const answer of answers)
			expect(answer).toMatchObject({ status: 200, body: { status: 'ok' } });

		let executions: N8nExecution[] = [];
		const deadline = Date.now() + 60_000;
		const carried = () =>
			executions.flatMap((e) => nodeOutput(e, 'MMP Trigger', 0).map((item) => ({ e, item })));
		while (Date.now() < deadline) {
			executions = (await n8n.executions({ workflowId: batched.id })).filter(
				(e) => e.status === 'success' && e.data,
			);
			if (carried().length >= n) break;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		expect(executions.length).toBeLessThan(n);
		const ids = carried().map(({ item }) =>
			String(item.json.mmp_device_id ?? item.json.advertising_id),
		);
		expect(ids).toHaveLength(n);
		expect(new Set(ids).size).toBe(n);
		// n8n registers the execution (startedAt) before it writes the leader's answer, and held
		// callbacks are answered after the leader's: no answer predates its execution.
		const lastAnswer = Math.max(...answers.map((a) => a.at));
		const firstAnswer = Math.min(...answers.map((a) => a.at));
		for (const execution of executions) {
			expect(Date.parse(execution.startedAt)).toBeLessThanOrEqual(lastAnswer);
		}
		expect(Math.min(...executions.map((e) => Date.parse(e.startedAt)))).toBeLessThanOrEqual(
			firstAnswer,
		);
	});

	describeRequiring(
		'the batched BI example (Respond: when the workflow finishes)',
		{ ...postgres, what: 'PostgreSQL on 127.0.0.1:5432 (database test)' },
		() => {
			it('answers a batch whose INSERT fails with 5xx, and stores every re-sent callback exactly once', async () => {
				// A constraint the poisoned callback violates: the batch's single INSERT fails as a whole.
				await db!.query(
					`ALTER TABLE ${SCHEMA}.mmp_events ADD CONSTRAINT e2e_poison CHECK (event_name IS DISTINCT FROM 'poison')`,
				);
				const queries = [
					...Array.from({ length: 12 }, (_, i) => adjustQuery(2000 + i)),
					adjustQuery(2100, 'activity_kind=event&event_name=poison'),
				];
				const first = await Promise.all(queries.map((query) => send('mmp/bi-batched', { query })));
				const poisoned = first[first.length - 1];
				expect(poisoned.status).toBeGreaterThanOrEqual(500);
				for (const answer of first) expect([200, 500, 503]).toContain(answer.status);

				// Nothing acknowledged is lost: every 200 is a stored row (checked before any re-send).
				const stored = async () =>
					(await db!.query(`SELECT raw ->> 'adid' AS adid FROM ${SCHEMA}.mmp_events`)).rows.map(
						(r) => String(r.adid),
					);
				const adid = (query: string) => /adid=([0-9]+)/.exec(query)![1];
				const acknowledged = queries.filter((_, i) => first[i].status === 200).map(adid);
				expect(await stored()).toEqual(expect.arrayContaining(acknowledged));

				// The database takes the callback again; the MMP re-sends whatever was not 200, and
				// (a timeout's doing) some that were.
				await db!.query(`ALTER TABLE ${SCHEMA}.mmp_events DROP CONSTRAINT e2e_poison`);
				const resend = queries.filter((_, i) => first[i].status !== 200 || i % 4 === 0);
				const second = await Promise.all(resend.map((query) => send('mmp/bi-batched', { query })));
				for (const answer of second) expect(answer.status).toBe(200);

				const rows = await stored();
				expect(rows.sort()).toEqual(queries.map(adid).sort());
			});

			it('unbatched: answers 500 when the INSERT fails, and stores the re-send once when it succeeds', async () => {
				await db!.query(
					`ALTER TABLE ${SCHEMA}.mmp_events ADD CONSTRAINT e2e_poison2 CHECK (event_name IS DISTINCT FROM 'poison2')`,
				);
				const poison = adjustQuery(3000, 'activity_kind=event&event_name=poison2');
				const failed = await send('v2/bi-finishes', { query: poison });
				expect(failed.status).toBe(500);
				const fine = await send('v2/bi-finishes', { query: adjustQuery(3001) });
				expect(fine.status).toBe(200);
				const count = async (adid: string) =>
					Number(
						(
							await db!.query(
								`SELECT count(*) AS n FROM ${SCHEMA}.mmp_events WHERE raw ->> 'adid' = $1`,
								[adid],
							)
						).rows[0].n,
					);
				// A 200 after the workflow finished: the row is there already.
				expect(await count(String(3001).padStart(32, '0'))).toBe(1);
				expect(await count(String(3000).padStart(32, '0'))).toBe(0);

				await db!.query(`ALTER TABLE ${SCHEMA}.mmp_events DROP CONSTRAINT e2e_poison2`);
				expect((await send('v2/bi-finishes', { query: poison })).status).toBe(200);
				expect((await send('v2/bi-finishes', { query: poison })).status).toBe(200);
				expect(await count(String(3000).padStart(32, '0'))).toBe(1);
			});
		},
	);
});
