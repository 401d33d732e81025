import { callRecordingState, callRecordingUpdate, cdrParams } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Actor } from '../../http/actor.ts';
import { actorOf, SESSION_COOKIE } from '../../http/guard.ts';
import { liveCallErrors as errors } from './live-calls.errors.ts';
import type { LiveCallsService } from './live-calls.service.ts';

/**
 * Calls in progress: the WebSocket stream of the current-calls view and the controls over one call.
 * The stream's upgrade request passes the same guard as every route (session cookie, permission).
 */
export function liveCallsRoutes(
  service: LiveCallsService,
  resolveSession: (token: string) => Promise<Actor | null>,
): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['calls'];
    app.route({
      method: 'GET',
      url: '/calls/live/stream',
      config: { access: { permission: 'pbx.cdr.read' } },
      schema: {
        tags,
        summary:
          'WebSocket: the current calls (§4.7.7) as a snapshot, then changes after each burst of call events (messages: liveCallsMessage)',
      },
      handler: async () => {
        throw errors.websocketRequired();
      },
      wsHandler: (socket, req) => {
        const token = req.cookies[SESSION_COOKIE] ?? '';
        const stop = service.watch(actorOf(req), {
          recheck: () => resolveSession(token),
          send: (m) => socket.send(JSON.stringify(m)),
          close: (code, reason) => socket.close(code, reason),
        });
        socket.on('close', stop);
        // Clients only listen; anything they send is ignored.
      },
    });
    app.post(
      '/calls/live/:callId/hangup',
      {
        config: { access: { permission: 'pbx.call.control' } },
        schema: { tags, summary: 'Force hang-up (强拆): ends every leg of a call in progress', params: cdrParams },
      },
      async (req, reply) => {
        await service.hangup(actorOf(req), req.ip, req.params.callId);
        return reply.code(204).send();
      },
    );
    app.get(
      '/calls/live/:callId/recording',
      {
        config: { access: { permission: 'pbx.cdr.read' } },
        schema: {
          tags,
          summary: 'Whether a call in progress is being recorded',
          params: cdrParams,
          response: { 200: callRecordingState },
        },
      },
      async (req) => service.recording(actorOf(req), req.params.callId),
    );
    app.put(
      '/calls/live/:callId/recording',
      {
        config: { access: { permission: 'pbx.call.control' } },
        schema: {
          tags,
          summary: 'Per-call recording on or off; overrides the global recording switch for this call',
          params: cdrParams,
          body: callRecordingUpdate,
          response: { 200: callRecordingState },
        },
      },
      async (req) => service.setRecording(actorOf(req), req.ip, req.params.callId, req.body.on),
    );
  };
}
