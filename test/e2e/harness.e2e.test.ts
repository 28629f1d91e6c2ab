// Self-test of the real-n8n harness with n8n's own Webhook and NoOp nodes, so a failing MMP e2e test
// can be told apart from a harness defect; plus proof that n8n loaded this package from the packed
// tarball, the way the Community Nodes UI installs it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeOutput, outputJson, ranNodes } from '../support/executionData';
import { loadE2eWorkflow } from '../support/fixtures';
import { describeWithN8n, useN8n } from '../support/useN8n';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};

/** `dist/nodes/MmpTrigger/MmpTrigger.node.js` → `mmpTrigger` (docs/design.md's internal names). */
function internalName(file: string): string {
	const base = path.basename(file).replace(/\.(node|credentials)\.js$/, '');
	return base[0].toLowerCase() + base.slice(1);
}

// A real server on a shared machine: executions can take seconds to persist under load.
jest.setTimeout(90_000);

describeWithN8n('real n8n harness', () => {
	const workflow = loadE2eWorkflow('builtin-webhook-noop.json');
	const n8n = useN8n({ label: 'harness', workflows: [workflow] });

	it('runs a published built-in Webhook → NoOp workflow and stores the execution with data', async () => {
		const res = await fetch(n8n.webhookUrl('e2e-builtin-webhook?source=harness'), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ probe: 'harness', n: 1 }),
		});
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ message: 'Workflow was started' });

		const [execution, ...more] = await n8n.waitForExecutions(workflow.id, 1);
		expect(more).toHaveLength(0);
		expect(execution).toMatchObject({
			workflowId: workflow.id,
			mode: 'webhook',
			status: 'success',
		});
		expect(ranNodes(execution)).toEqual(['Webhook', 'NoOp']);
		const [item] = outputJson(execution, 'NoOp');
		expect(item).toMatchObject({ body: { probe: 'harness', n: 1 }, query: { source: 'harness' } });
		expect(nodeOutput(execution, 'Webhook')).toHaveLength(1);
	});

	it('stores no execution for a request n8n rejects before the workflow starts', async () => {
		const before = await n8n.executions({ workflowId: workflow.id });
		const res = await fetch(n8n.webhookUrl('e2e-builtin-webhook'), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"broken":',
		});
		expect(res.status).toBe(422);
		expect(await n8n.executions({ workflowId: workflow.id })).toHaveLength(before.length);
	});

	it('loaded every node and credential of this package from the installed tarball', async () => {
		const nodesRes = await n8n.ownerFetch('GET', '/types/nodes.json');
		expect(nodesRes.status).toBe(200);
		const nodeTypes = ((await nodesRes.json()) as Array<{ name: string }>).map((t) => t.name);
		for (const file of pkg.n8n.nodes) {
			expect(nodeTypes).toContain(`${pkg.name}.${internalName(file)}`);
		}

		const credsRes = await n8n.ownerFetch('GET', '/types/credentials.json');
		expect(credsRes.status).toBe(200);
		const credentialTypes = ((await credsRes.json()) as Array<{ name: string }>).map((t) => t.name);
		for (const file of pkg.n8n.credentials) {
			expect(credentialTypes).toContain(internalName(file));
		}
	});
});
