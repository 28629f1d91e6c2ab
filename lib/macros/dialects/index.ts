// The dialect registry: one tokenizer and one alias table per vendor syntax.
import { DIALECT_ALIASES, type AliasTable } from '../aliases';
import type { TemplateNode } from '../ast';
import { appsflyerMacroKey, tokenizeAppsflyer } from './appsflyer';
import { tokenizeBrace } from './brace';
import { tokenizeBranch } from './branch';
import { tokenizeKeitaro } from './keitaro';
import { tokenizeMustache } from './mustache';
import { tokenizeSingular } from './singular';
import { tokenizeTapstream } from './tapstream';

export const MACRO_DIALECTS = [
	'mustache',
	'tenjin',
	'adjust',
	'kochava',
	'binom',
	'appmetrica',
	'appsflyer',
	'branch',
	'singular',
	'keitaro',
	'tapstream',
] as const;

export type MacroDialect = (typeof MACRO_DIALECTS)[number];

export interface DialectSpec {
	tokenize(template: string): TemplateNode[];
	aliases: AliasTable;
	/** Normalises a name before the alias lookup (AppsFlyer's two spellings). */
	aliasKey(name: string): string;
	/** A one-line example, for docs and the node's UI. */
	example: string;
}

const same = (name: string) => name;

export const DIALECTS: Readonly<Record<MacroDialect, DialectSpec>> = {
	mustache: {
		tokenize: tokenizeMustache,
		aliases: DIALECT_ALIASES.mustache,
		aliasKey: same,
		example: '{{click_id}}',
	},
	tenjin: {
		tokenize: tokenizeMustache,
		aliases: DIALECT_ALIASES.tenjin,
		aliasKey: same,
		example: '{{advertising_id}}',
	},
	adjust: {
		tokenize: tokenizeBrace,
		aliases: DIALECT_ALIASES.adjust,
		aliasKey: same,
		example: '{gps_adid}',
	},
	kochava: {
		tokenize: tokenizeBrace,
		aliases: DIALECT_ALIASES.kochava,
		aliasKey: same,
		example: '{kochava_device_id}',
	},
	binom: {
		tokenize: tokenizeBrace,
		aliases: DIALECT_ALIASES.binom,
		aliasKey: same,
		example: '{externalid}',
	},
	appmetrica: {
		tokenize: tokenizeBrace,
		aliases: DIALECT_ALIASES.appmetrica,
		aliasKey: same,
		example: '{click_id}',
	},
	appsflyer: {
		tokenize: tokenizeAppsflyer,
		aliases: DIALECT_ALIASES.appsflyer,
		aliasKey: appsflyerMacroKey,
		example: '(advertiserId)',
	},
	branch: {
		tokenize: tokenizeBranch,
		aliases: DIALECT_ALIASES.branch,
		aliasKey: same,
		example: '${(user_data.aaid)!}',
	},
	singular: {
		tokenize: tokenizeSingular,
		aliases: DIALECT_ALIASES.singular,
		aliasKey: same,
		example: '{IDFA}',
	},
	keitaro: {
		tokenize: tokenizeKeitaro,
		aliases: DIALECT_ALIASES.keitaro,
		aliasKey: same,
		example: '{external_id}',
	},
	tapstream: {
		tokenize: tokenizeTapstream,
		aliases: DIALECT_ALIASES.tapstream,
		aliasKey: same,
		example: 'TS{event.ip}',
	},
};

export function isMacroDialect(value: unknown): value is MacroDialect {
	return typeof value === 'string' && (MACRO_DIALECTS as readonly string[]).includes(value);
}

/** A one-line example of the dialect's macro syntax. */
export function macroDialectExample(dialect: MacroDialect): string {
	return DIALECTS[dialect].example;
}
