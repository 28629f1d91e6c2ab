// The reference pages are generated from, and must stay in step with, the code they describe.
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	ALIAS_TABLE,
	APPLE_SOURCES,
	CANONICAL_FIELDS,
	MMP_ADAPTERS,
	MMP_NAMES,
	RECOMMENDED_TEMPLATES,
	type MappableField,
} from '../../../lib/mmp';

const DOCS = path.join(__dirname, '..', '..', '..', 'docs');
const canonical = fs.readFileSync(path.join(DOCS, 'canonical-event.md'), 'utf8');

function section(doc: string, heading: string): string {
	const start = doc.indexOf(`\n## ${heading}\n`);
	if (start === -1) throw new Error(`no section ${heading}`);
	const end = doc.indexOf('\n## ', start + 1);
	return doc.slice(start, end === -1 ? undefined : end);
}

function tableRow(text: string, firstCell: string): string {
	const row = text.split('\n').find((line) => line.startsWith(`| ${firstCell} |`));
	if (row === undefined) throw new Error(`no table row for ${firstCell}`);
	return row;
}

describe('docs/canonical-event.md', () => {
	it('lists every source path of every adapter in the field table', () => {
		const table = section(canonical, 'Where each field comes from');
		for (const mmp of MMP_NAMES) {
			const { sources } = MMP_ADAPTERS[mmp];
			for (const field of Object.keys(sources) as MappableField[]) {
				const row = tableRow(table, `\`${field}\``);
				for (const source of sources[field] ?? []) expect(row).toContain(`\`${source}\``);
			}
		}
	});

	it('lists every source path of the Apple adapters in the Apple table', () => {
		const table = section(canonical, 'Apple postbacks');
		for (const source of APPLE_SOURCES) {
			const { sources } = MMP_ADAPTERS[source];
			for (const field of Object.keys(sources) as MappableField[]) {
				const row = table
					.split('\n')
					.find((line) => line.startsWith('| ') && line.includes(`\`${field}\``));
				expect([field, row]).toEqual([field, expect.any(String)]);
				for (const path of sources[field] ?? []) {
					expect([field, row]).toEqual([field, expect.stringContaining(`\`${path}\``)]);
				}
			}
		}
	});

	it('describes every canonical field in the Shape table', () => {
		const table = section(canonical, 'Shape');
		for (const field of CANONICAL_FIELDS) expect(table).toContain(`\`${field}\``);
	});

	it('lists every alias name', () => {
		const table = section(canonical, 'Alias table');
		for (const entry of ALIAS_TABLE) {
			const row = tableRow(table, `\`${entry.field}\``);
			for (const name of entry.names) expect(row).toContain(`\`${name}\``);
			expect(row).toContain(entry.seenIn);
		}
	});

	it('shows every recommended template verbatim, here and in the MMP setup page', () => {
		for (const template of RECOMMENDED_TEMPLATES) {
			expect(canonical).toContain(`<webhook URL>?${template.query}\n`);
			const setup = fs.readFileSync(path.join(DOCS, 'mmp-setup', `${template.mmp}.md`), 'utf8');
			expect(setup).toContain(`<webhook URL>?${template.query}\n`);
		}
	});

	it('documents every error code', () => {
		const source = fs.readFileSync(
			path.join(__dirname, '..', '..', '..', 'lib', 'mmp', 'types.ts'),
			'utf8',
		);
		const union = source.slice(
			source.indexOf('export type ParseErrorCode'),
			source.indexOf('export type DetectionSource'),
		);
		const codes = [...union.matchAll(/\| '([a-z_]+)'/g)].map((match) => match[1]);
		expect(codes.length).toBeGreaterThan(10);
		for (const code of codes) expect(canonical).toContain(`| \`${code}\` |`);
	});
});
