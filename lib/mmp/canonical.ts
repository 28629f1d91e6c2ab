// The canonical event: one flat, snake_case shape for callbacks from every MMP.
// Field set and meaning: docs/canonical-event.md (sources: docs/sources.md).

export const MMP_NAMES = [
	'appsflyer',
	'adjust',
	'branch',
	'singular',
	'kochava',
	'tenjin',
] as const;

/** An MMP this package has an adapter for. */
export type MmpName = (typeof MMP_NAMES)[number];

/**
 * Apple's own install-validation postbacks (docs/mmp-setup/apple.md): fixed, signed JSON bodies
 * rather than templates, so they have no recommended callback templates.
 */
export const APPLE_SOURCES = ['skadnetwork', 'adattributionkit'] as const;

export type AppleSource = (typeof APPLE_SOURCES)[number];

/** Every source the trigger can parse: the six MMPs and Apple's two postback formats. */
export const SOURCE_NAMES = [...MMP_NAMES, ...APPLE_SOURCES] as const;

export type SourceName = MmpName | AppleSource;

/** The source a callback came from; `unknown` when nothing identified it (non-strict mode only). */
export type DetectedMmp = SourceName | 'unknown';

const APPLE_SOURCE_SET: ReadonlySet<string> = new Set(APPLE_SOURCES);

export function isAppleSource(value: unknown): value is AppleSource {
	return typeof value === 'string' && APPLE_SOURCE_SET.has(value);
}

export const MMP_LABELS: Readonly<Record<MmpName, string>> = {
	appsflyer: 'AppsFlyer',
	adjust: 'Adjust',
	branch: 'Branch',
	singular: 'Singular',
	kochava: 'Kochava',
	tenjin: 'Tenjin',
};

export const SOURCE_LABELS: Readonly<Record<SourceName, string>> = {
	...MMP_LABELS,
	skadnetwork: 'Apple SKAdNetwork',
	adattributionkit: 'Apple AdAttributionKit',
};

export const EVENT_KINDS = [
	'install',
	'reinstall',
	'reattribution',
	'reengagement',
	'in_app_event',
	'session',
	'uninstall',
	'rejected_install',
	'rejected_reattribution',
	'click',
	'impression',
	'ad_revenue',
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

/** Kinds that (re)assign attribution; the trigger routes them to its Attribution output. */
export const ATTRIBUTION_EVENT_KINDS: ReadonlySet<EventKind> = new Set<EventKind>([
	'install',
	'reinstall',
	'reattribution',
	'reengagement',
]);

/** Kinds that are a fraud verdict by themselves (fraud_flag is always true for them). */
export const REJECTED_EVENT_KINDS: ReadonlySet<EventKind> = new Set<EventKind>([
	'rejected_install',
	'rejected_reattribution',
]);

const EVENT_KIND_SET: ReadonlySet<string> = new Set(EVENT_KINDS);

export function isEventKind(value: unknown): value is EventKind {
	return typeof value === 'string' && EVENT_KIND_SET.has(value);
}

/**
 * A normalised callback. Absent values are omitted, never `null`; `mmp`, `event_kind`,
 * `fraud_flag` and `dedup_key` are always present. Ids are strings (Branch ids exceed 2^53).
 */
export interface CanonicalEvent {
	mmp: DetectedMmp;
	event_kind: EventKind;
	/** The MMP's own event name as sent (`af_purchase`, `purchase_100_coins`, `PURCHASE`). */
	event_name?: string;
	/** ISO-8601 UTC with milliseconds, e.g. `2019-09-17T00:09:00.123Z`. */
	event_time?: string;
	install_time?: string;
	/** The device's resettable ad id: GAID on Android, IDFA on iOS (also copied from `idfa`). */
	advertising_id?: string;
	idfa?: string;
	idfv?: string;
	ip?: string;
	user_agent?: string;
	/** ISO-3166 alpha-2, upper case. */
	country?: string;
	/** Lower case: `ios`, `android`, `web`, … */
	platform?: string;
	os_version?: string;
	app_id?: string;
	app_version?: string;
	campaign_id?: string;
	campaign_name?: string;
	adgroup?: string;
	creative?: string;
	site_id?: string;
	media_source?: string;
	click_id?: string;
	/** Amount in `currency` (whole units, not cents). */
	revenue?: number;
	/** ISO-4217, upper case. */
	currency?: string;
	revenue_usd?: number;
	is_organic?: boolean;
	fraud_flag: boolean;
	fraud_reason?: string;
	customer_user_id?: string;
	/** Lower case: `click`, `impression`, … */
	touch_type?: string;
	/** The MMP's own device id (AppsFlyer id, Adjust adid, Kochava device id, …). */
	mmp_device_id?: string;
	/** Apple postbacks: the fine conversion value, 0–63 (not covered by Apple's signature). */
	conversion_value?: number;
	/** Apple postbacks: `low`, `medium` or `high` (not covered by Apple's signature). */
	coarse_conversion_value?: string;
	/** Apple postbacks: 0, 1 or 2, the conversion window (SKAdNetwork 4, AdAttributionKit). */
	postback_sequence_index?: number;
	/** Apple postbacks: whether this network won the attribution (SKAdNetwork 3+). */
	did_win?: boolean;
	/** SKAdNetwork: 1 = StoreKit-rendered or web ad (click), 0 = view-through. */
	fidelity_type?: number;
	/** SKAdNetwork postback version (`1.0` … `4.0`). */
	skan_version?: string;
	/** Apple postbacks: whether Apple's signature verified (false ones are on Fraud Alert). */
	signature_verified?: boolean;
	/** Stable across the MMP's retries of the same callback; never includes the receive time. */
	dedup_key: string;
}

export type CanonicalField = keyof CanonicalEvent;

/** Every canonical field, in the order events are emitted. */
export const CANONICAL_FIELDS = [
	'mmp',
	'event_kind',
	'event_name',
	'event_time',
	'install_time',
	'advertising_id',
	'idfa',
	'idfv',
	'ip',
	'user_agent',
	'country',
	'platform',
	'os_version',
	'app_id',
	'app_version',
	'campaign_id',
	'campaign_name',
	'adgroup',
	'creative',
	'site_id',
	'media_source',
	'click_id',
	'revenue',
	'currency',
	'revenue_usd',
	'is_organic',
	'fraud_flag',
	'fraud_reason',
	'customer_user_id',
	'touch_type',
	'mmp_device_id',
	'conversion_value',
	'coarse_conversion_value',
	'postback_sequence_index',
	'did_win',
	'fidelity_type',
	'skan_version',
	'signature_verified',
	'dedup_key',
] as const satisfies readonly CanonicalField[];

/** Fields an adapter, alias or user field mapping may fill (everything but mmp and dedup_key). */
export type MappableField = Exclude<CanonicalField, 'mmp' | 'dedup_key'>;

/** An event before `dedup_key` is computed. */
export type CanonicalDraft = Omit<CanonicalEvent, 'dedup_key'>;
