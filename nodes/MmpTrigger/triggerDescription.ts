// What every typeVersion of the MMP Trigger shares: identity, outputs, credential and the passive
// webhook registration.
import { NodeConnectionTypes, type IHookFunctions, type INodeTypeDescription } from 'n8n-workflow';

import { TRIGGER_OUTPUT_NAMES } from '../../lib/inbound';
import { MMP_LABELS } from '../../lib/mmp';

// "AppsFlyer", "Adjust", … or "Any MMP", as a self-contained expression for the editor.
const SUBTITLE = `={{ (${JSON.stringify({ auto: 'Any MMP', ...MMP_LABELS })})[$parameter["mmp"]] }}`;

// Every method n8n routes to webhooks is registered, so that the node itself answers the ones MMPs
// never use with 405 and an Allow header, instead of n8n's 404 "not registered".
export const REGISTERED_METHODS = 'DELETE,GET,HEAD,PATCH,POST,PUT';

/** The newest typeVersion: what new nodes get. */
export const DEFAULT_TRIGGER_VERSION = 2;

export const triggerBaseDescription = {
	displayName: 'MMP Trigger',
	name: 'mmpTrigger',
	icon: { light: 'file:mmpTrigger.svg', dark: 'file:mmpTrigger.dark.svg' },
	group: ['trigger'],
	subtitle: SUBTITLE,
	description:
		'Receive AppsFlyer, Adjust, Branch, Singular, Kochava and Tenjin callbacks as one canonical event',
	defaults: { name: 'MMP Trigger' },
	inputs: [],
	outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
	outputNames: [...TRIGGER_OUTPUT_NAMES],
	credentials: [
		// Inbound credential, not an API one (see credentials/MmpWebhookAuth.credentials.ts).
		// eslint-disable-next-line n8n-nodes-base/node-class-description-credentials-name-unsuffixed
		{ name: 'mmpWebhookAuth', required: false, testedBy: 'mmpWebhookAuthTest' },
		// n8n's built-in Redis credential (n8n-nodes-base), for "Drop Re-sends" shared by every n8n
		// process: the one operators already keep for queue mode. n8n 2.41 restricts a credential to
		// its own package's nodes only when the type sets restrictToSupportedNodes, which Redis does
		// not (docs/nodes/mmp-trigger.md, "Drop Re-sends").
		{
			// eslint-disable-next-line @n8n/community-nodes/no-credential-reuse, @n8n/community-nodes/valid-credential-references
			name: 'redis',
			required: true,
			displayOptions: { show: { dropResends: [true], resendStore: ['redis'] } },
		},
	],
} satisfies Partial<INodeTypeDescription>;

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
