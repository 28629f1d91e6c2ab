// The one loader for the test corpus, over scripts/lib/mmp-corpus.js (which the demo traffic and the
// benchmarks read it with): MMP callback fixtures (test/fixtures/mmp, format in its README),
// partner-guide templates (test/fixtures/mmp-guides) and the e2e workflows (test/e2e/workflows).
import {
	guideMmps,
	readCorpus,
	readCorpusFile,
	readE2eWorkflow,
	readGuideFile,
} from '../../scripts/lib/mmp-corpus';
import type { WorkflowJson } from '../../scripts/lib/n8n-instance';
import type { CallbackRequest, ParseCallbackOptions } from '../../lib/mmp';

export interface MmpFixture {
	/** e.g. `adjust/install-android-get.json` */
	file: string;
	name: string;
	/** The public page the callback is built from. */
	source: string;
	request: {
		method: 'GET' | 'POST';
		/** `/webhook/<path>?<query>`, encoded as the MMP sends it. */
		url: string;
		/** Lower-case names. */
		headers: Record<string, string>;
		/** String: the exact bytes. Object: sent as JSON. */
		body?: string | Record<string, unknown>;
	};
	options?: ParseCallbackOptions;
	expect: {
		mmp: string;
		/** Partial; `null` means the field must be absent. */
		event: Record<string, unknown>;
		raw?: Record<string, unknown>;
	};
}

/** Every callback of the corpus, by MMP folder then file name. */
export function loadMmpFixtures(): MmpFixture[] {
	return readCorpus() as unknown as MmpFixture[];
}

/** One callback of the corpus by its path, e.g. `adjust/install-android-get.json`. */
export function loadMmpFixture(file: string): MmpFixture {
	return readCorpusFile(file) as unknown as MmpFixture;
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
 * The request as a host hands it over: bodies as raw bytes. A string body is the exact text sent
 * (fixtures with ids beyond 2^53 keep their JSON as text); an object body is serialised.
 */
export function toRequest(fixture: MmpFixture): CallbackRequest {
	const { method, url, headers } = fixture.request;
	const body = fixtureBody(fixture);
	return { method, url, headers, body: body === undefined ? undefined : Buffer.from(body, 'utf8') };
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

export interface GuideTemplate {
	name: string;
	/** The template exactly as the guide publishes it. */
	template: string;
	/** For parameters an MMP adds to a partner's postback: the partner template they extend. */
	appendedTo?: string;
	/** Placeholders Adjust drops when it has no value (help.adjust.com: "it will be dropped"). */
	dropped?: string[];
	/** Path and query: the template's path, its macros replaced by sample values. */
	request: string;
	options?: ParseCallbackOptions;
	expect: { mmp: string; detectedBy: string; event: Record<string, unknown> };
}

export interface Guide {
	guide: string;
	url: string;
	templates: GuideTemplate[];
}

export interface GuideFile {
	mmp: string;
	guides: Guide[];
}

/** The MMPs with a partner-guide file (test/fixtures/mmp-guides/<mmp>.json), sorted. */
export function guideFileMmps(): string[] {
	return guideMmps();
}

/** test/fixtures/mmp-guides/<mmp>.json. */
export function loadGuideFile(mmp: string): GuideFile {
	return readGuideFile(mmp) as GuideFile;
}

/** A workflow of test/e2e/workflows/, freshly parsed: callers may change their copy. */
export function loadE2eWorkflow(file: string): WorkflowJson {
	return readE2eWorkflow(file) as WorkflowJson;
}
