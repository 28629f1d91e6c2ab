#!/usr/bin/env node
// `npm run bench:send`: 10,000 postbacks to a local keep-alive node:http server (its own process,
// 127.0.0.1) at concurrency 50, through
//
//   (a) Send Postback, run in-process by n8n-core's WorkflowExecute (Start → Send Postback)
//   (b) n8n's HTTP Request node (n8n-nodes-base 2.41.1, V3 at typeVersion 4.2), same engine:
//       (b1) alone, with Options → Batching 50 items / 0 ms. In V3 an interval of 0 disables the
//            pause, and the node starts every item's request before awaiting any, so this is really
//            "all 10,000 at once": nothing in the node can cap concurrency at 50;
//       (b2) Loop Over Items (batch size 50) → HTTP Request → back to the loop: what a user builds
//            to keep at most 50 requests in flight. Its per-batch engine overhead is part of it.
//   (c) a raw `undici.request()` loop, 50 workers sharing an Agent with 50 connections (the ceiling)
//   (engine) Send Postback's delivery engine (`deliverEach`) called directly, without n8n: shows
//            how much of (a) is n8n's item handling and how much is the engine.
//   (floor)  Start → NoOp, no HTTP (not run by default): n8n's own cost of passing the items on.
//
// Every variant sends the same GET with the same Idempotency-Key header to the same server, after
// a 500-item warm-up in the same process (excluded). Each runs in a fresh child process, so peak RSS
// (`maxRSS`) is its own. Client CPU is user + system time of that process during the measured run,
// per item. The variants run interleaved for --rounds rounds; each variant's median run (by
// throughput) is reported. Ratios against (b) use the faster HTTP Request variant.
//
// Options: --items=10000 --concurrency=50 --warmup=500 --rounds=3 --only=a,b1,b2,c,engine[,floor]
//          --timeout=180 (per run)
//          --profile=a   (writes a V8 CPU profile of that variant's measured run to
//                         .tmp/bench-send/<variant>.cpuprofile; its numbers then include the profiler)
'use strict';
const { fork } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { benchArgs } = require('../scripts/lib/bench-args');

const ROOT = path.resolve(__dirname, '..');
const args = benchArgs();
const ITEMS = Number(args.items ?? 10_000);
const CONCURRENCY = Number(args.concurrency ?? 50);
const WARMUP = Number(args.warmup ?? 500);
const TIMEOUT_MS = Number(args.timeout ?? 180) * 1000;
const ROUNDS = Number(args.rounds ?? 3);
const VARIANTS = {
	a: 'Send Postback (in-process n8n)',
	b1: 'HTTP Request node, batching 50/0 ms',
	b2: 'Loop Over Items 50 → HTTP Request',
	c: 'raw undici.request + Agent',
	engine: 'deliverBatch (engine, no n8n)',
	floor: 'Start → NoOp (n8n item cost, no HTTP)',
};
const ONLY = (args.only ?? 'a,b1,b2,c,engine').split(',');
const BUILD_DIR = path.join(ROOT, '.tmp', 'bench-send');

if (args.role === 'server') runServer();
else if (args.role === 'client') runClient(args.variant, Number(args.port)).catch(fail);
else main().catch(fail);

