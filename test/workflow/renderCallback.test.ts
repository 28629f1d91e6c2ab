// Render Callback in real n8n-core workflow runs (WorkflowExecute), fed by MMP Trigger's webhook
// output or by hand-made canonical items.
import type {
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
} from 'n8n-workflow';

import { MmpTrigger } from '../../nodes/MmpTrigger/MmpTrigger.node';
import { RenderCallback } from '../../nodes/RenderCallback/RenderCallback.node';
import { callWebhook, runWorkflow, type RequestSpec } from '../support/inProcess';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NoOp } = require('n8n-nodes-base/dist/nodes/NoOp/NoOp.node.js');

const trigger = new MmpTrigger();
const render = new RenderCallback();
const noOp: INodeType = new NoOp();
const nodeTypes = {
	'n8n-nodes-mmp-postback.mmpTrigger': trigger,
	'n8n-nodes-mmp-postback.renderCallback': render,
	'n8n-nodes-base.noOp': noOp,
};

/** A canonical event as MMP Trigger emits it. */
const event = (extra: IDataObject = {}): IDataObject => ({
	mmp: 'adjust',
	event_kind: 'install',
	event_time: '2024-01-02T15:04:05.000Z',
	advertising_id: 'gaid-1',
	ip: '203.0.113.9',
	country: 'DE',
	campaign_name: 'Spring & Sale',
	click_id: 'clk 1',
	fraud_flag: false,
	dedup_key: 'k1',
	...extra,
});

/** Start → Render Callback → Done, with items handed to Start. */
async function renderItems(
	parameters: INodeParameters,
	items: INodeExecutionData[],
	node: Partial<INode> = {},
) {
	const connections: IConnections = {
		Start: { main: [[{ node: 'Render Callback', type: 'main', index: 0 }]] },
		'Render Callback': { main: [[{ node: 'Done', type: 'main', index: 0 }]] },
	};
	const result = await runWorkflow({
		nodes: [
			{ name: 'Start', type: 'n8n-nodes-base.noOp', parameters: {} },
			{
				name: 'Render Callback',
				type: 'n8n-nodes-mmp-postback.renderCallback',
				parameters,
				...node,
			},
			{ name: 'Done', type: 'n8n-nodes-base.noOp', parameters: {} },
		],
		connections,
		nodeTypes,
		startNode: 'Start',
		startData: [items],
	});
	const renderRun = result.run.data.resultData.runData['Render Callback']?.[0];
	return { ...result, rendered: result.output('Render Callback'), nodeError: renderRun?.error };
}

const custom = (url: string, extra: INodeParameters = {}): INodeParameters => ({
	preset: 'custom',
	dialect: 'mustache',
	url,
	...extra,
});

