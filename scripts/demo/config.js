// Fixed settings of the local demo that `npm start` runs. Everything lives under .cache/demo, so a
// restart keeps the owner, the workflows and their executions; delete that folder to start over.
'use strict';
const path = require('node:path');
const { ROOT } = require('../lib/n8n-install');

const DEMO_DIR = process.env.MMP_DEMO_DIR || path.join(ROOT, '.cache/demo');

module.exports = {
	DEMO_DIR,
	LOG_FILE: path.join(DEMO_DIR, 'n8n.log'),
	EXAMPLES_DIR: path.join(ROOT, 'examples/workflows'),
	/** examples/workflows/mmp-trigger-demo.json: the workflow the printed curls target. */
	DEMO_WORKFLOW_ID: 'mmpTriggerDemo01',
	/** n8n's usual ports; free ones are picked when these are taken. */
	PREFERRED_PORT: Number(process.env.N8N_PORT || 5678),
	PREFERRED_BROKER_PORT: 5679,
	/** The demo's login. Local only: n8n listens on 127.0.0.1. */
	OWNER: {
		email: process.env.MMP_DEMO_EMAIL || 'demo@example.com',
		firstName: 'Demo',
		lastName: 'Owner',
		password: process.env.MMP_DEMO_PASSWORD || 'Demo-Passw0rd!',
	},
};
