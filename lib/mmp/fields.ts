// One normaliser per mappable canonical field, so adapters, the alias table and the user's field
// mapping all produce the same types and formats.
import type { CanonicalDraft, MappableField } from './canonical';
import { kindFromWord } from './eventKind';
import {
	toAdId,
	toBoolean,
	toCountry,
	toCurrency,
	toIsoTime,
	toLowerText,
	toNumber,
	toPlatform,
	toText,
} from './normalize';

type Normalizer = (value: unknown) => CanonicalDraft[MappableField] | undefined;

export const FIELD_NORMALIZERS: Readonly<Record<MappableField, Normalizer>> = {
	event_kind: kindFromWord,
	event_name: toText,
	event_time: toIsoTime,
	install_time: toIsoTime,
	advertising_id: toAdId,
	idfa: toAdId,
	idfv: toAdId,
	ip: toText,
	user_agent: toText,
	country: toCountry,
	platform: toPlatform,
	os_version: toText,
	app_id: toText,
	app_version: toText,
	campaign_id: toText,
	campaign_name: toText,
	adgroup: toText,
	creative: toText,
	site_id: toText,
	media_source: toText,
	click_id: toText,
	revenue: toNumber,
	currency: toCurrency,
	revenue_usd: toNumber,
	is_organic: toBoolean,
	fraud_flag: toBoolean,
	fraud_reason: toText,
	customer_user_id: toText,
	touch_type: toLowerText,
	mmp_device_id: toText,
	conversion_value: toNumber,
	coarse_conversion_value: toLowerText,
	postback_sequence_index: toNumber,
	did_win: toBoolean,
	fidelity_type: toNumber,
	skan_version: toText,
	signature_verified: toBoolean,
};

const MAPPABLE: ReadonlySet<string> = new Set(Object.keys(FIELD_NORMALIZERS));

export function isMappableField(name: unknown): name is MappableField {
	return typeof name === 'string' && MAPPABLE.has(name);
}

/** A draft under construction: any subset of the mappable fields (absent = undefined). */
export type DraftFields = { -readonly [K in MappableField]?: CanonicalDraft[K] };

/**
 * An empty draft with every field declared up front, so that the stores that fill it in any order
 * keep one object shape (V8 would otherwise turn a 30-key object built key by key into a slow
 * dictionary).
 */
export function createDraft(): DraftFields {
	return {
		event_kind: undefined,
		event_name: undefined,
		event_time: undefined,
		install_time: undefined,
		advertising_id: undefined,
		idfa: undefined,
		idfv: undefined,
		ip: undefined,
		user_agent: undefined,
		country: undefined,
		platform: undefined,
		os_version: undefined,
		app_id: undefined,
		app_version: undefined,
		campaign_id: undefined,
		campaign_name: undefined,
		adgroup: undefined,
		creative: undefined,
		site_id: undefined,
		media_source: undefined,
		click_id: undefined,
		revenue: undefined,
		currency: undefined,
		revenue_usd: undefined,
		is_organic: undefined,
		fraud_flag: undefined,
		fraud_reason: undefined,
		customer_user_id: undefined,
		touch_type: undefined,
		mmp_device_id: undefined,
		conversion_value: undefined,
		coarse_conversion_value: undefined,
		postback_sequence_index: undefined,
		did_win: undefined,
		fidelity_type: undefined,
		skan_version: undefined,
		signature_verified: undefined,
	};
}

/** Normalises `value` for `field` and stores it; returns whether a value was stored. */
export function setField(draft: DraftFields, field: MappableField, value: unknown): boolean {
	const normalized = FIELD_NORMALIZERS[field](value);
	if (normalized === undefined) return false;
	(draft as Record<MappableField, unknown>)[field] = normalized;
	return true;
}
