export * from './ua-core.ts';
export * from './sip-service.ts';
