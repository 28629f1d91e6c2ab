// Reading what ran from an execution returned by n8n's public API (`includeData=true`).
import type { INodeExecutionData } from 'n8n-workflow';
import type { N8nExecution } from '../../scripts/lib/n8n-instance';

function runData(execution: N8nExecution) {
	const data = execution.data?.resultData?.runData;
	if (!data) throw new Error(`execution ${execution.id} has no run data (was includeData=true?)`);
	return data;
}

/** Names of the nodes that ran, in the order they first ran. */
export function ranNodes(execution: N8nExecution): string[] {
	return Object.entries(runData(execution))
		.sort(([, a], [, b]) => (a[0]?.executionIndex ?? 0) - (b[0]?.executionIndex ?? 0))
		.map(([name]) => name);
}

/** Items a node emitted on one output in its first run (`[]` when the output was empty). */
export function nodeOutput(
	execution: N8nExecution,
	nodeName: string,
	outputIndex = 0,
): INodeExecutionData[] {
	const runs = runData(execution)[nodeName];
	if (!runs?.length) throw new Error(`node "${nodeName}" did not run in execution ${execution.id}`);
	return runs[0].data?.main?.[outputIndex] ?? [];
}

/** The json of every item a node emitted on one output. */
export function outputJson(
	execution: N8nExecution,
	nodeName: string,
	outputIndex = 0,
): Array<Record<string, unknown>> {
	return nodeOutput(execution, nodeName, outputIndex).map((item) => item.json);
}
