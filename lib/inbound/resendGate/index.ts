// The re-send gate of MMP Trigger ("Drop Re-sends"): see gate.ts and docs/nodes/mmp-trigger.md.
export * from './store';
export * from './gate';
export * from './memoryStore';
export * from './redisStore';
export * from './registry';