function fail(error) {
	console.error(error);
	process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// Orchestrator

async function main() {
	console.log(
		`bench:send — ${ITEMS} postbacks, concurrency ${CONCURRENCY}, warm-up ${WARMUP}, ${ROUNDS} round(s), Node ${process.version}, ${os.cpus().length} CPU(s), load ${os.loadavg()[0].toFixed(1)}`,
	);
	for (const variant of ONLY)
		if (!VARIANTS[variant]) throw new Error(`Unknown variant "${variant}"`);
	buildBundles();
	const server = await startChild(['--role=server']);
	const port = (await server.next('listening')).port;
	const runs = Object.fromEntries(ONLY.map((variant) => [variant, []]));
	try {
		// Rounds interleave the variants, so a noisy moment on a shared machine hits them all.
		for (let round = 1; round <= ROUNDS; round++) {
			for (const variant of ONLY) {
				const result = await measure(server, port, variant);
				runs[variant].push(result);
				printRow(`${variant}#${round}`, VARIANTS[variant], result);
			}
		}
	} finally {
		server.kill();
	}
	const results = Object.fromEntries(ONLY.map((variant) => [variant, median(runs[variant])]));
	if (ROUNDS > 1) {
		console.log(`\nMedians of ${ROUNDS} rounds:`);
		for (const variant of ONLY) printRow(variant, VARIANTS[variant], results[variant]);
	}
	printRatios(results, runs);
}

async function measure(server, port, variant) {
	server.send({ type: 'reset' });
	await server.next('reset');
	const client = await startChild([
		// The client sizes its run from --items/--warmup/--concurrency: pass the user's options on.
		...process.argv.slice(2).filter((a) => !/^--(role|variant|port|profile)=/.test(a)),
		`--role=client`,
		`--variant=${variant}`,
		`--port=${port}`,
		...(args.profile === variant ? ['--profile=true'] : []),
	]);
	const exited = new Promise((resolve) => client.once('exit', resolve));
	let timer;
	const result = await Promise.race([
		client.next('result'),
		new Promise((_, reject) => {
			timer = setTimeout(
				() => reject(new Error(`timed out after ${TIMEOUT_MS / 1000} s`)),
				TIMEOUT_MS,
			);
		}),
	]).catch((error) => ({ error: error.message }));
	clearTimeout(timer);
	// The client exits by itself after reporting (writing its CPU profile, if asked).
	const killer = setTimeout(() => client.kill(), 10_000);
	await exited;
	clearTimeout(killer);
	server.send({ type: 'stats' });
	return { ...result, server: await server.next('stats') };
}

/** Per variant, the run with the median throughput (its CPU and RSS are reported with it). */
function median(results) {
	const ok = results.filter((r) => !r.error).sort((a, b) => a.ms - b.ms);
	if (ok.length === 0) return results[0];
	return ok[Math.floor(ok.length / 2)];
}

function rate(r) {
	return r && !r.error ? (r.items / r.ms) * 1000 : undefined;
}

function printRow(label, title, r) {
	if (r.error) {
		console.log(`${label.padEnd(9)} ${title.padEnd(38)} ERROR ${r.error}`);
		return;
	}
	console.log(
		[
			label.padEnd(9),
			title.padEnd(38),
			`${String(Math.round(rate(r))).padStart(6)} items/s`,
			`${(r.cpuUs / r.items).toFixed(0).padStart(5)} µs CPU/item`,
			`peak RSS ${String(Math.round(r.maxRssKb / 1024)).padStart(4)} MB`,
			`ok ${r.ok}/${r.items}`,
			`server: ${r.server.requests} req, ${r.server.connections} new conn, max ${r.server.maxOpen} open`,
		].join('  '),
	);
}

/**
 * Ratios of the medians, and the median of per-round ratios: on a shared machine the load drifts
 * between rounds, and runs in the same round saw about the same load.
 */
function printRatios(results, runs) {
	const httpVariant = ['b1', 'b2']
		.filter((v) => rate(results[v]))
		.sort((x, y) => rate(results[y]) - rate(results[x]))[0];
	const cpu = (r) => r.cpuUs / r.items;
	const line = (label, x, y, target) => {
		if (!rate(results[x]) || !rate(results[y])) return;
		const perRound = runs[x]
			.map((run, i) => (rate(run) && rate(runs[y][i]) ? rate(run) / rate(runs[y][i]) : undefined))
			.filter((ratio) => ratio !== undefined)
			.sort((p, q) => p - q);
		const roundMedian = perRound[Math.floor(perRound.length / 2)];
		console.log(
			`${label}: ${(rate(results[x]) / rate(results[y])).toFixed(2)}x items/s (per round: ${perRound.map((r) => r.toFixed(2)).join(', ')}; median ${roundMedian.toFixed(2)}x), client CPU ${cpu(results[x]).toFixed(0)} vs ${cpu(results[y]).toFixed(0)} µs/item${target ? `  (target ${target})` : ''}`,
		);
	};
	console.log('');
	if (httpVariant)
		line(
			`Send Postback / HTTP Request node (${httpVariant}, the faster)`,
			'a',
			httpVariant,
			'≥ 5x',
		);
	line('Send Postback / raw undici', 'a', 'c', '≥ 0.7x');
	line('engine alone / raw undici', 'engine', 'c');
	fs.mkdirSync(BUILD_DIR, { recursive: true });
	fs.writeFileSync(
		path.join(BUILD_DIR, 'results.json'),
		JSON.stringify({ results, runs }, null, 2),
	);
	console.log(`(all runs: ${path.relative(ROOT, path.join(BUILD_DIR, 'results.json'))})`);
}

/** Bundles the node, the engine and the in-process harness (esbuild; n8n packages stay external). */
function buildBundles() {
	const esbuild = require('esbuild');
	fs.mkdirSync(BUILD_DIR, { recursive: true });
	const common = {
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		logLevel: 'warning',
	};
	if (ONLY.includes('a'))
		esbuild.buildSync({
			...common,
			entryPoints: [path.join(ROOT, 'nodes/SendPostback/SendPostback.node.ts')],
			outfile: path.join(BUILD_DIR, 'SendPostback.node.js'),
			external: ['n8n-workflow'],
		});
	if (ONLY.includes('engine'))
		esbuild.buildSync({
			...common,
			entryPoints: [path.join(ROOT, 'lib/delivery/index.ts')],
			outfile: path.join(BUILD_DIR, 'delivery.js'),
		});
	esbuild.buildSync({
		...common,
		entryPoints: [path.join(ROOT, 'test/support/inProcess.ts')],
		outfile: path.join(BUILD_DIR, 'inProcess.js'),
		external: ['n8n-workflow', 'n8n-core'],
	});
}

/** Forks this script in another role; `next(type)` resolves with the next message of that type. */
function startChild(argv) {
	const child = fork(__filename, argv, {
		cwd: ROOT,
		env: {
			...process.env,
			NODE_PATH: path.join(ROOT, 'node_modules'),
			N8N_USER_FOLDER: fs.mkdtempSync(path.join(os.tmpdir(), 'bench-send-n8n-')),
			N8N_RUNNERS_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_LOG_LEVEL: 'silent',
		},
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const waiting = new Map();
	const queued = new Map();
	child.on('message', (message) => {
		const resolve = waiting.get(message.type);
		if (resolve) {
			waiting.delete(message.type);
			resolve(message);
		} else queued.set(message.type, message);
	});
	child.on('exit', (code) => {
		for (const [type, resolve] of waiting) resolve({ type, error: `child exited with ${code}` });
	});
	child.next = (type) =>
		new Promise((resolve) => {
			if (queued.has(type)) {
				resolve(queued.get(type));
				queued.delete(type);
			} else waiting.set(type, resolve);
		});
	return Promise.resolve(child);
}

// ---------------------------------------------------------------------------------------------
// Server: keep-alive node:http answering 200 "OK"; counts requests, connections, peak in-flight.

function runServer() {
	let requests = 0;
	let connections = 0;
	let open = 0;
	let maxOpen = 0;
	const server = http.createServer((req, res) => {
		requests++;
		req.resume();
		req.on('end', () => {
			res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2 });
			res.end('OK');
		});
	});
	server.keepAliveTimeout = 60_000;
	server.headersTimeout = 61_000;
	server.on('connection', (socket) => {
		connections++;
		if (++open > maxOpen) maxOpen = open;
		socket.on('close', () => open--);
	});
	server.listen(0, '127.0.0.1', () =>
		process.send({ type: 'listening', port: server.address().port }),
	);
	process.on('message', (message) => {
		if (message.type === 'reset') {
			requests = connections = 0;
			maxOpen = open;
			process.send({ type: 'reset' });
		} else if (message.type === 'stats') {
			process.send({ type: 'stats', requests, connections, maxOpen });
		}
	});
	process.on('disconnect', () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------
// Clients

function itemsFor(port, count, offset) {
	return Array.from({ length: count }, (_, i) => {
		const n = offset + i;
		return {
			json: {
				dedup_key: `bench-${n}`,
				callback: {
					url: `http://127.0.0.1:${port}/postback?click_id=${n}`,
					method: 'GET',
					headers: {},
					body: '',
				},
			},
		};
	});
}

async function runClient(variant, port) {
	const run = await clientFor(variant, port);
	await run(itemsFor(port, WARMUP, 0));
	process.send({ type: 'warm' });
	const items = itemsFor(port, ITEMS, WARMUP);
	const profiler = args.profile === 'true' ? await startProfiler() : undefined;
	const cpu0 = process.cpuUsage();
	const t0 = process.hrtime.bigint();
	const ok = await run(items);
	const ms = Number(process.hrtime.bigint() - t0) / 1e6;
	const cpu = process.cpuUsage(cpu0);
	if (profiler) await profiler.stop(path.join(BUILD_DIR, `${variant}.cpuprofile`));
	process.send({
		type: 'result',
		items: ITEMS,
		ok,
		ms,
		cpuUs: cpu.user + cpu.system,
		maxRssKb: process.resourceUsage().maxRSS,
	});
	process.exit(0);
}

/** A V8 CPU profile of the measured run only (not module loading or the warm-up). */
async function startProfiler() {
	const inspector = require('node:inspector');
	const session = new inspector.Session();
	session.connect();
	const post = (method, params) =>
		new Promise((resolve, reject) =>
			session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
		);
	await post('Profiler.enable');
	await post('Profiler.setSamplingInterval', { interval: 100 });
	await post('Profiler.start');
	return {
		async stop(file) {
			const { profile } = await post('Profiler.stop');
			fs.writeFileSync(file, JSON.stringify(profile));
			session.disconnect();
		},
	};
}

async function clientFor(variant, port) {
	switch (variant) {
		case 'c':
			return rawUndici();
		case 'engine':
			return engineDirect();
		case 'a':
			return inProcess(sendPostbackWorkflow());
		case 'b1':
			return inProcess(httpRequestWorkflow(false));
		case 'b2':
			return inProcess(httpRequestWorkflow(true));
		case 'floor':
			return inProcess(noOpWorkflow());
		default:
			throw new Error(`Unknown variant ${variant} (port ${port})`);
	}
}

function rawUndici() {
	const { Agent, request } = require('undici');
	const dispatcher = new Agent({ connections: CONCURRENCY });
	return async (items) => {
		let next = 0;
		let ok = 0;
		const worker = async () => {
			while (next < items.length) {
				const { callback, dedup_key } = items[next++].json;
				const response = await request(callback.url, {
					method: 'GET',
					headers: { 'idempotency-key': dedup_key },
					dispatcher,
				});
				await response.body.dump();
				if (response.statusCode === 200) ok++;
			}
		};
		await Promise.all(Array.from({ length: CONCURRENCY }, worker));
		return ok;
	};
}

function engineDirect() {
	const engine = require(path.join(BUILD_DIR, 'delivery.js'));
	return async (items) => {
		const requests = items.map(({ json }) => ({
			url: json.callback.url,
			method: 'GET',
			idempotencyKey: json.dedup_key,
		}));
		const summary = await engine.deliverEach(
			requests,
			{ concurrency: CONCURRENCY, perHostConcurrency: CONCURRENCY, retry: 'fast' },
			() => {},
		);
		return summary.delivered;
	};
}

function sendPostbackWorkflow() {
	const { SendPostback } = require(path.join(BUILD_DIR, 'SendPostback.node.js'));
	return {
		types: { 'bench.sendPostback': new SendPostback() },
		nodes: [
			{
				name: 'Send Postback',
				type: 'bench.sendPostback',
				parameters: {
					retryPreset: 'fast',
					options: { concurrency: CONCURRENCY, perHostConcurrency: CONCURRENCY },
				},
			},
		],
		connections: {},
		sink: 'Send Postback',
	};
}

/** n8n's own cost of moving the items through one more node, for reference. */
function noOpWorkflow() {
	const { NoOp } = require('n8n-nodes-base/dist/nodes/NoOp/NoOp.node.js');
	return {
		types: {},
		nodes: [{ name: 'NoOp', type: 'n8n-nodes-base.noOp', parameters: {} }],
		connections: {},
		sink: 'NoOp',
		noOp: NoOp,
	};
}

function httpRequestWorkflow(loop) {
	const { HttpRequest } = require('n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node.js');
	const {
		SplitInBatches,
	} = require('n8n-nodes-base/dist/nodes/SplitInBatches/SplitInBatches.node.js');
	const request = {
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'GET',
			url: '={{ $json.callback.url }}',
			sendHeaders: true,
			headerParameters: {
				parameters: [{ name: 'Idempotency-Key', value: '={{ $json.dedup_key }}' }],
			},
			options: { batching: { batch: { batchSize: CONCURRENCY, batchInterval: 0 } } },
		},
	};
	const types = { 'n8n-nodes-base.httpRequest': new HttpRequest() };
	if (!loop) return { types, nodes: [request], connections: {}, sink: 'HTTP Request' };
	types['n8n-nodes-base.splitInBatches'] = new SplitInBatches();
	return {
		types,
		nodes: [
			{
				name: 'Loop Over Items',
				type: 'n8n-nodes-base.splitInBatches',
				typeVersion: 3,
				parameters: { batchSize: CONCURRENCY, options: {} },
			},
			{ ...request, parameters: { ...request.parameters, options: {} } },
		],
		connections: {
			'Loop Over Items': { main: [[], [{ node: 'HTTP Request', type: 'main', index: 0 }]] },
			'HTTP Request': { main: [[{ node: 'Loop Over Items', type: 'main', index: 0 }]] },
		},
		// The loop's "done" output carries every processed item once the last batch is back.
		sink: 'Loop Over Items',
		sinkOutput: 0,
		lastRun: true,
	};
}

/** Runs Start → <workflow> in-process; returns how many items came out delivered. */
function inProcess(workflow) {
	const { runWorkflow } = require(path.join(BUILD_DIR, 'inProcess.js'));
	const { NoOp } = require('n8n-nodes-base/dist/nodes/NoOp/NoOp.node.js');
	const first = workflow.nodes[0].name;
	return async (items) => {
		const { run } = await runWorkflow({
			nodes: [{ name: 'Start', type: 'n8n-nodes-base.noOp', parameters: {} }, ...workflow.nodes],
			connections: {
				Start: { main: [[{ node: first, type: 'main', index: 0 }]] },
				...workflow.connections,
			},
			nodeTypes: { 'n8n-nodes-base.noOp': new NoOp(), ...workflow.types },
			startNode: 'Start',
			startData: [items],
		});
		if (run.status !== 'success') {
			throw new Error(`workflow ended ${run.status}: ${run.data.resultData.error?.message}`);
		}
		const runs = run.data.resultData.runData[workflow.sink];
		const last = runs[runs.length - 1];
		const out = last.data.main[workflow.sinkOutput ?? 0] ?? [];
		// HTTP Request returns the response body ("OK") per item; Send Postback the Delivered output.
		return out.length;
	};
}
