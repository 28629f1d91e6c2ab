// The Slack-node variant of "Fraud alerts to Slack" talks to slack.com, which no test can reach, so
// the e2e suite only imports and publishes it. Here its two expressions (the fallback `text` and the
// Block Kit `blocksUi`) are evaluated by n8n-workflow against real fraud events, hostile ones too.
import fs from 'node:fs';
import path from 'node:path';
import { Workflow, type INode, type INodeExecutionData } from 'n8n-workflow';
import { parseCallback } from '../../lib';
import { loadMmpFixture } from '../support/fixtures';
import { MapNodeTypes } from '../support/inProcess';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NoOp } = require('n8n-nodes-base/dist/nodes/NoOp/NoOp.node.js');

const EXAMPLE = path.join(__dirname, '../../examples/workflows/fraud-alerts-to-slack-node.json');

const example = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8')) as { nodes: INode[] };
const slackNode = example.nodes.find((n) => n.type === 'n8n-nodes-base.slack')!;
// Read before any Workflow is built: it replaces a node's parameters with its type's defaults.
const expressions = {
	text: slackNode.parameters.text as string,
	blocksUi: slackNode.parameters.blocksUi as string,
};

function evaluate(parameter: 'text' | 'blocksUi', json: Record<string, unknown>): string {
	const workflow = new Workflow({
		id: 'example',
		nodes: [{ ...slackNode, parameters: {} }],
		connections: {},
		active: false,
		// Expressions do not depend on the node type; Slack's own module pulls ESM-only packages that
		// jest cannot load, so NoOp stands in for it here (the e2e suite runs the real one in n8n).
		nodeTypes: new MapNodeTypes({ 'n8n-nodes-base.slack': new NoOp() }),
		settings: { executionOrder: 'v1' },
	});
	const input: INodeExecutionData[] = [{ json: json as INodeExecutionData['json'] }];
	return workflow.expression.getParameterValue(
		expressions[parameter],
		null,
		0,
		0,
		slackNode.name,
		input,
		'manual',
		{},
	) as string;
}

// Adjust's rejected install (anonymous traffic), with a campaign name that needs no escaping in
// plain_text but does in mrkdwn.
const fixture = loadMmpFixture('adjust/rejected-install-anonymous-traffic-get.json');
const fraud = parseCallback({
	...fixture.request,
	url: fixture.request.url.replace('Christmas%20Campaign', 'Spring%20%26%20Sale'),
});

describe('example: fraud alerts with n8n’s Slack node', () => {
	it('parses the sample callback as a fraud alert', () => {
		expect(fraud.ok).toBe(true);
		if (!fraud.ok) return;
		expect(fraud.event.fraud_flag).toBe(true);
	});

	it('renders the fallback text and a valid Block Kit message naming every field', () => {
		if (!fraud.ok) throw new Error('fixture did not parse');
		const event = fraud.event as unknown as Record<string, unknown>;
		expect(evaluate('text', event)).toBe(
			`MMP fraud alert (adjust): ${String(event.event_kind)}, reason anonymous_traffic`,
		);
		const { blocks } = JSON.parse(evaluate('blocksUi', event)) as {
			blocks: Array<{
				type: string;
				text?: { type: string; text: string };
				fields?: Array<{ type: string; text: string }>;
			}>;
		};
		expect(blocks[0]).toEqual({
			type: 'header',
			text: { type: 'plain_text', text: 'MMP fraud alert: anonymous_traffic' },
		});
		// plain_text fields: Slack shows them as typed, so no markup in a value can take effect.
		expect(blocks[1].fields!.every((f) => f.type === 'plain_text')).toBe(true);
		expect(blocks[1].fields!.map((f) => f.text)).toEqual([
			'MMP: adjust',
			'App: com.example.runner',
			`Kind: ${String(event.event_kind)}`,
			'Network: Network1',
			'Campaign: Spring & Sale',
			'Device: 38400000-8cf0-11bd-b23e-10b96e40000d',
			`Time: ${String(event.event_time)}`,
		]);
	});

	it('escapes a hostile reason in the mrkdwn fallback text and keeps missing fields readable', () => {
		const hostile = {
			mmp: 'kochava',
			event_kind: 'rejected_install',
			fraud_reason: '<!channel> & <https://evil.example|win>',
		};
		expect(evaluate('text', hostile)).toBe(
			'MMP fraud alert (kochava): rejected_install, reason &lt;!channel&gt; &amp; &lt;https://evil.example|win&gt;',
		);
		const { blocks } = JSON.parse(evaluate('blocksUi', hostile)) as {
			blocks: Array<{ fields?: Array<{ text: string }> }>;
		};
		expect(blocks[1].fields!.map((f) => f.text)).toContain('App: -');
		expect(evaluate('text', { mmp: 'tenjin', event_kind: 'rejected_install' })).toBe(
			'MMP fraud alert (tenjin): rejected_install, reason unspecified',
		);
	});
});
