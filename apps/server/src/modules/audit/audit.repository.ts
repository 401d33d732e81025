import type { AuditEntry } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';
import type { ScopeFilter } from '../../security/data-scope.ts';

export interface AuditRecord {
  userId: string | null;
  username: string | null;
  ip: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  outcome?: 'ok' | 'denied' | 'failed';
  details?: Record<string, unknown>;
}

export interface AuditFilter {
  q?: string | undefined;
  action?: string | undefined;
  outcome?: 'ok' | 'denied' | 'failed' | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

type AuditRow = {
  id: number;
  at: Date;
  user_id: string | null;
  username: string | null;
  ip: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  details: Record<string, unknown>;
};

const toEntry = (r: AuditRow): AuditEntry => ({
  id: r.id,
  at: r.at.toISOString(),
  userId: r.user_id,
  username: r.username,
  ip: r.ip,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  outcome: r.outcome,
  details: r.details,
});

export function createAuditRepository(db: Queryable) {
  function where(filter: AuditFilter, scope: ScopeFilter, params: unknown[]): string {
    const clauses: string[] = [];
    if (scope.kind === 'limited') {
      params.push([...scope.employeeIds]);
      clauses.push(`a.user_id IN (SELECT id FROM users WHERE employee_id = ANY($${params.length}::uuid[]))`);
    }
    if (filter.q) {
      params.push(`%${filter.q}%`);
      const p = `$${params.length}`;
      clauses.push(`(a.username ILIKE ${p} OR a.action ILIKE ${p} OR a.target_id ILIKE ${p} OR a.ip ILIKE ${p})`);
    }
    if (filter.action) {
      params.push(filter.action);
      clauses.push(`a.action = $${params.length}`);
    }
    if (filter.outcome) {
      params.push(filter.outcome);
      clauses.push(`a.outcome = $${params.length}`);
    }
    if (filter.from) {
      params.push(filter.from);
      clauses.push(`a.at >= $${params.length}`);
    }
    if (filter.to) {
      params.push(filter.to);
      clauses.push(`a.at <= $${params.length}`);
    }
    return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  }

  return {
    async insert(r: AuditRecord): Promise<void> {
      await db.query(
        `INSERT INTO audit_log (user_id, username, ip, action, target_type, target_id, outcome, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [r.userId, r.username, r.ip, r.action, r.targetType ?? null, r.targetId ?? null, r.outcome ?? 'ok', r.details ?? {}],
      );
    },

    async list(filter: AuditFilter, scope: ScopeFilter, page: { limit: number; offset: number }) {
      const params: unknown[] = [];
      const w = where(filter, scope, params);
      const total = await db.query<{ n: number }>(`SELECT count(*) AS n FROM audit_log a ${w}`, params);
      params.push(page.limit, page.offset);
      const rows = await db.query<AuditRow>(
        `SELECT a.* FROM audit_log a ${w} ORDER BY a.at DESC, a.id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      );
      return { total: total.rows[0]?.n ?? 0, items: rows.rows.map(toEntry) };
    },
  };
}
export type AuditRepository = ReturnType<typeof createAuditRepository>;
