// In-process n8n harness: runs a node's webhook() through n8n-core's real WebhookContext, and whole
// workflows through n8n-core's real WorkflowExecute (execution order v1). Request handling mirrors
// n8n 2.41.1's `webhook-helpers.parseRequestBody` + `middlewares/body-parser` closely enough for node
// tests; the real server is covered by test/e2e.
import { ExecutionLifecycleHooks, WebhookContext, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	isNodeClassInstance,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type IConnections,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IVersionedNodeType,
	type IWebhookData,
	type IWebhookDescription,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { EventEmitter } from 'node:events';
import { parse as parseQueryString } from 'node:querystring';

export interface RequestSpec {
	method: string;
	/** Path plus query string, e.g. `/webhook/mmp?activity_kind=install`. */
	url: string;
	headers?: Record<string, string>;
	body?: string | Buffer | object;
	ip?: string;
}

export interface WebhookCallResult {
	status: number;
	body: unknown;
	headers: Record<string, string>;
	workflowData?: INodeExecutionData[][];
	/** True when the node wrote the response itself (`noWebhookResponse`). */
	respondedByNode: boolean;
	/**
	 * The live response object. A node that holds it (batched executions) writes it later; a test
	 * can also write it the way n8n would after the call (it emits 'finish' like express).
	 */
	response: ResponseRecorder;
}

type CredentialMap = Record<string, ICredentialDataDecryptedObject>;

class FixtureCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly credentials: CredentialMap) {
		super();
	}
	getParentTypes(): string[] {
		return [];
	}
	isCredentialUsableByNode(): boolean {
		return true;
	}
	async authenticate(_c: ICredentialDataDecryptedObject, _t: string, options: IHttpRequestOptions) {
		return options;
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getCredentials(): Promise<ICredentials> {
		throw new Error('getCredentials is not supported by the in-process harness');
	}
	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.credentials[type];
		if (!data) throw new Error(`No fixture credentials of type "${type}"`);
		return { ...data };
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties(): INodeProperties[] {
		return [];
	}
}

export class MapNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}
	getByName(type: string) {
		const t = this.types[type];
		if (!t) throw new Error(`Unknown node type "${type}" (register it in nodeTypes)`);
		return t;
	}
	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}
	getKnownTypes() {
		return {};
	}
}

function additionalDataFor(
	credentials: CredentialMap,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	return {
		executionId: '1',
		credentialsHelper: new FixtureCredentialsHelper(credentials),
		variables: {},
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		...extra,
	} as unknown as IWorkflowExecuteAdditionalData;
}

function lowerCaseHeaders(headers: Record<string, string> = {}) {
	return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Minimal express-like response recorder; emits 'finish' and 'close' when ended, like express. */
export class ResponseRecorder extends EventEmitter {
	statusCode = 200;
	headers: Record<string, string> = {};
	body: unknown = undefined;
	headersSent = false;
	writableEnded = false;
	status(code: number) {
		this.statusCode = code;
		return this;
	}
	setHeader(name: string, value: string | number | string[]) {
		this.headers[name.toLowerCase()] = String(value);
		return this;
	}
	set(name: string | Record<string, string>, value?: string) {
		if (typeof name === 'object') for (const [k, v] of Object.entries(name)) this.setHeader(k, v);
		else this.setHeader(name, value ?? '');
		return this;
	}
	header(name: string, value: string) {
		return this.set(name, value);
	}
	getHeader(name: string) {
		return this.headers[name.toLowerCase()];
	}
	type(value: string) {
		return this.setHeader('content-type', value);
	}
	json(body: unknown) {
		this.headers['content-type'] ??= 'application/json; charset=utf-8';
		return this.finish(body);
	}
	send(body?: unknown) {
		return this.finish(body);
	}
	end(body?: unknown) {
		return this.finish(body);
	}
	writeHead(code: number, headers?: Record<string, string>) {
		this.statusCode = code;
		if (headers) this.set(headers);
		return this;
	}
	private finish(body: unknown) {
		if (this.writableEnded) throw new Error('Response already ended');
		this.body = Buffer.isBuffer(body) ? body.toString('utf8') : body;
		this.headersSent = true;
		this.writableEnded = true;
		this.emit('finish');
		this.emit('close');
		return this;
	}
}

/** Builds the express-like request n8n hands to webhook(), including the body-parser step. */
export function buildRequest(spec: RequestSpec, parseBody: boolean) {
	const headers = lowerCaseHeaders(spec.headers);
	const rawBody =
		spec.body === undefined
			? Buffer.alloc(0)
			: Buffer.isBuffer(spec.body)
				? spec.body
				: Buffer.from(typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body));
	if (spec.body !== undefined && typeof spec.body === 'object' && !Buffer.isBuffer(spec.body)) {
		headers['content-type'] ??= 'application/json';
	}
	if (rawBody.length) headers['content-length'] ??= String(rawBody.length);
	const [contentType, ...params] = (headers['content-type'] ?? '').split(';');
	const charset = params.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('charset='));
	const encoding = (charset?.slice(8) || 'utf-8') as BufferEncoding;
	const queryIndex = spec.url.indexOf('?');
	const path = queryIndex === -1 ? spec.url : spec.url.slice(0, queryIndex);
	const query = queryIndex === -1 ? {} : { ...parseQueryString(spec.url.slice(queryIndex + 1)) };
	const ip = spec.ip ?? '127.0.0.1';

	const req = {
		method: spec.method.toUpperCase(),
		url: spec.url,
		originalUrl: spec.url,
		path,
		query,
		params: {},
		headers,
		contentType: contentType.trim().toLowerCase() || undefined,
		encoding,
		body: undefined as unknown,
		rawBody: undefined as Buffer | undefined,
		ip,
		ips: [] as string[],
		socket: { remoteAddress: ip },
		connection: { remoteAddress: ip },
		header: (name: string) => headers[name.toLowerCase()],
		get: (name: string) => headers[name.toLowerCase()],
		readRawBody: async () => {
			req.rawBody ??= rawBody;
		},
	};
	if (parseBody) {
		req.rawBody = rawBody;
		if (rawBody.length) {
			const text = rawBody.toString(encoding).replace(/^\uFEFF/, '');
			try {
				if (req.contentType === 'application/json') req.body = JSON.parse(text);
				else if (req.contentType === 'application/x-www-form-urlencoded')
					req.body = { ...parseQueryString(text, undefined, undefined, { maxKeys: 1000 }) };
				else if (req.contentType === 'text/plain') req.body = text;
			} catch {
				return { req, parseError: true as const };
			}
		}
		req.body ??= {};
	}
	return { req, parseError: false as const };
}

