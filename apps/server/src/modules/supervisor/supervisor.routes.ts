import {
  supervisedAgent,
  supervisorAgentParams,
  supervisorAgentsBoard,
  supervisorCallParams,
  supervisorForceState,
  supervisorMoveCall,
  supervisorQueuesBoard,
} from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Actor } from '../../http/actor.ts';
import { actorOf, SESSION_COOKIE } from '../../http/guard.ts';
import { liveCallErrors } from '../live-calls/live-calls.errors.ts';
import type { SupervisorService } from './supervisor.service.ts';

/**
 * The supervisor's wallboards, forced agent states and call moves (§3 班长席). Every route needs
 * `cti.supervise`; the service limits everything to the actor's managed scope (404 outside it).
 */
export function supervisorRoutes(
  service: SupervisorService,
  resolveSession: (token: string) => Promise<Actor | null>,
): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['supervisor'];
    const access = { access: { permission: 'cti.supervise' as const } };
    app.get(
      '/supervisor/agents',
      {
        config: access,
        schema: {
          tags,
          summary: 'Agent wallboard (座席监控): state, reason, since, extension, current call, answered/talk time',
          response: { 200: supervisorAgentsBoard },
        },
      },
      async (req) => service.agents(actorOf(req)),
    );
    app.get(
      '/supervisor/queues',
      {
        config: access,
        schema: {
          tags,
          summary: 'Queue wallboard (队列监控): waiting calls, longest wait, idle and signed-in agents',
          response: { 200: supervisorQueuesBoard },
        },
      },
      async (req) => service.queues(actorOf(req)),
    );
    app.route({
      method: 'GET',
      url: '/supervisor/stream',
      config: access,
      schema: { tags, summary: 'WebSocket: both wallboards, pushed after each burst of changes (supervisorStreamMessage)' },
      handler: async () => {
        throw liveCallErrors.websocketRequired();
      },
      wsHandler: (socket, req) => {
        const token = req.cookies[SESSION_COOKIE] ?? '';
        let stop: (() => void) | undefined;
        let closed = false;
        socket.on('close', () => {
          closed = true;
          stop?.();
        });
        service
          .watch(actorOf(req), {
            recheck: () => resolveSession(token),
            send: (m) => socket.send(JSON.stringify(m)),
            close: (code, reason) => socket.close(code, reason),
          })
          .then((s) => {
            if (closed) s();
            else stop = s;
          })
          .catch((error: unknown) => {
            const code = (error as { code?: string }).code ?? 'INTERNAL';
            socket.send(JSON.stringify({ type: 'error', code }));
            socket.close(4404, code);
          });
        // Clients only listen; anything they send is ignored.
      },
    });
    app.post(
      '/supervisor/agents/:agentId/state',
      {
        config: access,
        schema: {
          tags,
          summary: 'Force an agent busy (强制置忙), idle (强制示闲) or signed out (强制签出)',
          params: supervisorAgentParams,
          body: supervisorForceState,
          response: { 200: supervisedAgent },
        },
      },
      async (req) => service.forceState(actorOf(req), req.ip, req.params.agentId, req.body),
    );
    app.post(
      '/supervisor/calls/:callId/move',
      {
        config: access,
        schema: {
          tags,
          summary: 'Move a call waiting in a queue to another queue (keeps its VIP status)',
          params: supervisorCallParams,
          body: supervisorMoveCall,
        },
      },
      async (req, reply) => {
        await service.moveCall(actorOf(req), req.ip, req.params.callId, req.body.queueId);
        return reply.code(204).send();
      },
    );
  };
}
