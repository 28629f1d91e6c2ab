// AppsFlyer partner-postback macros `(name)`. Only AppsFlyer's known macro names are macros, in
// kebab-case or camelCase (`(app-id)`, `(advertiserId)`); any other parenthesis is literal text,
// because URLs and user agents legitimately contain them. `(encode)` is the event value JSON,
// encoded once like every value. Names: docs/sources.md (AppsFlyer's docs plus the spellings
// ad networks publish for AppsFlyer templates), and the link passthroughs (`clickid`, `af_sub1`…).
import type { TemplateNode } from '../ast';
import { compileFilterChain, plainValue, scanMacros, splitNameAndFilters } from './shared';

const MACRO_NAMES = [
	'idfa',
	'sha1-idfa',
	'advertiserId',
	'sha1-advertiserId',
	'android-id',
	'sha1-android-id',
	'app-id',
	'app-name',
	'app-version-name',
	'wifi',
	'install-unix-ts',
	'install-ts',
	'click-ts',
	'campaign',
	'ip',
	'clickid',
	'pid',
	'af_siteid',
	'af_sub_siteid',
	'af_c_id',
	'af_adset',
	'af_adset_id',
	'af_ad',
	'af_ad_id',
	'af_sub1',
	'af_sub2',
	'af_sub3',
	'af_sub4',
	'af_sub5',
	'country_code',
	'city',
	'device_brand',
	'carrier',
	'device-model',
	'language',
	'appsflyer-device-id',
	'sdk-version',
	'user-agent',
	'vendorid',
	'vendorId',
	'ios-device-id',
	'os-version',
	'match-type',
	'gp_referer_click_ts',
	'gp_referer_install_ts',
	'event-name',
	'mapped-iae',
	'monetary',
	'orig-monetary',
	'currency',
	'timestamp',
	'event-value',
	'encode',
	'blocked-reason',
	'blocked-reason-value',
	'blocked-sub-reason',
	'is-primary',
	'retargeting-conversion-type',
	'customer-user-id',
];

/** The kebab-case form used to compare AppsFlyer names: `advertiserId` → `advertiser-id`. */
export function appsflyerMacroKey(name: string): string {
	return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

const KNOWN = new Set(MACRO_NAMES.map(appsflyerMacroKey));

/** Whether `name` is one of AppsFlyer's macros (in either spelling). */
export function isAppsflyerMacro(name: string): boolean {
	return KNOWN.has(appsflyerMacroKey(name));
}

const CANDIDATE = /\(([A-Za-z_][\w-]*)((?:\|[^()]*)?)\)/y;

export function tokenizeAppsflyer(template: string): TemplateNode[] {
	return scanMacros(template, '(', (open) => {
		CANDIDATE.lastIndex = open;
		const m = CANDIDATE.exec(template);
		if (m === null || !isAppsflyerMacro(m[1])) return undefined;
		const { name, chain } = splitNameAndFilters(m[1] + m[2]);
		const filters = compileFilterChain(chain, template, open, m[0]);
		return { node: plainValue(m[0], open, name, filters), end: open + m[0].length };
	});
}
