// Source IP ranges the MMPs publish for their server-to-server callbacks, as allowlist presets.
// Branch, Kochava and Tenjin publish none in the material we could read (docs/sources.md,
// "MMP delivery: retries and sender addresses"): for them use a token or HMAC credential instead of an IP preset.

export interface MmpIpPreset {
	/** Preset id, used as the node's multi-select value. */
	id: MmpIpPresetId;
	label: string;
	cidrs: readonly string[];
	/** Where the list comes from. */
	source: string;
	/** `vendor`: the MMP's own documentation; `third-party`: a summary of it, verify before relying on it. */
	confidence: 'vendor' | 'third-party';
	note?: string;
}

export type MmpIpPresetId = 'appsflyer' | 'adjust' | 'singular' | 'singularAdditional';

export const MMP_IP_PRESETS: Readonly<Record<MmpIpPresetId, MmpIpPreset>> = {
	appsflyer: {
		id: 'appsflyer',
		label: 'AppsFlyer',
		cidrs: ['45.92.116.0/22', '194.28.46.0/23'],
		source: 'https://support.appsflyer.com/hc/en-us/articles/207447093',
		confidence: 'vendor',
		note: 'Push API and postbacks; the older address list was retired on 2022-02-16.',
	},
	adjust: {
		id: 'adjust',
		label: 'Adjust',
		cidrs: ['178.162.216.64/26', '178.162.216.128/26'],
		source: 'https://help.adjust.com/en/article/advanced-security-options-partner',
		confidence: 'vendor',
		note:
			"The two subnets in Adjust's nginx allowlist example; Adjust's full server IP page was not " +
			'available to us, so check it if callbacks are refused with 403.',
	},
	singular: {
		id: 'singular',
		label: 'Singular',
		cidrs: ['198.134.6.0/23'],
		source: 'https://support.singular.net/hc/en-us/articles/360058106812',
		confidence: 'vendor',
	},
	singularAdditional: {
		id: 'singularAdditional',
		label: 'Singular (additional /32 addresses, third-party list)',
		cidrs: [
			'44.239.146.125/32',
			'54.200.124.61/32',
			'54.69.245.48/32',
			'34.208.244.242/32',
			'34.212.94.34/32',
			'44.239.107.210/32',
			'44.237.116.233/32',
			'44.240.64.97/32',
			'35.85.128.184/32',
			'35.160.64.114/32',
			'44.235.165.174/32',
			'35.155.194.216/32',
		],
		source: 'A third-party summary of Singular\'s "Postback Server IP Addresses" page',
		confidence: 'third-party',
		note: "Not confirmed on Singular's own page; verify before relying on it.",
	},
};

export const MMP_IP_PRESET_IDS = Object.keys(MMP_IP_PRESETS) as MmpIpPresetId[];

export function isMmpIpPresetId(value: unknown): value is MmpIpPresetId {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(MMP_IP_PRESETS, value);
}

/** The CIDRs of the chosen presets, in preset order. */
export function mmpIpPresetCidrs(ids: readonly MmpIpPresetId[]): string[] {
	return ids.flatMap((id) => MMP_IP_PRESETS[id].cidrs);
}
