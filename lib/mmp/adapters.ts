// The adapter for each MMP, plus the generic one for callbacks nothing identified.
import { defineAdapter, type MmpAdapter } from './adapter';
import { adattributionkitAdapter } from './adattributionkit';
import { adjustAdapter } from './adjust';
import { appsflyerAdapter } from './appsflyer';
import { branchAdapter } from './branch';
import type { SourceName } from './canonical';
import { kindFromWord } from './eventKind';
import { kochavaAdapter } from './kochava';
import { singularAdapter } from './singular';
import { skadnetworkAdapter } from './skadnetwork';
import { tenjinAdapter } from './tenjin';

export const MMP_ADAPTERS: Readonly<Record<SourceName, MmpAdapter>> = {
	appsflyer: appsflyerAdapter,
	adjust: adjustAdapter,
	branch: branchAdapter,
	singular: singularAdapter,
	kochava: kochavaAdapter,
	tenjin: tenjinAdapter,
	skadnetwork: skadnetworkAdapter,
	adattributionkit: adattributionkitAdapter,
};

/**
 * Unrecognised callbacks: every field comes from the alias table. Without a kind word, a callback
 * naming an event is an in-app event and one that names none is an install (the ad-network
 * convention for a bare conversion postback).
 */
export const genericAdapter: MmpAdapter = defineAdapter({
	mmp: 'unknown',
	sources: {},
	derive(_raw, draft) {
		if (draft.event_kind !== undefined) return draft.event_kind;
		if (draft.event_name === undefined) return 'install';
		return kindFromWord(draft.event_name) ?? 'in_app_event';
	},
});
