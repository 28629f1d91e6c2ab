// Every partner-guide template (test/fixtures/mmp-guides/<mmp>.json, read at load time so a guide
// added there is covered here too), filled with its sample values, sent as a real GET to MMP Trigger
// (current typeVersion) in a real n8n 2.41.1: it leaves on the output its expected event means and
// carries that event; and the item equals what parseCallback makes of the same request in process
// (test/unit/mmp/guides.test.ts checks the templates there), so n8n changes nothing on the way.
import { routeEvent, TRIGGER_OUTPUT_NAMES } from '../../lib/inbound/routeEvent';
import { parseCallback, type ParseCallbackOptions } from '../../lib/mmp';
import { ATTRIBUTION_EVENT_KINDS } from '../../lib/mmp/canonical';
import { DEFAULT_TRIGGER_VERSION } from '../../nodes/MmpTrigger/triggerDescription';
import { outputJson, ranNodes } from '../support/executionData';
import {
	expectedEventShape,
	guideFileMmps,
	loadE2eWorkflow,
	loadGuideFile,
} from '../support/fixtures';
import { describeWithN8n, useN8n, type N8nExecution, type WorkflowJson } from '../support/useN8n';

jest.setTimeout(90_000);

interface Template {
	/** `<mmp>: <guide title>: <template name>`, unique. */
	label: string;
	/** Path and query, as in the fixture (`/postback?…`). */
	request: string;
	options: Record<string, unknown>;
	expect: { mmp: string; event: Record<string, unknown> };
}

function loadTemplates(): Template[] {
	return guideFileMmps().flatMap((guideMmp) => {
		const { mmp, guides } = loadGuideFile(guideMmp);
		return guides.flatMap((guide) =>
			guide.templates.map((t, i) => ({
				label: `${mmp}: ${guide.guide}: #${i + 1} ${t.name}`,
				request: t.request,
				options: (t.options ?? {}) as Record<string, unknown>,
				expect: t.expect,
			})),
		);
	});
}

/** The template's ParseCallbackOptions as MMP Trigger parameters; an unmapped option fails loudly. */
function nodeParameters(options: Record<string, unknown>): Record<string, unknown> {
	const parameters: Record<string, unknown> = {};
	for (const [option, value] of Object.entries(options)) {
		if (option === 'mmp' || option === 'strict') parameters[option] = value;
		else if (option === 'fieldMap') {
			parameters.fieldMapping = {
				mappings: Object.entries(value as Record<string, string>).map(([incoming, field]) => ({
					incoming,
					field,
				})),
			};
		} else throw new Error(`guide option "${option}" has no MMP Trigger parameter here yet`);
	}
	return parameters;
}

/** routeEvent's rule (lib/inbound/routeEvent.ts), read off the guide's expected event. */
function expectedOutput(event: Record<string, unknown>): (typeof TRIGGER_OUTPUT_NAMES)[number] {
	const kind = String(event.event_kind);
	if (event.fraud_flag === true || kind.startsWith('rejected_')) return 'Fraud Alert';
	return ATTRIBUTION_EVENT_KINDS.has(kind as never) ? 'Attribution' : 'In-App Event';
}

const templates = loadTemplates();

/** `?…` of the template's request, or '' when it has no query. */
const queryOf = (t: Template) =>
	t.request.includes('?') ? t.request.slice(t.request.indexOf('?')) : '';

/**
 * One workflow per (option set, request path): a webhook path is unique per instance, and the
 * request's own path is kept under `guides/o<n>` (which names no MMP) for path-based detection.
 */
