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

const UPSERT = `ON CONFLICT (call_id) DO UPDATE SET
           call_type = excluded.call_type, caller = excluded.caller, callee = excluded.callee,
           access_number = excluded.access_number, started_at = excluded.started_at, answered_at = excluded.answered_at,
           ended_at = excluded.ended_at, ring_ms = excluded.ring_ms, talk_ms = excluded.talk_ms, cause = excluded.cause,
           hung_up_by = excluded.hung_up_by, recording_file = excluded.recording_file, open = excluded.open,
           last_seq = excluded.last_seq, legs = excluded.legs, extensions = excluded.extensions, updated_at = now()
         WHERE excluded.last_seq > cdrs.last_seq
            OR (excluded.last_seq = cdrs.last_seq AND cdrs.open AND NOT excluded.open)`;

/** How long a number's "is it an extension?" answer is reused by the CDR writer (see createCdrStore). */
export const EXTENSION_ANSWER_TTL_MS = 2000;

/**
 * The switch's `CdrStore` on PostgreSQL/PGlite. `save` is an upsert by call id that never lets an older
 * state overwrite a newer one: a row changes only for a higher `lastSeq`, or — the start-up recovery — to
 * close an open row at the same sequence number (`closeCrashedCdrs` does not advance it). The extension
 * numbers among the parties are kept with the row (data scope and search). Which parties are extensions is
 * asked once per write for the numbers not asked in the last `EXTENSION_ANSWER_TTL_MS` — a per-row subquery
 * doubled the PGlite CPU of a batched write (issue 5's CPU per call); an extension created or deleted in the
 * last two seconds may be classified as before in the rows written meanwhile.
 */
export function createCdrStore(
  db: Queryable,
  options: { now?: () => number } = {},
): CdrStore & {
  saveMany(cdrs: readonly Cdr[]): Promise<void>;
  /** The highest sequence number stored: the event bus continues after it (`startSeq`). */
  lastSeq(): Promise<number>;
  get(callId: string): Promise<Cdr | undefined>;
} {
  const now = options.now ?? (() => performance.now());
  const answers = new Map<string, { extension: boolean; at: number }>();
  /** The extension numbers among `cdrs`' parties, per call. */
  async function extensionsOf(cdrs: readonly Cdr[]): Promise<string[][]> {
    const parties = cdrs.map(partiesOf);
    const t = now();
    const ask = new Set<string>();
    for (const list of parties)
      for (const n of list) {
        const a = answers.get(n);
        if (a === undefined || t - a.at >= EXTENSION_ANSWER_TTL_MS) ask.add(n);
      }
    if (ask.size > 0) {
      const found = new Set(
        (await db.query<{ number: string }>('SELECT number FROM extensions WHERE number = ANY($1::text[])', [[...ask]])).rows.map(
          (r) => r.number,
        ),
      );
      if (answers.size > 10_000) answers.clear();
      for (const n of ask) answers.set(n, { extension: found.has(n), at: t });
    }
    return parties.map((list) => list.filter((n) => answers.get(n)?.extension === true).sort());
  }

  return {
    // The recorder's batches (issue 5's CPU per call): the same upsert for many rows in one statement, so
    // one parse, plan and commit. Rows come as one jsonb array; a callId twice keeps its newest state
    // (ON CONFLICT may touch a row only once per statement).
    async saveMany(cdrs: readonly Cdr[]) {
      const newest = new Map<string, Cdr>();
      for (const c of cdrs) if ((newest.get(c.callId)?.lastSeq ?? -1) < c.lastSeq) newest.set(c.callId, c);
      if (newest.size === 0) return;
      const list = [...newest.values()];
      const extensions = await extensionsOf(list);
      const rows = list.map((cdr, i) => ({
        call_id: cdr.callId,
        call_type: cdr.callType,
        caller: cdr.caller,
        callee: cdr.callee,
        access_number: cdr.accessNumber ?? null,
        started_at: iso(cdr.startedAt),
        answered_at: iso(cdr.answeredAt),
        ended_at: iso(cdr.endedAt),
        ring_ms: cdr.ringMs ?? null,
        talk_ms: cdr.talkMs ?? null,
        cause: cdr.cause ?? null,
        hung_up_by: cdr.hungUpBy ?? null,
        recording_file: cdr.recordingFile ?? null,
        open: cdr.open,
        last_seq: cdr.lastSeq,
        legs: cdr.legs,
        extensions: extensions[i],
      }));
      await db.query(
        `INSERT INTO cdrs (${COLUMNS})
         SELECT r.call_id, r.call_type, r.caller, r.callee, r.access_number, r.started_at, r.answered_at, r.ended_at,
                r.ring_ms, r.talk_ms, r.cause, r.hung_up_by, r.recording_file, r.open, r.last_seq, r.legs, r.extensions
         FROM jsonb_to_recordset($1::jsonb) AS r(call_id text, call_type text, caller text, callee text,
              access_number text, started_at timestamptz, answered_at timestamptz, ended_at timestamptz,
              ring_ms bigint, talk_ms bigint, cause text, hung_up_by text, recording_file text, open boolean,
              last_seq bigint, legs jsonb, extensions text[])
         ${UPSERT}`,
        [JSON.stringify(rows)],
      );
    },
    async save(cdr: Cdr) {
      const [extensions] = await extensionsOf([cdr]);
      await db.query(
        `INSERT INTO cdrs (${COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz, $8::timestamptz, $9, $10, $11, $12, $13, $14, $15,
                 $16::jsonb, $17::text[])
         ${UPSERT}`,
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
          extensions,
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
