// lib/inbound: the MMP Trigger's n8n-free logic (authentication verdicts, output routing, the
// "start executions for" filter, and the request pipeline). See docs/nodes/mmp-trigger.md.
export * from './authConfig';
export * from './authenticate';
export * from './checkClient';
export * from './routeEvent';
export * from './startFilter';
export * from './triggerConfig';
export * from './bodyRead';
export * from './contentEncoding';
export * from './handleCallback';
export * from './resendGate';
export * from './callbackInput';
export * from './normalizeCallback';
export * from './callbackBatcher';
