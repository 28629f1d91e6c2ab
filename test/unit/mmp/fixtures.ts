// Loads the fixture corpus in test/fixtures/mmp/<mmp>/*.json (format: test/fixtures/mmp/README.md).
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { CallbackRequest, ParseCallbackOptions } from '../../../lib/mmp';

export interface CallbackFixture {
	file: string;
	name: string;
	source: string;
	request: { method: string; url: string; headers: Record<string, string>; body?: unknown };
	options?: ParseCallbackOptions;
	expect: {
		mmp: string;
		/** Partial event; `null` means "must be absent". */
		event: Record<string, unknown>;
		raw?: Record<string, unknown>;
	};
}

export const FIXTURE_ROOT = path.join(__dirname, '..', '..', 'fixtures', 'mmp');

export function loadFixtures(): CallbackFixture[] {
	const fixtures: CallbackFixture[] = [];
	for (const mmp of fs.readdirSync(FIXTURE_ROOT).sort()) {
		const dir = path.join(FIXTURE_ROOT, mmp);
		if (!fs.statSync(dir).isDirectory()) continue;
		for (const file of fs.readdirSync(dir).sort()) {
			if (!file.endsWith('.json')) continue;
			const fixture = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CallbackFixture;
			fixtures.push({ ...fixture, file: `${mmp}/${file}` });
		}
	}
	return fixtures;
}

/**
 * The request as a host hands it over: bodies as raw bytes. A string body is the exact text sent
 * (fixtures with ids beyond 2^53 keep their JSON as text); an object body is serialised.
 */
export function toRequest(fixture: CallbackFixture): CallbackRequest {
	const { method, url, headers, body } = fixture.request;
	let bytes: Buffer | undefined;
	if (typeof body === 'string') bytes = Buffer.from(body, 'utf8');
	else if (body !== undefined && body !== null) bytes = Buffer.from(JSON.stringify(body), 'utf8');
	return { method, url, headers, body: bytes };
}
