// The trigger's settings, checked and compiled once into what each request needs: parser options,
// the start filter, the IP allowlist and the acknowledgement. n8n builds a fresh node context per
// request, so compiled configurations are cached by their settings.
import { CANONICAL_FIELDS, SOURCE_NAMES } from '../mmp/canonical';
import { createCallbackParser, DEFAULT_MAX_BODY_BYTES } from '../mmp/parseCallback';
import type { CallbackParser, MmpOption, ParseCallbackOptions } from '../mmp/types';
import { createIpAllowlist, splitIpList, type IpAllowlist } from '../security/ipAllowlist';
import { isMmpIpPresetId, mmpIpPresetCidrs, type MmpIpPresetId } from '../security/mmpIpRanges';
import { compileStartFilter, type StartFilter } from './startFilter';

/** What the user configured, in plain values (the node maps its parameters onto this). */
export interface TriggerSettings {
	mmp?: string;
	strict?: boolean;
	/** Incoming parameter name or dotted path → canonical field. */
	fieldMap?: Readonly<Record<string, string>>;
	includeRaw?: boolean;
	eventKinds?: readonly string[];
	fraudOnly?: boolean;
	eventNames?: string;
	ipPresets?: readonly string[];
	/** Extra addresses and CIDR blocks, separated by commas, spaces or new lines. */
	ipAllowlist?: string;
	/** Reverse proxies in front of n8n whose X-Forwarded-For entries are trusted; 0 = none. */
	trustedProxyHops?: number;
	maxBodyBytes?: number;
	responseCode?: number;
	/** JSON (sent as JSON) or other text (sent as is). */
	responseBody?: string;
	/** Apple public keys besides the published ones (see ParseCallbackOptions.applePublicKeys). */
	applePublicKeys?: string;
	/** AdAttributionKit postbacks signed with a development key count as verified. */
	appleDevelopmentPostbacks?: boolean;
}

export interface TriggerConfig {
	/**
	 * The callback parser, compiled once; with `omitParam`, one (memoised) that also drops that
	 * query parameter from `raw` (the query token, which must never reach an item).
	 */
	parser(omitParam?: string): CallbackParser;
	/** The options the parser was compiled with. */
	parseOptions: ParseCallbackOptions;
	includeRaw: boolean;
	startFilter: StartFilter | undefined;
	allowlist: IpAllowlist | undefined;
	trustedProxyHops: number;
	maxBodyBytes: number;
	acknowledgement: { status: number; body: unknown };
}

export type TriggerConfigResult =
	| { ok: true; config: TriggerConfig }
	| { ok: false; errors: string[] };

export const DEFAULT_ACKNOWLEDGEMENT_BODY = '{"status":"ok"}';
const MAX_PROXY_HOPS = 10;
const FORBIDDEN_MAP_TARGETS = new Set(['mmp', 'dedup_key']);
const MAPPABLE_FIELDS: ReadonlySet<string> = new Set(
	CANONICAL_FIELDS.filter((field) => !FORBIDDEN_MAP_TARGETS.has(field)),
);
const MMP_OPTIONS: ReadonlySet<string> = new Set(['auto', ...SOURCE_NAMES]);

