#!/usr/bin/env node
// Render Callback's engine against what a user would otherwise reach for, on the same 10-macro
// postback template and values that need encoding (docs/sources.md, "Render benchmark"):
//   ours         compileTemplate(...).render(values), RFC 3986 (the default)
//   handlebars   compiled once, {{enc x}} helper = encodeURIComponent, noEscape
//   mustache     Mustache.render with Mustache.escape = encodeURIComponent (template cached)
//   naive        per-render String.replace(/\{\{(\w+)\}\}/g, encodeURIComponent callback)
//   encode-only  the floor: only encodeURIComponent on the 10 values, no output assembled
// Same process, warm-up, interleaved rounds, outputs verified byte-for-byte equal first. Every
// render's output is read (charCodeAt), which flattens V8 rope strings, so each engine pays for
// the string it builds. Rounds are timed in process CPU time (user + system), so time the process
// spends descheduled on a shared machine does not count against whichever engine was running.
// Usage: node bench/render.js [--quick]
'use strict';
const os = require('node:os');
const Handlebars = require('handlebars');
const Mustache = require('mustache');
const { requireBundled } = require('../scripts/lib/bundle-lib');

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 9;
const RENDERS = quick ? 50_000 : 150_000;
const WARMUP = quick ? 50_000 : 150_000;
const DEADLINE_MS = 50_000;

// The engine exactly as the package ships it (esbuild, CommonJS).
const { compileTemplate } = requireBundled('lib/macros/index.ts');

const NAMES = [
	['click_id', 'click_id'],
	['idfa', 'advertising_id'],
	['ip', 'ip_address'],
	['bundle', 'bundle_id'],
	['campaign', 'campaign_id'],
	['event', 'event_name'],
	['revenue', 'revenue'],
	['currency', 'currency'],
	['ts', 'timestamp'],
	['country', 'country_code'],
];
const TEMPLATE =
	'https://postback.example.net/cb?' +
	NAMES.map(([param, name]) => `${param}={{${name}}}`).join('&');
const MACROS = NAMES.map(([, name]) => name);

const CONTEXTS = [];
for (let i = 0; i < 1024; i++) {
	CONTEXTS.push({
		click_id: `clk ${i}&src=fb`,
		advertising_id: `6D92078A-8246-4BA4-AE5B-${(76104861000 + i).toString(16).toUpperCase().padStart(12, '0')}`,
		ip_address: `2001:db8::${(i * 7919).toString(16)}:1`,
		bundle_id: 'com.example.game+beta',
		campaign_id: `Été 2024 — promo #${i % 50} 🚀`,
		event_name: 'purchase complete',
		revenue: Math.round(i * 137) / 100,
		currency: 'USD',
		timestamp: 1700000000000 + i * 1000,
		country_code: i % 3 === 0 ? 'DE' : 'US',
	});
}

// --- engines -------------------------------------------------------------------------------
const ours = compileTemplate(TEMPLATE);
const oursComponent = compileTemplate(TEMPLATE, { encoding: 'component' });

Handlebars.registerHelper('enc', (value) => encodeURIComponent(value));
const hb = Handlebars.compile(TEMPLATE.replace(/\{\{(\w+)\}\}/g, '{{enc $1}}'), { noEscape: true });

Mustache.escape = encodeURIComponent;
Mustache.parse(TEMPLATE);

const NAIVE = /\{\{(\w+)\}\}/g;

const engines = {
	ours: (v) => ours.render(v).text,
	'ours (component)': (v) => oursComponent.render(v).text,
	handlebars: (v) => hb(v),
	mustache: (v) => Mustache.render(TEMPLATE, v),
	naive: (v) => TEMPLATE.replace(NAIVE, (_m, name) => encodeURIComponent(v[name])),
	'encode-only': (v) => {
		let n = 0;
		for (let i = 0; i < 10; i++) n += encodeURIComponent(v[MACROS[i]]).length;
		return n;
	},
};

// --- verification: every renderer, every context, identical bytes -------------------------
for (const values of CONTEXTS) {
	const expected = engines.handlebars(values);
	for (const [name, render] of Object.entries(engines)) {
		if (name === 'encode-only') continue;
		const got = render(values);
		if (got !== expected) {
			console.error(`output mismatch for ${name}:\n  got      ${got}\n  expected ${expected}`);
			process.exit(1);
		}
	}
}

// One loop function per engine, so no engine shares (and pollutes) another's call sites.
function makeLoop(render) {
	// eslint-disable-next-line no-new-func
	return new Function(
		'render',
		'contexts',
		`return function loop(n) {
			let sink = 0;
			for (let i = 0; i < n; i++) {
				const out = render(contexts[i & 1023]);
				sink += typeof out === 'number' ? out : out.charCodeAt(out.length >> 1);
			}
			return sink;
		};`,
	)(render, CONTEXTS);
}
const loops = Object.fromEntries(Object.entries(engines).map(([k, f]) => [k, makeLoop(f)]));

for (const loop of Object.values(loops)) loop(WARMUP);

const started = Date.now();
const samples = Object.fromEntries(Object.keys(loops).map((k) => [k, []]));
let rounds = 0;
for (; rounds < ROUNDS && Date.now() - started < DEADLINE_MS; rounds++) {
	for (const [name, loop] of Object.entries(loops)) {
		const t0 = process.cpuUsage();
		loop(RENDERS);
		const used = process.cpuUsage(t0);
		samples[name].push((RENDERS / (used.user + used.system)) * 1e6);
	}
}

const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const stats = Object.fromEntries(
	Object.entries(samples).map(([k, xs]) => [
		k,
		{ med: median(xs), min: Math.min(...xs), max: Math.max(...xs) },
	]),
);
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const hbMed = stats.handlebars.med;
const floorMed = stats['encode-only'].med;

console.log(`Render Callback engine benchmark — ${process.version}, ${os.cpus()[0].model}`);
console.log(`template: ${TEMPLATE}`);
console.log(
	`${rounds} interleaved rounds × ${fmt(RENDERS)} renders per engine, 1,024 rotating contexts, outputs verified equal\n`,
);
console.log(
	'engine              renders/s (median)   min–max                    × handlebars   × encode-only',
);
for (const [name, s] of Object.entries(stats)) {
	console.log(
		`${name.padEnd(20)}${fmt(s.med).padStart(12)}         ${`${fmt(s.min)}–${fmt(s.max)}`.padEnd(27)}${(s.med / hbMed).toFixed(2).padStart(6)}         ${(s.med / floorMed).toFixed(2).padStart(6)}`,
	);
}
const oursMed = stats.ours.med;
console.log(
	`\ntargets: ours ≥ 3.00× handlebars → ${(oursMed / hbMed).toFixed(2)}×; ours ≥ 1.00× encode-only → ${(oursMed / floorMed).toFixed(2)}×`,
);
