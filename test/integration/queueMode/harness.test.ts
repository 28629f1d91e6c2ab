// The queue-mode harness's own promises, without starting n8n: the nginx site config is the shipped
// example with only its addresses replaced, and a missing service stops the start before any process.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { QueueCluster, QueuePrerequisiteError } from '../../../scripts/lib/n8n-queue';
import { renderSiteConfig, TEMPLATE } from '../../../scripts/lib/nginx';
import { QUEUE_SERVICES } from '../../../scripts/lib/queue-services';
import { freePort } from '../../../scripts/lib/ports';

describe('nginx site config (examples/deploy/nginx-queue-mode.conf)', () => {
	const rendered = renderSiteConfig({
		listenPort: 6001,
		webhookPorts: [6002, 6003, 6004],
		mainPort: 6005,
	});

	it('lists every webhook processor and main, keeps the failure settings, listens on loopback', () => {
		const webhookBlock =
			/upstream n8n_webhook_processors \{([\s\S]*?)\n\}/.exec(rendered)?.[1] ?? '';
		expect(webhookBlock.match(/^\s*server .*$/gm)).toEqual([
			'\tserver 127.0.0.1:6002 max_fails=1 fail_timeout=10s;',
			'\tserver 127.0.0.1:6003 max_fails=1 fail_timeout=10s;',
			'\tserver 127.0.0.1:6004 max_fails=1 fail_timeout=10s;',
		]);
		expect(rendered).toMatch(/upstream n8n_main \{\n\tserver 127\.0\.0\.1:6005;\n\}/);
		expect(rendered).toContain('\tlisten 127.0.0.1:6001;');
		expect(rendered).not.toMatch(/listen 80;/);
	});

	it('changes nothing but addresses: TRACE blocked, X-Forwarded-For appended, POSTs never re-sent by nginx', () => {
		const template = fs.readFileSync(TEMPLATE, 'utf8');
		const strip = (text: string) =>
			text
				.split('\n')
				.filter((line) => !/^\s*(server 127\.0\.0\.1|listen )/.test(line))
				.join('\n');
		expect(strip(rendered)).toBe(strip(template));
		expect(rendered).toMatch(/if \(\$request_method = TRACE\) \{\s*return 405;/);
		expect(rendered).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
		expect(rendered).toContain('proxy_next_upstream error timeout;');
		expect(rendered).not.toMatch(/^\s*proxy_next_upstream .*non_idempotent/m);
	});
});

describe('QueueCluster.start with a service missing', () => {
	const saved = { ...QUEUE_SERVICES.redis };
	afterEach(() => Object.assign(QUEUE_SERVICES.redis, saved));

	it('names the unreachable Redis and starts nothing', async () => {
		QUEUE_SERVICES.redis.port = await freePort(); // nothing listens there
		const dir = path.join(os.tmpdir(), `mmp-queue-unreachable-${process.pid}`);
		const started = QueueCluster.start({
			nodeBin: '/nonexistent/node',
			n8nBin: '/nonexistent/n8n',
			tarball: '/nonexistent.tgz',
			dir,
			database: 'postgres',
			prefix: 'mmp-unreachable-test',
			encryptionKey: 'x'.repeat(64),
		});
		await expect(started).rejects.toBeInstanceOf(QueuePrerequisiteError);
		await expect(started).rejects.toThrow(/Redis at 127\.0\.0\.1:\d+: connect ECONNREFUSED/);
		// Checked before anything was created or spawned.
		expect(fs.existsSync(dir)).toBe(false);
	});
});
