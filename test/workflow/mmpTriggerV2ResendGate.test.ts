// typeVersion 2 with "Drop Re-Sends": the gate runs per callback before batching, so a re-send never
// joins a batch, and each held callback's own acknowledgement confirms its key (n8n's real
// WebhookContext through test/support/inProcess.ts).
import type { INodeParameters } from 'n8n-workflow';

import { closeResendGates } from '../../lib/inbound';
import { MmpTrigger } from '../../nodes/MmpTrigger/MmpTrigger.node';
import { callWebhook, type RequestSpec } from '../support/inProcess';

const v2 = new MmpTrigger().getNodeType(2);

function adjust(n: number): RequestSpec {
	return {
		method: 'GET',
		url: `/webhook/mmp?mmp=adjust&activity_kind=install&adid=${String(n).padStart(32, '0')}&created_at=1700000000`,
	};
}

async function call(request: RequestSpec, parameters: INodeParameters = {}) {
	return await callWebhook(v2, {
		parameters: { path: 'mmp', dropResends: true, ...parameters },
		request,
		typeVersion: 2,
	});
}

afterEach(async () => {
	await closeResendGates();
});

describe('MMP Trigger v2 with Drop Re-Sends', () => {
	it('starts one execution, then acknowledges the re-send without one', async () => {
		const first = await call(adjust(1));
		expect(first.workflowData?.flat()).toHaveLength(1);
		first.response.status(200).json({ status: 'ok' });

		const resend = await call(adjust(1));
		expect(resend.status).toBe(200);
		expect(resend.body).toEqual({ status: 'ok' });
		expect(resend.workflowData).toBeUndefined();
	});

	it('lets the re-send through when the first acknowledgement was a 5xx', async () => {
		const first = await call(adjust(2), { respond: 'lastNode' });
		expect(first.workflowData).toBeDefined();
		first.response.status(500).json({ message: 'Error in workflow' });

		expect((await call(adjust(2), { respond: 'lastNode' })).workflowData).toBeDefined();
	});

	it('gates before batching: a re-send is acknowledged at once and never joins a batch', async () => {
		const batched = { batch: true, batchMaxItems: 2, batchMaxWaitMs: 50 };
		const [leader, follower] = await Promise.all([
			call(adjust(3), batched),
			call(adjust(4), batched),
		]);
		expect(leader.workflowData?.flat()).toHaveLength(2);
		// n8n registers the batch's execution and answers the leader; the follower is answered too,
		// and both keys are confirmed by their own 2xx answers.
		leader.response.status(200).json({ status: 'ok' });
		expect(follower.response.statusCode).toBe(200);

		for (const n of [3, 4]) {
			const resend = await call(adjust(n), batched);
			expect(resend.workflowData).toBeUndefined();
			expect(resend.respondedByNode).toBe(false);
			expect(resend.body).toEqual({ status: 'ok' });
		}
	});

	it('releases the keys of a batch that was not registered, so their re-sends pass', async () => {
		const batched = { batch: true, batchMaxItems: 2, batchMaxWaitMs: 50 };
		const [leader, follower] = await Promise.all([
			call(adjust(5), batched),
			call(adjust(6), batched),
		]);
		leader.response.status(500).json({ message: 'There was a problem executing the workflow' });
		expect(follower.response.statusCode).toBe(503);

		const again = await Promise.all([call(adjust(5), batched), call(adjust(6), batched)]);
		expect(again.flatMap((result) => result.workflowData?.flat() ?? [])).toHaveLength(2);
	});
});
