import type { INodeProperties } from 'n8n-workflow';

import { POSTBACK_PRESETS, type PostbackPreset } from '../../../lib/macros';

// The preset picker, one read-only summary per preset, and one field per preset setting (tracker
// domain, postback key, …). Generated from lib/macros/presets.ts so a new preset needs no UI code.

export const CUSTOM = 'custom';

/** Node parameter name of a preset's setting. */
export function settingParameterName(preset: PostbackPreset, setting: string): string {
	return `${preset.id}_${setting.replace(/[^A-Za-z0-9]/g, '_')}`;
}

const presetOptions = [
	{
		name: 'Custom Template',
		value: CUSTOM,
		description: 'Write the URL (and body) template yourself in any supported dialect',
	},
	...POSTBACK_PRESETS.map((p) => ({ name: p.name, value: p.id, description: p.source })),
].sort((a, b) => a.name.localeCompare(b.name));

export const presetProperty: INodeProperties = {
	displayName: 'Template',
	name: 'preset',
	type: 'options',
	noDataExpression: true,
	options: presetOptions,
	default: CUSTOM,
	description:
		'A ready postback template from the receiver’s documentation, or Custom Template to write your own',
};

function summary(p: PostbackPreset): string {
	const lines = [`${p.method} ${p.template}`];
	if (p.bodyTemplate) lines.push(`Body (${p.contentType ?? 'text'}): ${p.bodyTemplate}`);
	if (p.notes) lines.push(p.notes);
	lines.push(`Source: ${p.source}`);
	return lines.join('\n\n');
}

export const presetProperties: INodeProperties[] = POSTBACK_PRESETS.flatMap((p) => [
	{
		displayName: summary(p),
		name: `${p.id}_notice`,
		type: 'notice',
		default: '',
		displayOptions: { show: { preset: [p.id] } },
	} satisfies INodeProperties,
	...p.settings.map(
		(s): INodeProperties => ({
			displayName: s.displayName,
			name: settingParameterName(p, s.name),
			type: 'string',
			typeOptions: s.secret ? { password: true } : undefined,
			default: '',
			// A secret Send Postback can take from its credential may be left empty.
			required: s.fromCredential === undefined,
			placeholder: s.placeholder,
			description: s.description,
			displayOptions: { show: { preset: [p.id] } },
		}),
	),
]);
