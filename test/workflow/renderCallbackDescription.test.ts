// Render Callback's description and parameter helpers: what n8n's editor shows and how template
// fields are read.
import type { INodeProperties } from 'n8n-workflow';

import { POSTBACK_PRESETS } from '../../lib/macros';
import { settingParameterName } from '../../nodes/RenderCallback/description/presets';
import { RenderCallback } from '../../nodes/RenderCallback/RenderCallback.node';
import { macroOnlyTemplate } from '../../nodes/RenderCallback/templateParameter';

const { description } = new RenderCallback();
const byName = (name: string) =>
	description.properties.find((p) => p.name === name) as INodeProperties;

describe('Render Callback description', () => {
	it('is a usable-as-tool transform node named renderCallback', () => {
		expect(description).toMatchObject({
			name: 'renderCallback',
			displayName: 'Render Callback',
			usableAsTool: true,
			version: 1,
			icon: { light: 'file:renderCallback.svg', dark: 'file:renderCallback.dark.svg' },
		});
		expect(description.subtitle).toContain('$parameter["preset"]');
	});

	it('offers every preset plus Custom Template, sorted by name', () => {
		const options = (byName('preset').options ?? []) as Array<{ name: string; value: string }>;
		expect(options.map((o) => o.value).sort()).toEqual(
			['custom', ...POSTBACK_PRESETS.map((p) => p.id)].sort(),
		);
		const names = options.map((o) => o.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});

	it('shows each preset its summary and one field per setting (required unless a credential can supply it), only for that preset', () => {
		for (const preset of POSTBACK_PRESETS) {
			const notice = byName(`${preset.id}_notice`);
			expect(notice.type).toBe('notice');
			expect(notice.displayName).toContain(preset.template);
			expect(notice.displayName).toContain(preset.source);
			for (const setting of preset.settings) {
				const field = byName(settingParameterName(preset, setting.name));
				expect(field).toMatchObject({
					required: setting.fromCredential === undefined,
					displayOptions: { show: { preset: [preset.id] } },
				});
				if (setting.secret) expect(field.typeOptions).toEqual({ password: true });
			}
		}
	});

	it('has no duplicate parameter names', () => {
		const names = description.properties.map((p) => p.name);
		expect(new Set(names).size).toBe(names.length);
	});
});

describe('macroOnlyTemplate (fields n8n switched to Expression mode)', () => {
	it.each([
		['=https://x/?c={{click_id}}', 'https://x/?c={{click_id}}'],
		[
			'=https://x/?c={{ click_id }}&h={{idfa|lower|sha256}}',
			'https://x/?c={{ click_id }}&h={{idfa|lower|sha256}}',
		],
		['={"a":"{{a}}","b":{{b|json}}}', '{"a":"{{a}}","b":{{b|json}}}'],
		['=https://x/?r={{{raw}}}', 'https://x/?r={{{raw}}}'],
		['=https://x/?d={{d|default:"n a"}}', 'https://x/?d={{d|default:"n a"}}'],
	])('%s is a macro template', (raw, expected) => {
		expect(macroOnlyTemplate(raw)).toBe(expected);
	});

	it.each([
		'https://x/?c={{click_id}}', // not an expression at all
		'=https://x/?c={{ $json.click_id }}',
		'=https://x/?c={{ $("Node").item.json.x }}',
		'=https://x/?c={{ 1 + 2 }}',
		'=https://x/?c={{click_id}}&d={{ $json.d }}',
		'=https://x/?c=plain',
		'=https://x/?c={{ a|default:$x }}',
	])('%s is left to n8n', (raw) => {
		expect(macroOnlyTemplate(raw)).toBeUndefined();
	});
});
