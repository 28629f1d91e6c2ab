// DEMO STAND-INS, not the real services: a Slack-like incoming webhook and an ad network's postback
// receiver, both on 127.0.0.1 only, so the example workflows run end to end on a machine with no
// Slack workspace and no network account. `npm start` runs them beside n8n; the e2e tests run the
// same code with their own response rules.
//
// - Slack stand-in (http): POST /services/<team>/<hook>/<token> with a JSON message, answered like
//   Slack's incoming webhooks (200 `ok`, 400 `invalid_payload` / `no_text`, 404 `no_service`), and
//   now and then 429 `rate_limited` with Retry-After, as Slack does when posting faster than about
//   one message a second. GET / lists the messages received.
// - Network stand-in (https, as every network postback preset is): records every request's path and
//   raw query string, and answers what `respond` says (the demo fails some postbacks once, to show
//   retries). Its certificate is self-signed for 127.0.0.1 only, with CA:FALSE so it can vouch for
//   nothing else; n8n trusts it through NODE_EXTRA_CA_CERTS.
//
// The example workflows ship pointing at EXAMPLE_ADDRESSES; when those ports are taken, `npm start`
// (and the e2e tests) rewrite them with pointAtStandins before importing.
'use strict';
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const path = require('node:path');

/** The addresses examples/workflows/*.json use for the stand-ins. */
const EXAMPLE_ADDRESSES = { slack: '127.0.0.1:5681', network: '127.0.0.1:5682' };
const DEFAULT_PORTS = { slack: 5681, network: 5682 };
/** Webhook paths the examples post to, with the channel a real Slack webhook would post into. */
const SLACK_CHANNELS = {
	'/services/TDEMO0000/BFRAUD000/demo-stand-in-not-slack': '#mmp-fraud',
	'/services/TDEMO0000/BPOSTBACK/demo-stand-in-not-slack': '#postback-alerts',
};
const SLACK_WEBHOOK_PATH = /^\/services\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9_-]+$/;
const MAX_BODY_BYTES = 1 << 20;

/**
 * Rewrites the stand-in addresses in an example's JSON text to where the stand-ins really listen.
 * @param {string} text
 * @param {{ slack: { address: string }, network?: { address: string } }} standins
 */
function pointAtStandins(text, standins) {
	let out = text.split(EXAMPLE_ADDRESSES.slack).join(standins.slack.address);
	if (standins.network) out = out.split(EXAMPLE_ADDRESSES.network).join(standins.network.address);
	return out;
}

/**
 * The demo's network: every fourth distinct postback fails once with 503, so the editor shows a
 * retry next to the first-time deliveries.
 * @type {NetworkResponder}
 */
function demoNetworkResponse({ attempt, distinct }) {
	return distinct % 4 === 0 && attempt === 1 ? 503 : 200;
}

/**
 * @typedef {{ method: string, url: string, path: string, query: string, headers: Record<string, string>,
 *   attempt: number, distinct: number }} NetworkRequest
 *   `attempt`: how often this exact method + URL has arrived (1 the first time); `distinct`: the
 *   number of distinct method + URLs seen so far, this one included.
 * @typedef {(request: NetworkRequest) => number | { status: number, headers?: Record<string, string>, body?: string }} NetworkResponder
 */

/**
 * Starts both stand-ins. Port 0 picks a free port.
 * @param {{
 *   slackPort?: number, networkPort?: number,
 *   certDir: string,
 *   slack?: { rateLimitEvery?: number, retryAfterSeconds?: number },
 *   network?: { respond?: NetworkResponder },
 *   log?: (line: string) => void,
 * }} opts
 */
