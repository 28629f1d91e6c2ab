// Plain JS on purpose: n8n's lint bans `process` in .ts files, and n8n-core's InstanceSettings would
// otherwise write ~/.n8n/config on first use.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'mmp-jest-n8n-'));
}
process.env.N8N_RUNNERS_ENABLED = 'false';
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';
