import { okBody, supervisorAgentParams, supervisorMonitorRequest, supervisorMonitorSession } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/guard.ts';
import type { MonitorService } from './monitor.service.ts';

/**
 * Supervisor monitoring of an agent's call (§3 班长席): listen, whisper, barge, take over. Permission
 * `cti.supervise`; the service limits it to the actor's managed scope (404 outside it).
 */
export function monitorRoutes(service: MonitorService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['supervisor'];
    const config = { access: { permission: 'cti.supervise' as const } };
    const url = '/supervisor/agents/:agentId/monitor';
    app.post(
      url,
      {
        config,
        schema: {
          tags,
          summary: "Listen (监听), whisper (密语) or barge (强插): my phone rings and joins the agent's call",
          params: supervisorAgentParams,
          body: supervisorMonitorRequest,
          response: { 201: supervisorMonitorSession },
        },
      },
      async (req, reply) => reply.status(201).send(await service.start(actorOf(req), req.ip, req.params.agentId, req.body.mode)),
    );
    app.put(
      url,
      {
        config,
        schema: {
          tags,
          summary: 'Change the monitor mode (listen, whisper, barge)',
          params: supervisorAgentParams,
          body: supervisorMonitorRequest,
          response: { 200: supervisorMonitorSession },
        },
      },
      async (req) => service.setMode(actorOf(req), req.params.agentId, req.body.mode),
    );
    app.delete(
      url,
      {
        config,
        schema: {
          tags,
          summary: 'Stop monitoring (my phone hangs up)',
          params: supervisorAgentParams,
          response: { 200: okBody },
        },
      },
      async (req) => {
        await service.stop(actorOf(req), req.params.agentId);
        return { ok: true as const };
      },
    );
    app.post(
      '/supervisor/agents/:agentId/takeover',
      {
        config,
        schema: {
          tags,
          summary: 'Take over (强拆): the agent is cut off and I go on with the customer',
          params: supervisorAgentParams,
          response: { 200: supervisorMonitorSession },
        },
      },
      async (req) => service.takeover(actorOf(req), req.ip, req.params.agentId),
    );
  };
}
