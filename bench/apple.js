#!/usr/bin/env node
// `npm run bench:apple`: CPU per Apple postback through this package's verification, next to what a
// user would write instead. No n8n node verifies Apple postbacks, so the alternative is a Code node
// doing it by hand with node:crypto. Per vector (Apple's own examples in test/fixtures/mmp):
//   ours: parse        createCallbackParser()(request): JSON body, detection, signature check,
//                      canonical event (what MMP Trigger and MMP Normalize run per callback)
//   ours: verify       JSON.parse + verifySkanPostback / decodeJws + verifyAakJws (the check alone)
//   Code node          JSON.parse, createPublicKey(PEM), the signed fields joined with U+2063 (SKAN)
//                      or the JWS header.payload (AdAttributionKit), crypto.verify, item returned:
//                      a Code node keeps nothing between executions, so it makes the key each time
//   Code node, key kept  the same with the KeyObject made once (the floor: crypto.verify itself)
// and, for scale, an Adjust install callback (GET, from its partner guide) through `ours: parse`.
// Every variant's verdict is checked first (all verify). Same process, warm-up, interleaved rounds,
// CPU time (user + system) per item, median of rounds. Results: docs/mmp-setup/apple.md.
// Usage: node bench/apple.js [--quick] [--items=2000] [--rounds=7]
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { benchArgs } = require('../scripts/lib/bench-args');
const { requireBundled } = require('../scripts/lib/bundle-lib');
const { readCorpusFile, readGuideFile } = require('../scripts/lib/mmp-corpus');

const args = benchArgs();
const quick = args.quick === 'true';
const ITEMS = Number(args.items ?? (quick ? 500 : 2000));
const ROUNDS = Number(args.rounds ?? (quick ? 3 : 7));
const DEADLINE_MS = 90_000;
const ROOT = path.join(__dirname, '..');

// The library exactly as the package ships it (esbuild, CommonJS), as bench/render.js does.
const mmp = requireBundled('lib/mmp/index.ts');

const fixtureBody = (file) => JSON.stringify(readCorpusFile(file).request.body);
const VECTORS = [
	{
		label: 'SKAdNetwork 4.0',
		kind: 'skan',
		body: fixtureBody('skadnetwork/v4-web-fine-apple-example-post.json'),
	},
	{
		label: 'SKAdNetwork 3.0',
		kind: 'skan',
		body: fixtureBody('skadnetwork/v3-winning-apple-example-post.json'),
	},
	{
		label: 'SKAdNetwork 2.2',
		kind: 'skan',
		body: fixtureBody('skadnetwork/v22-apple-example-post.json'),
	},
	{
		label: 'AdAttributionKit JWS',
		kind: 'aak',
		body: fixtureBody('adattributionkit/developer-settings-apple-example-post.json'),
	},
];
const ADJUST_URL = (() => {
	const { guides } = readGuideFile('adjust');
	const guide = guides.find((g) => g.guide === 'Adjust: Install callbacks (partner)');
	return `/webhook/mmp${guide.templates[0].request}`;
})();

// --- ours -------------------------------------------------------------------------------------
// Compiled once, as MMP Trigger caches its settings; development keys accepted so that Apple's
// AdAttributionKit example (signed with a development key) verifies like the others.
const parse = mmp.createCallbackParser({ appleDevelopmentPostbacks: true });
const keyring = mmp.createAppleKeyring({ acceptDevelopment: true });
const APPLE_URL = '/webhook/apple/report-attribution';
const JSON_HEADERS = { 'content-type': 'application/json' };

function oursParse(body) {
	const result = parse({
		method: 'POST',
		url: APPLE_URL,
		headers: JSON_HEADERS,
		body: Buffer.from(body),
	});
	return result.ok && result.event.signature_verified === true;
}

function oursVerify(body, kind) {
	const raw = JSON.parse(body);
	const verdict =
		kind === 'skan'
			? mmp.verifySkanPostback(raw, keyring)
			: mmp.verifyAakJws(mmp.decodeJws(raw), keyring);
	return verdict.verified;
}

function adjustParse() {
	const result = parse({ method: 'GET', url: ADJUST_URL, headers: {} });
	return result.ok && result.mmp === 'adjust';
}

// --- a Code node, by hand -----------------------------------------------------------------------
const pem = (spki) =>
	`-----BEGIN PUBLIC KEY-----\n${spki.match(/.{1,64}/g).join('\n')}\n-----END PUBLIC KEY-----\n`;
const APPLE_P256_PEM = pem(mmp.SKAN_P256_SPKI);
const AAK_PEMS = Object.fromEntries(
	Object.entries(mmp.AAK_PUBLIC_KEYS).map(([kid, { spki }]) => [kid, pem(spki)]),
);

/** Apple's field order per version, as a user copies it from Apple's pages. */
function skanSignedFields(p) {
	const source = p['source-app-id'] ?? p['source-domain'];
	if (p.version === '4.0') {
		return [
			p.version,
			p['ad-network-id'],
			p['source-identifier'],
			p['app-id'],
			p['transaction-id'],
			p.redownload,
			source,
			p['fidelity-type'],
			p['did-win'],
			p['postback-sequence-index'],
		];
	}
	const fields = [
		p.version,
		p['ad-network-id'],
		p['campaign-id'],
		p['app-id'],
		p['transaction-id'],
		p.redownload,
		p['source-app-id'],
		p['fidelity-type'],
	];
	if (p.version === '3.0') fields.push(p['did-win']);
	return fields;
}

