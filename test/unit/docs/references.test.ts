// Comments cite documents of this repository only: every `*.md` a source comment names exists here,
// and nothing cites the reference notes the project was built from, which are not shipped (their
// facts are in docs/, mostly docs/sources.md).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..', '..');
const SOURCE_DIRS = ['lib', 'nodes', 'credentials', 'test', 'bench', 'scripts', 'examples'];
const SKIP_DIRS = new Set(['node_modules', 'dist', '.tmp', '.cache']);
const SOURCE_FILE = /\.(?:[cm]?[jt]s)$/;

/** Repository-relative paths of the files below `dir` whose names match `keep`. */
function filesBelow(dir: string, keep: RegExp): string[] {
	const absolute = path.join(ROOT, dir);
	if (!fs.existsSync(absolute)) return [];
	return fs.readdirSync(absolute, { withFileTypes: true }).flatMap((entry) => {
		const relative = `${dir}/${entry.name}`;
		if (entry.isDirectory()) return SKIP_DIRS.has(entry.name) ? [] : filesBelow(relative, keep);
		return keep.test(entry.name) ? [relative] : [];
	});
}

function rootFiles(keep: RegExp): string[] {
	return fs
		.readdirSync(ROOT, { withFileTypes: true })
		.filter((entry) => entry.isFile() && keep.test(entry.name))
		.map((entry) => entry.name);
}

const sourceFiles = [
	...rootFiles(SOURCE_FILE),
	...SOURCE_DIRS.flatMap((dir) => filesBelow(dir, SOURCE_FILE)),
];

/** Every comment of a JavaScript or TypeScript file, found by TypeScript's own parser. */
function comments(file: string): string[] {
	const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
	const kind = /\.[cm]?ts$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
	const found = new Map<number, string>();
	const collect = (ranges: ts.CommentRange[] | undefined) => {
		for (const range of ranges ?? []) found.set(range.pos, text.slice(range.pos, range.end));
	};
	const visit = (node: ts.Node) => {
		collect(ts.getLeadingCommentRanges(text, node.getFullStart()));
		collect(ts.getTrailingCommentRanges(text, node.getEnd()));
		node.forEachChild(visit);
	};
	visit(source);
	collect(ts.getLeadingCommentRanges(text, source.endOfFileToken.getFullStart()));
	return [...found.values()];
}

/** A path or name ending in `.md` that is not part of a URL or of a longer path. */
const MD_REFERENCE = /(?<![\w/.:@~-])((?:\.{1,2}\/)*[\w.-]+(?:\/[\w.-]+)*\.md)(?![\w/-])/g;
const TOP_LEVEL = new Set(fs.readdirSync(ROOT));

/**
 * Where a reference points, or undefined when it names another repository's file (`pages/x.md` of
 * a vendor's docs repo). Paths are from the repository root; `./` and `../` from the file; a bare
 * name is the file's neighbour or a top-level file (README.md).
 */
function target(file: string, reference: string): string | undefined {
	const from = path.dirname(path.join(ROOT, file));
	if (reference.startsWith('.')) return path.resolve(from, reference);
	if (!reference.includes('/')) {
		const neighbour = path.join(from, reference);
		return fs.existsSync(neighbour) ? neighbour : path.join(ROOT, reference);
	}
	return TOP_LEVEL.has(reference.split('/')[0]) ? path.join(ROOT, reference) : undefined;
}

/** The reference notes outside the repository that sources once cited. */
const OUTSIDE_NOTES =
	/shared\/docs|\.\.\/shared\b|\bmmp-domain\b|\bperf-anchors\b|\bhands-on\b|\bn8n-ecosystem\b|\breliability(?:\.md)?\s*§|\breliability\.md\b|\bqueue-mode\.md\b|\barchitecture\.md\b/;

describe('references in source comments', () => {
	it('finds the source files and their comments', () => {
		expect(sourceFiles).toContain('lib/index.ts');
		expect(sourceFiles).toContain('bench/trigger.js');
		expect(comments('lib/index.ts').join('\n')).toContain('Public API');
	});

	it('name only documents that exist in this repository', () => {
		const broken: string[] = [];
		for (const file of sourceFiles) {
			for (const comment of comments(file)) {
				for (const [, reference] of comment.matchAll(MD_REFERENCE)) {
					const resolved = target(file, reference);
					if (resolved !== undefined && !fs.existsSync(resolved)) {
						broken.push(`${file}: ${reference}`);
					}
				}
			}
		}
		// Point each at a page under docs/ (from the repository root: `docs/sources.md`).
		expect(broken).toEqual([]);
	});

	it('cite no reference notes from outside the repository', () => {
		const docs = [
			...rootFiles(/\.md$/),
			...['docs', 'test'].flatMap((dir) => filesBelow(dir, /\.md$/)),
		];
		const citing = [
			...sourceFiles.flatMap((file) =>
				comments(file)
					.filter((comment) => OUTSIDE_NOTES.test(comment))
					.map((comment) => `${file}: ${comment.match(OUTSIDE_NOTES)?.[0]}`),
			),
			...docs.flatMap((file) => {
				const match = fs.readFileSync(path.join(ROOT, file), 'utf8').match(OUTSIDE_NOTES);
				return match ? [`${file}: ${match[0]}`] : [];
			}),
		];
		// Move the fact into docs/ (with its original source) and cite that page instead.
		expect(citing).toEqual([]);
	});
});