export function compileTriggerConfig(settings: TriggerSettings): TriggerConfigResult {
	const errors: string[] = [];

	const mmp = settings.mmp ?? 'auto';
	if (!MMP_OPTIONS.has(mmp)) errors.push(`MMP must be one of: ${[...MMP_OPTIONS].join(', ')}.`);

	const fieldMap: Record<string, string> = Object.create(null);
	for (const [incoming, field] of Object.entries(settings.fieldMap ?? {})) {
		const name = incoming.trim();
		if (!name) errors.push('Field Mapping has an entry without an incoming name.');
		else if (!MAPPABLE_FIELDS.has(field)) {
			errors.push(
				`Field Mapping "${name}" targets "${field}", which is not a canonical field you can map.`,
			);
		} else fieldMap[name] = field;
	}

	const filter = compileStartFilter({
		eventKinds: settings.eventKinds,
		fraudOnly: settings.fraudOnly,
		eventNames: settings.eventNames,
	});
	if (!filter.ok) errors.push(...filter.errors.map((error) => `Start Executions For: ${error}`));

	const allowlist = compileAllowlist(settings.ipPresets ?? [], settings.ipAllowlist ?? '', errors);

	const trustedProxyHops = settings.trustedProxyHops ?? 0;
	if (
		!Number.isInteger(trustedProxyHops) ||
		trustedProxyHops < 0 ||
		trustedProxyHops > MAX_PROXY_HOPS
	) {
		errors.push(`Proxy Hops must be a whole number from 0 to ${MAX_PROXY_HOPS}.`);
	}

	const maxBodyBytes = settings.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
	if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) {
		errors.push('Max Body Size must be a positive whole number.');
	}

	const status = settings.responseCode ?? 200;
	if (!Number.isInteger(status) || status < 200 || status > 299) {
		errors.push(
			'Response Code must be a 2xx status: MMPs treat anything else as a failed delivery and retry.',
		);
	}

	if (errors.length > 0 || !filter.ok) return { ok: false, errors };

	const parseOptions: ParseCallbackOptions = Object.freeze({
		mmp: mmp as MmpOption,
		strict: settings.strict === true,
		fieldMap: Object.keys(fieldMap).length > 0 ? fieldMap : undefined,
		maxBodyBytes,
		applePublicKeys: settings.applePublicKeys?.trim() ? settings.applePublicKeys : undefined,
		appleDevelopmentPostbacks: settings.appleDevelopmentPostbacks === true ? true : undefined,
	});
	let parser: CallbackParser;
	try {
		parser = createCallbackParser(parseOptions);
	} catch (error) {
		// The checks above mirror the parser's, except Additional Apple Public Keys, which only the
		// parser parses: its message names the line of the key that is not one.
		return { ok: false, errors: [error instanceof Error ? error.message : String(error)] };
	}
	const parsersWithout = new Map<string, CallbackParser>();
	return {
		ok: true,
		config: {
			parser(omitParam) {
				if (omitParam === undefined) return parser;
				let omitting = parsersWithout.get(omitParam);
				if (!omitting) {
					omitting = createCallbackParser({ ...parseOptions, omitParams: [omitParam] });
					parsersWithout.set(omitParam, omitting);
				}
				return omitting;
			},
			parseOptions,
			includeRaw: settings.includeRaw !== false,
			startFilter: filter.filter,
			allowlist,
			trustedProxyHops,
			maxBodyBytes,
			acknowledgement: { status, body: acknowledgementBody(settings.responseBody) },
		},
	};
}

function compileAllowlist(
	presets: readonly string[],
	custom: string,
	errors: string[],
): IpAllowlist | undefined {
	const ids: MmpIpPresetId[] = [];
	for (const preset of presets) {
		if (isMmpIpPresetId(preset)) ids.push(preset);
		else errors.push(`IP Allowlist preset "${preset}" is unknown.`);
	}
	const entries = [...mmpIpPresetCidrs(ids), ...splitIpList(custom)];
	if (entries.length === 0) return undefined;
	const result = createIpAllowlist(entries);
	if (!result.ok) {
		errors.push(...result.errors.map((error) => `IP Allowlist entry ${error}`));
		return undefined;
	}
	return result.allowlist;
}

/** JSON text is answered as JSON; anything else as the text itself. */
function acknowledgementBody(text: string | undefined): unknown {
	const body = text ?? DEFAULT_ACKNOWLEDGEMENT_BODY;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

const CACHE_LIMIT = 64;
const cache = new Map<string, TriggerConfigResult>();

/**
 * {@link compileTriggerConfig} memoised by the settings' JSON, so the per-request cost is one
 * stringify of a small object. Bounded: a burst of distinct settings (expressions that resolve
 * differently per request) just empties the cache.
 */
export function cachedTriggerConfig(settings: TriggerSettings): TriggerConfigResult {
	const key = JSON.stringify(settings);
	let result = cache.get(key);
	if (!result) {
		if (cache.size >= CACHE_LIMIT) cache.clear();
		result = compileTriggerConfig(settings);
		cache.set(key, result);
	}
	return result;
}
