import { AppError } from '@rexian/kernel';

export const liveCallErrors = {
  notLive: (callId: string) =>
    new AppError('CALL_NOT_LIVE', 'the call has ended or does not exist', { category: 'not_found', details: { callId } }),
  notRunning: () => new AppError('TELEPHONY_NOT_RUNNING', 'the switch is not running', { category: 'unavailable' }),
  websocketRequired: () =>
    new AppError('WEBSOCKET_REQUIRED', 'this endpoint is a WebSocket stream: connect with an upgrade request', {
      category: 'invalid',
    }),
};
