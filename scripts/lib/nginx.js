// Runs nginx as the load balancer in front of n8n queue mode, the way users deploy it: the site
// config is examples/deploy/nginx-queue-mode.conf itself, with only its upstream `server` lines and
// its `listen` line rewritten. nginx runs as this process's child (no system service) with its own
// prefix, pid file, logs and temp paths in a throwaway directory, on 127.0.0.1 only.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { ROOT } = require('./n8n-install');
const { freePort } = require('./ports');

const TEMPLATE = path.join(ROOT, 'examples/deploy/nginx-queue-mode.conf');
const START_TIMEOUT_MS = 15_000;

/** The nginx binary (Debian's package installs /usr/sbin/nginx), or why there is none. */
function nginxAvailability() {
	for (const bin of [process.env.MMP_NGINX_BIN, '/usr/sbin/nginx', '/usr/bin/nginx']) {
		if (bin && fs.existsSync(bin)) return { ok: true, bin };
	}
	const which = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
	if (which.status === 0 && which.stdout.trim()) return { ok: true, bin: which.stdout.trim() };
	return {
		ok: false,
		reason: 'nginx is not installed (Debian: apt-get install nginx; CI: scripts/ci-system-deps.sh)',
	};
}

/** Replaces every `server` line of one upstream block with one line per address. */
function rewriteUpstream(text, name, addresses, suffix) {
	const block = new RegExp(`(upstream ${name} \\{\\n)([\\s\\S]*?)(\\n\\})`);
	if (!block.test(text)) throw new Error(`${TEMPLATE} has no upstream ${name}`);
	return text.replace(block, (_, open, body, close) => {
		const kept = body.split('\n').filter((line) => !/^\s*server\s/.test(line));
		const servers = addresses.map((address) => `\tserver ${address}${suffix};`);
		const at = kept.findIndex((line) => /^\s*keepalive\s/.test(line));
		kept.splice(at === -1 ? kept.length : at, 0, ...servers);
		return `${open}${kept.join('\n')}${close}`;
	});
}

/**
 * The site config for these processes: the template with its addresses replaced.
 * @param {{ listenPort: number; webhookPorts: number[]; mainPort: number; exposeUpstream?: boolean }} opts
 */
function renderSiteConfig(opts) {
	let text = fs.readFileSync(TEMPLATE, 'utf8');
	const suffix = / max_fails=[^\s;]+ fail_timeout=[^\s;]+/.exec(text)?.[0] ?? '';
	text = rewriteUpstream(
		text,
		'n8n_webhook_processors',
		opts.webhookPorts.map((port) => `127.0.0.1:${port}`),
		suffix,
	);
	text = rewriteUpstream(text, 'n8n_main', [`127.0.0.1:${opts.mainPort}`], '');
	if (!/^\tlisten 80;$/m.test(text)) throw new Error(`${TEMPLATE} has no "listen 80;" line`);
	text = text.replace(/^\tlisten 80;$/m, `\tlisten 127.0.0.1:${opts.listenPort};`);
	if (opts.exposeUpstream) {
		// Tests only: which processor answered (an internal address; never expose it to MMPs).
		text = text.replace(
			/(location ~ \^\/\(webhook\|webhook-waiting\)\/ \{\n)/,
			'$1\t\tadd_header X-Mmp-Upstream $upstream_addr always;\n',
		);
	}
	return text;
}

/** nginx.conf around the site config: everything nginx writes stays in `dir`. */
function mainConfig(dir, { proxyBind } = {}) {
	const temp = (name) => `\t${name}_temp_path ${path.join(dir, `${name}_temp`)};`;
	return [
		'worker_processes 1;',
		`pid ${path.join(dir, 'nginx.pid')};`,
		`error_log ${path.join(dir, 'error.log')} warn;`,
		'events { worker_connections 1024; }',
		'http {',
		`\tlog_format upstreams '$msec $status $request_method $uri $upstream_addr $upstream_status $request_time';`,
		`\taccess_log ${path.join(dir, 'access.log')} upstreams;`,
		...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp),
		// Tests: connect to n8n from another loopback address than the callers use, so the address
		// n8n sees on the socket (the proxy's) and the caller's differ as they do in production.
		...(proxyBind ? [`\tproxy_bind ${proxyBind};`] : []),
		`\tinclude ${path.join(dir, 'site.conf')};`,
		'}',
		'',
	].join('\n');
}

function canConnect(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/**
 * Starts nginx in front of the given processes.
 * @param {{ webhookPorts: number[]; mainPort: number; port?: number; exposeUpstream?: boolean;
 *   proxyBind?: string; bin?: string }} opts
 */
async function startNginx(opts) {
	const bin = opts.bin ?? nginxAvailability().bin;
	if (!bin) throw new Error(nginxAvailability().reason);
	const listenPort = opts.port ?? (await freePort());
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mmp-nginx-'));
	// nginx's workers run as nobody when started by root: they must reach the temp paths.
	fs.chmodSync(dir, 0o755);
	fs.writeFileSync(path.join(dir, 'site.conf'), renderSiteConfig({ ...opts, listenPort }));
	fs.writeFileSync(path.join(dir, 'nginx.conf'), mainConfig(dir, opts));
	const args = ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'];
	const check = spawnSync(bin, [...args, '-t'], { encoding: 'utf8' });
	if (check.status !== 0) throw new Error(`nginx rejected its config (${dir}):\n${check.stderr}`);
	const child = spawn(bin, args, { stdio: 'ignore', detached: true });
	const exited = new Promise((resolve) => child.once('exit', resolve));
	const ensureGone = () => {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			// already gone
		}
	};
	process.once('exit', ensureGone);
	const lb = {
		port: listenPort,
		url: `http://127.0.0.1:${listenPort}`,
		dir,
		pid: child.pid,
		accessLog: () => fs.readFileSync(path.join(dir, 'access.log'), 'utf8'),
		errorLog: () => fs.readFileSync(path.join(dir, 'error.log'), 'utf8'),
		async stop() {
			if (child.exitCode === null && child.signalCode === null) {
				child.kill('SIGQUIT');
				const timer = setTimeout(ensureGone, 5000);
				await exited;
				clearTimeout(timer);
			}
			process.off('exit', ensureGone);
			if (!process.env.MMP_E2E_KEEP) fs.rmSync(dir, { recursive: true, force: true });
		},
	};
	const deadline = Date.now() + START_TIMEOUT_MS;
	while (!(await canConnect(listenPort))) {
		if (child.exitCode !== null || Date.now() > deadline) {
			const log = fs.existsSync(path.join(dir, 'error.log')) ? lb.errorLog() : '';
			await lb.stop();
			throw new Error(`nginx did not come up on ${listenPort}:\n${log}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return lb;
}

module.exports = { TEMPLATE, nginxAvailability, renderSiteConfig, startNginx };
