import type { Queryable } from '@rexian/db';
import { type Cdr, type CdrLeg, type CdrStore, closeCrashedCdrs, type HangupCause } from '@rexian/switch';

/** A `cdrs` row as the database returns it (timestamptz as Date, int8 as number, jsonb parsed). */
export type CdrRow = {
  call_id: string;
  call_type: Cdr['callType'];
  caller: string;
  callee: string;
  access_number: string | null;
  started_at: Date;
  answered_at: Date | null;
  ended_at: Date | null;
  ring_ms: number | null;
  talk_ms: number | null;
  cause: string | null;
  hung_up_by: Cdr['hungUpBy'] | null;
  recording_file: string | null;
  open: boolean;
  last_seq: number;
  legs: CdrLeg[];
  extensions: string[];
};

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
const ms = (d: Date | null) => (d === null ? undefined : d.getTime());

export function cdrOfRow(r: CdrRow): Cdr {
  const cdr: Cdr = {
    callId: r.call_id,
    callType: r.call_type,
    caller: r.caller,
    callee: r.callee,
    startedAt: r.started_at.getTime(),
    legs: r.legs,
    open: r.open,
    lastSeq: r.last_seq,
  };
  if (r.access_number !== null) cdr.accessNumber = r.access_number;
  if (r.answered_at !== null) cdr.answeredAt = ms(r.answered_at);
  if (r.ended_at !== null) cdr.endedAt = ms(r.ended_at);
  if (r.ring_ms !== null) cdr.ringMs = r.ring_ms;
  if (r.talk_ms !== null) cdr.talkMs = r.talk_ms;
  if (r.cause !== null) cdr.cause = r.cause as HangupCause;
  if (r.hung_up_by !== null) cdr.hungUpBy = r.hung_up_by;
  if (r.recording_file !== null) cdr.recordingFile = r.recording_file;
  return cdr;
}

/** Every number a call touched: where its extensions are found. */
export function partiesOf(cdr: Pick<Cdr, 'caller' | 'callee' | 'legs'>): string[] {
  return [...new Set([cdr.caller, cdr.callee, ...cdr.legs.flatMap((l) => [l.caller, l.callee])])];
}

const COLUMNS = `call_id, call_type, caller, callee, access_number, started_at, answered_at, ended_at, ring_ms, talk_ms,
  cause, hung_up_by, recording_file, open, last_seq, legs, extensions`;

/**
 * The switch's `CdrStore` on PostgreSQL/PGlite. `save` is an upsert by call id that never lets an older
 * state overwrite a newer one: a row changes only for a higher `lastSeq`, or — the start-up recovery — to
 * close an open row at the same sequence number (`closeCrashedCdrs` does not advance it). The extension
 * numbers among the parties are looked up at each write and kept with the row (data scope and search).
 */
export function createCdrStore(db: Queryable): CdrStore & {
  /** The highest sequence number stored: the event bus continues after it (`startSeq`). */
  lastSeq(): Promise<number>;
  get(callId: string): Promise<Cdr | undefined>;
} {
  return {
    async save(cdr: Cdr) {
      await db.query(
        `INSERT INTO cdrs (${COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz, $8::timestamptz, $9, $10, $11, $12, $13, $14, $15,
                 $16::jsonb, ARRAY(SELECT number FROM extensions WHERE number = ANY($17::text[]) ORDER BY number))
         ON CONFLICT (call_id) DO UPDATE SET
           call_type = excluded.call_type, caller = excluded.caller, callee = excluded.callee,
           access_number = excluded.access_number, started_at = excluded.started_at, answered_at = excluded.answered_at,
           ended_at = excluded.ended_at, ring_ms = excluded.ring_ms, talk_ms = excluded.talk_ms, cause = excluded.cause,
           hung_up_by = excluded.hung_up_by, recording_file = excluded.recording_file, open = excluded.open,
           last_seq = excluded.last_seq, legs = excluded.legs, extensions = excluded.extensions, updated_at = now()
         WHERE excluded.last_seq > cdrs.last_seq
            OR (excluded.last_seq = cdrs.last_seq AND cdrs.open AND NOT excluded.open)`,
        [
          cdr.callId,
          cdr.callType,
          cdr.caller,
          cdr.callee,
          cdr.accessNumber ?? null,
          iso(cdr.startedAt),
          iso(cdr.answeredAt),
          iso(cdr.endedAt),
          cdr.ringMs ?? null,
          cdr.talkMs ?? null,
          cdr.cause ?? null,
          cdr.hungUpBy ?? null,
          cdr.recordingFile ?? null,
          cdr.open,
          cdr.lastSeq,
          JSON.stringify(cdr.legs),
          partiesOf(cdr),
        ],
      );
    },
    async listOpen() {
      const r = await db.query<CdrRow>(`SELECT ${COLUMNS} FROM cdrs WHERE open ORDER BY started_at, call_id`);
      return r.rows.map(cdrOfRow);
    },
    async lastSeq() {
      const r = await db.query<{ n: number | null }>('SELECT max(last_seq) AS n FROM cdrs');
      return r.rows[0]?.n ?? 0;
    },
    async get(callId: string) {
      const r = (await db.query<CdrRow>(`SELECT ${COLUMNS} FROM cdrs WHERE call_id = $1`, [callId])).rows[0];
      return r ? cdrOfRow(r) : undefined;
    },
  };
}

/**
 * The start-up recovery path (issue 5 item 6): calls a crash left open are closed with cause
 * 'system-restart' at `now`, before new calls are accepted. Returns how many were closed.
 */
export async function closeCrashedCdrsInStore(store: CdrStore, now: number): Promise<number> {
  const closed = closeCrashedCdrs(await store.listOpen(), now);
  for (const cdr of closed) await store.save(cdr);
  return closed.length;
}
