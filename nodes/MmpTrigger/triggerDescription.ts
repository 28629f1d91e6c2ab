// What every typeVersion of the MMP Trigger shares: labels, outputs and the passive webhook
// registration. (Each version spells out the rest of its description object, which n8n's linter
// reads; the credentials are one list so the two versions cannot drift.)
import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeCredentialDescription,
} from 'n8n-workflow';

import { TRIGGER_OUTPUT_NAMES } from '../../lib/inbound';
import { SOURCE_LABELS } from '../../lib/mmp';

// "AppsFlyer", "Adjust", "SKAdNetwork", … or "Any MMP", as a self-contained expression for the editor.
export const TRIGGER_SUBTITLE = `={{ (${JSON.stringify({ auto: 'Any MMP', ...SOURCE_LABELS })})[$parameter["mmp"]] }}`;

// Every method n8n routes to webhooks is registered, so that the node itself answers the ones MMPs
// never use with 405 and an Allow header, instead of n8n's 404 "not registered".
export const REGISTERED_METHODS = 'DELETE,GET,HEAD,PATCH,POST,PUT';

/** The newest typeVersion: what new nodes get. */
export const DEFAULT_TRIGGER_VERSION = 2;

export const TRIGGER_DISPLAY_NAME = 'MMP Trigger';
export const TRIGGER_ICON = {
	light: 'file:mmpTrigger.svg',
	dark: 'file:mmpTrigger.dark.svg',
} as const;
export const TRIGGER_DESCRIPTION =
	'Receive AppsFlyer, Adjust, Branch, Singular, Kochava, Tenjin and Apple (SKAdNetwork, AdAttributionKit) callbacks as one canonical event';
export const TRIGGER_OUTPUTS = [
	NodeConnectionTypes.Main,
	NodeConnectionTypes.Main,
	NodeConnectionTypes.Main,
];
export const TRIGGER_OUTPUT_LABELS = [...TRIGGER_OUTPUT_NAMES];

export const TRIGGER_CREDENTIALS: INodeCredentialDescription[] = [
	// Inbound credential, not an API one (see credentials/MmpWebhookAuth.credentials.ts).
	{ name: 'mmpWebhookAuth', required: false, testedBy: 'mmpWebhookAuthTest' },
	// n8n's built-in Redis credential (n8n-nodes-base), for "Drop Re-sends" shared by every n8n
	// process: the one operators already keep for queue mode. n8n 2.41 restricts a credential to
	// its own package's nodes only when the type sets restrictToSupportedNodes, which Redis does
	// not (docs/nodes/mmp-trigger.md, "Drop Re-sends").
	{
		name: 'redis',
		required: true,
		displayOptions: { show: { dropResends: [true], resendStore: ['redis'] } },
	},
];

// A passive webhook: the user pastes the URL into the MMP dashboard; there is nothing to register
// with a third party.
export const passiveWebhookMethods = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async create(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async delete(this: IHookFunctions): Promise<boolean> {
			return true;
		},
	},
};
