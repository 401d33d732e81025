import {
  idParams,
  ivrBuildRequest,
  ivrConfig,
  ivrProject,
  ivrProjectCreate,
  ivrProjectSummary,
  ivrProjectUpdate,
  ivrQuery,
  ivrTryRequest,
  ivrTryResult,
  okBody,
} from '@rexian/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/guard.ts';
import { ivrProjectErrors } from './ivr-projects.errors.ts';
import type { IvrProjectsService } from './ivr-projects.service.ts';
import { jsonDepth } from './ivr-tree.ts';

/** JSON nesting allowed in a project body: the validator's 32 node levels at three JSON levels each, plus room. */
export const maxProjectJsonDepth = 120;

async function shallowEnough(req: FastifyRequest) {
  if (jsonDepth(req.body, maxProjectJsonDepth) > maxProjectJsonDepth) throw ivrProjectErrors.tooDeep(maxProjectJsonDepth);
}

export function ivrProjectsRoutes(service: IvrProjectsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['ivr'];
    const read = { access: { permission: 'ivr.read' } } as const;
    const write = { access: { permission: 'ivr.write' } } as const;
    app.get(
      '/ivr-projects',
      {
        config: read,
        schema: {
          tags,
          summary: 'IVR designer projects (§4.6.7)',
          querystring: ivrQuery,
          response: { 200: z.array(ivrProjectSummary) },
        },
      },
      async (req) => (await service.list(req.query.q)).map(({ root: _r, variables: _v, builtVxml: _b, ...s }) => s),
    );
    app.get(
      '/ivr-projects/:id',
      {
        config: read,
        schema: {
          tags,
          summary: 'One project: its node tree, issues and last built VXML',
          params: idParams,
          response: { 200: ivrProject },
        },
      },
      async (req) => service.get(req.params.id),
    );
    app.post(
      '/ivr-projects',
      {
        config: write,
        preValidation: shallowEnough,
        schema: {
          tags,
          summary: 'Create a project (any draft tree; unknown voice files are refused)',
          body: ivrProjectCreate,
          response: { 201: ivrProject },
        },
      },
      async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.ip, req.body)),
    );
    app.patch(
      '/ivr-projects/:id',
      {
        config: write,
        preValidation: shallowEnough,
        schema: {
          tags,
          summary: 'Edit a project: name, time-out queue, variables, node tree',
          params: idParams,
          body: ivrProjectUpdate,
          response: { 200: ivrProject },
        },
      },
      async (req) => service.update(actorOf(req), req.ip, req.params.id, req.body),
    );
    app.delete(
      '/ivr-projects/:id',
      {
        config: write,
        schema: { tags, summary: 'Delete a project no IVR configuration runs', params: idParams, response: { 200: okBody } },
      },
      async (req) => {
        await service.remove(actorOf(req), req.ip, req.params.id);
        return { ok: true as const };
      },
    );
    app.post(
      '/ivr-projects/:id/build',
      {
        config: write,
        schema: {
          tags,
          summary: '构建 VXML: validate, compile, store, and register or refresh the IVR configuration',
          params: idParams,
          body: ivrBuildRequest,
          response: { 200: z.object({ project: ivrProject, config: ivrConfig.nullable() }) },
        },
      },
      async (req) => service.build(actorOf(req), req.ip, req.params.id, req.body),
    );
    app.post(
      '/ivr-projects/:id/try',
      {
        config: read,
        schema: {
          tags,
          summary: 'Run the saved flow against typed digits on a virtual clock; returns the interpreter trace',
          params: idParams,
          body: ivrTryRequest,
          response: { 200: ivrTryResult },
        },
      },
      async (req) => service.try(req.params.id, req.body),
    );
  };
}
