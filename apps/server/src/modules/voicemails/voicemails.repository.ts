import type { VoicemailQuery } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';
import type { ScopeFilter } from '../../security/data-scope.ts';
import { scopeExtensionsSql } from '../cdrs/call-scope.ts';

export type VoicemailRow = {
  id: string;
  call_id: string;
  mailbox: string;
  caller: string;
  callee: string;
  access_number: string | null;
  file: string;
  duration_ms: number;
  created_at: Date;
  handled: boolean;
  handled_by: string | null;
  handled_by_name: string | null;
  handled_at: Date | null;
  note: string;
  /** The message's numbers that are extensions (shown unmasked). */
  extension_numbers: string[];
};
export type VoicemailFilter = Omit<VoicemailQuery, 'page' | 'pageSize'>;

const SELECT = `SELECT v.id, v.call_id, v.mailbox, v.caller, v.callee, v.access_number, v.file, v.duration_ms, v.created_at,
    v.handled, v.handled_by, u.username AS handled_by_name, v.handled_at, v.note,
    ARRAY(SELECT x.number FROM extensions x WHERE x.number IN (v.caller, v.callee, v.mailbox)) AS extension_numbers
  FROM voicemails v LEFT JOIN users u ON u.id = v.handled_by`;

/**
 * Scope: a message left for one of the scope's extensions, or for a queue in the scope (by queue number).
 * Mailboxes that are neither (a general company mailbox) need the `all` scope.
 */
function scopeSql(scope: ScopeFilter, params: unknown[]): string {
  if (scope.kind === 'all') return 'TRUE';
  const exts = scopeExtensionsSql(scope, params);
  params.push([...scope.queueIds]);
  return `(v.mailbox = ANY(${exts}) OR v.mailbox IN (SELECT q.number FROM queues q WHERE q.id = ANY($${params.length}::uuid[])))`;
}

export function createVoicemailsRepository(db: Queryable) {
  return {
    async list(filter: VoicemailFilter, scope: ScopeFilter, page: { limit: number; offset: number }) {
      const params: unknown[] = [];
      const clauses = [scopeSql(scope, params)];
      const add = (value: unknown, clause: (p: string) => string) => {
        params.push(value);
        clauses.push(clause(`$${params.length}`));
      };
      if (filter.q)
        add(`%${filter.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`, (p) => `(v.caller LIKE ${p} OR v.mailbox LIKE ${p})`);
      if (filter.mailbox) add(filter.mailbox, (p) => `v.mailbox = ${p}`);
      if (filter.caller) add(`%${filter.caller}%`, (p) => `v.caller LIKE ${p}`);
      if (filter.handled) add(filter.handled === 'true', (p) => `v.handled = ${p}`);
      if (filter.from) add(filter.from, (p) => `v.created_at >= ${p}::timestamptz`);
      if (filter.to) add(filter.to, (p) => `v.created_at <= ${p}::timestamptz`);
      const w = `WHERE ${clauses.join(' AND ')}`;
      const total = await db.query<{ n: number }>(`SELECT count(*) AS n FROM voicemails v ${w}`, params);
      params.push(page.limit, page.offset);
      const rows = await db.query<VoicemailRow>(
        `${SELECT} ${w} ORDER BY v.created_at DESC, v.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      );
      return { total: total.rows[0]?.n ?? 0, rows: rows.rows };
    },
    async find(id: string, scope: ScopeFilter): Promise<VoicemailRow | undefined> {
      const params: unknown[] = [id];
      const w = scopeSql(scope, params);
      return (await db.query<VoicemailRow>(`${SELECT} WHERE v.id = $1 AND ${w}`, params)).rows[0];
    },
    async update(id: string, patch: { handled?: boolean | undefined; note?: string | undefined }, userId: string, at: number) {
      // Marking handled records who and when (the first time); marking unhandled clears both. In SET,
      // `handled` is the value before the update.
      await db.query(
        `UPDATE voicemails SET
           handled = COALESCE($2::boolean, handled),
           handled_by = CASE WHEN $2::boolean IS NULL OR ($2::boolean AND handled) THEN handled_by
                             WHEN $2::boolean THEN $3::uuid ELSE NULL END,
           handled_at = CASE WHEN $2::boolean IS NULL OR ($2::boolean AND handled) THEN handled_at
                             WHEN $2::boolean THEN $5::timestamptz ELSE NULL END,
           note = COALESCE($4::text, note)
         WHERE id = $1`,
        [id, patch.handled ?? null, userId, patch.note ?? null, new Date(at).toISOString()],
      );
    },
    async delete(id: string) {
      await db.query('DELETE FROM voicemails WHERE id = $1', [id]);
    },
  };
}
export type VoicemailsRepository = ReturnType<typeof createVoicemailsRepository>;
