// The re-send store shared by every n8n process (main, webhook processors) through Redis. Each
// operation is one Lua script, so it is atomic on the server: `take` is SET NX PX plus, when the key
// is held, whether it is pending or confirmed, in one round trip. Values are `p:<token>` (pending)
// and `c:<token>` (confirmed).
//
// Bounded cost when Redis is gone: a command is sent only on a ready connection (the first one is
// awaited, at most `connectTimeoutMs`); while disconnected, every operation fails at once and the
// gate answers 503 (or lets the callback through), while ioredis reconnects in the background. A
// command on a connection that hangs fails after `commandTimeoutMs`. That timeout is not tighter
// because a busy n8n's event loop can stall for hundreds of ms, which would fail healthy commands.
import Redis from 'ioredis';

import type { ResendStore, TakeResult } from './store';

export interface RedisConnection {
	host: string;
	port: number;
	db?: number;
	username?: string;
	password?: string;
	tls?: boolean;
	/** Only with `tls`: accept self-signed certificates. */
	allowUnverifiedTls?: boolean;
}

/** Fields of n8n's built-in Redis credential (type `redis`), as the node reads them. */
export interface RedisCredentialData {
	host?: string;
	port?: number;
	database?: number;
	user?: string;
	password?: string;
	ssl?: boolean;
	disableTlsVerification?: boolean;
}

export function redisConnectionOf(credential: RedisCredentialData): RedisConnection {
	return {
		host: credential.host || 'localhost',
		port: Number(credential.port ?? 6379),
		db: Number(credential.database ?? 0),
		username: credential.user || undefined,
		password: credential.password || undefined,
		tls: credential.ssl === true,
		allowUnverifiedTls: credential.ssl === true && credential.disableTlsVerification === true,
	};
}

export interface RedisResendStoreOptions {
	connectTimeoutMs?: number;
	commandTimeoutMs?: number;
}

export const DEFAULT_REDIS_TIMEOUTS = { connectTimeoutMs: 2000, commandTimeoutMs: 1000 } as const;

const TAKE = `
if redis.call('SET', KEYS[1], 'p:' .. ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
local held = redis.call('GET', KEYS[1])
if held and string.sub(held, 1, 2) == 'c:' then return 3 end
return 2`;

const CONFIRM = `
if redis.call('GET', KEYS[1]) ~= 'p:' .. ARGV[1] then return 0 end
redis.call('SET', KEYS[1], 'c:' .. ARGV[1], 'PX', ARGV[2])
return 1`;

const RELEASE = `
if redis.call('GET', KEYS[1]) ~= 'p:' .. ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])`;

/** The scripts, as ioredis' defineCommand adds them (EVALSHA, falling back to EVAL once). */
interface GateCommands {
	resendTake(key: string, token: string, pendingMs: number): Promise<number>;
	resendConfirm(key: string, token: string, windowMs: number): Promise<number>;
	resendRelease(key: string, token: string): Promise<number>;
}

export class RedisResendStore implements ResendStore {
	readonly kind = 'redis';
	/** Connection errors seen (the error event must be handled, or ioredis logs every retry). */
	connectionErrors = 0;
	private readonly client: Redis & GateCommands;
	/** Settles with the first connection: ready, failed, or not ready within connectTimeoutMs. */
	private readonly firstConnection: Promise<void>;

	constructor(connection: RedisConnection, options: RedisResendStoreOptions = {}) {
		const timeouts = { ...DEFAULT_REDIS_TIMEOUTS, ...options };
		const client = new Redis({
			host: connection.host,
			port: connection.port,
			db: connection.db ?? 0,
			username: connection.username,
			password: connection.password,
			tls: connection.tls ? { rejectUnauthorized: !connection.allowUnverifiedTls } : undefined,
			connectTimeout: timeouts.connectTimeoutMs,
			commandTimeout: timeouts.commandTimeoutMs,
			maxRetriesPerRequest: 0,
			enableOfflineQueue: true,
			// Keep reconnecting in the background, never faster than every 100 ms nor slower than 2 s.
			retryStrategy: (times: number) => Math.min(100 * times, 2000),
		});
		client.on('error', () => {
			this.connectionErrors++;
		});
		client.defineCommand('resendTake', { numberOfKeys: 1, lua: TAKE });
		client.defineCommand('resendConfirm', { numberOfKeys: 1, lua: CONFIRM });
		client.defineCommand('resendRelease', { numberOfKeys: 1, lua: RELEASE });
		this.client = client as Redis & GateCommands;
		this.firstConnection = new Promise<void>((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error('Redis connection timed out')),
				timeouts.connectTimeoutMs,
			);
			timer.unref();
			client.once('ready', () => {
				clearTimeout(timer);
				resolve();
			});
			client.once('error', (error: Error) => {
				clearTimeout(timer);
				reject(error);
			});
		});
		this.firstConnection.catch(() => undefined); // awaited by callers; never unhandled
	}

	private isReady(): boolean {
		return this.client.status === 'ready';
	}

	/** Resolves when a command may be sent now; rejects at once while Redis is known to be down. */
	private async ready(): Promise<void> {
		if (this.isReady()) return;
		await this.firstConnection;
		if (!this.isReady()) throw new Error(`Redis is ${this.client.status}`);
	}

	async take(key: string, token: string, pendingMs: number): Promise<TakeResult> {
		await this.ready();
		const result = await this.client.resendTake(key, token, Math.ceil(pendingMs));
		if (result === 1) return { taken: true };
		return { taken: false, state: result === 3 ? 'confirmed' : 'pending' };
	}

	async confirm(key: string, token: string, windowMs: number): Promise<boolean> {
		await this.ready();
		return (await this.client.resendConfirm(key, token, Math.ceil(windowMs))) === 1;
	}

	async release(key: string, token: string): Promise<boolean> {
		await this.ready();
		return (await this.client.resendRelease(key, token)) === 1;
	}

	async close(): Promise<void> {
		this.client.disconnect();
	}
}
