// Call model
export * from './call/call-controller.ts';
export * from './call/call-events.ts';
export * from './call/call-model.ts';
export type * from './call/call-types.ts';
export * from './call/channel-state.ts';
export * from './call/collect-digits.ts';
export * from './call/recording-policy.ts';
export type * from './call/switch-adapter.port.ts';
// CDRs
export * from './cdr/cdr.ts';
export * from './cdr/cdr-recorder.ts';
export * from './cdr/hangup-cause.ts';
// Dial plan
export * from './dialplan/access-number.ts';
export * from './dialplan/dial-decision.ts';
export * from './dialplan/dial-pattern.ts';
export * from './dialplan/outbound-route.ts';
export * from './dialplan/schedule.ts';
export * from './dialplan/trunk-selection.ts';
export * from './dialplan/zoned-time.ts';
// Errors
export * from './errors.ts';
// SIP and media (the adapter behind the call controller)
export { SWITCH_CODECS } from './sip/codecs.ts';
export * from './sip/sip-switch.ts';
export type * from './sip/switch-context.ts';
