// Whether the local Redis answers PING, checked synchronously so describeRequiring can decide at
// load time (a child process, bounded to 3 s).
import { spawnSync } from 'node:child_process';

import type { ServiceCheck } from './describeRequiring';

export const LOCAL_REDIS = { host: '127.0.0.1', port: 6379 } as const;

const PROBE = `
const socket = require('node:net').connect(${LOCAL_REDIS.port}, '${LOCAL_REDIS.host}');
socket.setTimeout(2000, () => process.exit(2));
socket.on('error', (e) => { console.error(e.message); process.exit(1); });
socket.on('connect', () => socket.write('PING\\r\\n'));
socket.on('data', (d) => process.exit(String(d).startsWith('+PONG') ? 0 : 3));`;

export function redisReachable(): ServiceCheck {
	const probe = spawnSync(process.execPath, ['-e', PROBE], { timeout: 3000, encoding: 'utf8' });
	return {
		ok: probe.status === 0,
		what: `Redis on ${LOCAL_REDIS.host}:${LOCAL_REDIS.port}`,
		reason: `${(probe.stderr || probe.error?.message || 'no PONG').trim()} (start redis-server locally)`,
	};
}