function plan(): {
	workflows: WorkflowJson[];
	routes: Map<Template, { wf: string; path: string }>;
} {
	const optionSets = [...new Set(templates.map((t) => JSON.stringify(t.options)))];
	const byKey = new Map<string, WorkflowJson>();
	const routes = new Map<Template, { wf: string; path: string }>();
	for (const t of templates) {
		const set = optionSets.indexOf(JSON.stringify(t.options));
		const requestPath = t.request.split('?')[0].replace(/\/+$/, '');
		const webhookPath = `guides/o${set}${requestPath}`;
		let wf = byKey.get(webhookPath);
		if (!wf) {
			const n = String(byKey.size).padStart(3, '0');
			wf = JSON.parse(JSON.stringify(loadE2eWorkflow('mmp-trigger-routing.json'))) as WorkflowJson;
			wf.id = `e2eMmpGuides${n}`;
			wf.name = `e2e: partner guides on /webhook/${webhookPath}`;
			const trigger = wf.nodes.find((node) => node.name === 'MMP Trigger')!;
			trigger.typeVersion = DEFAULT_TRIGGER_VERSION;
			trigger.webhookId = `7b2e0c40-0000-4000-8000-000000000${n}`;
			trigger.parameters = { path: webhookPath, includeRaw: true, ...nodeParameters(t.options) };
			byKey.set(webhookPath, wf);
		}
		routes.set(t, { wf: wf.id, path: webhookPath });
	}
	return { workflows: [...byKey.values()], routes };
}

describeWithN8n('partner-guide templates in real n8n', () => {
	const { workflows, routes } = plan();
	const answers = new Map<Template, { status: number; body: string }>();
	const executionOf = new Map<Template, N8nExecution>();
	const n8n = useN8n({ label: 'partner-guides', workflows });

	beforeAll(async () => {
		// In parallel across workflows, in order within one: n8n stores an execution before it
		// answers, so a workflow's executions follow the order of its requests.
		const perWorkflow = new Map<string, Template[]>();
		for (const t of templates) {
			const { wf } = routes.get(t)!;
			perWorkflow.set(wf, [...(perWorkflow.get(wf) ?? []), t]);
		}
		await Promise.all(
			[...perWorkflow.values()].map(async (sent) => {
				for (const t of sent) {
					const res = await fetch(`${n8n.webhookUrl(routes.get(t)!.path)}${queryOf(t)}`);
					answers.set(t, { status: res.status, body: await res.text() });
				}
			}),
		);
		for (const [wf, sent] of perWorkflow) {
			const executions = await n8n.waitForExecutions(wf, sent.length, 60_000);
			executions.forEach((execution, i) => executionOf.set(sent[i], execution));
		}
	}, 240_000);

	it.each(templates.map((t) => [t.label, t] as const))('%s', (_label, t) => {
		const answer = answers.get(t)!;
		expect({ status: answer.status, body: answer.body }).toMatchObject({ status: 200 });
		expect(JSON.parse(answer.body)).toMatchObject({ status: 'ok' });
		const execution = executionOf.get(t)!;
		expect(execution.status).toBe('success');
		const output = expectedOutput(t.expect.event);
		expect(ranNodes(execution)).toEqual(['MMP Trigger', output]);
		const items = outputJson(execution, 'MMP Trigger', TRIGGER_OUTPUT_NAMES.indexOf(output));
		expect(items).toHaveLength(1);
		const { present, absent } = expectedEventShape(t.expect.event);
		expect(items[0]).toMatchObject({ mmp: t.expect.mmp, ...present });
		for (const field of absent) expect(items[0]).not.toHaveProperty(field);
		// The same request in process (parseCallback, same path and options): same output, same item.
		const local = parseCallback(
			{ method: 'GET', url: `/webhook/${routes.get(t)!.path}${queryOf(t)}`, headers: {} },
			t.options as ParseCallbackOptions,
		);
		if (!local.ok) throw new Error(`${t.label}: in process ${local.status} ${local.error.message}`);
		expect(TRIGGER_OUTPUT_NAMES[routeEvent(local.event)]).toBe(output);
		expect(items[0]).toEqual(JSON.parse(JSON.stringify({ ...local.event, raw: local.raw })));
	});

	it('covers every guide file, and both fraud and non-fraud templates', () => {
		const files = guideFileMmps();
		expect(new Set(templates.map((t) => t.label.split(':')[0])).size).toBe(files.length);
		const outputs = new Set(templates.map((t) => expectedOutput(t.expect.event)));
		expect([...outputs].sort()).toEqual([...TRIGGER_OUTPUT_NAMES].sort());
	});
});
