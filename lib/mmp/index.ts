// lib/mmp: MMP callback normalisation (n8n-free). See docs/canonical-event.md.
export * from './canonical';
export type * from './types';
