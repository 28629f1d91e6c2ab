// A separate process competing for the same re-send keys through Redis (bundled by the test with
// esbuild and forked). It connects, says "ready", waits for "go", then admits every attempt at once
// and reports which keys it won.
import { RedisResendStore, ResendGate } from '../../../lib/inbound/resendGate';

interface Orders {
	prefix: string;
	keys: number;
	attemptsPerKey: number;
}

async function main(): Promise<void> {
	const orders = JSON.parse(process.argv[2]) as Orders;
	const store = new RedisResendStore({ host: '127.0.0.1', port: 6379 }, { commandTimeoutMs: 5000 });
	const gate = new ResendGate({ store, prefix: orders.prefix, windowMs: 60_000 });
	await store.release(`${orders.prefix}warm-up`, 'none'); // connected and scripts loaded
	process.send!({ ready: true });
	await new Promise((resolve) => process.once('message', resolve));
	const attempts: Array<Promise<string | undefined>> = [];
	for (let a = 0; a < orders.attemptsPerKey; a++) {
		for (let k = 0; k < orders.keys; k++) {
			attempts.push(
				gate.admit(`key${k}`).then(async (verdict) => {
					if (verdict.action === 'reject') throw new Error(JSON.stringify(verdict));
					if (verdict.action !== 'pass') return undefined;
					await verdict.ticket!.settle(true);
					return `key${k}`;
				}),
			);
		}
	}
	const won = (await Promise.all(attempts)).filter((key) => key !== undefined);
	process.send!({ won, stats: gate.stats }, () => {
		void store.close().then(() => process.exit(0));
	});
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
