import type { CdrQuery } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';
import type { ScopeFilter } from '../../security/data-scope.ts';
import { scopeExtensionsSql } from './call-scope.ts';
import type { CdrRow } from './cdr.store.ts';

export type CdrFilter = Omit<CdrQuery, 'page' | 'pageSize'>;

const SELECT = `SELECT c.call_id, c.call_type, c.caller, c.callee, c.access_number, c.started_at, c.answered_at, c.ended_at,
  c.ring_ms, c.talk_ms, c.cause, c.hung_up_by, c.recording_file, c.open, c.last_seq, c.legs, c.extensions FROM cdrs c`;

const like = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** WHERE clauses for the §4.7.2 filters and the data scope; appends to `params`. */
function whereOf(filter: CdrFilter, scope: ScopeFilter, params: unknown[]): string {
  const clauses: string[] = [];
  const add = (value: unknown, clause: (p: string) => string) => {
    params.push(value);
    clauses.push(clause(`$${params.length}`));
  };
  if (scope.kind !== 'all') clauses.push(`c.extensions && ${scopeExtensionsSql(scope, params)}`);
  if (filter.q) add(like(filter.q), (p) => `(c.caller LIKE ${p} OR c.callee LIKE ${p} OR c.access_number LIKE ${p})`);
  if (filter.from) add(filter.from, (p) => `c.started_at >= ${p}::timestamptz`);
  if (filter.to) add(filter.to, (p) => `c.started_at <= ${p}::timestamptz`);
  if (filter.caller) add(like(filter.caller), (p) => `c.caller LIKE ${p}`);
  if (filter.callee) add(like(filter.callee), (p) => `c.callee LIKE ${p}`);
  if (filter.accessNumber) add(filter.accessNumber, (p) => `c.access_number = ${p}`);
  if (filter.callType) add(filter.callType, (p) => `c.call_type = ${p}`);
  if (filter.answered) clauses.push(filter.answered === 'true' ? 'c.answered_at IS NOT NULL' : 'c.answered_at IS NULL');
  if (filter.minTalkSeconds !== undefined) add(filter.minTalkSeconds * 1000, (p) => `COALESCE(c.talk_ms, 0) >= ${p}`);
  if (filter.maxTalkSeconds !== undefined) add(filter.maxTalkSeconds * 1000, (p) => `COALESCE(c.talk_ms, 0) <= ${p}`);
  if (filter.hungUpBy) add(filter.hungUpBy, (p) => `c.hung_up_by = ${p}`);
  if (filter.cause) add(filter.cause, (p) => `c.cause = ${p}`);
  if (filter.extension) add(filter.extension, (p) => `${p} = ANY(c.extensions)`);
  if (filter.agent) {
    add(
      filter.agent,
      (p) => `EXISTS (SELECT 1 FROM agents a JOIN extensions x ON x.id = a.extension_id
                     WHERE a.number = ${p} AND x.number = ANY(c.extensions))`,
    );
  }
  return clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`;
}

export function createCdrsRepository(db: Queryable) {
  return {
    async list(filter: CdrFilter, scope: ScopeFilter, page: { limit: number; offset: number }) {
      const params: unknown[] = [];
      const w = whereOf(filter, scope, params);
      const total = await db.query<{ n: number }>(`SELECT count(*) AS n FROM cdrs c ${w}`, params);
      params.push(page.limit, page.offset);
      const rows = await db.query<CdrRow>(
        `${SELECT} ${w} ORDER BY c.started_at DESC, c.call_id LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      );
      return { total: total.rows[0]?.n ?? 0, rows: rows.rows };
    },
    /** One call, or undefined when it does not exist or lies outside the scope. */
    async find(callId: string, scope: ScopeFilter): Promise<CdrRow | undefined> {
      const params: unknown[] = [callId];
      const inScope = scope.kind === 'all' ? 'TRUE' : `c.extensions && ${scopeExtensionsSql(scope, params)}`;
      return (await db.query<CdrRow>(`${SELECT} WHERE c.call_id = $1 AND ${inScope}`, params)).rows[0];
    },
  };
}
export type CdrsRepository = ReturnType<typeof createCdrsRepository>;
