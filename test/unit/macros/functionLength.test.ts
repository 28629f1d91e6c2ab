// Keeps lib/macros readable (issue 13): no function there, nested ones included, spans more than
// MAX_LINES lines. Measured with the TypeScript compiler's own parser, from the first line of a
// function (or method, accessor, arrow) to its last.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..', '..', 'lib', 'macros');
const MAX_LINES = 80;

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

function functionName(node: ts.SignatureDeclaration, file: ts.SourceFile): string {
	if (node.name !== undefined) return node.name.getText(file);
	const parent = node.parent;
	if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) {
		return parent.name.getText(file);
	}
	return '(anonymous)';
}

/** `path:first-last name (lines)` of every function longer than MAX_LINES. */
function longFunctions(path: string): string[] {
	const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
	const found: string[] = [];
	const visit = (node: ts.Node): void => {
		if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
			const first = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
			const last = file.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
			const lines = last - first + 1;
			if (lines > MAX_LINES) {
				const where = `${relative(ROOT, path)}:${first}-${last}`;
				found.push(`${where} ${functionName(node, file)} (${lines} lines)`);
			}
		}
		ts.forEachChild(node, visit);
	};
	visit(file);
	return found;
}

describe('lib/macros function length', () => {
	it('finds the sources', () => {
		expect(sourceFiles(ROOT).length).toBeGreaterThan(20);
	});

	it(`has no function longer than ${MAX_LINES} lines`, () => {
		expect(sourceFiles(ROOT).flatMap(longFunctions)).toEqual([]);
	});
});
