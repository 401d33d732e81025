import type { VoiceFileDto } from '@rexian/contracts';
import { voiceFileMaxBytes } from '@rexian/contracts';
import { newId } from '@rexian/kernel';
import { convertVoiceFile, sniffUpload, telephoneFormat } from '@rexian/vxml';
import type { Actor } from '../../http/actor.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../../http/db-errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { voiceFileErrors as errors } from './voice-files.errors.ts';
import type { VoiceFilesRepository } from './voice-files.repository.ts';

/** Where compiled VoiceXML finds a voice file's 8 kHz WAV (the runtime's fetcher serves this path). */
export const voiceFileUrl = (id: string) => `/api/v1/voice-files/${id}/audio`;

/**
 * The voice-file library (§4.6.5): an upload is recognised by its bytes (WAV or MP3), converted once to
 * the engine's 8 kHz 16-bit mono WAV and stored; playing and downloading serve the converted audio.
 */
export function createVoiceFilesService(d: { repo: VoiceFilesRepository; audit: AuditService; maxBytes?: number }) {
  const maxBytes = d.maxBytes ?? voiceFileMaxBytes;
  async function visible(id: string): Promise<VoiceFileDto> {
    const f = await d.repo.findById(id);
    if (!f) throw errors.notFound();
    return f;
  }
  return {
    list: (q: string | undefined, page: { limit: number; offset: number }) => d.repo.list(q, page),
    get: visible,
    async audio(id: string): Promise<{ file: VoiceFileDto; bytes: Uint8Array }> {
      const file = await visible(id);
      const bytes = await d.repo.audio(id);
      if (!bytes) throw errors.notFound();
      return { file, bytes };
    },

    async upload(actor: Actor, ip: string, input: { name: string; fileName: string; contentBase64: string }) {
      const bytes = Buffer.from(input.contentBase64, 'base64');
      if (bytes.length > maxBytes) throw errors.tooLarge(maxBytes);
      const format = sniffUpload(bytes);
      if (!format) throw errors.unsupported();
      // Conversion costs a sox/ffmpeg run: refuse a taken name first (the unique index still decides).
      if (await d.repo.nameExists(input.name)) throw errors.nameTaken(input.name);
      const converted = await convertVoiceFile(bytes, maxBytes);
      if (!converted.ok) throw errors.broken(converted.error.message);
      const id = newId();
      try {
        await d.repo.insert(id, {
          name: input.name,
          originalFileName: input.fileName,
          format,
          durationMs: converted.value.durationMs,
          sampleRate: telephoneFormat.sampleRate,
          uploadedBytes: bytes.length,
          audio: converted.value.bytes,
        });
      } catch (e) {
        if (isUniqueViolation(e, 'voice_files_name_uq')) throw errors.nameTaken(input.name);
        throw e;
      }
      await d.audit.change(
        actor,
        ip,
        'voice-file.create',
        { type: 'voice-file', id },
        { name: input.name, fileName: input.fileName, format, durationMs: converted.value.durationMs },
      );
      return visible(id);
    },

    async remove(actor: Actor, ip: string, id: string) {
      const current = await visible(id);
      const projects = await d.repo.usedBy(id);
      if (projects.length > 0) throw errors.inUse(projects);
      try {
        await d.repo.delete(id);
      } catch (e) {
        // A project saved between the check and the delete: the foreign key refuses it.
        if (isForeignKeyViolation(e)) throw errors.inUse(await d.repo.usedBy(id));
        throw e;
      }
      await d.audit.change(actor, ip, 'voice-file.delete', { type: 'voice-file', id }, { name: current.name });
    },
  };
}
export type VoiceFilesService = ReturnType<typeof createVoiceFilesService>;
