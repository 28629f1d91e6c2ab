// The node and credential descriptions: the contract n8n and the editor read.
import {
	NodeHelpers,
	resolveWebhookDescriptionField,
	webhookDescriptionIsNativelyResolvable,
	Workflow,
	type ICredentialTestFunctions,
	type INode,
	type IWebhookDescription,
} from 'n8n-workflow';

import { MmpWebhookAuth } from '../../credentials/MmpWebhookAuth.credentials';
import { MmpTrigger } from '../../nodes/MmpTrigger/MmpTrigger.node';

const trigger = new MmpTrigger();
const description = trigger.description;
const webhook = description.webhooks![0] as IWebhookDescription;

function workflowNode(parameters: INode['parameters']): { workflow: Workflow; node: INode } {
	const node: INode = {
		id: '1',
		name: 'MMP Trigger',
		type: 'test.mmpTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
	const nodeTypes = {
		getByName: () => trigger,
		getByNameAndVersion: () => trigger,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		id: 'w',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
	});
	return { workflow, node: workflow.nodes[node.name] };
}

describe('MMP Trigger description', () => {
	it('is a trigger with three named main outputs', () => {
		expect(description).toMatchObject({
			name: 'mmpTrigger',
			displayName: 'MMP Trigger',
			group: ['trigger'],
			inputs: [],
			outputs: ['main', 'main', 'main'],
			outputNames: ['Attribution', 'In-App Event', 'Fraud Alert'],
		});
	});

	it('shows the chosen MMP as subtitle', () => {
		for (const [mmp, label] of [
			['auto', 'Any MMP'],
			['appsflyer', 'AppsFlyer'],
			['tenjin', 'Tenjin'],
		]) {
			const { workflow, node } = workflowNode({ mmp });
			expect(
				workflow.expression.getSimpleParameterValue(
					node,
					description.subtitle as string,
					'internal',
					{},
				),
			).toBe(label);
		}
	});

	it('registers every webhook method on one full path and acknowledges on receipt', () => {
		expect(String(webhook.httpMethod).split(',')).toEqual([
			'DELETE',
			'GET',
			'HEAD',
			'PATCH',
			'POST',
			'PUT',
		]);
		expect(webhook).toMatchObject({
			name: 'default',
			isFullPath: true,
			responseMode: 'onReceived',
			responseData: '',
		});
	});

	it('lets n8n resolve the webhook description without the expression engine', () => {
		expect(webhookDescriptionIsNativelyResolvable(webhook)).toBe(true);
		const { node } = workflowNode({ path: 'mmp', additionalOptions: { responseCode: 202 } });
		expect(resolveWebhookDescriptionField(node, webhook, 'path')).toEqual({
			resolved: true,
			value: 'mmp',
		});
		expect(resolveWebhookDescriptionField(node, webhook, 'responseCode')).toEqual({
			resolved: true,
			value: 202,
		});
	});

	it('resolves responseCode the same through the expression engine (the editor path)', () => {
		for (const parameters of [
			{ path: 'mmp' },
			{ path: 'mmp', additionalOptions: { responseCode: 204 } },
		]) {
			const { workflow, node } = workflowNode(parameters);
			const native = resolveWebhookDescriptionField(node, webhook, 'responseCode');
			const viaEngine = workflow.expression.getSimpleParameterValue(
				node,
				webhook.responseCode,
				'internal',
				{},
			);
			expect(viaEngine).toBe(native.resolved && native.value);
		}
	});

	it('makes n8n skip its body parser (options.binaryData), so the node sees malformed JSON itself', () => {
		const { workflow, node } = workflowNode({ path: 'mmp' });
		// The exact expression n8n 2.41.1's parseRequestBody evaluates for typeVersion 1 nodes.
		expect(
			workflow.expression.getSimpleParameterValue(
				node,
				'={{$parameter["options"]["binaryData"]}}',
				'webhook',
				{},
				undefined,
				false,
			),
		).toBe(true);
		// And the default survives n8n's save/load round trip (defaults are stripped, then re-applied).
		const saved = NodeHelpers.getNodeParameters(
			description.properties,
			node.parameters,
			false,
			false,
			node,
			description,
		);
		expect(saved).not.toHaveProperty('options');
	});

	it('offers the credential optionally, tested by the node, and n8n\'s Redis credential only for Drop Re-Sends on Redis', () => {
		expect(description.credentials).toEqual([
			{ name: 'mmpWebhookAuth', required: false, testedBy: 'mmpWebhookAuthTest' },
			{
				name: 'redis',
				required: true,
				displayOptions: { show: { dropResends: [true], resendStore: ['redis'] } },
			},
		]);
		expect(typeof trigger.methods.credentialTest.mmpWebhookAuthTest).toBe('function');
	});
});

describe('MMP Webhook Auth credential', () => {
	const credential = new MmpWebhookAuth();
	const test = (data: Record<string, unknown>) =>
		trigger.methods.credentialTest.mmpWebhookAuthTest.call({} as ICredentialTestFunctions, {
			id: '1',
			name: 'MMP Webhook Auth',
			type: 'mmpWebhookAuth',
			data: data as never,
		});

	it('has the documented identity and password-typed secrets', () => {
		expect(credential.name).toBe('mmpWebhookAuth');
		expect(credential.displayName).toBe('MMP Webhook Auth');
		const secrets = credential.properties.filter((p) =>
			['token', 'password', 'secret'].includes(p.name),
		);
		expect(secrets).toHaveLength(3);
		for (const secret of secrets) expect(secret.typeOptions?.password).toBe(true);
	});

	it('passes a sound configuration and explains what callers must send', async () => {
		expect(
			await test({
				authType: 'headerToken',
				headerName: 'X-MMP-Token',
				token: 'tok_3f9c1b7e5a2d4c6f8e0a',
			}),
		).toEqual({
			status: 'OK',
			message: 'Callbacks must send the token in the x-mmp-token header.',
		});
		expect(
			await test({
				authType: 'hmacSha256',
				secret: 'whsec_7d1f0c9e8b2a4f6d3c5e7a9b1d3f5e7c',
				signatureHeader: 'X-MMP-Signature',
				timestampHeader: 'X-MMP-Timestamp',
				replayWindowSeconds: 300,
			}),
		).toMatchObject({ status: 'OK' });
	});

	it('says precisely what is wrong, without echoing secrets', async () => {
		const invalid = await test({ authType: 'headerToken', headerName: 'X Token', token: 'short' });
		expect(invalid).toEqual({
			status: 'Error',
			message:
				'Header Name "X Token" is not a valid HTTP header name (letters, digits and !#$%&\'*+-.^_`|~). Token is shorter than 16 characters; use a long random value.',
		});
		const weak = await test({ authType: 'basicAuth', user: 'mmp', password: 'hunter2' });
		expect(weak).toEqual({
			status: 'Error',
			message: 'Usable, but weak: Password is shorter than 12 characters; use a long random value.',
		});
		expect(JSON.stringify(weak)).not.toContain('hunter2');
	});
});
