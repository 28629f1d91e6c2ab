// Public API of the n8n-free core: `require('n8n-nodes-mmp-postback')`.
export * from './mmp';
export * from './inbound';
export * from './macros';
export * from './delivery';
export * from './security';
