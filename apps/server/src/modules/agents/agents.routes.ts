import { agent, agentBatchCreate, agentCreate, agentQuery, agentUpdate, idParams, okBody } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/guard.ts';
import type { AgentsService } from './agents.service.ts';

export function agentsRoutes(service: AgentsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['acd'];
    app.get(
      '/agents',
      {
        config: { access: { permission: 'cti.agent.read' } },
        schema: {
          tags,
          summary: 'Agents in scope, searchable by number, name or group (§4.6.3)',
          querystring: agentQuery,
          response: { 200: z.object({ items: z.array(agent), total: z.number() }) },
        },
      },
      async (req) => {
        const { q, groupId, type, page, pageSize } = req.query;
        const all = await service.list(actorOf(req), { q, groupId, type });
        return { items: all.slice((page - 1) * pageSize, page * pageSize), total: all.length };
      },
    );
    app.get(
      '/agents/:id',
      {
        config: { access: { permission: 'cti.agent.read' } },
        schema: { tags, summary: 'One agent', params: idParams, response: { 200: agent } },
      },
      async (req) => service.get(actorOf(req), req.params.id),
    );
    app.post(
      '/agents',
      {
        config: { access: { permission: 'cti.agent.write' } },
        schema: { tags, summary: 'Add an agent', body: agentCreate, response: { 201: agent } },
      },
      async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.ip, req.body)),
    );
    app.post(
      '/agents/batch',
      {
        config: { access: { permission: 'cti.agent.write' } },
        schema: {
          tags,
          summary: 'Add agents in a batch: start number + count (§4.6.3.2); all or none',
          body: agentBatchCreate,
          response: { 201: z.array(agent) },
        },
      },
      async (req, reply) => reply.status(201).send(await service.createBatch(actorOf(req), req.ip, req.body)),
    );
    app.patch(
      '/agents/:id',
      {
        config: { access: { permission: 'cti.agent.write' } },
        schema: {
          tags,
          summary: 'Edit an agent, its skills and (supervisors) its managed scope',
          params: idParams,
          body: agentUpdate,
          response: { 200: agent },
        },
      },
      async (req) => service.update(actorOf(req), req.ip, req.params.id, req.body),
    );
    app.delete(
      '/agents/:id',
      {
        config: { access: { permission: 'cti.agent.write' } },
        schema: { tags, summary: 'Delete an agent not bound to an employee', params: idParams, response: { 200: okBody } },
      },
      async (req) => {
        await service.remove(actorOf(req), req.ip, req.params.id);
        return { ok: true as const };
      },
    );
  };
}