function withDefaults(nodeType: INodeType, node: INode): INode {
	const parameters =
		NodeHelpers.getNodeParameters(
			nodeType.description.properties,
			node.parameters,
			true,
			false,
			node,
			nodeType.description,
		) ?? node.parameters;
	return { ...node, parameters };
}

/**
 * Calls a trigger node's webhook() the way n8n 2.41.1's live webhook handler does, and returns what the
 * HTTP client would see. Only `onReceived` response handling is emulated (what our trigger uses).
 */
export async function callWebhook(
	nodeType: INodeType,
	opts: {
		parameters: INodeParameters;
		credentials?: CredentialMap;
		request: RequestSpec;
		mode?: 'manual' | 'webhook';
		typeVersion?: number;
		webhookName?: string;
	},
): Promise<WebhookCallResult> {
	const typeName = `test.${nodeType.description.name}`;
	const credentialRefs = Object.fromEntries(
		Object.keys(opts.credentials ?? {}).map((type) => [type, { id: '1', name: type }]),
	);
	const rawNode: INode = {
		id: 'node-1',
		name: nodeType.description.displayName,
		type: typeName,
		typeVersion: opts.typeVersion ?? 1,
		position: [0, 0],
		parameters: opts.parameters,
		webhookId: '00000000-0000-4000-8000-000000000001',
		credentials: credentialRefs,
	};
	const node = withDefaults(nodeType, rawNode);
	const workflow = new Workflow({
		id: 'wf-test',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: new MapNodeTypes({ [typeName]: nodeType }),
		settings: { executionOrder: 'v1' },
	});

	const method = opts.request.method.toUpperCase();
	const descriptions = (nodeType.description.webhooks ?? []) as IWebhookDescription[];
	const description =
		descriptions.find(
			(d) =>
				d.name === (opts.webhookName ?? 'default') &&
				String(workflow.expression.getSimpleParameterValue(node, d.httpMethod, 'manual', {}))
					.toUpperCase()
					.split(',')
					.includes(method),
		) ?? descriptions.find((d) => d.name === (opts.webhookName ?? 'default'));
	if (!description) throw new Error(`Node ${nodeType.description.name} has no matching webhook`);

	// n8n 2.41.1 parseRequestBody: typeVersion 1 skips parsing when options.binaryData is set.
	const skipParse =
		node.typeVersion === 1 &&
		Boolean(
			workflow.expression.getSimpleParameterValue(
				node,
				'={{$parameter["options"]["binaryData"]}}',
				'webhook',
				{},
				undefined,
				false,
			),
		);
	const { req, parseError } = buildRequest(opts.request, !skipParse);
	if (parseError) {
		return {
			status: 422,
			body: { code: 422, message: 'Failed to parse request body' },
			headers: { 'content-type': 'application/json' },
			respondedByNode: false,
			response: new ResponseRecorder(),
		};
	}
	const res = new ResponseRecorder();
	const additionalData = additionalDataFor(opts.credentials ?? {}, {
		httpRequest: req as unknown as IWorkflowExecuteAdditionalData['httpRequest'],
		httpResponse: res as unknown as IWorkflowExecuteAdditionalData['httpResponse'],
	});
	const webhookData = {
		httpMethod: method,
		node: node.name,
		path: 'test',
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
	} as unknown as IWebhookData;
	const context = new WebhookContext(
		workflow,
		node,
		additionalData,
		opts.mode ?? 'webhook',
		webhookData,
		[],
		null,
	);
	// Same dispatch as n8n's WebhookService.runWebhook.
	const result = isNodeClassInstance(nodeType)
		? await nodeType.webhook!(context)
		: await nodeType.webhook!.call(context);

	if (result.noWebhookResponse) {
		return {
			status: res.statusCode,
			body: res.body,
			headers: res.headers,
			workflowData: result.workflowData,
			respondedByNode: true,
			response: res,
		};
	}
	// Mirrors webhook-on-received-response-extractor + handleImmediateWebhookResponse.
	const responseData = description.responseData
		? workflow.expression.getSimpleParameterValue(node, description.responseData, 'webhook', {})
		: undefined;
	const responseCode = description.responseCode
		? Number(workflow.expression.getSimpleParameterValue(node, description.responseCode, 'webhook', {}))
		: 200;
	let body: unknown;
	if (!result.workflowData) body = result.webhookResponse ?? { message: 'Webhook call received' };
	else if (responseData === 'noData') body = '';
	else if (responseData) body = responseData;
	else body = result.webhookResponse ?? { message: 'Workflow was started' };
	return {
		status: responseCode,
		body,
		headers: res.headers,
		workflowData: result.workflowData,
		respondedByNode: false,
		response: res,
	};
}

