import {
	createIpAllowlist,
	MMP_IP_PRESET_IDS,
	MMP_IP_PRESETS,
	mmpIpPresetCidrs,
} from '../../../lib/security';

describe('MMP IP presets', () => {
	it('carry the published ranges', () => {
		expect(MMP_IP_PRESETS.appsflyer.cidrs).toEqual(['45.92.116.0/22', '194.28.46.0/23']);
		expect(MMP_IP_PRESETS.adjust.cidrs).toEqual(['178.162.216.64/26', '178.162.216.128/26']);
		expect(MMP_IP_PRESETS.singular.cidrs).toEqual(['198.134.6.0/23']);
		expect(MMP_IP_PRESETS.singularAdditional.cidrs).toHaveLength(12);
		expect(MMP_IP_PRESETS.singularAdditional.confidence).toBe('third-party');
	});

	it('are all valid CIDRs', () => {
		const result = createIpAllowlist(mmpIpPresetCidrs(MMP_IP_PRESET_IDS));
		expect(result.ok).toBe(true);
	});

	it('match addresses inside and only inside their ranges', () => {
		const result = createIpAllowlist(mmpIpPresetCidrs(['appsflyer']));
		if (!result.ok) throw new Error(result.errors.join());
		const { allows } = result.allowlist;
		expect(allows('45.92.116.1')).toBe(true);
		expect(allows('45.92.119.254')).toBe(true);
		expect(allows('45.92.120.0')).toBe(false);
		expect(allows('194.28.47.10')).toBe(true);
		expect(allows('194.28.48.0')).toBe(false);
		expect(allows('::ffff:45.92.117.7')).toBe(true);
	});
});
