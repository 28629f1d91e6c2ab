// The re-send gate on the real local Redis: exactly one winner per key across two processes, the
// pending/confirm invariant with real expiry, and a bounded 503 verdict when Redis is unreachable.
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';

import Redis from 'ioredis';

import {
	RedisResendStore,
	ResendGate,
	type GateStats,
} from '../../../lib/inbound/resendGate';
import { closedPort } from '../delivery/loopback';
import { describeRequiring } from '../../support/describeRequiring';
import { LOCAL_REDIS, redisReachable } from '../../support/redisReachable';

const PREFIX = `mmp-postback-test:gate:${process.pid}:${randomUUID().slice(0, 8)}:`;

describeRequiring('Re-send gate on Redis', redisReachable(), () => {
	let admin: Redis;
	const stores: RedisResendStore[] = [];
	const children: ChildProcess[] = [];
	let tmp: string;

	function store(connection: { host: string; port: number } = LOCAL_REDIS) {
		const opened = new RedisResendStore(connection);
		stores.push(opened);
		return opened;
	}

	beforeAll(() => {
		admin = new Redis({ ...LOCAL_REDIS, maxRetriesPerRequest: 1 });
		tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resend-gate-'));
	});

	afterAll(async () => {
		for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
		await Promise.all(stores.map(async (s) => await s.close()));
		const keys = await admin.keys(`${PREFIX}*`);
		if (keys.length > 0) await admin.del(...keys);
		admin.disconnect();
		fs.rmSync(tmp, { recursive: true, force: true });
	});

	it('across two processes, hundreds of concurrent attempts on shared keys have exactly one winner per key', async () => {
		const bundle = path.join(tmp, 'contender.js');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		require('esbuild').buildSync({
			entryPoints: [path.join(__dirname, 'contender.ts')],
			outfile: bundle,
			bundle: true,
			platform: 'node',
			format: 'cjs',
			logLevel: 'error',
		});
		const orders = { prefix: `${PREFIX}race:`, keys: 50, attemptsPerKey: 8 };
		const contenders = [0, 1].map(() => {
			const child = fork(bundle, [JSON.stringify(orders)], { stdio: 'inherit' });
			children.push(child);
			const messages: Array<{ ready?: boolean; won?: string[]; stats?: GateStats }> = [];
			const next = () =>
				new Promise<(typeof messages)[number]>((resolve, reject) => {
					child.once('message', (m) => resolve(m as (typeof messages)[number]));
					child.once('exit', (code) => reject(new Error(`contender exited with ${code}`)));
				});
			return { child, next };
		});
		await Promise.all(contenders.map(async (c) => await c.next()));
		const results = contenders.map(async (c) => await c.next());
		for (const c of contenders) c.child.send('go');
		const [a, b] = await Promise.all(results);

		const winners = [...a.won!, ...b.won!].sort();
		const expected = Array.from({ length: orders.keys }, (_, k) => `key${k}`).sort();
		expect(winners).toEqual(expected); // every key won once, none twice
		// Both processes really competed: each dropped re-sends the other (or itself) had won.
		expect(a.stats!.dropped + b.stats!.dropped).toBe(orders.keys * (2 * orders.attemptsPerKey - 1));
		expect(a.stats!.rejected + b.stats!.rejected).toBe(0);
	}, 60_000);

	it('confirms a key for the whole window, and drops re-sends meanwhile', async () => {
		const gate = new ResendGate({ store: store(), prefix: `${PREFIX}confirm:`, windowMs: 600_000 });
		const first = await gate.admit('k');
		if (first.action !== 'pass') throw new Error(`expected pass, got ${first.action}`);
		expect(await admin.pttl(`${PREFIX}confirm:k`)).toBeLessThanOrEqual(15_000);
		await first.ticket!.settle(true);
		const ttl = await admin.pttl(`${PREFIX}confirm:k`);
		expect(ttl).toBeGreaterThan(590_000);
		expect(ttl).toBeLessThanOrEqual(600_000);
		expect(await gate.admit('k')).toEqual({ action: 'drop' });
	});

	it('lets a re-send through at once when the acknowledgement failed, and after the pending expiry when n8n died', async () => {
		const gate = new ResendGate({
			store: store(),
			prefix: `${PREFIX}pending:`,
			windowMs: 600_000,
			pendingMs: 400,
		});
		const failed = await gate.admit('released');
		if (failed.action !== 'pass') throw new Error('expected pass');
		await failed.ticket!.settle(false);
		expect((await gate.admit('released')).action).toBe('pass');

		const died = await gate.admit('died'); // never settled: the process "died"
		expect(died.action).toBe('pass');
		const started = Date.now();
		const resend = await gate.admit('died');
		expect(resend.action).toBe('pass');
		expect(Date.now() - started).toBeGreaterThanOrEqual(300);
		expect(gate.stats.waited).toBe(1);
	});

	it('answers 503 resend_gate_unavailable within a bounded time when Redis is unreachable', async () => {
		const port = await closedPort();
		const gate = new ResendGate({ store: store({ host: '127.0.0.1', port }), prefix: `${PREFIX}down:` });
		const durations: number[] = [];
		for (let i = 0; i < 5; i++) {
			const started = Date.now();
			const verdict = await gate.admit(`k${i}`);
			durations.push(Date.now() - started);
			expect(verdict).toMatchObject({
				action: 'reject',
				status: 503,
				error: { code: 'resend_gate_unavailable' },
			});
		}
		// Generous for a loaded 2-core machine; without the timeouts each attempt waits for reconnects.
		expect(Math.max(...durations)).toBeLessThan(1_000);
		const lenient = new ResendGate({
			store: store({ host: '127.0.0.1', port }),
			prefix: `${PREFIX}down:`,
			whenUnavailable: 'pass',
		});
		expect(await lenient.admit('k')).toEqual({ action: 'pass' });
	});
});
