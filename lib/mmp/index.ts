// lib/mmp: MMP callback normalisation (n8n-free). See docs/canonical-event.md.
export * from './canonical';
export type * from './types';
export {
	parseCallback,
	createCallbackParser,
	DEFAULT_MAX_BODY_BYTES,
	DEFAULT_MAX_DEPTH,
	DEFAULT_MAX_PARAMS,
} from './parseCallback';
export { detectMmp, FINGERPRINTS, type Detection, type RequestHeaders } from './detect';
export { MMP_ADAPTERS, genericAdapter } from './adapters';
export type { MmpAdapter, FieldSources } from './adapter';
export { appsflyerAdapter, appsflyerSchema } from './appsflyer';
export { adjustAdapter, adjustSchema } from './adjust';
export { branchAdapter, branchSchema } from './branch';
export { singularAdapter, singularSchema } from './singular';
export { kochavaAdapter, kochavaSchema } from './kochava';
export { tenjinAdapter, tenjinSchema } from './tenjin';
export { skadnetworkAdapter, skadnetworkSchema } from './skadnetwork';
export { adattributionkitAdapter, adattributionkitSchema } from './adattributionkit';
export {
	AAK_PUBLIC_KEYS,
	SKAN_P192_SPKI,
	SKAN_P256_SPKI,
	createAppleKeyring,
	type AppleKeyring,
} from './apple/appleKeys';
export {
	SKAN_SEPARATOR,
	SKAN_VERSIONS,
	skanSignedString,
	verifySkanPostback,
} from './apple/skanSignature';
export { decodeJws, verifyAakJws } from './apple/aakJws';
export type { AppleVerdict, AppleFraudCode } from './apple/verdict';
export { ALIAS_TABLE, type AliasEntry } from './aliases';
export { computeDedupKey, DEDUP_FIELDS, type DedupInput } from './dedupKey';
export {
	RECOMMENDED_TEMPLATES,
	recommendedTemplates,
	recommendedTemplate,
	recommendedCallbackUrl,
	type RecommendedTemplate,
} from './recommendedTemplates';
export { kindFromWord, rejectedKindOf } from './eventKind';
export { toIsoTime, toCountry, toCurrency, toPlatform, isUnresolvedMacro } from './normalize';