async function startStandins(opts) {
	const log = opts.log ?? (() => {});
	let tls;
	let networkUnavailable;
	try {
		tls = demoCertificate(opts.certDir);
	} catch (error) {
		networkUnavailable = error.message;
	}
	const slack = createSlackStandin(opts.slack ?? {}, log);
	const network = tls && createNetworkStandin(tls, opts.network ?? {}, log);
	const servers = [slack.server, network?.server].filter(Boolean);
	try {
		await listen(slack.server, opts.slackPort ?? 0);
		if (network) await listen(network.server, opts.networkPort ?? 0);
	} catch (error) {
		await Promise.all(servers.map(close));
		throw error;
	}
	const slackAddress = `127.0.0.1:${slack.server.address().port}`;
	const networkAddress = network && `127.0.0.1:${network.server.address().port}`;
	return {
		slack: {
			address: slackAddress,
			url: (webhookPath) => `http://${slackAddress}${webhookPath}`,
			/** Messages Slack would have posted (answered 200), oldest first. */
			messages: slack.messages,
			/** Every request with the status it got, 429s and 400s included. */
			requests: slack.requests,
		},
		network: network && {
			address: networkAddress,
			origin: `https://${networkAddress}`,
			/** Every request with the status it got, oldest first. */
			requests: network.requests,
		},
		/** Why there is no network stand-in (no openssl to make its certificate), if there is none. */
		networkUnavailable,
		/** Environment for n8n so it trusts the network stand-in (and whatever it trusted before). */
		n8nEnv: () => (tls ? { NODE_EXTRA_CA_CERTS: trustBundle(opts.certDir, tls.certFile) } : {}),
		close: () => Promise.all(servers.map(close)).then(() => {}),
	};
}

function createSlackStandin({ rateLimitEvery = 0, retryAfterSeconds = 1 }, log) {
	const messages = [];
	const requests = [];
	let valid = 0;
	const server = http.createServer(async (req, res) => {
		const url = new URL(req.url ?? '/', 'http://stand-in');
		const answer = (status, text, headers = {}) => {
			requests.push({ at: new Date().toISOString(), webhook: url.pathname, status });
			res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(text);
		};
		if (req.method === 'GET' && url.pathname === '/') {
			res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
			res.end(slackInbox(messages));
			return;
		}
		if (!SLACK_WEBHOOK_PATH.test(url.pathname)) return answer(404, 'no_service');
		if (req.method !== 'POST') return answer(405, 'invalid_method', { allow: 'POST' });
		let payload;
		try {
			payload = JSON.parse((await readBody(req)).toString('utf8'));
		} catch {
			return answer(400, 'invalid_payload');
		}
		if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
			return answer(400, 'invalid_payload');
		}
		if (typeof payload.text !== 'string' && !Array.isArray(payload.blocks)) {
			return answer(400, 'no_text');
		}
		valid++;
		if (rateLimitEvery > 0 && valid % rateLimitEvery === 0) {
			log(`[Slack stand-in] 429 rate_limited, Retry-After: ${retryAfterSeconds}`);
			return answer(429, 'rate_limited', { 'retry-after': String(retryAfterSeconds) });
		}
		const message = {
			at: new Date().toISOString(),
			webhook: url.pathname,
			channel: SLACK_CHANNELS[url.pathname] ?? url.pathname,
			payload,
			idempotencyKey: req.headers['idempotency-key'],
		};
		messages.push(message);
		log(`[Slack stand-in] ${message.channel}: ${oneLine(payload.text ?? '(blocks only)')}`);
		answer(200, 'ok');
	});
	return { server, messages, requests };
}

function createNetworkStandin(tls, { respond = demoNetworkResponse }, log) {
	const requests = [];
	const seen = new Map();
	const server = https.createServer(
		{ key: fs.readFileSync(tls.keyFile), cert: fs.readFileSync(tls.certFile) },
		async (req, res) => {
			await readBody(req).catch(() => undefined);
			const url = req.url ?? '/';
			const key = `${req.method} ${url}`;
			const attempt = (seen.get(key) ?? 0) + 1;
			seen.set(key, attempt);
			const queryAt = url.indexOf('?');
			const request = {
				method: req.method ?? '',
				url,
				path: queryAt < 0 ? url : url.slice(0, queryAt),
				query: queryAt < 0 ? '' : url.slice(queryAt + 1),
				headers: {
					'idempotency-key': String(req.headers['idempotency-key'] ?? ''),
					'user-agent': String(req.headers['user-agent'] ?? ''),
				},
				attempt,
				distinct: seen.size,
			};
			const decided = respond(request);
			const {
				status,
				headers = {},
				body,
			} = typeof decided === 'number' ? { status: decided } : decided;
			requests.push({ at: new Date().toISOString(), ...request, status });
			log(`[network stand-in] ${status} ← ${request.method} ${oneLine(url)}`);
			res
				.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers })
				.end(body ?? (status < 300 ? 'OK' : 'temporarily unavailable'));
		},
	);
	return { server, requests };
}

