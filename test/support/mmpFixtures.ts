// The MMP callback corpus (test/fixtures/mmp/*/*.json, format in its README), for tests that send
// the callbacks over real HTTP.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface MmpFixture {
	/** e.g. `adjust/install-android-get.json` */
	file: string;
	name: string;
	request: {
		method: 'GET' | 'POST';
		/** `/webhook/<path>?<query>`, encoded as the MMP sends it. */
		url: string;
		headers?: Record<string, string>;
		/** String: the exact bytes. Object: sent as JSON. */
		body?: string | Record<string, unknown>;
	};
	expect: {
		mmp: string;
		/** Partial; `null` means the field must be absent. */
		event: Record<string, unknown>;
		raw?: Record<string, unknown>;
	};
}

const FIXTURE_DIR = path.join(__dirname, '../fixtures/mmp');

export function loadMmpFixtures(): MmpFixture[] {
	return fs
		.readdirSync(FIXTURE_DIR, { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.flatMap((dir) =>
			fs
				.readdirSync(path.join(FIXTURE_DIR, dir.name))
				.filter((file) => file.endsWith('.json'))
				.sort()
				.map((file) => {
					const fixture = JSON.parse(
						fs.readFileSync(path.join(FIXTURE_DIR, dir.name, file), 'utf8'),
					) as Omit<MmpFixture, 'file'>;
					return { ...fixture, file: `${dir.name}/${file}` };
				}),
		);
}

/** The webhook path of a fixture's URL: `/webhook/tenjin/install?…` → `tenjin/install`. */
export function fixtureWebhookPath(fixture: MmpFixture): string {
	return fixture.request.url.split('?')[0].replace(/^\/webhook\//, '');
}

/** The request body as sent on the wire. */
export function fixtureBody(fixture: MmpFixture): string | undefined {
	const { body } = fixture.request;
	return body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
}

/**
 * Jest matcher input for a fixture's expected event: `null` entries become "absent", the rest must
 * equal.
 */
export function expectedEventShape(expected: Record<string, unknown>): {
	present: Record<string, unknown>;
	absent: string[];
} {
	const present: Record<string, unknown> = {};
	const absent: string[] = [];
	for (const [key, value] of Object.entries(expected)) {
		if (value === null) absent.push(key);
		else present[key] = value;
	}
	return { present, absent };
}
