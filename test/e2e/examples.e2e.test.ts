// Every example in examples/workflows/ in one real n8n 2.41.1, pointed at the demo stand-ins exactly
// as `npm start` does it (scripts/demo/standins.js, pointAtStandins), fed with the MMP callback
// corpus the way `npm run demo:traffic` feeds it (scripts/demo/traffic.js, loadCorpus):
//
// - Fraud alerts to Slack: the Slack stand-in gets exactly one message per fraud callback, also when
//   it answers 429 + Retry-After (the retry waits that long).
// - Install postbacks to an ad network: the network stand-in gets the rendered postbacks, each value
//   encoded once; 3 failures then success is retried to success; a refusal alerts Slack; a long
//   Retry-After goes through the Wait loop and is delivered.
// - Events to a BI table: one row per distinct callback after re-sends, no fraud (needs PostgreSQL
//   on 127.0.0.1:5432; skipped loudly without it, failed under CI=true).
// - The long-retry example and the Slack-node variant import, publish and run (the Slack node itself
//   cannot reach Slack from here; the browser test shows it on the canvas).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import {
	isAppleSource,
	parseCallback,
	routeEvent,
	TRIGGER_OUTPUT_NAMES,
	type CanonicalEvent,
} from '../../lib';
import {
	type NetworkRequest,
	type NetworkResponder,
	type Standins,
	startStandins,
} from '../../scripts/demo/standins';
import { loadCorpus, sendCallback } from '../../scripts/demo/traffic';
import { describeRequiring } from '../support/describeRequiring';
import { loadExamples as loadExamplesInto } from '../support/exampleWorkflows';
import { nodeOutput, outputJson, ranNodes } from '../support/executionData';
import { loadMmpFixture } from '../support/fixtures';
import { describeWithN8n, useN8n, type N8nExecution, type WorkflowJson } from '../support/useN8n';

jest.setTimeout(120_000);

const ROOT = path.join(__dirname, '../..');
const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres', password: '' };
const SCHEMA = `e2e_examples_${process.pid}_${Date.now().toString(36)}`;

const FRAUD_HOOK = '/services/TDEMO0000/BFRAUD000/demo-stand-in-not-slack';
const POSTBACK_ALERT_HOOK = '/services/TDEMO0000/BPOSTBACK/demo-stand-in-not-slack';
const ID = {
	fraudSlack: 'mmpExampleFraudSlack',
	fraudSlackNode: 'mmpExampleFraudSlackNode',
	bi: 'mmpExampleBiPostgres',
	network: 'mmpExampleNetworkPostbacks',
	longRetry: 'sendPostbackLongRetry01',
	apple: 'mmpExampleApplePostbacks',
};
const ATTRIBUTION_KINDS = new Set(['install', 'reinstall', 'reattribution', 'reengagement']);

/** Device ids that make the network stand-in misbehave in one scripted way each. */
const GAID = {
	encoded: 'e4c0de00-0000-4000-8000-000000000001',
	flaky: 'f1a4f1a4-0000-4000-8000-000000000003',
	refused: 'ba5eba11-0000-4000-8000-000000000400',
	later: '1a7e1a7e-0000-4000-8000-000000000061',
};
const networkRule: NetworkResponder = (request: NetworkRequest) => {
	if (request.query.includes(GAID.flaky)) return request.attempt <= 3 ? 503 : 200;
	if (request.query.includes(GAID.refused)) return { status: 400, body: 'unknown click' };
	if (request.query.includes(GAID.later) && request.attempt === 1) {
		return { status: 429, headers: { 'retry-after': '61' } };
	}
	return 200;
};

/** An Adjust install callback (GET) for one device, with a campaign name that needs encoding. */
const adjustInstall = (gaid: string, createdAt = 1404214665) =>
	`mmp=adjust&activity_kind=install&created_at=${createdAt}&adid=9f8e7d6c5b4a39281706f5e4d3c2b1a0` +
	`&gps_adid=${gaid}&tracker_name=Net%3A%3ASummer%20Sale%20%26%20More%20%2F%20%C3%9Cber%3A%3AAg%3A%3ABanner&country=de`;

/** Synchronous probe, so the Postgres tests can be skipped (or failed under CI) up front. */
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

const loadExamples = (standins: Standins) => loadExamplesInto(standins, SCHEMA);

type CorpusEntry = ReturnType<typeof loadCorpus>[number];
interface AttemptRecord {
	status?: number;
	waitMs?: number;
}

