import { isAbsolute, normalize } from 'node:path';
import type { Queryable } from '@rexian/db';
import { newId } from '@rexian/kernel';

/** What the switch's voicemail application hands over when a message has been recorded. */
export type NewVoicemail = {
  callId: string;
  /** Who it was left for: an extension number, a queue number or another voicemail target id. */
  mailbox: string;
  caller: string;
  callee: string;
  accessNumber?: string | undefined;
  /** The recorded file, relative to the data folder (e.g. `voicemail/2026/01/05/<id>.wav`). */
  file: string;
  durationMs: number;
  /** Epoch ms; defaults to the database's now(). */
  createdAt?: number | undefined;
  id?: string | undefined;
};

/** A stored path must stay inside the data folder: relative, without `..`. */
export function isSafeRelativePath(file: string): boolean {
  if (file.length === 0 || isAbsolute(file) || file.includes('\0')) return false;
  const n = normalize(file);
  return n !== '..' && !n.startsWith('../') && !n.startsWith('..\\') && n !== '.';
}

/** The runtime's write side of voicemail (the API's side is voicemails.repository.ts). */
export function createVoicemailStore(db: Queryable) {
  return {
    async create(v: NewVoicemail): Promise<{ id: string }> {
      if (!isSafeRelativePath(v.file)) throw new RangeError(`voicemail file must be relative to the data folder: ${v.file}`);
      const id = v.id ?? newId();
      await db.query(
        `INSERT INTO voicemails (id, call_id, mailbox, caller, callee, access_number, file, duration_ms, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9::timestamptz, now()))`,
        [
          id,
          v.callId,
          v.mailbox,
          v.caller,
          v.callee,
          v.accessNumber ?? null,
          normalize(v.file),
          Math.max(0, Math.round(v.durationMs)),
          v.createdAt === undefined ? null : new Date(v.createdAt).toISOString(),
        ],
      );
      return { id };
    },
  };
}
export type VoicemailStore = ReturnType<typeof createVoicemailStore>;
