#!/usr/bin/env node
// Delivery engine vs a raw undici.request loop: N postbacks at concurrency C to a keep-alive
// node:http server on loopback (its own process). Each client runs in a fresh process, so CPU and
// peak RSS are its own; rounds alternate the clients and the median is printed.
//
//   node bench/deliver.js [--items 10000] [--concurrency 50] [--rounds 3] [--method GET|POST|both]
//
// lib/delivery is bundled with esbuild (undici inlined, as in dist/) into a temporary file.
'use strict';

const { fork } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const args = parseArgs(process.argv.slice(2));
const ITEMS = Number(args.items ?? 10_000);
const CONCURRENCY = Number(args.concurrency ?? 50);
const ROUNDS = Number(args.rounds ?? 3);
const WARMUP = 2000;
const BODY = JSON.stringify({
	event: 'install',
	app_id: 'com.example.game',
	advertising_id: '38400000-8cf0-11bd-b23e-10b96e40000d',
	click_id: 'c-0123456789abcdef',
	campaign: 'summer_sale_2026',
	media_source: 'partner_network',
	country: 'DE',
	revenue: '1.99',
	currency: 'EUR',
	install_time: '2026-06-01T12:00:00Z',
	dedup_key: 'af-0123456789',
});

const role = process.argv[2];
if (role === 'server') runServer();
else if (role === 'client') runClient(JSON.parse(process.argv[3])).catch(fail);
else main().catch(fail);

