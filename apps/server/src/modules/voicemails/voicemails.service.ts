import { rm } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { maskPhoneNumber, type Page, type Voicemail, type VoicemailQuery, type VoicemailUpdate } from '@rexian/contracts';
import type { Clock } from '@rexian/kernel';
import { type Actor, hasPermission } from '../../http/actor.ts';
import type { ScopeFilter } from '../../security/data-scope.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { findMediaFile, isInside, type MediaFile } from '../cdrs/media-file.ts';
import { voicemailErrors as errors } from './voicemails.errors.ts';
import type { VoicemailRow, VoicemailsRepository } from './voicemails.repository.ts';

/** A message as the API shows it; external numbers masked as in the call records. */
function voicemailOf(r: VoicemailRow, mask: boolean): Voicemail {
  const own = new Set(r.extension_numbers);
  if (r.access_number !== null) own.add(r.access_number);
  const show = (n: string) => (mask && !own.has(n) ? maskPhoneNumber(n) : n);
  return {
    id: r.id,
    callId: r.call_id,
    mailbox: r.mailbox,
    caller: show(r.caller),
    callee: show(r.callee),
    accessNumber: r.access_number,
    durationMs: r.duration_ms,
    createdAt: r.created_at.toISOString(),
    handled: r.handled,
    handledBy: r.handled_by,
    handledByName: r.handled_by_name,
    handledAt: r.handled_at?.toISOString() ?? null,
    note: r.note,
    masked: mask,
  };
}

/**
 * Voicemail (§4.7.4): list, play, mark handled with a note, delete (the row and its file; the audit log
 * keeps the record of it). Scope as in voicemails.repository.ts.
 */
export function createVoicemailsService(d: {
  repo: VoicemailsRepository;
  audit: AuditService;
  clock: Clock;
  scopeOf: (actor: Actor) => Promise<ScopeFilter>;
  mediaRoot: string | null;
}) {
  const masks = (actor: Actor) => !hasPermission(actor, 'pbx.cdr.unmasked');

  async function visible(actor: Actor, id: string): Promise<VoicemailRow> {
    const row = await d.repo.find(id, await d.scopeOf(actor));
    if (!row) throw errors.notFound();
    return row;
  }

  return {
    async list(actor: Actor, query: VoicemailQuery): Promise<Page<Voicemail>> {
      const { page, pageSize, ...filter } = query;
      const r = await d.repo.list(filter, await d.scopeOf(actor), { limit: pageSize, offset: (page - 1) * pageSize });
      const mask = masks(actor);
      return { items: r.rows.map((row) => voicemailOf(row, mask)), total: r.total, page, pageSize };
    },

    async audio(actor: Actor, id: string): Promise<MediaFile> {
      const row = await visible(actor, id);
      const file = await findMediaFile(d.mediaRoot, row.file);
      if (!file) throw errors.fileNotFound();
      return file;
    },

    async update(actor: Actor, ip: string, id: string, patch: VoicemailUpdate): Promise<Voicemail> {
      const before = await visible(actor, id);
      await d.repo.update(id, patch, actor.userId, d.clock.now());
      await d.audit.change(
        actor,
        ip,
        'voicemail.update',
        { type: 'voicemail', id },
        {
          mailbox: before.mailbox,
          ...(patch.handled === undefined ? {} : { handled: patch.handled }),
          noted: patch.note !== undefined,
        },
      );
      return voicemailOf((await d.repo.find(id, { kind: 'all' })) as VoicemailRow, masks(actor));
    },

    async remove(actor: Actor, ip: string, id: string): Promise<void> {
      const row = await visible(actor, id);
      // The file first: if it cannot be removed, nothing changes. A path outside the data folder is never
      // touched (only the row goes).
      if (d.mediaRoot !== null && isInside(d.mediaRoot, row.file)) {
        await rm(isAbsolute(row.file) ? row.file : resolve(d.mediaRoot, row.file), { force: true });
      }
      await d.repo.delete(id);
      await d.audit.change(
        actor,
        ip,
        'voicemail.delete',
        { type: 'voicemail', id },
        { mailbox: row.mailbox, callId: row.call_id, createdAt: row.created_at.toISOString(), durationMs: row.duration_ms },
      );
    },
  };
}
export type VoicemailsService = ReturnType<typeof createVoicemailsService>;