export interface WorkflowRun {
	run: IRun;
	/** Items a node emitted on one output in its (first) run; [] when it did not run. */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	ran(nodeName: string): boolean;
}

/**
 * Runs a workflow with n8n-core's WorkflowExecute, starting at `startNode` with `startData` as that
 * node's output (what a trigger's webhook() returned), exactly as n8n's webhook path does.
 */
export async function runWorkflow(opts: {
	nodes: Array<Partial<INode> & { name: string; type: string; parameters: INodeParameters }>;
	connections: IConnections;
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	startNode: string;
	startData: INodeExecutionData[][];
	credentials?: CredentialMap;
}): Promise<WorkflowRun> {
	const nodeTypes = new MapNodeTypes(opts.nodeTypes);
	const nodes: INode[] = opts.nodes.map((n, i) => {
		const full: INode = {
			id: n.id ?? `node-${i}`,
			typeVersion: n.typeVersion ?? 1,
			position: n.position ?? [i * 200, 0],
			...n,
		} as INode;
		return withDefaults(nodeTypes.getByNameAndVersion(full.type, full.typeVersion), full);
	});
	const workflow = new Workflow({
		id: 'wf-test',
		nodes,
		connections: opts.connections,
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const workflowData = {
		id: 'wf-test',
		name: 'in-process test',
		active: false,
		nodes,
		connections: opts.connections,
		settings: { executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
	} as unknown as IWorkflowBase;

	const hooks = new ExecutionLifecycleHooks('webhook', '1', workflowData);
	const done = new Promise<IRun>((resolve) => {
		hooks.addHandler('workflowExecuteAfter', (run: IRun) => resolve(run));
	});
	const additionalData = additionalDataFor(opts.credentials ?? {}, { hooks } as never);
	const start = workflow.getNode(opts.startNode);
	if (!start) throw new Error(`No node named "${opts.startNode}"`);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: start, data: { main: opts.startData }, source: null }],
		},
	});
	const execution = new WorkflowExecute(additionalData, 'webhook', runExecutionData);
	const returned = await execution.processRunExecutionData(workflow);
	const run = (await Promise.race([done, Promise.resolve(returned)])) as IRun;
	const runData = run.data.resultData.runData;
	return {
		run,
		output(nodeName, outputIndex = 0) {
			return runData[nodeName]?.[0]?.data?.main?.[outputIndex] ?? [];
		},
		ran(nodeName) {
			return (runData[nodeName]?.length ?? 0) > 0;
		},
	};
}
