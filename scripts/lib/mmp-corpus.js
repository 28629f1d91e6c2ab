// Reads the test corpus: MMP callback fixtures (test/fixtures/mmp/<mmp>/*.json, format in its
// README), partner-guide templates (test/fixtures/mmp-guides/<mmp>.json) and the e2e workflows
// (test/e2e/workflows/*.json). Plain CommonJS so the demo traffic, the benchmarks and the jest
// support (test/support/fixtures.ts) read the same files in the same order.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./n8n-install');

const CORPUS_DIR = path.join(ROOT, 'test/fixtures/mmp');
const GUIDE_DIR = path.join(ROOT, 'test/fixtures/mmp-guides');
const E2E_WORKFLOW_DIR = path.join(ROOT, 'test/e2e/workflows');

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const jsonFiles = (dir) =>
	fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort();

/** One callback fixture by its corpus path, e.g. `adjust/install-android-get.json`. */
function readCorpusFile(file, dir = CORPUS_DIR) {
	return { ...readJson(path.join(dir, file)), file };
}

/** Every callback fixture, by MMP folder then file name, each with its `file` (`<mmp>/<name>.json`). */
function readCorpus(dir = CORPUS_DIR) {
	return fs
		.readdirSync(dir)
		.sort()
		.filter((mmp) => fs.statSync(path.join(dir, mmp)).isDirectory())
		.flatMap((mmp) =>
			jsonFiles(path.join(dir, mmp)).map((f) => readCorpusFile(`${mmp}/${f}`, dir)),
		);
}

/** The MMPs that have a partner-guide file, sorted. */
function guideMmps() {
	return jsonFiles(GUIDE_DIR).map((file) => file.replace(/\.json$/, ''));
}

/** test/fixtures/mmp-guides/<mmp>.json: `{ mmp, guides: [{ guide, url, templates }] }`. */
function readGuideFile(mmp) {
	return readJson(path.join(GUIDE_DIR, `${mmp}.json`));
}

/** A workflow of test/e2e/workflows/, freshly parsed (callers may change their copy). */
function readE2eWorkflow(file) {
	return readJson(path.join(E2E_WORKFLOW_DIR, file));
}

module.exports = {
	CORPUS_DIR,
	GUIDE_DIR,
	E2E_WORKFLOW_DIR,
	readCorpus,
	readCorpusFile,
	guideMmps,
	readGuideFile,
	readE2eWorkflow,
};
