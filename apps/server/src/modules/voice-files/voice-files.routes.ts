import { idParams, okBody, page, voiceFile, voiceFileMaxBytes, voiceFileQuery, voiceFileUpload } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/guard.ts';
import { parseByteRange } from './byte-range.ts';
import type { VoiceFilesService } from './voice-files.service.ts';

/** The upload's JSON body: the base64 of the largest file plus room for the other fields. */
export const voiceUploadBodyLimit = Math.ceil(voiceFileMaxBytes / 3) * 4 + 64 * 1024;

/** RFC 6266: an ASCII fallback name plus the UTF-8 name (headers cannot carry raw Chinese). */
export const contentDisposition = (kind: 'inline' | 'attachment', file: string) =>
  `${kind}; filename="${file.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file)}`;

export function voiceFilesRoutes(service: VoiceFilesService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['ivr'];
    app.get(
      '/voice-files',
      {
        config: { access: { permission: 'ivr.read' } },
        schema: {
          tags,
          summary: 'Voice files, searchable by name or original file name (§4.6.5)',
          querystring: voiceFileQuery,
          response: { 200: page(voiceFile) },
        },
      },
      async (req) => {
        const { page: p, pageSize, q } = req.query;
        const r = await service.list(q, { limit: pageSize, offset: (p - 1) * pageSize });
        return { ...r, page: p, pageSize };
      },
    );
    app.get(
      '/voice-files/:id',
      {
        config: { access: { permission: 'ivr.read' } },
        schema: { tags, summary: 'One voice file', params: idParams, response: { 200: voiceFile } },
      },
      async (req) => service.get(req.params.id),
    );
    app.get(
      '/voice-files/:id/audio',
      {
        config: { access: { permission: 'ivr.read' } },
        schema: {
          tags,
          summary: 'The converted 8 kHz 16-bit mono WAV: played online (byte ranges for seeking), or downloaded with ?download=1',
          params: idParams,
          querystring: z.strictObject({ download: z.enum(['0', '1']).optional() }),
        },
      },
      async (req, reply) => {
        const { file, bytes } = await service.audio(req.params.id);
        const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        const kind = req.query.download === '1' ? 'attachment' : 'inline';
        reply
          .header('content-type', 'audio/wav')
          .header('accept-ranges', 'bytes')
          .header('content-disposition', contentDisposition(kind, `${file.name}.wav`));
        const range = parseByteRange(req.headers.range, body.length);
        if (range === 'unsatisfiable') return reply.status(416).header('content-range', `bytes */${body.length}`).send();
        if (!range) return reply.send(body);
        return reply
          .status(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${body.length}`)
          .send(body.subarray(range.start, range.end + 1));
      },
    );
    app.post(
      '/voice-files',
      {
        config: { access: { permission: 'ivr.write' } },
        bodyLimit: voiceUploadBodyLimit,
        schema: {
          tags,
          summary: `Upload a WAV or MP3 (base64, at most ${voiceFileMaxBytes} bytes); converted once to 8 kHz WAV`,
          body: voiceFileUpload,
          response: { 201: voiceFile },
        },
      },
      async (req, reply) => reply.status(201).send(await service.upload(actorOf(req), req.ip, req.body)),
    );
    app.delete(
      '/voice-files/:id',
      {
        config: { access: { permission: 'ivr.write' } },
        schema: { tags, summary: 'Delete a voice file no IVR project plays', params: idParams, response: { 200: okBody } },
      },
      async (req) => {
        await service.remove(actorOf(req), req.ip, req.params.id);
        return { ok: true as const };
      },
    );
  };
}
