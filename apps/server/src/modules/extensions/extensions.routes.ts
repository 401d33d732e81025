import {
  extension,
  extensionCreate,
  extensionPasswordChange,
  extensionQuery,
  extensionUpdate,
  extensionWithSecret,
  idParams,
  okBody,
  page,
} from '@rexian/contracts';
import { AppError } from '@rexian/kernel';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/guard.ts';
import { readDemoCredentials } from '../../seed/demo-extensions.ts';
import type { ExtensionsService } from './extensions.service.ts';

export function extensionsRoutes(
  service: ExtensionsService,
  demo: { demo: boolean; dataDir: string | null },
): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['extensions'];
    app.get(
      '/extensions',
      {
        config: { access: { permission: 'pbx.extension.read' } },
        schema: {
          tags,
          summary: 'Extensions with registration status (online, contacts, user agent, last seen)',
          querystring: extensionQuery,
          response: { 200: page(extension) },
        },
      },
      async (req) => {
        const { page: p, pageSize, q, status } = req.query;
        const r = await service.list(actorOf(req), { q, status }, { limit: pageSize, offset: (p - 1) * pageSize });
        return { ...r, page: p, pageSize };
      },
    );

    app.get(
      '/extensions/demo-credentials',
      {
        config: { access: { permission: 'pbx.extension.write' } },
        schema: {
          tags,
          summary: 'Demo mode only: the generated passwords of the demo extensions (data/demo-credentials.json)',
          response: {
            200: z.object({ extensions: z.array(z.object({ number: z.string(), password: z.string(), realm: z.string() })) }),
          },
        },
      },
      async (req) => {
        actorOf(req);
        const list = demo.demo ? readDemoCredentials(demo.dataDir) : null;
        if (!list) throw new AppError('EXTENSION_NOT_FOUND', 'no demo credentials', { category: 'not_found' });
        return { extensions: list };
      },
    );

    app.get(
      '/extensions/:id',
      {
        config: { access: { permission: 'pbx.extension.read' } },
        schema: { tags, summary: 'One extension', params: idParams, response: { 200: extension } },
      },
      async (req) => service.get(actorOf(req), req.params.id),
    );

    app.post(
      '/extensions',
      {
        config: { access: { permission: 'pbx.extension.write' } },
        schema: {
          tags,
          summary: 'Create an extension; the password (given or generated) is returned once',
          body: extensionCreate,
          response: { 201: extensionWithSecret },
        },
      },
      async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.ip, req.body)),
    );

    app.patch(
      '/extensions/:id',
      {
        config: { access: { permission: 'pbx.extension.write' } },
        schema: {
          tags,
          summary: 'Change an extension (disabling drops its registrations)',
          params: idParams,
          body: extensionUpdate,
          response: { 200: extension },
        },
      },
      async (req) => service.update(actorOf(req), req.ip, req.params.id, req.body),
    );

    app.post(
      '/extensions/:id/password',
      {
        config: { access: { permission: 'pbx.extension.write' } },
        schema: {
          tags,
          summary: 'Set or generate a new password; returned once',
          params: idParams,
          body: extensionPasswordChange,
          response: { 200: extensionWithSecret },
        },
      },
      async (req) => service.setPassword(actorOf(req), req.ip, req.params.id, req.body.password),
    );

    app.delete(
      '/extensions/:id',
      {
        config: { access: { permission: 'pbx.extension.write' } },
        schema: { tags, summary: 'Delete an extension', params: idParams, response: { 200: okBody } },
      },
      async (req) => {
        await service.remove(actorOf(req), req.ip, req.params.id);
        return { ok: true as const };
      },
    );
  };
}
