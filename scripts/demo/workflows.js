// The example workflows `npm start` imports and publishes. An example is re-imported only when its
// file changed since the last start, so edits made in the editor survive restarts otherwise.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { webhookPaths } = require('../lib/n8n-instance');
const { DEMO_DIR, EXAMPLES_DIR } = require('./config');

const STAMP_FILE = path.join(DEMO_DIR, 'imported-examples.json');

/**
 * Every examples/workflows/*.json, parsed, in file-name order. `transform` rewrites a file's text
 * before it is parsed and hashed (npm start points the examples at the demo stand-ins with it).
 */
function loadExamples(dir = EXAMPLES_DIR, transform = (text) => text) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const text = transform(fs.readFileSync(path.join(dir, file), 'utf8'));
			const workflow = JSON.parse(text);
			if (!workflow.id) throw new Error(`examples/workflows/${file} needs a fixed "id"`);
			return { file, workflow, hash: crypto.createHash('sha256').update(text).digest('hex') };
		});
}

function readStamps() {
	try {
		return JSON.parse(fs.readFileSync(STAMP_FILE, 'utf8'));
	} catch {
		return {};
	}
}

/**
 * Imports new or changed examples (one CLI call) and publishes every example but `unpublished`
 * (examples whose prerequisites are missing, e.g. the BI example without PostgreSQL).
 * @param {import('../lib/n8n-instance').N8nInstance} n8n
 * @param {{ log: (line: string) => void, unpublished?: Set<string>,
 *   transform?: (text: string) => string, routedOn?: import('../lib/n8n-instance').N8nInstance[] }} io
 *   routedOn: the processes that must route the webhooks (queue mode: the webhook processors)
 */
async function importAndPublishExamples(
	n8n,
	{ log, unpublished = new Set(), transform, routedOn },
) {
	const examples = loadExamples(EXAMPLES_DIR, transform);
	const stamps = readStamps();
	const changed = [];
	for (const e of examples) {
		// Deleted in the editor since the last start: bring it back.
		const res = await n8n.fetchRaw('GET', `/api/v1/workflows/${e.workflow.id}`, { apiKey: true });
		await res.body?.cancel();
		if (stamps[e.workflow.id] !== e.hash || res.status === 404) changed.push(e);
	}
	if (changed.length > 0) {
		log(`importing ${changed.map((e) => e.file).join(', ')}`);
		await n8n.importWorkflows(changed.map((e) => e.workflow));
		for (const e of changed) stamps[e.workflow.id] = e.hash;
		fs.writeFileSync(STAMP_FILE, JSON.stringify(stamps, null, 2));
	}
	for (const { workflow } of examples) {
		if (unpublished.has(workflow.id)) continue;
		await n8n.publish(workflow.id, {
			webhookPaths: webhookPaths(workflow),
			...(routedOn ? { routedOn } : {}),
		});
	}
	return examples.map((e) => e.workflow);
}

module.exports = { loadExamples, importAndPublishExamples };
