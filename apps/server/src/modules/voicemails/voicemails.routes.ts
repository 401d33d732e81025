import { idParams, okBody, page, voicemail, voicemailQuery, voicemailUpdate } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/guard.ts';
import { sendMediaFile } from '../cdrs/media-file.ts';
import type { VoicemailsService } from './voicemails.service.ts';

export function voicemailsRoutes(service: VoicemailsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['calls'];
    app.get(
      '/voicemails',
      {
        config: { access: { permission: 'pbx.voicemail.read' } },
        schema: {
          tags,
          summary: 'Voicemail (§4.7.4), newest first; filters: mailbox, caller, handled, time range',
          querystring: voicemailQuery,
          response: { 200: page(voicemail) },
        },
      },
      async (req) => service.list(actorOf(req), req.query),
    );
    app.get(
      '/voicemails/:id/audio',
      {
        config: { access: { permission: 'pbx.voicemail.read' } },
        schema: { tags, summary: 'The message’s audio (WAV), with byte ranges for seeking', params: idParams },
      },
      async (req, reply) => {
        const file = await service.audio(actorOf(req), req.params.id);
        return sendMediaFile(req, reply, file, `voicemail-${req.params.id}`);
      },
    );
    app.patch(
      '/voicemails/:id',
      {
        config: { access: { permission: 'pbx.voicemail.write' } },
        schema: {
          tags,
          summary: 'Mark a message handled (or not) and keep a note (留言备注)',
          params: idParams,
          body: voicemailUpdate,
          response: { 200: voicemail },
        },
      },
      async (req) => service.update(actorOf(req), req.ip, req.params.id, req.body),
    );
    app.delete(
      '/voicemails/:id',
      {
        config: { access: { permission: 'pbx.voicemail.write' } },
        schema: { tags, summary: 'Delete a message: its audio file and its row', params: idParams, response: { 200: okBody } },
      },
      async (req) => {
        await service.remove(actorOf(req), req.ip, req.params.id);
        return { ok: true as const };
      },
    );
  };
}
