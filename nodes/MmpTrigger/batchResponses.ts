// Express side of batched executions (lib/inbound/callbackBatcher.ts decides who leads and who is
// held). n8n 2.41 writes the leader's response only once the execution is registered (onReceived:
// after WorkflowRunner.run() resolved; lastNode: after the workflow finished), and writes a 5xx
// when that fails (webhook-helpers.js, executeWebhook). So the leader's response *is* the batch's
// fate: 'finish' with a 2xx status means registered; any other status, or 'close' before 'finish'
// (the connection dropped, so nothing says the execution exists), means held callbacks get 503
// and their MMPs re-send.
import type { AnswerHeld, InboundError, TriggerConfig } from '../../lib/inbound';
import type { WebhookResponse } from './receiveCallback';

const NOT_REGISTERED: InboundError = {
	code: 'batch_not_registered',
	message: 'The execution for this callback could not be started; please retry.',
};

/** Sends the acknowledgement the way n8n sends a webhookResponse: text as is, anything else as JSON. */
function sendAcknowledgement(
	res: WebhookResponse,
	acknowledgement: TriggerConfig['acknowledgement'],
) {
	res.status(acknowledgement.status);
	if (typeof acknowledgement.body === 'string') res.send(acknowledgement.body);
	else res.json(acknowledgement.body);
}

/** How a held callback's own response is written once its batch's fate is known. */
export function answerHeldWith(
	res: WebhookResponse,
	acknowledgement: TriggerConfig['acknowledgement'],
): AnswerHeld {
	return (registered) => {
		if (res.headersSent || res.writableEnded) return;
		if (registered) sendAcknowledgement(res, acknowledgement);
		else {
			res.status(503);
			res.setHeader('Retry-After', '1');
			res.json({ error: NOT_REGISTERED });
		}
	};
}

/** Settles the batch from the leader's response, as described above. */
export function settleWhenAnswered(
	leader: WebhookResponse,
	settle: (registered: boolean) => void,
): void {
	if (!leader.once) {
		// No events to watch (not an express response): nothing says the execution exists.
		settle(false);
		return;
	}
	leader.once('finish', () => settle(leader.statusCode >= 200 && leader.statusCode < 300));
	leader.once('close', () => settle(false));
}
