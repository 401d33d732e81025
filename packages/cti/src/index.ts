// @rexian/cti: binds the ACD, the IVR and the dialer to the switch (ARCHITECTURE.md, "cti").

// The queue application, agent sessions and commands (cti-core.ts).
export type { AgentLeg } from './agent-legs.ts';
export { type Cti, type CtiEvent, type CtiOptions, createCti, type TransferDestination } from './cti-core.ts';
export type { AgentInfo, CallRating, CtiRoutes, CtiSwitch, QueueEntry, SurveyPort, SurveyPrompts } from './cti-ports.ts';
export { ctiErrors } from './errors.ts';
export type { IvrCallOutcome } from './ivr/ivr-call.ts';
export { runIvrCall } from './ivr/ivr-call.ts';
export type { DialTarget, IvrDestination, IvrRouteResult, IvrRoutes, PromptRegistry } from './ivr/ivr-ports.ts';
export type { MemoryPromptRegistry } from './ivr/prompt-registry.ts';
export { createPromptRegistry, MEM_PROMPT_PREFIX } from './ivr/prompt-registry.ts';
export type { SwitchIvrChannelDeps } from './ivr/switch-ivr-channel.ts';
export { numberOfDestination, SwitchIvrChannel } from './ivr/switch-ivr-channel.ts';
// Supervisor monitoring: listen, whisper, barge, take over (supervise.ts).
export { createSupervision, type MonitorSession, type SuperviseOptions, type Supervision, superviseErrors } from './supervise.ts';