describe('Render Callback: output', () => {
	it('nests { url, method, headers, missing, template } under callback, keeps the item, pairs items', async () => {
		const { rendered } = await renderItems(
			custom('https://pb.example.com/install?click={{click_id}}&c={{campaign_name}}&idfa={{idfa}}'),
			[{ json: event() }, { json: event({ click_id: 'second' }) }],
		);
		expect(rendered).toHaveLength(2);
		expect(rendered[0].json).toMatchObject({
			...event(),
			callback: {
				url: 'https://pb.example.com/install?click=clk%201&c=Spring%20%26%20Sale&idfa=',
				method: 'GET',
				headers: {},
				missing: ['idfa'],
				unknown: ['idfa'],
				template: { id: 'custom', dialect: 'mustache' },
			},
		});
		expect(rendered[0].json.callback).not.toHaveProperty('body');
		expect(rendered[1].json.callback).toMatchObject({
			url: expect.stringContaining('click=second'),
		});
		expect(rendered.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('merges at the top level or nests under a chosen field', async () => {
		const merged = await renderItems(
			custom('https://pb.example.com/?c={{click_id}}', { options: { outputMode: 'merged' } }),
			[{ json: event() }],
		);
		expect(merged.rendered[0].json).toMatchObject({
			url: 'https://pb.example.com/?c=clk%201',
			method: 'GET',
			mmp: 'adjust',
		});
		const nested = await renderItems(
			custom('https://pb.example.com/?c={{click_id}}', {
				options: { outputField: 'postbackRequest' },
			}),
			[{ json: event() }],
		);
		expect(nested.rendered[0].json.postbackRequest).toMatchObject({
			url: 'https://pb.example.com/?c=clk%201',
		});
	});

	it('renders a JSON body, templated headers and sets the content type', async () => {
		const { rendered } = await renderItems(
			custom('https://pb.example.com/events', {
				method: 'POST',
				contentType: 'json',
				body: '{"id":"{{dedup_key}}","campaign":"{{campaign_name}}","revenue":{{revenue|json}}}',
				headers: { header: [{ name: 'X-Event', value: '{{event_kind}}/{{mmp}}' }] },
			}),
			[{ json: event({ campaign_name: 'say "hi"' }) }],
		);
		const callback = rendered[0].json.callback as IDataObject;
		expect(callback.method).toBe('POST');
		expect(callback.headers).toEqual({
			'X-Event': 'install/adjust',
			'content-type': 'application/json',
		});
		expect(JSON.parse(callback.body as string)).toEqual({
			id: 'k1',
			campaign: 'say "hi"',
			revenue: null,
		});
		expect(callback.missing).toEqual(['revenue']);
	});

	it('renders a form body with the drop policy', async () => {
		const { rendered } = await renderItems(
			custom('https://pb.example.com/form', {
				method: 'POST',
				contentType: 'form',
				body: 'click={{click_id}}&idfa={{idfa}}&country={{country}}',
				options: { missing: 'drop' },
			}),
			[{ json: event() }],
		);
		expect(rendered[0].json.callback).toMatchObject({
			body: 'click=clk+1&country=DE',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
		});
	});
});

describe('Render Callback: templates and values', () => {
	it('uses a preset with its settings as constants (Keitaro)', async () => {
		const { rendered } = await renderItems(
			{
				preset: 'keitaroConversion',
				keitaroConversion_tracker_domain: 'trk.example.com',
				keitaroConversion_postback_key: 'abc1234',
			},
			[{ json: event({ revenue: 9.99, currency: 'EUR' }) }],
		);
		expect(rendered[0].json.callback).toMatchObject({
			url: 'https://trk.example.com/abc1234/postback?subid=clk%201&status=sale&payout=9.99&currency=EUR&tid=k1',
			template: { id: 'keitaroConversion', dialect: 'mustache' },
		});
	});

	it('a preset setting is required: n8n refuses to run the node without it', async () => {
		await expect(renderItems({ preset: 'keitaroConversion' }, [{ json: event() }])).rejects.toThrow(
			/'Render Callback' node has issues/,
		);
	});

	it('a preset setting that resolves to blank fails with its name', async () => {
		const { nodeError } = await renderItems(
			{
				preset: 'keitaroConversion',
				keitaroConversion_tracker_domain: '={{ "" }}',
				keitaroConversion_postback_key: 'k',
			},
			[{ json: event() }],
		);
		expect(nodeError?.message).toMatch(/Keitaro Tracker Domain is empty/);
	});

	it('vendor dialects render from the canonical event through their aliases (Adjust)', async () => {
		const { rendered } = await renderItems(
			{
				preset: 'custom',
				dialect: 'adjust',
				url: 'https://net.example/cb?gaid={gps_adid}&ts={created_at}&k={activity_kind}&idfa={idfa}',
				options: { missing: 'drop' },
			},
			[{ json: event() }],
		);
		expect((rendered[0].json.callback as IDataObject).url).toBe(
			'https://net.example/cb?gaid=gaid-1&ts=1704207845&k=install',
		);
	});

	it('takes values from the raw payload', async () => {
		const { rendered } = await renderItems(
			{ ...custom('https://pb.example.com/?a={{adid}}&t={{tracker_name}}'), valueSource: 'raw' },
			[{ json: event({ raw: { adid: 'abc', tracker_name: 'Net::Camp' } }) }],
		);
		expect((rendered[0].json.callback as IDataObject).url).toBe(
			'https://pb.example.com/?a=abc&t=Net%3A%3ACamp',
		);
	});

	it('takes mapped values field by field (expressions per item), falling back to the item', async () => {
		const { rendered } = await renderItems(
			{
				...custom('https://pb.example.com/?sub={{sub_id}}&c={{country}}&o={{awin.order_ref}}'),
				valueSource: 'mapped',
				mappedValues: {
					value: [
						{ name: 'sub_id', value: '={{ $json.click_id.toUpperCase() }}' },
						{ name: 'awin.order_ref', value: 'ORD-1' },
					],
				},
			},
			[{ json: event() }, { json: event({ click_id: 'x' }) }],
		);
		expect(rendered.map((i) => (i.json.callback as IDataObject).url)).toEqual([
			'https://pb.example.com/?sub=CLK%201&c=DE&o=ORD-1',
			'https://pb.example.com/?sub=X&c=DE&o=ORD-1',
		]);
	});

	it('takes mapped values as JSON, without falling back when told not to', async () => {
		const { rendered } = await renderItems(
			{
				...custom('https://pb.example.com/?sub={{sub_id}}&c={{country}}'),
				valueSource: 'mapped',
				mappingMode: 'json',
				mappedJson: '{"sub_id": "s 1"}',
				fallbackToItem: false,
			},
			[{ json: event() }],
		);
		expect(rendered[0].json.callback).toMatchObject({
			url: 'https://pb.example.com/?sub=s%201&c=',
			missing: ['country'],
		});
	});

	it('a URL template given as an n8n expression is compiled once per distinct text', async () => {
		const { rendered } = await renderItems(
			custom('=https://pb.example.com/{{ $json.mmp }}?c={click_id}', { dialect: 'adjust' }),
			[{ json: event() }, { json: event({ mmp: 'branch' }) }, { json: event() }],
		);
		expect(rendered.map((i) => (i.json.callback as IDataObject).url)).toEqual([
			'https://pb.example.com/adjust?c=clk%201',
			'https://pb.example.com/branch?c=clk%201',
			'https://pb.example.com/adjust?c=clk%201',
		]);
	});

	it('a mustache template that n8n switched to Expression mode is used as written', async () => {
		const { rendered } = await renderItems(
			custom('=https://pb.example.com/?c={{click_id}}&h={{ idfa|default:none }}'),
			[{ json: event() }],
		);
		expect((rendered[0].json.callback as IDataObject).url).toBe(
			'https://pb.example.com/?c=clk%201&h=none',
		);
	});

	it('applies the filters, encoding and missing options', async () => {
		const { rendered } = await renderItems(
			custom('https://pb.example.com/?h={{advertising_id}}&c={{campaign_name}}&x={{nothing}}', {
				options: {
					filters: { filter: [{ macro: 'advertising_id', filters: 'upper|md5' }] },
					encoding: 'component',
					missing: 'keep',
				},
			}),
			[{ json: event({ campaign_name: "it's (new)" }) }],
		);
		expect((rendered[0].json.callback as IDataObject).url).toBe(
			"https://pb.example.com/?h=d8d8a7d4e8cbf0a2cbcf56c7b6b5adc0&c=it's%20(new)&x={{nothing}}".replace(
				'd8d8a7d4e8cbf0a2cbcf56c7b6b5adc0',
				require('node:crypto').createHash('md5').update('GAID-1').digest('hex'),
			),
		);
	});
});

describe('Render Callback: errors', () => {
	it('fails on missing macros when asked, naming the item and the macro', async () => {
		const { nodeError, ran } = await renderItems(
			custom('https://pb.example.com/?c={{click_id}}&i={{idfa}}&z={{zz}}', {
				options: { failOnMissing: true },
			}),
			[{ json: event() }, { json: event({ click_id: undefined }) }],
		);
		expect(nodeError?.message).toBe('Item 0: Macro "idfa" has no value (also missing: zz)');
		expect(ran('Done')).toBe(false);
	});

	it('continueOnFail: failing items carry the error and their pairing, the others render', async () => {
		const { rendered, ran } = await renderItems(
			custom('https://pb.example.com/?c={{click_id}}&i={{idfa}}', {
				options: { failOnMissing: true },
			}),
			[{ json: event({ idfa: 'I' }) }, { json: event() }],
			{ onError: 'continueRegularOutput' },
		);
		expect(ran('Done')).toBe(true);
		expect(rendered[0].json.callback).toMatchObject({
			url: 'https://pb.example.com/?c=clk%201&i=I',
		});
		expect(rendered[1].json).toMatchObject({
			error: expect.stringContaining('Item 1: Macro "idfa" has no value'),
		});
		expect(rendered.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('refuses CR/LF in a header value (header injection), naming the macro', async () => {
		const { nodeError } = await renderItems(
			custom('https://pb.example.com/', {
				headers: { header: [{ name: 'X-Click', value: '{{click_id}}' }] },
			}),
			[{ json: event({ click_id: 'a\r\nHost: evil.example' }) }],
		);
		expect(nodeError?.message).toMatch(
			/^Item 0: The value of \{\{click_id\}\} contains a CR\/LF line break/,
		);
	});

	it('refuses a method a postback cannot be sent with (e.g. from an expression), naming the item', async () => {
		const { nodeError } = await renderItems(
			custom('https://pb.example.com/', { method: '={{ "head" }}' }),
			[{ json: event() }],
		);
		expect(nodeError?.message).toBe(
			'Item 0: Method HEAD is not one of GET, POST, PUT, PATCH, DELETE',
		);
	});

	it('reports a malformed template with its position', async () => {
		const { nodeError } = await renderItems(custom('https://pb.example.com/?c={{click_id'), [
			{ json: event() },
		]);
		expect(nodeError?.message).toMatch(
			/URL Template is not a valid template: Unclosed "\{\{".*line 1, column 27/,
		);
	});

	it('refuses a macro in the host', async () => {
		const { nodeError } = await renderItems(custom('https://{{host}}/pb'), [
			{ json: event({ host: 'evil.example' }) },
		]);
		expect(nodeError?.message).toMatch(/inside the URL's scheme or host/);
	});

	it('refuses a JSON body that renders to invalid JSON', async () => {
		const { nodeError } = await renderItems(
			custom('https://pb.example.com/', {
				method: 'POST',
				contentType: 'json',
				body: '{"c": {{campaign_name}}}',
			}),
			[{ json: event() }],
		);
		expect(nodeError?.message).toMatch(/rendered JSON body is not valid JSON/);
	});

	it('asks for the raw payload when it is not on the item', async () => {
		const { nodeError } = await renderItems(
			{ ...custom('https://pb.example.com/?a={{adid}}'), valueSource: 'raw' },
			[{ json: event() }],
		);
		expect(nodeError?.message).toMatch(/Item 0: The item has no raw payload/);
	});
});

describe('MMP Trigger → Render Callback', () => {
	async function chain(request: RequestSpec, renderParameters: INodeParameters) {
		const triggerParameters = { path: 'mmp' };
		const webhook = await callWebhook(trigger, { parameters: triggerParameters, request });
		if (!webhook.workflowData) throw new Error(`no execution: ${JSON.stringify(webhook.body)}`);
		const connections: IConnections = {
			'MMP Trigger': {
				main: [
					[{ node: 'Postback', type: 'main', index: 0 }],
					[{ node: 'Postback', type: 'main', index: 0 }],
					[{ node: 'Fraud Alert', type: 'main', index: 0 }],
				],
			},
		};
		return await runWorkflow({
			nodes: [
				{
					name: 'MMP Trigger',
					type: 'n8n-nodes-mmp-postback.mmpTrigger',
					parameters: triggerParameters,
				},
				{
					name: 'Postback',
					type: 'n8n-nodes-mmp-postback.renderCallback',
					parameters: renderParameters,
				},
				{
					name: 'Fraud Alert',
					type: 'n8n-nodes-mmp-postback.renderCallback',
					parameters: {
						preset: 'slackFraudAlert',
						slackFraudAlert_slack_webhook_url: 'https://hooks.slack.com/services/T0/B0/X',
					},
				},
			],
			connections,
			nodeTypes,
			startNode: 'MMP Trigger',
			startData: webhook.workflowData,
		});
	}

	const postback = custom(
		'https://net.example/pb?click={{click_id}}&gaid={{advertising_id}}&kind={{event_kind}}&country={{country}}&ts={{event_time|unix}}',
		{ options: { missing: 'drop' } },
	);

	it('an Adjust install callback becomes a network postback', async () => {
		const { run, output, ran } = await chain(
			{
				method: 'GET',
				url: '/webhook/mmp?mmp=adjust&activity_kind=install&adid=a1&gps_adid=38400000-8cf0-11bd-b23e-10b96e40000d&country=de&created_at=1404214665&click_id=c%201',
			},
			postback,
		);
		expect(run.status).toBe('success');
		expect(ran('Fraud Alert')).toBe(false);
		const callback = output('Postback')[0].json.callback as IDataObject;
		expect(callback.url).toMatch(/^https:\/\/net\.example\/pb\?/);
		const query = new URL(callback.url as string).searchParams;
		expect(query.get('gaid')).toBe('38400000-8cf0-11bd-b23e-10b96e40000d');
		expect(query.get('kind')).toBe('install');
		expect(query.get('ts')).toBe('1404214665');
		expect(output('Postback')[0].pairedItem).toEqual({ item: 0 });
	});

	it('a rejected install goes to the Slack alert with a valid JSON body', async () => {
		const { output, ran } = await chain(
			{
				method: 'GET',
				url: '/webhook/mmp?mmp=adjust&activity_kind=rejected_install&adid=a1&rejection_reason=anonymous_traffic',
			},
			postback,
		);
		expect(ran('Postback')).toBe(false);
		const callback = output('Fraud Alert')[0].json.callback as IDataObject;
		expect(callback).toMatchObject({
			url: 'https://hooks.slack.com/services/T0/B0/X',
			method: 'POST',
			headers: { 'content-type': 'application/json' },
		});
		const body = JSON.parse(callback.body as string);
		expect(body.text).toContain('rejected_install');
		expect(body.text).toContain('anonymous_traffic');
	});
});

describe('the e2e workflow (test/e2e/workflows/render-callback.json)', () => {
	// Runs the exact file the real-n8n e2e suite imports, so its node types and parameters are
	// known good before n8n ever loads it.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const workflow = require('../e2e/workflows/render-callback.json') as {
		nodes: Array<INode>;
		connections: IConnections;
	};

	it('renders an Adjust purchase event GET into the Keitaro conversion postback', async () => {
		const triggerNode = workflow.nodes.find((n) => n.type === 'n8n-nodes-mmp-postback.mmpTrigger')!;
		const webhook = await callWebhook(trigger, {
			parameters: triggerNode.parameters,
			request: {
				method: 'GET',
				url: '/webhook/e2e-render?mmp=adjust&activity_kind=event&event_name=purchase&adid=a1&click_id=clk%201&revenue_float=4.5&currency=EUR&created_at=1404214665',
			},
		});
		const { output } = await runWorkflow({
			nodes: workflow.nodes,
			connections: workflow.connections,
			nodeTypes,
			startNode: triggerNode.name,
			startData: webhook.workflowData!,
		});
		const [item] = output('Rendered');
		const callback = item.json.callback as IDataObject;
		expect(callback.url).toMatch(
			/^https:\/\/trk\.example\.com\/e2ekey1\/postback\?subid=clk%201&status=sale&payout=4\.5&currency=EUR&tid=[^&]+$/,
		);
		expect(callback).toMatchObject({
			method: 'GET',
			template: { id: 'keitaroConversion', dialect: 'mustache' },
		});
	});
});
