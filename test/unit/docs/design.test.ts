// docs/design.md lists every module of lib/ and nodes/ with one line each; this keeps that list and
// the files on disk in step, in both directions.
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
const design = fs.readFileSync(path.join(ROOT, 'docs', 'design.md'), 'utf8');

/** Repository-relative paths of the `.ts` files below `dir`, with `/` separators. */
function tsFiles(dir: string): string[] {
	return fs
		.readdirSync(path.join(ROOT, dir), { withFileTypes: true })
		.flatMap((entry) => {
			const relative = `${dir}/${entry.name}`;
			if (entry.isDirectory()) return tsFiles(relative);
			return entry.name.endsWith('.ts') ? [relative] : [];
		})
		.sort();
}

/** The files of the "Modules" section: every bullet that starts with a code span naming a file. */
function listedModules(): string[] {
	const start = design.indexOf('\n## Modules\n');
	if (start === -1) throw new Error('docs/design.md has no "## Modules" section');
	const end = design.indexOf('\n## ', start + 1);
	const section = design.slice(start, end === -1 ? undefined : end);
	return [...section.matchAll(/^- `([^`]+)` — \S/gm)].map((match) => match[1]);
}

describe('docs/design.md, "Modules"', () => {
	const listed = listedModules();
	const onDisk = [...tsFiles('lib'), ...tsFiles('nodes')];

	it('lists every module of lib/ and nodes/, and only those', () => {
		const listedSet = new Set(listed);
		const diskSet = new Set(onDisk);
		// Add a line "- `path` — what it is" to docs/design.md for each file under notListed, and
		// remove (or correct) the line of each file under listedButMissing.
		expect({
			notListed: onDisk.filter((file) => !listedSet.has(file)),
			listedButMissing: listed.filter((file) => !diskSet.has(file)),
		}).toEqual({ notListed: [], listedButMissing: [] });
	});

	it('lists each module once', () => {
		expect(listed.filter((file, index) => listed.indexOf(file) !== index)).toEqual([]);
	});
});
