// Options → Fail Execution When Items Fail: the n8n-native way to let a workflow's Error Workflow
// see failed postbacks. Thrown after every item has ended (nothing is cut short), it says how many
// failed and why, by error code only: codes are the engine's or the transport's, never a secret,
// unlike messages and URLs.
import { NodeOperationError, type INode } from 'n8n-workflow';

import type { Postback } from './outputItem';

export function failedItemsError(
	node: INode,
	failed: readonly Postback[],
	total: number,
): NodeOperationError {
	const reasons = new Map<string, number>();
	let retryable = 0;
	for (const postback of failed) {
		const reason = reasonOf(postback);
		reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
		if (postback.retryable) retryable++;
	}
	const byCount = [...reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
	const list = byCount.map(([reason, count]) => `${reason}: ${count}`).join(', ');
	return new NodeOperationError(node, `${failed.length} of ${total} postbacks failed (${list})`, {
		description:
			`Every item was sent first; ${total - failed.length} were delivered. ` +
			(retryable > 0 ? `${retryable} of the failed items were retryable later. ` : '') +
			'Options → Fail Execution When Items Fail raised this error so that the Error Workflow runs; turn it off to route failed items to the Failed output instead.',
	});
}

/** `http_status 503`, `ECONNREFUSED`, ...: the code, with the status when one arrived. */
function reasonOf(postback: Postback): string {
	const code = postback.error?.code ?? 'failed';
	return postback.status !== undefined && code === 'http_status' ? `${code} ${postback.status}` : code;
}
