// Apple postbacks through the MMP Trigger node in n8n-core's real WebhookContext: the node's MMP
// option and its two Apple options reach the parser, and the verdict picks the output.
import type { INodeParameters } from 'n8n-workflow';

import { MmpTrigger } from '../../nodes/MmpTrigger/MmpTrigger.node';
import { callWebhook } from '../support/inProcess';
import { AAK_DEV_EXAMPLE, SKAN_EXAMPLES } from '../unit/mmp/apple/appleVectors';

const trigger = new MmpTrigger();
const [, V4_FINE] = SKAN_EXAMPLES[0];
const ATTRIBUTION = 0;
const FRAUD_ALERT = 2;

async function post(body: unknown, parameters: INodeParameters = {}) {
	const result = await callWebhook(trigger, {
		parameters: { path: 'apple/report-attribution', ...parameters },
		request: {
			method: 'POST',
			url: '/webhook/apple/report-attribution',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		},
	});
	const outputs = result.workflowData ?? [];
	const output = outputs.findIndex((items) => items.length === 1);
	const item = outputs.flat()[0]?.json as Record<string, unknown> | undefined;
	return { result, output, item };
}

describe('MMP Trigger: Apple postbacks', () => {
	it("routes Apple's SKAdNetwork 4.0 example to Attribution with the Apple fields", async () => {
		const { result, output, item } = await post(V4_FINE, { mmp: 'skadnetwork' });
		expect(result.status).toBe(200);
		expect(output).toBe(ATTRIBUTION);
		expect(item).toMatchObject({
			mmp: 'skadnetwork',
			event_kind: 'install',
			signature_verified: true,
			skan_version: '4.0',
			app_id: '525463029',
			campaign_id: '5239',
			site_id: 'example.com',
			conversion_value: 63,
			postback_sequence_index: 0,
			did_win: true,
			fidelity_type: 1,
			fraud_flag: false,
		});
	});

	it('routes an altered copy to Fraud Alert, auto-detected', async () => {
		const { output, item } = await post({ ...V4_FINE, 'did-win': false });
		expect(output).toBe(FRAUD_ALERT);
		expect(item).toMatchObject({ mmp: 'skadnetwork', signature_verified: false, fraud_flag: true });
		expect(item?.fraud_reason).toMatch(/^apple_signature_invalid: /);
	});

	it("Accept Apple Development Postbacks routes Apple's AdAttributionKit example to Attribution", async () => {
		expect((await post(AAK_DEV_EXAMPLE)).output).toBe(FRAUD_ALERT);
		const { output, item } = await post(AAK_DEV_EXAMPLE, {
			additionalOptions: { appleDevelopmentPostbacks: true },
		});
		expect(output).toBe(ATTRIBUTION);
		expect(item).toMatchObject({ mmp: 'adattributionkit', event_kind: 'reengagement' });
	});

	it('Additional Apple Public Keys that are not keys fail the request with the reason', async () => {
		const { result } = await post(V4_FINE, { additionalOptions: { applePublicKeys: 'nope' } });
		expect(result.workflowData).toBeUndefined();
		expect(JSON.stringify(result.body)).toMatch(/Additional Apple public key on line 1/);
	});

	it('answers 400 when the MMP option is SKAdNetwork and the body is no postback', async () => {
		const { result } = await post({ version: '4.0' }, { mmp: 'skadnetwork' });
		expect(result.status).toBe(400);
		expect(result.body).toMatchObject({ error: { code: 'schema_mismatch' } });
	});
});
