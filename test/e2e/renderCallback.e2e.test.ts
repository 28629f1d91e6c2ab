// Render Callback in a real n8n 2.41.1 (packed tarball): MMP Trigger → Render Callback (Keitaro
// conversion preset) → NoOp, the workflow the Render Callback helper verified in-process
// (test/e2e/workflows/render-callback.json). Proves the node loads, takes the trigger's items and
// renders the postback URL with each value encoded once.
import { outputJson, ranNodes } from '../support/executionData';
import { loadE2eWorkflow } from '../support/fixtures';
import { describeWithN8n, useN8n } from '../support/useN8n';

// A real server on a shared machine: executions can take seconds to persist under load.
jest.setTimeout(90_000);

describeWithN8n('Render Callback in real n8n', () => {
	const workflow = loadE2eWorkflow('render-callback.json');
	const n8n = useN8n({ label: 'render-callback', workflows: [workflow] });

	it('renders an Adjust purchase callback into the Keitaro conversion postback', async () => {
		const query =
			'mmp=adjust&activity_kind=event&event_name=purchase&adid=a1&click_id=clk%201' +
			'&revenue_float=4.5&currency=EUR&created_at=1404214665';
		const res = await fetch(`${n8n.webhookUrl('e2e-render')}?${query}`);
		expect(res.status).toBe(200);

		const [execution] = await n8n.waitForExecutions(workflow.id, 1);
		expect(execution.status).toBe('success');
		expect(ranNodes(execution)).toEqual(['MMP Trigger', 'Render Callback', 'Rendered']);
		const [item] = outputJson(execution, 'Rendered');
		const callback = item.callback as Record<string, unknown>;
		// `clk 1` arrives percent-encoded once, is decoded once by the trigger and encoded once here.
		expect(callback.url).toMatch(
			/^https:\/\/trk\.example\.com\/e2ekey1\/postback\?subid=clk%201&status=sale&payout=4\.5&currency=EUR&tid=[^&]+$/,
		);
		expect(callback).toMatchObject({ method: 'GET' });
		expect(item).toMatchObject({ mmp: 'adjust', event_name: 'purchase', click_id: 'clk 1' });
	});

	it('renders nothing for a fraud callback: the Fraud Alert output is not connected', async () => {
		const before = (await n8n.executions({ workflowId: workflow.id })).length;
		const query =
			'mmp=adjust&activity_kind=rejected_install&rejection_reason=engagement_injection' +
			'&adid=a2&click_id=clk2&created_at=1404214665';
		const res = await fetch(`${n8n.webhookUrl('e2e-render')}?${query}`);
		expect(res.status).toBe(200);

		const executions = await n8n.waitForExecutions(workflow.id, before + 1);
		expect(executions).toHaveLength(before + 1);
		const execution = executions[executions.length - 1];
		expect(ranNodes(execution)).toEqual(['MMP Trigger']);
		expect(outputJson(execution, 'MMP Trigger', 2)).toEqual([
			expect.objectContaining({ event_kind: 'rejected_install', fraud_flag: true }),
		]);
	});
});
