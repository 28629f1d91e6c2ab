// One store per store configuration per process, and one gate per (store, scope, settings): n8n calls
// webhook() per request, so the Redis connection and the in-process Map must outlive the call. A
// Redis store is shared by every node using the same connection (one connection per credential per
// process); an in-process store belongs to one scope (one workflow's node), so each is bounded on its own.
import { createHash } from 'node:crypto';

import { ResendGate, type WhenStoreUnavailable } from './gate';
import { MemoryResendStore } from './memoryStore';
import { RedisResendStore, type RedisConnection } from './redisStore';
import type { ResendStore } from './store';

export type ResendStoreConfig =
	| { kind: 'memory'; maxKeys?: number }
	| { kind: 'redis'; connection: RedisConnection };

export interface ResendGateConfig {
	store: ResendStoreConfig;
	/** Isolates gates from each other, e.g. `<workflow id>:<node id>`. */
	scope: string;
	windowMs: number;
	pendingMs?: number;
	whenUnavailable: WhenStoreUnavailable;
}

/** Redis keys: `mmp-postback:resend:<scope>:<dedup_key>`. */
export const RESEND_KEY_PREFIX = 'mmp-postback:resend:';

const stores = new Map<string, ResendStore>();
const gates = new Map<string, ResendGate>();

/** Identifies a store config without keeping a readable password in the cache key. */
function storeId(config: ResendStoreConfig, scope: string): string {
	if (config.kind === 'memory') return `memory\u0000${scope}\u0000${config.maxKeys ?? ''}`;
	const digest = createHash('sha256').update(JSON.stringify(config.connection)).digest('hex');
	return `redis\u0000${digest}`;
}

function storeFor(config: ResendStoreConfig, scope: string): [string, ResendStore] {
	const id = storeId(config, scope);
	let store = stores.get(id);
	if (!store) {
		store =
			config.kind === 'memory'
				? new MemoryResendStore({ maxKeys: config.maxKeys })
				: new RedisResendStore(config.connection);
		stores.set(id, store);
	}
	return [id, store];
}

export function resendGateFor(config: ResendGateConfig): ResendGate {
	const [id, store] = storeFor(config.store, config.scope);
	const gateId = [id, config.scope, config.windowMs, config.pendingMs, config.whenUnavailable].join(
		'\u0000',
	);
	let gate = gates.get(gateId);
	if (!gate) {
		gate = new ResendGate({
			store,
			prefix: `${RESEND_KEY_PREFIX}${config.scope}:`,
			windowMs: config.windowMs,
			pendingMs: config.pendingMs,
			whenUnavailable: config.whenUnavailable,
		});
		gates.set(gateId, gate);
	}
	return gate;
}

/** Closes every cached store (Redis connections included); for tests and shutdown. */
export async function closeResendGates(): Promise<void> {
	const open = [...stores.values()];
	stores.clear();
	gates.clear();
	await Promise.all(open.map(async (store) => await store.close()));
}
