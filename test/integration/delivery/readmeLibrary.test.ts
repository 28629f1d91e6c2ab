// README "Use the core without n8n": its render-and-deliver example runs as written (the package
// name resolved to lib/, its example host to a loopback server), and every `// a === b` claim in it
// holds, so the example cannot drift from the library.
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as lib from '../../../lib';
import { startLoopback, type Loopback } from './loopback';

const ROOT = path.join(__dirname, '..', '..', '..');
const EXAMPLE_ORIGIN = 'https://net.example';

/** The `js` blocks of the README's "## Use the core without n8n" section. */
function sectionBlocks(): string[] {
	const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
	const start = readme.indexOf('\n## Use the core without n8n\n');
	if (start === -1) throw new Error('README.md has no "## Use the core without n8n" section');
	const end = readme.indexOf('\n## ', start + 1);
	const section = readme.slice(start, end === -1 ? undefined : end);
	return [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]);
}

/** `// a === b, c === d` comments → ['a === b', 'c === d']. */
function claims(code: string): string[] {
	return [...code.matchAll(/^\s*\/\/ (.+)$/gm)]
		.flatMap((match) => match[1].split(/, (?=[\w.]+ === )/))
		.filter((claim) => / === /.test(claim));
}

describe('README: render and deliver without n8n', () => {
	let server: Loopback;
	const received: Array<{ method?: string; url?: string; body: string; headers: object }> = [];
	beforeAll(async () => {
		server = await startLoopback((request, response, body) => {
			received.push({
				method: request.method,
				url: request.url,
				body: body.toString('utf8'),
				headers: request.headers,
			});
			response.end('ok');
		});
	});
	afterAll(async () => server.close());

	it('runs the example against a local server, and its claims hold', async () => {
		const block = sectionBlocks().find((code) => code.includes('renderCallback('));
		expect(block).toBeDefined();
		const code = block!.split(EXAMPLE_ORIGIN).join(server.origin);

		// The package's name resolves to lib/; deliverBatch is watched so the run can be awaited.
		const delivered: Array<Promise<lib.DeliveryResult[]>> = [];
		const library = {
			...lib,
			deliverBatch: (...args: Parameters<typeof lib.deliverBatch>) => {
				const promise = lib.deliverBatch(...args);
				delivered.push(promise);
				return promise;
			},
		};
		const requireStub = (name: string) => {
			if (name !== 'n8n-nodes-mmp-postback') throw new Error(`unexpected require(${name})`);
			return library;
		};
		const run = new Function('require', `${code}\nreturn { callback };`) as (
			require: typeof requireStub,
		) => { callback: lib.RenderedCallback };
		const { callback } = run(requireStub);
		expect(delivered).toHaveLength(1);
		const [result] = await delivered[0];

		const scope: Record<string, unknown> = { callback, result };
		const checked = claims(code);
		expect(checked.length).toBeGreaterThanOrEqual(5);
		for (const claim of checked) {
			const holds = new Function(...Object.keys(scope), `return (${claim});`)(
				...Object.values(scope),
			);
			expect({ claim, holds }).toEqual({ claim, holds: true });
		}

		expect(received).toEqual([
			{
				method: 'POST',
				url: '/pb?click_id=abc%20123&payout=1.5',
				body: '{"event":"install"}',
				headers: expect.objectContaining({
					'content-type': 'application/json',
					'idempotency-key': 'install-abc-123',
				}),
			},
		]);
	});
});
