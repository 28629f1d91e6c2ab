// What `npm start` prints once everything is up: where to click, how to sign in, and a curl per MMP
// that lands on the demo workflow, each labelled with the output it will take.
'use strict';
const path = require('node:path');
const { ROOT } = require('../lib/n8n-install');
const { DEMO_DIR, DEMO_WORKFLOW_ID, LOG_FILE } = require('./config');
const { SAMPLE_CALLBACKS, sampleCurl, sampleRequest } = require('./sample-callbacks');

const MMP_TRIGGER_TYPE = 'n8n-nodes-mmp-postback.mmpTrigger';

/**
 * The output the trigger will route a sample to, computed with the package's own core library
 * (dist/, just built), so the label cannot drift from the node's behaviour.
 */
function expectedOutput(lib, sample, webhookUrl) {
	const { method, url, body } = sampleRequest(sample, webhookUrl);
	const { pathname, search } = new URL(url);
	const headers = body ? { 'content-type': 'application/json' } : {};
	const parsed = lib.parseCallback({ method, url: pathname + search, headers, body });
	if (!parsed.ok) return `rejected: ${parsed.status} ${parsed.error.code}`;
	return `${lib.TRIGGER_OUTPUT_NAMES[lib.routeEvent(parsed.event)]} (${parsed.event.event_kind})`;
}

function printBanner({ n8n, workflows, owner, unpublished = new Map(), standins }) {
	const lib = require(ROOT);
	const rel = (p) => {
		const relative = path.relative(process.cwd(), p);
		return relative.startsWith('..') ? p : relative || '.';
	};
	const out = [];
	out.push('', `n8n 2.41.1 is running with n8n-nodes-mmp-postback: ${n8n.baseUrl}`);
	out.push(`  sign in:  ${owner.email} / ${owner.password}`, '');
	out.push('Published workflows:');
	for (const wf of workflows.filter((w) => !unpublished.has(w.id))) {
		out.push(`  ${wf.name}: ${n8n.baseUrl}/workflow/${wf.id}`);
	}
	const waiting = workflows.filter((w) => unpublished.has(w.id));
	if (waiting.length > 0) out.push('Imported, not published:');
	for (const wf of waiting) {
		out.push(`  ${wf.name}: ${n8n.baseUrl}/workflow/${wf.id} (${unpublished.get(wf.id)})`);
	}
	if (standins) {
		out.push('', 'Demo stand-ins on 127.0.0.1, NOT the real services; the examples post to them:');
		out.push(
			`  Slack incoming webhooks: http://${standins.slack.address}/ lists the messages received;` +
				' now and then it answers 429 + Retry-After, as Slack does',
		);
		out.push(
			standins.network
				? `  Ad network postbacks: ${standins.network.origin} (TLS, trusted by this n8n only); each one is logged here`
				: `  Ad network postbacks: not running (${standins.networkUnavailable})`,
		);
	}

	const demo = workflows.find((wf) => wf.id === DEMO_WORKFLOW_ID);
	const trigger = demo?.nodes.find((node) => node.type === MMP_TRIGGER_TYPE);
	if (trigger) {
		const webhookUrl = n8n.webhookUrl(trigger.parameters.path);
		out.push('', `MMP callbacks go to ${webhookUrl}`);
		out.push('Send one per MMP (then open Executions in the editor):');
		for (const sample of SAMPLE_CALLBACKS) {
			out.push('', `# ${sample.title} → ${expectedOutput(lib, sample, webhookUrl)}`);
			out.push(sampleCurl(sample, webhookUrl));
		}
	}
	if (standins) {
		out.push(
			'',
			'Or replay realistic callbacks from all six MMPs, fraud included (another terminal):',
		);
		out.push('  npm run demo:traffic');
	}
	out.push(
		'',
		`Log: ${rel(LOG_FILE)}. State is kept in ${rel(DEMO_DIR)} (delete it to start over).`,
	);
	out.push('Ctrl-C stops n8n.', '');
	console.log(out.join('\n'));
}

module.exports = { printBanner };