/**
 * A self-signed certificate for 127.0.0.1 (CA:FALSE, serverAuth only), made once with openssl and
 * reused while it is valid for another day.
 */
function demoCertificate(dir) {
	const certFile = path.join(dir, 'network-stand-in.crt');
	const keyFile = path.join(dir, 'network-stand-in.key');
	if (fs.existsSync(certFile) && fs.existsSync(keyFile)) {
		const validTo = Date.parse(new crypto.X509Certificate(fs.readFileSync(certFile)).validTo);
		if (validTo > Date.now() + 86_400_000) return { certFile, keyFile };
	}
	fs.mkdirSync(dir, { recursive: true });
	const made = spawnSync(
		'openssl',
		[
			'req',
			'-x509',
			'-newkey',
			'ec',
			'-pkeyopt',
			'ec_paramgen_curve:prime256v1',
			'-nodes',
			'-days',
			'825',
			'-subj',
			'/CN=127.0.0.1 (n8n-nodes-mmp-postback demo stand-in)',
			'-addext',
			'subjectAltName=IP:127.0.0.1',
			'-addext',
			'basicConstraints=critical,CA:FALSE',
			'-addext',
			'extendedKeyUsage=serverAuth',
			'-keyout',
			keyFile,
			'-out',
			certFile,
		],
		{ encoding: 'utf8' },
	);
	if (made.error || made.status !== 0) {
		throw new Error(
			`openssl could not make the network stand-in's TLS certificate: ${
				made.error?.message ?? made.stderr.trim()
			}`,
		);
	}
	fs.chmodSync(keyFile, 0o600);
	return { certFile, keyFile };
}

/** Our certificate plus whatever NODE_EXTRA_CA_CERTS already named (a corporate proxy's CA). */
function trustBundle(dir, certFile) {
	const inherited = process.env.NODE_EXTRA_CA_CERTS;
	if (!inherited || !fs.existsSync(inherited)) return certFile;
	const bundle = path.join(dir, 'trust-bundle.pem');
	fs.writeFileSync(
		bundle,
		`${fs.readFileSync(inherited, 'utf8').trimEnd()}\n${fs.readFileSync(certFile, 'utf8')}`,
	);
	return bundle;
}

function slackInbox(messages) {
	const lines = [
		'Demo stand-in for Slack incoming webhooks (NOT Slack). Messages received, newest first:',
		'',
	];
	for (const m of [...messages].reverse().slice(0, 200)) {
		const section = m.payload.blocks?.find((b) => b?.text?.text)?.text.text;
		lines.push(
			`${m.at}  ${m.channel}`,
			`  ${section ?? m.payload.text}`.replace(/\n/g, '\n  '),
			'',
		);
	}
	if (messages.length === 0) lines.push('(none yet: run `npm run demo:traffic`)');
	return `${lines.join('\n')}\n`;
}

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) req.destroy(new Error('body too large'));
			else chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

const oneLine = (text) =>
	(text.length > 160 ? `${text.slice(0, 157)}...` : text).replace(/\s+/g, ' ');

function listen(server, port) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
}

function close(server) {
	if (!server.listening) return Promise.resolve();
	server.closeAllConnections?.();
	return new Promise((resolve) => server.close(() => resolve()));
}

module.exports = {
	DEFAULT_PORTS,
	EXAMPLE_ADDRESSES,
	SLACK_CHANNELS,
	demoNetworkResponse,
	pointAtStandins,
	startStandins,
};
