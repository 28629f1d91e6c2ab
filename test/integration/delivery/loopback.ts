// Real node:http servers on loopback for the delivery integration tests, with a count of the TCP
// connections they accepted and a clean shutdown (open keep-alive sockets included).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Loopback {
	server: Server;
	/** `http://127.0.0.1:<port>` (or the host it was bound to). */
	origin: string;
	port: number;
	/** TCP connections accepted so far. */
	readonly connections: number;
	close(): Promise<void>;
}

export type Handler = (request: IncomingMessage, response: ServerResponse, body: Buffer) => void;

/** Starts a server that reads each request body fully, then calls `handler`. */
export async function startLoopback(
	handler: Handler,
	host = '127.0.0.1',
	port = 0,
): Promise<Loopback> {
	const sockets = new Set<Socket>();
	let connections = 0;
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => handler(request, response, Buffer.concat(chunks)));
	});
	server.on('connection', (socket) => {
		connections++;
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.keepAliveTimeout = 10_000;
	await new Promise<void>((resolve) => server.listen(port, host, resolve));
	const { port: bound } = server.address() as AddressInfo;
	return {
		server,
		origin: `http://${host}:${bound}`,
		port: bound,
		get connections() {
			return connections;
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

/** A port that nothing listens on (bound once, then released). */
export async function closedPort(): Promise<number> {
	const probe = createServer();
	await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
	const { port } = probe.address() as AddressInfo;
	await new Promise<void>((resolve) => probe.close(() => resolve()));
	return port;
}
