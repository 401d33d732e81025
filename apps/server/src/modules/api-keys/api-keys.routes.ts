import { apiKey, apiKeyCreate, apiKeyCreated, clickToCall, clickToCallResult, clickToCallState } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/guard.ts';
import type { ApiKeysService, VerifiedApiKey } from './api-keys.service.ts';
import type { ClickToCallService } from './click-to-call.service.ts';

const idParams = z.strictObject({ id: z.uuid() });
const callParams = z.strictObject({ callId: z.string().min(1).max(128) });

export function apiKeysRoutes(keys: ApiKeysService, calls: ClickToCallService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['api keys'];
    const admin = { access: { permission: 'system.api-keys' as const } };
    app.get(
      '/api-keys',
      { config: admin, schema: { tags, summary: 'API keys (never the keys themselves)', response: { 200: z.array(apiKey) } } },
      async () => keys.list(),
    );
    app.post(
      '/api-keys',
      {
        config: admin,
        schema: {
          tags,
          summary: 'Create an API key for a CRM server; the answer holds the key, shown this once',
          body: apiKeyCreate,
          response: { 201: apiKeyCreated },
        },
      },
      async (req, reply) => reply.code(201).send(await keys.create(actorOf(req), req.ip, req.body)),
    );
    app.delete(
      '/api-keys/:id',
      { config: admin, schema: { tags, summary: 'Revoke an API key (at once)', params: idParams } },
      async (req, reply) => {
        await keys.revoke(actorOf(req), req.ip, req.params.id);
        return reply.code(204).send();
      },
    );

    // Called by third-party servers with `Authorization: Bearer <key>`; no cookie reaches these.
    const key = (req: { apiKey: VerifiedApiKey | null }) => req.apiKey as VerifiedApiKey;
    app.post(
      '/click-to-call',
      {
        config: { access: 'api-key' },
        schema: {
          tags: ['click to call'],
          summary: 'http 外呼接口: the agent’s phone rings first, then the number (API key)',
          body: clickToCall,
          response: { 200: clickToCallResult },
        },
      },
      async (req) => calls.call(key(req), req.body),
    );
    app.get(
      '/click-to-call/:callId',
      {
        config: { access: 'api-key' },
        schema: {
          tags: ['click to call'],
          summary: 'A click-to-call call’s progress (API key)',
          params: callParams,
          response: { 200: clickToCallState },
        },
      },
      async (req) => calls.state(key(req), req.params.callId),
    );
  };
}
