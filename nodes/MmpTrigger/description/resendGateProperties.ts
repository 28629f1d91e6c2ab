// "Drop Re-sends": the parameters of MMP Trigger's re-send gate (read by ../resendGate.ts).
import type { INodeProperties } from 'n8n-workflow';

const whenDropping = { dropResends: [true] };

export const resendGateProperties: INodeProperties[] = [
	{
		displayName: 'Drop Re-Sends',
		name: 'dropResends',
		type: 'boolean',
		default: false,
		description:
			'Whether to start one execution per callback (same dedup_key) within the window: re-sends are acknowledged without starting an execution',
	},
	{
		displayName: 'Re-Send Store',
		name: 'resendStore',
		type: 'options',
		options: [
			{
				name: 'This Process (In Memory)',
				value: 'memory',
				description: 'Remembered in memory by this process: for n8n running as one process',
			},
			{
				name: 'Redis',
				value: 'redis',
				description: 'Shared by every n8n process: required in queue mode with webhook processors',
			},
		],
		default: 'memory',
		displayOptions: { show: whenDropping },
	},
	{
		displayName: 'Re-Send Window (Hours)',
		name: 'resendWindowHours',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 720 },
		default: 24,
		displayOptions: { show: whenDropping },
		description: 'How long a callback is remembered. Adjust re-sends for up to 24 hours.',
	},
	{
		displayName: 'Max Remembered Callbacks',
		name: 'resendMaxKeys',
		type: 'number',
		typeOptions: { minValue: 1000 },
		default: 100000,
		displayOptions: { show: { ...whenDropping, resendStore: ['memory'] } },
		description:
			'Bound on memory (about 1 KB each); past it the oldest are forgotten and their re-sends pass',
	},
	{
		displayName: 'When Redis Is Unreachable',
		name: 'resendWhenUnavailable',
		type: 'options',
		options: [
			{
				name: 'Answer 503',
				value: 'reject',
				description: 'The MMP retries later; nothing is executed twice',
			},
			{
				name: 'Let the Callback Through',
				value: 'pass',
				description: 'Start the execution without checking for re-sends',
			},
		],
		default: 'reject',
		displayOptions: { show: { ...whenDropping, resendStore: ['redis'] } },
	},
];
