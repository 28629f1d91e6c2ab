// examples/workflows/*.json as `npm start` imports them (pointed at the demo stand-ins), with the BI
// table moved into a test's own PostgreSQL schema, and the credentials they name. Shared by the
// single-process and the queue-mode example suites.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pointAtStandins, type Standins } from '../../scripts/demo/standins';
import type { WorkflowJson } from '../../scripts/lib/n8n-instance';

const ROOT = path.join(__dirname, '../..');

export const EXAMPLE_PG = {
	host: '127.0.0.1',
	port: 5432,
	database: 'test',
	user: 'postgres',
	password: '',
};

export function loadExamples(standins: Standins, schema: string): WorkflowJson[] {
	const dir = path.join(ROOT, 'examples/workflows');
	return fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			let text = pointAtStandins(fs.readFileSync(path.join(dir, file), 'utf8'), standins);
			// The long-retry example targets a made-up network host; here it is the network stand-in.
			text = text.split('postbacks.example-network.com').join(standins.network!.address);
			const workflow = JSON.parse(text) as WorkflowJson;
			for (const node of workflow.nodes) {
				const query = node.parameters?.query;
				if (typeof query === 'string') {
					node.parameters.query = query.replace(/\bmmp_events\b/g, `${schema}.mmp_events`);
				}
			}
			return workflow;
		});
}

/** The credentials the examples name; only Postgres's is ever used (Slack's is a placeholder). */
export function exampleCredentials(pg = EXAMPLE_PG) {
	return [
		{
			id: 'mmpExamplePostgres',
			name: 'BI Postgres',
			type: 'postgres',
			data: { ...pg, ssl: 'disable' },
		},
		{
			id: 'mmpExampleSlack',
			name: 'Slack account',
			type: 'slackApi',
			data: { accessToken: 'xoxb-e2e-placeholder-never-sent' },
		},
	];
}
