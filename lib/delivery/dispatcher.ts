// One undici dispatcher per delivery run: keep-alive pools with a bounded number of connections
// per origin, HTTP(S)_PROXY / NO_PROXY honoured through undici's EnvHttpProxyAgent, and the SSRF
// guard in the connect path, so every connection (first request, reconnect, redirect hop) is checked
// once, when it is made, and requests on an open connection pay nothing for it.
import { Agent, buildConnector, Client, EnvHttpProxyAgent, Pool, type Dispatcher } from 'undici';

import { classifyAddress } from './addressClass';
import type { EgressFilter } from './egressFilter';
import { DeliveryConfigError } from './errors';
import { createSsrfGuard, type BaseLookup, type SsrfGuard, type SsrfOptions } from './ssrfGuard';

export interface DeliveryDispatcherOptions {
	/** Keep-alive connections per origin. Default 20. */
	connectionsPerOrigin?: number;
	/** TCP (and TLS) connect timeout. Default 10 s. */
	connectTimeoutMs?: number;
	/** How long an idle connection is kept. Default 4 s (undici's default). */
	keepAliveTimeoutMs?: number;
	ssrf?: SsrfOptions;
	/** Route through `HTTP_PROXY` / `HTTPS_PROXY` (honouring `NO_PROXY`) when set. Default true. */
	useEnvProxy?: boolean;
	/** Where the proxy variables are read. Default `process.env`. */
	env?: Readonly<Record<string, string | undefined>>;
	/** Name resolution under the SSRF check. Default `dns.lookup`. */
	lookup?: BaseLookup;
	/** The host platform's outbound policy (n8n's N8N_SSRF_*), applied with the node's own guard. */
	egress?: EgressFilter;
}

export const DEFAULT_CONNECTIONS_PER_ORIGIN = 20;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Creates the run's dispatcher. The caller closes it (`await dispatcher.close()`) when done. */
export function createDeliveryDispatcher(options: DeliveryDispatcherOptions = {}): Dispatcher {
	const connections = options.connectionsPerOrigin ?? DEFAULT_CONNECTIONS_PER_ORIGIN;
	const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
	if (!Number.isInteger(connections) || connections < 1) {
		throw new DeliveryConfigError('connectionsPerOrigin must be a whole number of at least 1');
	}
	if (!(connectTimeoutMs > 0 && connectTimeoutMs < Infinity)) {
		throw new DeliveryConfigError('connectTimeoutMs must be a positive number of milliseconds');
	}
	const guard = createSsrfGuard(options.ssrf, options.lookup, options.egress);
	const tcpConnect = buildConnector({ timeout: connectTimeoutMs, lookup: guard.lookup });

	const directConnect: buildConnector.connector = (target, callback) => {
		// IP literals never reach `lookup`, so they are checked here.
		const refusal = guard.checkLiteralHost(target.hostname);
		if (refusal) queueMicrotask(() => callback(refusal, null));
		else tcpConnect(target, callback);
	};

	// Agent and ProxyAgent build their per-origin pools through this factory. The direct agent's
	// pools get `directConnect`; a ProxyAgent's pools get its tunnelling connect, which is wrapped
	// with a pre-flight check of the target (the proxy, not us, resolves and connects).
	const factory = (origin: string | URL, settings: object): Dispatcher => {
		const poolOptions = settings as Pool.Options & { connect?: unknown };
		const connect =
			poolOptions.connect === directConnect
				? directConnect
				: guardTunnel(poolOptions.connect as buildConnector.connector, guard);
		const withConnect = { ...poolOptions, connect };
		return poolOptions.connections === 1
			? new Client(origin, withConnect)
			: new Pool(origin, withConnect);
	};

	const agentOptions = {
		connections,
		keepAliveTimeout: options.keepAliveTimeoutMs,
		connect: directConnect,
		factory,
	};
	const proxy =
		options.useEnvProxy === false ? undefined : proxyFromEnv(options.env ?? process.env);
	return proxy ? new EnvHttpProxyAgent({ ...agentOptions, ...proxy }) : new Agent(agentOptions);
}

interface ProxySettings {
	httpProxy: string;
	httpsProxy: string;
	noProxy: string;
}

/** Proxy settings with curl's precedence (lower case first), or undefined when none is set. */
export function proxyFromEnv(
	env: Readonly<Record<string, string | undefined>>,
): ProxySettings | undefined {
	const httpProxy = env.http_proxy || env.HTTP_PROXY || '';
	const httpsProxy = env.https_proxy || env.HTTPS_PROXY || '';
	if (!httpProxy && !httpsProxy) return undefined;
	// Passed explicitly (never undefined) so undici does not read process.env behind our back.
	return { httpProxy, httpsProxy, noProxy: env.no_proxy ?? env.NO_PROXY ?? '' };
}

function guardTunnel(tunnel: buildConnector.connector, guard: SsrfGuard): buildConnector.connector {
	return (target, callback) => {
		const refusal = guard.checkLiteralHost(target.hostname);
		if (refusal) {
			queueMicrotask(() => callback(refusal, null));
			return;
		}
		if (classifyAddress(target.hostname)) {
			tunnel(target, callback);
			return;
		}
		guard.checkName(target.hostname).then(
			(nameRefusal) => (nameRefusal ? callback(nameRefusal, null) : tunnel(target, callback)),
			(error: Error) => callback(error, null),
		);
	};
}
