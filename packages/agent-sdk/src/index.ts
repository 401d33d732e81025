// @rexian/agent-sdk: the typed client for the agent API (docs/agent-sdk.md).
export type { AgentCall, AgentEvent, AgentSession, AgentSignIn, AgentStateChange, TransferTarget } from '@rexian/contracts';
export {
  type AgentClient,
  type AgentClientOptions,
  type ConnectOptions,
  createAgentClient,
  SESSION_COOKIE,
} from './agent-client.ts';
export type {
  AgentStream,
  AgentStreamEventName,
  AgentStreamEvents,
  AgentStreamStatus,
  ReconnectOptions,
} from './agent-stream.ts';
export { AgentApiError, isAgentApiError, type SdkErrorCode, sdkErrorCodes } from './errors.ts';
export type { FetchLike, ResponseLike, Timers, WebSocketConstructorLike, WebSocketLike } from './transport.ts';
