// Support for the Send Postback workflow tests: a real node:http receiver on 127.0.0.1 that records
// every request and lets each test decide, request by request, how to answer (status, headers,
// body, a reset, or silence until the client gives up); and a runner for Start → Send Postback.
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRun,
} from 'n8n-workflow';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import type { Postback } from '../../nodes/SendPostback/outputItem';
import { SendPostback } from '../../nodes/SendPostback/SendPostback.node';
import { runWorkflow } from '../support/inProcess';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NoOp } = require('n8n-nodes-base/dist/nodes/NoOp/NoOp.node.js');

export interface ReceivedRequest {
	method: string;
	/** Path and query as sent. */
	url: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	body: string;
}

export type Reply =
	| { status: number; headers?: Record<string, string | number>; body?: string }
	/** Destroy the socket without answering (the client sees ECONNRESET / UND_ERR_SOCKET). */
	| { reset: true }
	/** Never answer; the socket is destroyed when the server closes. */
	| { hang: true };

export type Responder = (request: ReceivedRequest, res: ServerResponse) => Reply | Promise<Reply>;

export interface TestServer {
	/** `http://127.0.0.1:<port>` */
	origin: string;
	port: number;
	requests: ReceivedRequest[];
	close(): Promise<void>;
}

export async function startServer(respond: Responder): Promise<TestServer> {
	const requests: ReceivedRequest[] = [];
	const sockets = new Set<Socket>();
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = req.url ?? '/';
			const parsed = new URL(url, 'http://127.0.0.1');
			const request: ReceivedRequest = {
				method: req.method ?? 'GET',
				url,
				path: parsed.pathname,
				query: parsed.searchParams,
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			requests.push(request);
			Promise.resolve(respond(request, res)).then(
				(reply) => {
					if ('reset' in reply) req.socket.destroy();
					else if ('status' in reply) {
						const body = reply.body ?? '';
						res.writeHead(reply.status, {
							'content-length': Buffer.byteLength(body),
							...reply.headers,
						});
						res.end(body);
					}
				},
				() => req.socket.destroy(),
			);
		});
	});
	server.keepAliveTimeout = 10_000;
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		port,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

export const ok = (body = 'OK'): Reply => ({ status: 200, body });

// ---------------------------------------------------------------------------------------------
// Running the node in a workflow (Start → Send Postback) with n8n-core's WorkflowExecute.

export const SEND_POSTBACK_TYPE = 'n8n-nodes-mmp-postback.sendPostback';

export interface SendPostbackRun {
	delivered: INodeExecutionData[];
	failed: INodeExecutionData[];
	run: IRun;
}

export async function runSendPostback(opts: {
	parameters: INodeParameters;
	items: IDataObject[] | INodeExecutionData[];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	onError?: INode['onError'];
}): Promise<SendPostbackRun> {
	const startData = (opts.items as Array<IDataObject | INodeExecutionData>).map((item) =>
		'json' in item && typeof item.json === 'object'
			? (item as INodeExecutionData)
			: { json: item as IDataObject },
	);
	const credentialRefs = opts.credentials
		? Object.fromEntries(
				Object.keys(opts.credentials).map((type) => [type, { id: '1', name: type }]),
			)
		: undefined;
	const { run, output } = await runWorkflow({
		nodes: [
			{ name: 'Start', type: 'n8n-nodes-base.noOp', parameters: {} },
			{
				name: 'Send Postback',
				type: SEND_POSTBACK_TYPE,
				parameters: opts.parameters,
				credentials: credentialRefs,
				onError: opts.onError,
			},
		],
		connections: { Start: { main: [[{ node: 'Send Postback', type: 'main', index: 0 }]] } },
		nodeTypes: { 'n8n-nodes-base.noOp': new NoOp(), [SEND_POSTBACK_TYPE]: new SendPostback() },
		startNode: 'Start',
		startData: [startData],
		credentials: opts.credentials,
	});
	return { run, delivered: output('Send Postback', 0), failed: output('Send Postback', 1) };
}

/** The `postback` object the node added to an output item. */
export function postbackOf(item: INodeExecutionData): Postback {
	return item.json.postback as Postback;
}

/** The error a run stopped with, if any. */
export function runError(run: IRun) {
	return run.data.resultData.error;
}
