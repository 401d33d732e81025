export * from './options-pinger.ts';
export * from './retransmit-2xx.ts';
export * from './sip-service.ts';
export * from './ua-core.ts';
export * from './uac-invite.ts';
export * from './uas-invite.ts';