function parsed(entry: CorpusEntry): CanonicalEvent {
	const result = parseCallback({
		method: entry.method,
		url: `/webhook/mmp?${entry.query}`,
		headers: entry.headers,
		body: entry.body,
	});
	if (!result.ok) throw new Error(`${entry.file} does not parse: ${result.error.code}`);
	return result.event;
}

async function sendAll(url: string, entries: CorpusEntry[]): Promise<number[]> {
	const statuses: number[] = [];
	for (let i = 0; i < entries.length; i += 4) {
		statuses.push(...(await Promise.all(entries.slice(i, i + 4).map((e) => sendCallback(url, e)))));
	}
	return statuses;
}

describeWithN8n('Example workflows in real n8n, with the demo stand-ins', () => {
	let standins: Standins;
	let db: Client | undefined;
	const certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mmp-e2e-standins-'));
	// The MMP examples get MMP callbacks; Apple's signed postbacks have their own example, below.
	const corpus = loadCorpus().filter((entry) => !isAppleSource(entry.mmp));

	beforeAll(async () => {
		standins = await startStandins({
			certDir,
			slack: { rateLimitEvery: 4, retryAfterSeconds: 1 },
			network: { respond: networkRule },
		});
		if (!standins.network) throw new Error(standins.networkUnavailable);
		if (postgres.ok) {
			db = new Client(PG);
			await db.connect();
			await db.query(`CREATE SCHEMA ${SCHEMA}`);
			const ddl = fs.readFileSync(path.join(ROOT, 'examples/sql/mmp_events.sql'), 'utf8');
			await db.query(`SET search_path TO ${SCHEMA}; ${ddl}`);
		}
	});

	const n8n = useN8n({
		label: 'examples',
		env: () => standins.n8nEnv(),
		// Publishing needs the credentials the examples name to exist; only Postgres's is ever used.
		credentials: [
			{
				id: 'mmpExamplePostgres',
				name: 'BI Postgres',
				type: 'postgres',
				data: { ...PG, ssl: 'disable' },
			},
			{
				id: 'mmpExampleSlack',
				name: 'Slack account',
				type: 'slackApi',
				data: { accessToken: 'xoxb-e2e-placeholder-never-sent' },
			},
		],
		workflows: () => loadExamples(standins),
	});

	afterAll(async () => {
		await standins?.close();
		if (db) {
			await db.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
			await db.end();
		}
		fs.rmSync(certDir, { recursive: true, force: true });
	});

	/** The finished execution of a workflow whose trigger item has this advertising id. */
	async function executionFor(workflowId: string, gaid: string, statuses = ['success', 'error']) {
		const deadline = Date.now() + 90_000;
		for (;;) {
			for (const execution of await n8n.executions({ workflowId })) {
				if (!statuses.includes(execution.status) || !execution.data) continue;
				const item = nodeOutput(execution, 'MMP Trigger', 0)[0];
				if (item?.json.advertising_id === gaid) return execution;
			}
			if (Date.now() > deadline) {
				throw new Error(`no ${statuses.join('/')} execution of ${workflowId} for ${gaid}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 300));
		}
	}

	describe('Fraud alerts to Slack (fraud-alerts-to-slack.json)', () => {
		it('posts exactly the fraud callbacks to Slack, retrying 429s after Retry-After', async () => {
			const statuses = await sendAll(n8n.webhookUrl('mmp/fraud-alerts'), corpus);
			expect(statuses.every((s) => s === 200)).toBe(true);

			// The fixtures' own verdicts, independent of the trigger's code.
			const fraud = corpus
				.map((entry) => ({
					entry,
					expect: loadMmpFixture(entry.file).expect,
				}))
				.filter((f) => f.expect.event.fraud_flag === true);
			expect(new Set(fraud.map((f) => f.entry.mmp)).size).toBeGreaterThanOrEqual(5);

			// Fraud Only: non-fraud callbacks start nothing.
			const executions = await n8n.waitForExecutions(ID.fraudSlack, fraud.length, 90_000);
			expect(executions).toHaveLength(fraud.length);
			for (const execution of executions) expect(execution.status).toBe('success');

			const messages = standins.slack.messages.filter((m) => m.webhook === FRAUD_HOOK);
			const alerted = messages.map((m) => {
				const match = /^MMP fraud alert \((\w+)\): \w+ of .+, reason (.+)$/s.exec(
					m.payload.text ?? '',
				);
				// Slack shows &lt; &gt; &amp; as the characters they stand for (see the next test).
				const reason = match?.[2]
					.replace(/&lt;/g, '<')
					.replace(/&gt;/g, '>')
					.replace(/&amp;/g, '&');
				return match ? `${match[1]} | ${reason}` : `unexpected text: ${m.payload.text}`;
			});
			expect(alerted.sort()).toEqual(
				fraud.map((f) => `${f.expect.mmp} | ${f.expect.event.fraud_reason}`).sort(),
			);

			// One known alert in full: Slack's JSON message format with every field named.
			const adjust = messages.find((m) => m.payload.text?.includes('anonymous_traffic'));
			expect(adjust?.payload.blocks?.[0].text?.text).toBe(
				'*MMP fraud alert* (adjust)\n*App:* com.example.runner\n*Kind:* rejected_install' +
					'\n*Reason:* anonymous_traffic\n*Network:* Network1\n*Campaign:* Christmas Campaign' +
					'\n*Device:* 38400000-8cf0-11bd-b23e-10b96e40000d\n*IP:* 203.0.113.7' +
					'\n*Time:* 2014-07-08T06:13:20.000Z',
			);

			// The stand-in rate-limited some posts; each was retried no sooner than Retry-After said.
			const limited = standins.slack.requests.filter(
				(r) => r.status === 429 && r.webhook === FRAUD_HOOK,
			);
			expect(limited.length).toBeGreaterThan(0);
			const histories = executions.map(
				(e) => outputJson(e, 'Post to Slack', 0)[0].postback as { history: AttemptRecord[] },
			);
			const attempts = histories.flatMap((h) => h.history);
			const answered429 = attempts.filter((a) => a.status === 429);
			expect(answered429).toHaveLength(limited.length);
			for (const attempt of answered429) expect(attempt.waitMs).toBeGreaterThanOrEqual(1000);
			for (const { history } of histories) expect(history.at(-1)?.status).toBe(200);
		});

		it('shows a hostile callback value as typed: no @channel ping, no forged link', async () => {
			const gaid = '38400000-8cf0-11bd-b23e-10b96e4000ff';
			const query = new URLSearchParams({
				mmp: 'adjust',
				activity_kind: 'rejected_install',
				created_at: '1404800000',
				rejection_reason: '<!channel> <https://evil.example|claim payout>',
				gps_adid: gaid,
				tracker_name: 'Net & Co::<@U024BE7LH>::Adgroup::Creative',
			});
			const res = await fetch(`${n8n.webhookUrl('mmp/fraud-alerts')}?${query}`);
			expect(res.status).toBe(200);
			const posted = () =>
				standins.slack.messages.find((m) => m.payload.blocks?.[0].text?.text?.includes(gaid));
			for (const deadline = Date.now() + 60_000; !posted() && Date.now() < deadline; ) {
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
			const message = posted();
			expect(message).toBeDefined();
			const shown = `${message?.payload.text}\n${message?.payload.blocks?.[0].text?.text}`;
			expect(shown).not.toMatch(/<[!@#]|<https?:/);
			expect(shown).toContain('reason &lt;!channel&gt; &lt;https://evil.example|claim payout&gt;');
			expect(shown).toContain('*Network:* Net &amp; Co\n*Campaign:* &lt;@U024BE7LH&gt;');
		});

		it("the Slack-node variant imports and publishes with n8n's Slack node and its credential", async () => {
			const res = await n8n.ownerFetch('GET', `/rest/workflows/${ID.fraudSlackNode}`);
			expect(res.status).toBe(200);
			const workflow = ((await res.json()) as { data: WorkflowJson }).data;
			const slack = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.slack');
			expect(slack?.credentials).toEqual({
				slackApi: { id: 'mmpExampleSlack', name: 'Slack account' },
			});
			const status = await n8n.ownerFetch(
				'GET',
				`/rest/workflows/${ID.fraudSlackNode}/publication-status`,
			);
			expect(((await status.json()) as { data: { status: string } }).data.status).toBe('published');
		});
	});

	describe('Install postbacks to an ad network (install-postbacks-to-network.json)', () => {
		const url = () => n8n.webhookUrl('mmp/network-postbacks');
		const requestsFor = (gaid: string) =>
			standins.network!.requests.filter((r) => r.query.includes(gaid));

		it('sends each attribution as the rendered postback, every value encoded once', async () => {
			const statuses = await sendAll(url(), corpus);
			expect(statuses.every((s) => s === 200)).toBe(true);
			const attributions = corpus.map(parsed).filter((e) => ATTRIBUTION_KINDS.has(e.event_kind));
			const postbacks = attributions.filter(
				(e) => TRIGGER_OUTPUT_NAMES[routeEvent(e)] === 'Attribution',
			);
			expect(new Set(postbacks.map((e) => e.mmp)).size).toBe(6);
			// Start Executions For: attribution kinds only (fraud-flagged ones end on Fraud Alert).
			const executions = await n8n.waitForExecutions(ID.network, attributions.length, 90_000);
			expect(executions).toHaveLength(attributions.length);
			for (const execution of executions) expect(execution.status).toBe('success');
			const delivered = executions.flatMap((e) =>
				ranNodes(e).includes('Send to Network') ? outputJson(e, 'Send to Network', 0) : [],
			);
			expect(delivered).toHaveLength(postbacks.length);

			// Nothing else has reached the network stand-in yet, and it answered all of these 200.
			const received = standins.network!.requests.slice();
			expect(received).toHaveLength(postbacks.length);
			for (const request of received) {
				expect(request.method).toBe('GET');
				expect(request.path).toBe('/branch');
				// Only unreserved characters and %XX (upper case) in values: nothing left raw.
				for (const pair of request.query.split('&')) {
					expect(pair).toMatch(/^[a-z]+=(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})+$/);
				}
			}
			const aaids = received.map((r) => new URLSearchParams(r.query).get('aaid')).sort();
			expect(aaids).toEqual(postbacks.map((e) => e.advertising_id).sort());
			// The idempotency key is the event's dedup_key.
			expect(received.map((r) => r.headers['idempotency-key']).sort()).toEqual(
				postbacks.map((e) => e.dedup_key).sort(),
			);
		});

		it('renders a campaign name with &, / and non-ASCII letters byte for byte', async () => {
			const before = standins.network!.requests.length;
			const res = await fetch(`${url()}?${adjustInstall(GAID.encoded, 1700000000)}`);
			expect(res.status).toBe(200);
			await executionFor(ID.network, GAID.encoded);
			const [request] = standins.network!.requests.slice(before);
			expect(request.url).toBe(
				`/branch?aaid=${GAID.encoded}&campaign=Summer%20Sale%20%26%20More%20%2F%20%C3%9Cber` +
					'&attributed=1&ts=1700000000',
			);
		});

		// This and the last test of the block belong together: the Wait takes a minute, which the
		// tests in between use. (n8n holds waits under 65 s in memory, longer ones in its database.)
		it('hands a postback whose Retry-After is beyond a minute to the Wait loop', async () => {
			const res = await fetch(`${url()}?${adjustInstall(GAID.later)}`);
			expect(res.status).toBe(200);
			for (let i = 0; i < 100 && requestsFor(GAID.later).length === 0; i++) {
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
			await new Promise((resolve) => setTimeout(resolve, 2000));
			// One attempt, answered 429 + Retry-After: 61; no inline retry follows it.
			expect(requestsFor(GAID.later).map((r) => r.status)).toEqual([429]);
		});

		it('retries a network that fails 3 times and then answers 200, to success', async () => {
			const res = await fetch(`${url()}?${adjustInstall(GAID.flaky)}`);
			expect(res.status).toBe(200);
			const execution = await executionFor(ID.network, GAID.flaky);
			expect(execution.status).toBe('success');
			const [item] = outputJson(execution, 'Send to Network', 0);
			const postback = item.postback as { attempts: number; history: Array<{ status: number }> };
			expect(postback.attempts).toBe(4);
			expect(postback.history.map((h) => h.status)).toEqual([503, 503, 503, 200]);
			expect(requestsFor(GAID.flaky).map((r) => r.status)).toEqual([503, 503, 503, 200]);
			expect(new Set(requestsFor(GAID.flaky).map((r) => r.url)).size).toBe(1);
			expect(ranNodes(execution)).not.toContain('Alert Message');
		});

		it('alerts Slack once the network refuses a postback, without retrying it', async () => {
			const res = await fetch(`${url()}?${adjustInstall(GAID.refused)}`);
			expect(res.status).toBe(200);
			const execution = await executionFor(ID.network, GAID.refused);
			expect(ranNodes(execution)).toEqual([
				'MMP Trigger',
				'Network Postback',
				'Send to Network',
				'Retry Later?',
				'Alert Message',
				'Post Alert to Slack',
			]);
			expect(requestsFor(GAID.refused)).toHaveLength(1);
			const alerts = standins.slack.messages.filter(
				(m) =>
					m.webhook === POSTBACK_ALERT_HOOK &&
					m.payload.blocks?.[0].text?.text.includes(GAID.refused),
			);
			expect(alerts).toHaveLength(1);
			const section = alerts[0].payload.blocks?.[0].text?.text ?? '';
			expect(section).toContain('*Install postback given up* after 1 attempts');
			expect(section).toContain('*Error:* http_status 400');
			expect(section).toContain(`*Device:* ${GAID.refused}`);
		});

		it('… and the Wait loop sends the parked postback at retryAt, delivered', async () => {
			const execution = await executionFor(ID.network, GAID.later, ['success', 'error']);
			expect(execution.status).toBe('success');
			expect(ranNodes(execution)).toContain('Wait Until retryAt');
			const runs = execution.data!.resultData.runData['Send to Network'];
			expect(runs).toHaveLength(2);
			const [failed] = runs[0].data!.main[1]!;
			expect(failed.json.postback).toMatchObject({ status: 429, attempts: 1, retryable: true });
			const [item] = runs[1].data!.main[0]!;
			expect(item.json.postback).toMatchObject({ status: 200, attempts: 2 });
			// The second attempt went out no sooner than the network's Retry-After said.
			const retryAt = Date.parse((failed.json.postback as { retryAt: string }).retryAt);
			const requests = requestsFor(GAID.later);
			expect(requests.map((r) => r.status)).toEqual([429, 200]);
			expect(retryAt - Date.parse(requests[0].at)).toBeGreaterThanOrEqual(60_000);
			expect(Date.parse(requests[1].at)).toBeGreaterThanOrEqual(retryAt);
		}, 150_000);
	});

	describe('Send Postback long-retry example (send-postback-long-retry.json)', () => {
		it('delivers, or gives up on a refusal without waiting', async () => {
			const ok = 'c0ffee00-0000-4000-8000-000000000200';
			for (const gaid of [ok, GAID.refused]) {
				const res = await fetch(`${n8n.webhookUrl('mmp-long-retry')}?${adjustInstall(gaid)}`);
				expect(res.status).toBe(200);
			}
			const delivered = await executionFor(ID.longRetry, ok);
			expect(ranNodes(delivered)).toContain('Delivered');
			const refused = await executionFor(ID.longRetry, GAID.refused);
			expect(ranNodes(refused)).toContain('Gave Up');
			expect(ranNodes(refused)).not.toContain('Wait Until retryAt');
		});
	});

	describeRequiring(
		'Events to a BI table (events-to-postgres.json)',
		{ ...postgres, what: 'PostgreSQL on 127.0.0.1:5432 (database test)' },
		() => {
			/** Adjust GET callbacks with exact expectations: three to store, one rejected install. */
			const base =
				'mmp=adjust&adid=9f8e7d6c5b4a39281706f5e4d3c2b1a0&gps_adid=38400000-8cf0-11bd-b23e-10b96e40000e';
			const ADJUST = {
				install: `${base}&activity_kind=install&created_at=1404214665&tracker_name=Net%3A%3ASummer%20Sale%20%26%20More%3A%3AAg%3A%3ABanner&country=de`,
				purchase: `${base}&activity_kind=event&event_name=purchase&created_at=1404215000&revenue_float=4.99&currency=EUR`,
				rejected: `${base}&activity_kind=rejected_install&rejection_reason=click_injection&created_at=1404217000`,
			};
			const get = (query: string): CorpusEntry => ({
				file: 'inline',
				mmp: 'adjust',
				method: 'GET',
				query,
				headers: {},
				body: undefined,
			});

			it('stores one row per distinct callback across MMP re-sends, and no fraud', async () => {
				const once = [...corpus, get(ADJUST.install), get(ADJUST.purchase), get(ADJUST.rejected)];
				// The MMPs' retries: every third callback again, byte for byte, and the Adjust ones twice.
				const again = [
					...once.filter((_, i) => i % 3 === 0),
					get(ADJUST.install),
					get(ADJUST.purchase),
				];
				const statuses = await sendAll(n8n.webhookUrl('mmp/bi'), [...once, ...again]);
				expect(statuses.every((s) => s === 200)).toBe(true);

				const sent = once.length + again.length;
				const executions: N8nExecution[] = await n8n.waitForExecutions(ID.bi, sent, 90_000);
				expect(executions).toHaveLength(sent);
				for (const execution of executions) expect(execution.status).toBe('success');

				const stored = once.map(parsed).filter((e) => !e.fraud_flag);
				const expectedKeys = [...new Set(stored.map((e) => e.dedup_key))].sort();
				const { rows } = await db!.query(
					`SELECT dedup_key, fraud_flag FROM ${SCHEMA}.mmp_events ORDER BY dedup_key`,
				);
				expect(rows.map((r) => r.dedup_key)).toEqual(expectedKeys);
				expect(rows.every((r) => r.fraud_flag === false)).toBe(true);
				expect(new Set(stored.map((e) => e.mmp)).size).toBe(6);

				const adjust = await db!.query(
					`SELECT event_kind, event_name, campaign_name, media_source, country, revenue, currency,
					        event_time, raw ->> 'activity_kind' AS raw_kind
					   FROM ${SCHEMA}.mmp_events WHERE advertising_id = '38400000-8cf0-11bd-b23e-10b96e40000e'
					  ORDER BY event_time`,
				);
				expect(adjust.rows.map((r) => r.event_kind)).toEqual(['install', 'in_app_event']);
				expect(adjust.rows[0]).toMatchObject({
					campaign_name: 'Summer Sale & More',
					media_source: 'Net',
					country: 'DE',
					raw_kind: 'install',
				});
				expect(adjust.rows[0].event_time.toISOString()).toBe('2014-07-01T11:37:45.000Z');
				expect(adjust.rows[1]).toMatchObject({
					event_name: 'purchase',
					revenue: '4.990000',
					currency: 'EUR',
				});
			});
		},
	);
	describeRequiring(
		'Apple postbacks: verified to BI, forged to Slack (apple-postbacks.json)',
		{ ...postgres, what: 'PostgreSQL on 127.0.0.1:5432 (database test)' },
		() => {
			it('stores each verified Apple example once and posts each forged one to Slack', async () => {
				const apple = loadCorpus().filter((entry) => isAppleSource(entry.mmp));
				const fixtureOf = (entry: CorpusEntry) => loadMmpFixture(entry.file).expect;
				const verified = apple.filter((e) => fixtureOf(e).event.signature_verified === true);
				const forged = apple.filter((e) => fixtureOf(e).event.fraud_flag === true);
				expect(verified.length).toBeGreaterThanOrEqual(5);
				expect(forged.length).toBeGreaterThanOrEqual(3);
				const slackBefore = standins.slack.messages.length;
				// Devices retry until they get a 200: every verified postback is sent twice.
				const statuses = await sendAll(n8n.webhookUrl('apple/report-attribution'), [
					...apple,
					...verified,
				]);
				expect(statuses.every((s) => s === 200)).toBe(true);
				const sent = apple.length + verified.length;
				const executions = await n8n.waitForExecutions(ID.apple, sent, 90_000);
				for (const execution of executions) expect(execution.status).toBe('success');

				const keys = [...new Set(verified.map(parsed).map((e) => e.dedup_key))].sort();
				const { rows } = await db!.query(
					`SELECT dedup_key, signature_verified, fraud_flag, skan_version FROM ${SCHEMA}.mmp_events
					  WHERE mmp IN ('skadnetwork', 'adattributionkit') ORDER BY dedup_key`,
				);
				expect(rows.map((r) => r.dedup_key)).toEqual(keys);
				expect(rows.every((r) => r.signature_verified === true && r.fraud_flag === false)).toBe(
					true,
				);

				const deadline = Date.now() + 30_000;
				const alerts = () =>
					standins.slack.messages
						.slice(slackBefore)
						.filter((m) => m.webhook === FRAUD_HOOK)
						.map((m) => m.payload.text ?? '');
				while (alerts().length < forged.length && Date.now() < deadline) {
					await new Promise((resolve) => setTimeout(resolve, 200));
				}
				const reasons = alerts().map((text) => /, reason (.+)$/s.exec(text)?.[1]);
				expect(reasons.sort()).toEqual(
					forged.map((e) => String(fixtureOf(e).event.fraud_reason)).sort(),
				);
			});
		},
	);
});
