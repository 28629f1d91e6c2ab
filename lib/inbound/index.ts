// lib/inbound: the MMP Trigger's n8n-free logic (authentication verdicts, output routing, the
// "start executions for" filter, and the request pipeline). See docs/nodes/mmp-trigger.md.
export * from './authConfig';
export * from './authenticate';
export * from './routeEvent';
export * from './startFilter';
export * from './triggerConfig';
export * from './bodyRead';
export * from './handleCallback';
export * from './callbackBatcher';
export * from './resendGate';
