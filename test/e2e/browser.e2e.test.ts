// The editor as a person sees it: Debian's Chromium, driven by playwright-core, signs into a real
// n8n 2.41.1, opens each example and checks that the canvas shows our nodes with their icons and
// named outputs, wired exactly as the example's JSON says. Screenshots go to .tmp/screenshots/, or
// to docs/images/ (the README's pictures) with MMP_UPDATE_SCREENSHOTS=1.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describeRequiring } from '../support/describeRequiring';
import { describeWithN8n, useN8n, type WorkflowJson } from '../support/useN8n';

jest.setTimeout(120_000);

const ROOT = path.join(__dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(
	ROOT,
	process.env.MMP_UPDATE_SCREENSHOTS ? 'docs/images' : '.tmp/screenshots',
);
const OWNER = { email: 'owner@example.com', password: 'Passw0rd!Passw0rd' };
const OUR_TYPE = 'n8n-nodes-mmp-postback.';
const STICKY_TYPE = 'n8n-nodes-base.stickyNote';

/** The outputs each of our nodes must show, by node type. */
const OUTPUT_LABELS: Record<string, string[]> = {
	'n8n-nodes-mmp-postback.mmpTrigger': ['Attribution', 'In-App Event', 'Fraud Alert'],
	'n8n-nodes-mmp-postback.mmpNormalize': ['Attribution', 'In-App Event', 'Fraud Alert'],
	'n8n-nodes-mmp-postback.sendPostback': ['Delivered', 'Failed'],
};

function loadExamples(): WorkflowJson[] {
	const dir = path.join(ROOT, 'examples/workflows');
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as WorkflowJson);
}

/** `source → target` for every connection in the JSON, as the canvas draws edges. */
function expectedEdges(workflow: WorkflowJson): string[] {
	const edges: string[] = [];
	const connections = workflow.connections as Record<
		string,
		{ main?: Array<Array<{ node: string }> | null> }
	>;
	for (const [source, outputs] of Object.entries(connections)) {
		for (const output of outputs.main ?? []) {
			for (const link of output ?? []) edges.push(`${source} → ${link.node}`);
		}
	}
	return edges.sort();
}

describeRequiring(
	'Examples in the n8n editor (headless Chromium)',
	{
		ok: fs.existsSync(CHROMIUM),
		what: `Chromium at ${CHROMIUM}`,
		reason: 'run `bash scripts/ci-system-deps.sh` as root',
	},
	() => {
		let browser: BrowserContext;
		let page: Page;
		const examples = loadExamples();
		const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mmp-e2e-chromium-'));

		const n8n = useN8n({
			label: 'browser',
			// Credentials the examples name must exist for publishing and a clean canvas; none connects.
			credentials: [
				{
					id: 'mmpExamplePostgres',
					name: 'BI Postgres',
					type: 'postgres',
					data: { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres', password: '' },
				},
				{
					id: 'mmpExampleSlack',
					name: 'Slack account',
					type: 'slackApi',
					data: { accessToken: 'xoxb-e2e-placeholder-never-sent' },
				},
			],
			workflows: examples,
		});

		beforeAll(async () => {
			// A fresh profile every run: no cached editor bundle, no stored session.
			browser = await chromium.launchPersistentContext(profile, {
				executablePath: CHROMIUM,
				headless: true,
				viewport: { width: 1600, height: 900 },
				args: [
					'--headless',
					'--no-sandbox',
					'--disable-gpu',
					'--disable-dev-shm-usage',
					'--no-first-run',
					'--disable-background-networking',
					'--disable-component-update',
					'--disable-sync',
				],
			});
			page = browser.pages()[0] ?? (await browser.newPage());
			await page.goto(`${n8n.baseUrl}/signin`);
			await page.getByLabel('Email').fill(OWNER.email);
			await page.getByLabel('Password').fill(OWNER.password);
			await page.getByRole('button', { name: 'Sign in' }).click();
			await page.waitForURL(/\/home/, { timeout: 30_000 });
		});

		afterAll(async () => {
			await browser?.close();
			fs.rmSync(profile, { recursive: true, force: true });
		});

		it.each(examples.map((w) => [w.name, w] as const))('%s', async (_name, workflow) => {
			await page.goto(`${n8n.baseUrl}/workflow/${workflow.id}`);
			await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 30_000 });
			const expectedNodes = workflow.nodes.filter((n) => n.type !== STICKY_TYPE);
			await page.waitForFunction(
				(count) =>
					// eslint-disable-next-line @typescript-eslint/no-explicit-any
					(globalThis as any).document.querySelectorAll('[data-test-id="canvas-node"]').length ===
					count,
				expectedNodes.length,
				{ timeout: 15_000 },
			);

			const canvas = await page.evaluate(() => {
				// Runs in the page. Typed loosely: the project compiles without the DOM lib.
				// eslint-disable-next-line @typescript-eslint/no-explicit-any
				const all = (selector: string, root: any = (globalThis as any).document): any[] =>
					Array.from(root.querySelectorAll(selector));
				return {
					nodes: all('[data-test-id="canvas-node"]').map((el) => ({
						name: String(el.getAttribute('data-node-name') ?? ''),
						type: String(el.getAttribute('data-node-type') ?? ''),
						icons: all('img', el).map((img) => ({
							src: String(img.getAttribute('src') ?? ''),
							loaded: Boolean(img.complete && img.naturalWidth > 0),
						})),
					})),
					outputs: all('[data-test-id="canvas-node-output-handle"]').map((el) => ({
						node: String(el.getAttribute('data-node-name') ?? ''),
						index: Number(el.getAttribute('data-index')),
						label: String(el.textContent ?? '').trim(),
					})),
					edges: all('[data-test-id="edge"]').map(
						(el) =>
							`${el.getAttribute('data-source-node-name')} → ${el.getAttribute('data-target-node-name')}`,
					),
				};
			});

			expect(canvas.nodes.map((n) => `${n.name} (${n.type})`).sort()).toEqual(
				expectedNodes.map((n) => `${n.name} (${n.type})`).sort(),
			);
			for (const node of canvas.nodes.filter((n) => n.type.startsWith(OUR_TYPE))) {
				// Our own SVG icon, served by n8n from the installed package, actually loaded.
				const folder = node.type
					.slice(OUR_TYPE.length)
					.replace(/^./, (c: string) => c.toUpperCase());
				expect(node.icons).toEqual([
					{ src: expect.stringContaining(`/dist/nodes/${folder}/`), loaded: true },
				]);
				const labels = OUTPUT_LABELS[node.type];
				if (labels) {
					const shown = canvas.outputs
						.filter((o) => o.node === node.name)
						.sort((a, b) => a.index - b.index)
						.map((o) => o.label);
					expect(shown).toEqual(labels);
				}
			}
			expect(canvas.edges.sort()).toEqual(expectedEdges(workflow));

			// A clean picture for the docs: close the checklist popover, fit the canvas.
			await page.keyboard.press('Escape');
			await page.locator('[data-test-id="zoom-to-fit"]').click();
			await page.waitForTimeout(500);
			fs.mkdirSync(SHOTS, { recursive: true });
			await page.screenshot({ path: path.join(SHOTS, `${workflow.id}.png`) });
		});
	},
	describeWithN8n,
);
