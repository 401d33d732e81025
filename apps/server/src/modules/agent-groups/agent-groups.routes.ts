import { agentGroup, agentGroupCreate, idParams, okBody, pageQuery } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/guard.ts';
import type { AgentGroupsService } from './agent-groups.service.ts';

export function agentGroupsRoutes(service: AgentGroupsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['acd'];
    app.get(
      '/agent-groups',
      {
        config: { access: { permission: 'cti.agent.read' } },
        schema: {
          tags,
          summary: 'Agent groups in scope (§4.6.2)',
          querystring: pageQuery.pick({ q: true }),
          response: { 200: z.array(agentGroup) },
        },
      },
      async (req) => service.list(actorOf(req), req.query.q),
    );
    app.post(
      '/agent-groups',
      {
        config: { access: { permission: 'cti.agent.write' } },
        schema: { tags, summary: 'Create an agent group', body: agentGroupCreate, response: { 201: agentGroup } },
      },
      async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.ip, req.body.name)),
    );
    app.patch(
      '/agent-groups/:id',
      {
        config: { access: { permission: 'cti.agent.write' } },
        schema: {
          tags,
          summary: 'Rename an agent group',
          params: idParams,
          body: agentGroupCreate,
          response: { 200: agentGroup },
        },
      },
      async (req) => service.rename(actorOf(req), req.ip, req.params.id, req.body.name),
    );
    app.delete(
      '/agent-groups/:id',
      {
        config: { access: { permission: 'cti.agent.write' } },
        schema: { tags, summary: 'Delete an empty agent group', params: idParams, response: { 200: okBody } },
      },
      async (req) => {
        await service.remove(actorOf(req), req.ip, req.params.id);
        return { ok: true as const };
      },
    );
  };
}
