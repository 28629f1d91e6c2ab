// What every typeVersion of the MMP Trigger shares: labels, outputs and the passive webhook
// registration. (Each version spells out its description object, which n8n's linter reads.)
import { NodeConnectionTypes, type IHookFunctions } from 'n8n-workflow';

import { TRIGGER_OUTPUT_NAMES } from '../../lib/inbound';
import { MMP_LABELS } from '../../lib/mmp';

// "AppsFlyer", "Adjust", … or "Any MMP", as a self-contained expression for the editor.
export const TRIGGER_SUBTITLE = `={{ (${JSON.stringify({ auto: 'Any MMP', ...MMP_LABELS })})[$parameter["mmp"]] }}`;

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
	'Receive AppsFlyer, Adjust, Branch, Singular, Kochava and Tenjin callbacks as one canonical event';
export const TRIGGER_OUTPUTS = [
	NodeConnectionTypes.Main,
	NodeConnectionTypes.Main,
	NodeConnectionTypes.Main,
];
export const TRIGGER_OUTPUT_LABELS = [...TRIGGER_OUTPUT_NAMES];

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
