import { cdrDetail, cdrParams, cdrQuery, cdrSummary, liveCalls, page } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/guard.ts';
import type { CdrsService } from './cdrs.service.ts';
import { sendMediaFile } from './media-file.ts';

export function cdrsRoutes(service: CdrsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['calls'];
    app.get(
      '/cdrs',
      {
        config: { access: { permission: 'pbx.cdr.read' } },
        schema: {
          tags,
          summary: 'Call records (§4.7.2), newest first, with the manual’s filters; scoped to the actor’s extensions',
          querystring: cdrQuery,
          response: { 200: page(cdrSummary) },
        },
      },
      async (req) => service.list(actorOf(req), req.query),
    );
    app.get(
      '/cdrs/:callId',
      {
        config: { access: { permission: 'pbx.cdr.read' } },
        schema: { tags, summary: 'One call record with its legs', params: cdrParams, response: { 200: cdrDetail } },
      },
      async (req) => service.get(actorOf(req), req.params.callId),
    );
    app.get(
      '/cdrs/:callId/recording',
      {
        config: { access: { permission: 'pbx.cdr.read' } },
        schema: {
          tags,
          summary: 'The call’s recording (WAV or MP3) from the data folder, with byte ranges for seeking',
          params: cdrParams,
        },
      },
      async (req, reply) => {
        const file = await service.recording(actorOf(req), req.params.callId);
        return sendMediaFile(req, reply, file, `recording-${req.params.callId}`);
      },
    );
    app.get(
      '/calls/live',
      {
        config: { access: { permission: 'pbx.cdr.read' } },
        schema: {
          tags,
          summary: 'Calls in progress (§4.7.7) from the running switch; empty when it is not running',
          response: { 200: liveCalls },
        },
      },
      async (req) => service.live(actorOf(req)),
    );
  };
}