async function main() {
	const bundle = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-deliver-')), 'delivery.js');
	require('esbuild').buildSync({
		entryPoints: [path.join(__dirname, '..', 'lib', 'delivery', 'index.ts')],
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		outfile: bundle,
		logLevel: 'error',
	});
	const server = fork(__filename, ['server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	const port = await new Promise((resolve) => server.once('message', resolve));
	const methods =
		args.method === 'both' || !args.method ? ['GET', 'POST'] : [args.method.toUpperCase()];

	console.log(
		`bench/deliver: ${ITEMS} postbacks, concurrency ${CONCURRENCY}, ${ROUNDS} rounds (median), ` +
			`loopback keep-alive node:http server in its own process; Node ${process.version}, ` +
			`${os.cpus().length} CPUs`,
	);
	try {
		for (const method of methods) {
			const runs = { raw: [], deliverBatch: [] };
			for (let round = 0; round < ROUNDS; round++) {
				const order = round % 2 === 0 ? ['raw', 'deliverBatch'] : ['deliverBatch', 'raw'];
				for (const client of order) {
					runs[client].push(await runChild({ client, method, port, bundle }));
				}
			}
			report(method, runs);
		}
	} finally {
		server.kill();
		fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
	}
}

function report(method, runs) {
	const summary = {};
	for (const [client, results] of Object.entries(runs)) {
		summary[client] = {
			perSecond: median(results.map((r) => r.perSecond)),
			cpuMicros: median(results.map((r) => r.cpuMicros)),
			peakRssMb: median(results.map((r) => r.peakRssMb)),
			range: [
				Math.min(...results.map((r) => r.perSecond)),
				Math.max(...results.map((r) => r.perSecond)),
			],
			failed: Math.max(...results.map((r) => r.failed)),
		};
	}
	const { raw, deliverBatch } = summary;
	console.log(
		`\n${method} ${method === 'GET' ? '(postback URL with query)' : `(JSON body, ${BODY.length} B)`}`,
	);
	console.log(
		'client                         items/s [min-max]        client CPU µs/item   peak RSS MB  failed',
	);
	for (const [name, s] of [
		['raw undici.request + Agent', raw],
		['deliverBatch (lib/delivery)', deliverBatch],
	]) {
		console.log(
			`${name.padEnd(30)} ${fmt(s.perSecond).padStart(7)} [${fmt(s.range[0])}-${fmt(s.range[1])}]`.padEnd(
				57,
			) +
				`${s.cpuMicros.toFixed(0).padStart(8)}   ${s.peakRssMb.toFixed(0).padStart(14)}  ${String(s.failed).padStart(6)}`,
		);
	}
	console.log(
		`ratio deliverBatch / raw: throughput ${(deliverBatch.perSecond / raw.perSecond).toFixed(2)}x, ` +
			`CPU per item ${(deliverBatch.cpuMicros / raw.cpuMicros).toFixed(2)}x (target: throughput >= 0.70x)`,
	);
}

function runChild(options) {
	return new Promise((resolve, reject) => {
		const child = fork(__filename, ['client', JSON.stringify(options)], {
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		child.once('message', resolve);
		child.once(
			'exit',
			(code) => code !== 0 && reject(new Error(`${options.client} exited with ${code}`)),
		);
	});
}

async function runClient({ client, method, port, bundle }) {
	const origin = `http://127.0.0.1:${port}`;
	const item = (i) => ({
		url: `${origin}/postback?click_id=c${i}&event=install&revenue=1.99&currency=EUR&idfa=38400000-8cf0-11bd-b23e-10b96e40000d`,
		method,
		headers: method === 'POST' ? { 'content-type': 'application/json' } : undefined,
		body: method === 'POST' ? BODY : undefined,
		idempotencyKey: `af-${i}`,
	});
	const send = client === 'raw' ? rawClient() : engineClient(require(bundle));

	await send(item, WARMUP);
	const cpu = process.cpuUsage();
	const started = process.hrtime.bigint();
	const failed = await send(item, ITEMS);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const used = process.cpuUsage(cpu);
	process.send({
		perSecond: ITEMS / seconds,
		cpuMicros: (used.user + used.system) / ITEMS,
		peakRssMb: process.resourceUsage().maxRSS / 1024,
		failed,
	});
	process.exit(0);
}

/**
 * The ceiling: an undici Agent, C workers each awaiting request() and reading the body. Like the
 * engine (one dispatcher per run), each run opens its own Agent and closes it at the end.
 */
function rawClient() {
	const { Agent, request } = require('undici');
	return async (item, count) => {
		const dispatcher = new Agent({ connections: CONCURRENCY });
		let next = 0;
		let failed = 0;
		const worker = async () => {
			while (next < count) {
				const { url, method, headers, body, idempotencyKey } = item(next++);
				try {
					const response = await request(url, {
						dispatcher,
						method,
						headers: { ...headers, 'idempotency-key': idempotencyKey },
						body,
					});
					await response.body.text();
					if (response.statusCode !== 200) failed++;
				} catch {
					failed++;
				}
			}
		};
		await Promise.all(Array.from({ length: CONCURRENCY }, worker));
		await dispatcher.close();
		return failed;
	};
}

/**
 * The engine with its defaults (retry policy, circuit breaker, response capture, SSRF guard); each
 * run creates and closes its own dispatcher, as a Send Postback execution does.
 */
function engineClient({ deliverBatch }) {
	return async (item, count) => {
		function* items() {
			for (let i = 0; i < count; i++) yield item(i);
		}
		const results = await deliverBatch(items(), {
			concurrency: CONCURRENCY,
			perHostConcurrency: CONCURRENCY,
			useEnvProxy: false,
		});
		return results.filter((result) => !result.ok).length;
	};
}

function runServer() {
	const server = http.createServer((request, response) => {
		request.on('data', () => undefined);
		request.on('end', () => response.end('{"status":"ok"}'));
	});
	server.keepAliveTimeout = 60_000;
	server.listen(0, '127.0.0.1', () => process.send(server.address().port));
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

function fmt(n) {
	return n >= 1000 ? `${(n / 1000).toFixed(1)}k` : n.toFixed(0);
}

function parseArgs(argv) {
	const parsed = {};
	for (let i = 0; i < argv.length; i++) {
		if (argv[i].startsWith('--')) parsed[argv[i].slice(2)] = argv[i + 1];
	}
	return parsed;
}

function fail(error) {
	console.error(error);
	process.exit(1);
}