function codeNodeSkan(body, key) {
	const p = JSON.parse(body);
	const message = skanSignedFields(p)
		.filter((v) => v !== undefined)
		.join('\u2063');
	const verified = crypto.verify(
		'sha256',
		Buffer.from(message),
		key ?? crypto.createPublicKey(APPLE_P256_PEM),
		Buffer.from(p['attribution-signature'], 'base64'),
	);
	return { json: { ...p, verified } };
}

function codeNodeAak(body, keys) {
	const p = JSON.parse(body);
	const [h, payload, signature] = p['jws-string'].split('.');
	const header = JSON.parse(Buffer.from(h, 'base64url').toString());
	const verified = crypto.verify(
		'sha256',
		Buffer.from(`${h}.${payload}`),
		{
			key: keys?.[header.kid] ?? crypto.createPublicKey(AAK_PEMS[header.kid]),
			dsaEncoding: 'ieee-p1363',
		},
		Buffer.from(signature, 'base64url'),
	);
	return { json: { ...p, ...JSON.parse(Buffer.from(payload, 'base64url').toString()), verified } };
}

const KEPT_P256 = crypto.createPublicKey(APPLE_P256_PEM);
const KEPT_AAK = Object.fromEntries(
	Object.entries(AAK_PEMS).map(([kid, text]) => [kid, crypto.createPublicKey(text)]),
);
const codeNode = (body, kind, kept) =>
	(kind === 'skan'
		? codeNodeSkan(body, kept ? KEPT_P256 : undefined)
		: codeNodeAak(body, kept ? KEPT_AAK : undefined)
	).json.verified;

const VARIANTS = {
	'ours: parse': (v) => oursParse(v.body),
	'ours: verify': (v) => oursVerify(v.body, v.kind),
	'Code node': (v) => codeNode(v.body, v.kind, false),
	'Code node, key kept': (v) => codeNode(v.body, v.kind, true),
};

// --- verdicts first: every variant verifies every vector ------------------------------------------
for (const v of VECTORS) {
	for (const [name, run] of Object.entries(VARIANTS)) {
		if (run(v) !== true) throw new Error(`${name} does not verify ${v.label}`);
	}
}
if (!adjustParse()) throw new Error('the Adjust callback does not parse as adjust');

// --- measurement -----------------------------------------------------------------------------------
// One loop per (vector, variant) so that no call site is shared between them.
function makeLoop(run, vector) {
	// eslint-disable-next-line no-new-func
	return new Function(
		'run',
		'vector',
		`return function loop(n) {
			let ok = 0;
			for (let i = 0; i < n; i++) if (run(vector)) ok++;
			if (ok !== n) throw new Error('a verdict changed while measuring');
		};`,
	)(run, vector);
}
const cases = [
	...VECTORS.flatMap((v) =>
		Object.entries(VARIANTS).map(([name, run]) => ({
			key: `${v.label}|${name}`,
			loop: makeLoop(run, v),
		})),
	),
	{ key: 'Adjust GET|ours: parse', loop: makeLoop(adjustParse, undefined) },
];

for (const c of cases) c.loop(Math.max(200, ITEMS >> 1));

const samples = new Map(cases.map((c) => [c.key, []]));
const started = Date.now();
let rounds = 0;
for (; rounds < ROUNDS && Date.now() - started < DEADLINE_MS; rounds++) {
	// Interleaved, rotated each round, so a noisy neighbour slows every case alike.
	for (let i = 0; i < cases.length; i++) {
		const c = cases[(i + rounds) % cases.length];
		const t0 = process.cpuUsage();
		c.loop(ITEMS);
		const used = process.cpuUsage(t0);
		samples.get(c.key).push((used.user + used.system) / ITEMS);
	}
}

const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const us = (key) => median(samples.get(key));
const fmt = (n) => n.toFixed(1).padStart(7);
const ratio = (a, b) => `${(a / b).toFixed(2)}x`.padStart(6);

const adjust = us('Adjust GET|ours: parse');
console.log(
	`Apple postback verification — ${process.version}, ${os.cpus()[0].model}, ${os.cpus().length} CPUs`,
);
console.log(
	`${rounds} interleaved rounds × ${ITEMS} postbacks per case; µs = CPU (user + system) per postback, median of rounds; ` +
		`load average ${os.loadavg()[0].toFixed(1)}`,
);
console.log(
	`context: an Adjust install callback (GET) through ours: parse = ${adjust.toFixed(1)} µs\n`,
);
console.log(
	'vector                  ours: parse  ours: verify  Code node  key kept   parse/Code  verify/Code  parse/Adjust',
);
const rows = [];
for (const v of VECTORS) {
	const row = Object.fromEntries(
		Object.keys(VARIANTS).map((name) => [name, us(`${v.label}|${name}`)]),
	);
	rows.push({ vector: v.label, ...row });
	console.log(
		`${v.label.padEnd(22)}  ${fmt(row['ours: parse'])}      ${fmt(row['ours: verify'])}    ${fmt(row['Code node'])}  ${fmt(row['Code node, key kept'])}    ` +
			`${ratio(row['ours: parse'], row['Code node'])}      ${ratio(row['ours: verify'], row['Code node'])}       ${ratio(row['ours: parse'], adjust)}`,
	);
}
fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
fs.writeFileSync(
	path.join(ROOT, '.tmp/bench-apple.json'),
	JSON.stringify({ items: ITEMS, rounds, adjustParseUs: adjust, rows }, null, 2),
);
