// The MMP Trigger as n8n loads it: typeVersion 1 (unchanged) and 2 (the default for new nodes).
// n8n picks a version's node through getNodeType(); the class itself still describes and runs
// typeVersion 1, so code and tests written against version 1 keep working unchanged.
import type { INodeType, IVersionedNodeType } from 'n8n-workflow';

import { MmpTriggerV1 } from './v1/MmpTriggerV1.node';
import { MmpTriggerV2 } from './v2/MmpTriggerV2.node';
import { DEFAULT_TRIGGER_VERSION } from './triggerDescription';

export class MmpTrigger extends MmpTriggerV1 implements IVersionedNodeType {
	currentVersion = DEFAULT_TRIGGER_VERSION;

	nodeVersions: IVersionedNodeType['nodeVersions'] = {
		1: new MmpTriggerV1(),
		2: new MmpTriggerV2(),
	};

	getNodeType(version?: number): INodeType {
		return (
			this.nodeVersions[version ?? this.currentVersion] ?? this.nodeVersions[this.currentVersion]
		);
	}

	getLatestNodeType(): INodeType {
		return this.nodeVersions[this.currentVersion];
	}
}
