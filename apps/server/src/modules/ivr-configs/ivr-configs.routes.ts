import {
  idParams,
  ivrConfig,
  ivrConfigCreate,
  ivrConfigUpdate,
  ivrQuery,
  ivrTryRequest,
  ivrTryResult,
  okBody,
} from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/guard.ts';
import { contentDisposition } from '../voice-files/voice-files.routes.ts';
import type { IvrConfigsService } from './ivr-configs.service.ts';

/** An uploaded document may reach the parser's 1 000 000-character limit; JSON escaping can double it. */
export const ivrConfigBodyLimit = 4 * 1024 * 1024;

export function ivrConfigsRoutes(service: IvrConfigsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['ivr'];
    const read = { access: { permission: 'ivr.read' } } as const;
    const write = { access: { permission: 'ivr.write' } } as const;
    app.get(
      '/ivr-configs',
      {
        config: read,
        schema: {
          tags,
          summary: 'IVR configurations, searchable by number, name or file (§4.6.8)',
          querystring: ivrQuery,
          response: { 200: z.array(ivrConfig) },
        },
      },
      async (req) => service.list(req.query.q),
    );
    app.get(
      '/ivr-configs/:id',
      { config: read, schema: { tags, summary: 'One IVR configuration', params: idParams, response: { 200: ivrConfig } } },
      async (req) => service.get(req.params.id),
    );
    app.get(
      '/ivr-configs/:id/vxml',
      {
        config: read,
        schema: { tags, summary: 'The VoiceXML document the IVR number runs (download)', params: idParams },
      },
      async (req, reply) => {
        const { config, vxml } = await service.vxml(req.params.id);
        return reply
          .header('content-type', 'application/voicexml+xml; charset=utf-8')
          .header('content-disposition', contentDisposition('attachment', config.fileName))
          .send(vxml);
      },
    );
    app.post(
      '/ivr-configs',
      {
        config: write,
        bodyLimit: ivrConfigBodyLimit,
        schema: {
          tags,
          summary: 'Add an IVR number with uploaded VXML text or a built project',
          body: ivrConfigCreate,
          response: { 201: ivrConfig },
        },
      },
      async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.ip, req.body)),
    );
    app.patch(
      '/ivr-configs/:id',
      {
        config: write,
        bodyLimit: ivrConfigBodyLimit,
        schema: {
          tags,
          summary: 'Edit an IVR configuration (number, name, notes, or a new VXML source)',
          params: idParams,
          body: ivrConfigUpdate,
          response: { 200: ivrConfig },
        },
      },
      async (req) => service.update(actorOf(req), req.ip, req.params.id, req.body),
    );
    app.delete(
      '/ivr-configs/:id',
      { config: write, schema: { tags, summary: 'Delete an IVR configuration', params: idParams, response: { 200: okBody } } },
      async (req) => {
        await service.remove(actorOf(req), req.ip, req.params.id);
        return { ok: true as const };
      },
    );
    app.post(
      '/ivr-configs/:id/try',
      {
        config: read,
        schema: {
          tags,
          summary: 'Run the stored VXML against typed digits on a virtual clock; returns the interpreter trace',
          params: idParams,
          body: ivrTryRequest,
          response: { 200: ivrTryResult },
        },
      },
      async (req) => service.try(req.params.id, req.body),
    );
  };
}
