// Real callbacks for end-to-end tests, one per MMP plus a fraud one, with where MMP Trigger must
// route them. They are the callbacks `npm start` prints as curls, so the e2e suite also proves that
// the demo's instructions work.
import { SAMPLE_CALLBACKS, type SampleCallback } from '../../scripts/demo/sample-callbacks';

export interface MmpSample {
	title: string;
	method: 'GET' | 'POST';
	/** Query string without the leading `?`. */
	query: string;
	headers: Record<string, string>;
	body?: string;
	expected: {
		mmp: string;
		eventKind: string;
		/** 0 Attribution, 1 In-App Event, 2 Fraud Alert */ output: 0 | 1 | 2;
	};
}

/** Expected routing per demo sample, by title (a new sample without an entry fails loudly). */
const EXPECTED: Record<string, MmpSample['expected']> = {
	'AppsFlyer Push API: install (POST JSON)': { mmp: 'appsflyer', eventKind: 'install', output: 0 },
	'Adjust global callback: install (GET)': { mmp: 'adjust', eventKind: 'install', output: 0 },
	'Adjust: rejected install (fraud, GET)': {
		mmp: 'adjust',
		eventKind: 'rejected_install',
		output: 2,
	},
	'Branch webhook: purchase (POST JSON)': { mmp: 'branch', eventKind: 'in_app_event', output: 1 },
	'Singular Internal BI: in-app event (POST JSON)': {
		mmp: 'singular',
		eventKind: 'in_app_event',
		output: 1,
	},
	'Kochava custom postback: install (GET)': { mmp: 'kochava', eventKind: 'install', output: 0 },
	'Tenjin S2S callback: install (GET)': { mmp: 'tenjin', eventKind: 'install', output: 0 },
};

function toSample(callback: SampleCallback): MmpSample {
	const expected = EXPECTED[callback.title];
	if (!expected) throw new Error(`No expected routing for demo sample "${callback.title}"`);
	return {
		title: callback.title,
		method: callback.method,
		query: new URLSearchParams(callback.query).toString(),
		headers: callback.body ? { 'content-type': 'application/json' } : {},
		body: callback.body ? JSON.stringify(callback.body) : undefined,
		expected,
	};
}

export const MMP_SAMPLES: MmpSample[] = SAMPLE_CALLBACKS.map(toSample);
