import type { ServiceRecordQuery, ServiceRecordUpdate } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';
import { employeeScopeSql, type ScopeFilter } from '../../security/data-scope.ts';

export type ServiceRecordRow = {
  id: string;
  call_id: string | null;
  agent_id: string | null;
  agent_number: string | null;
  employee_id: string | null;
  employee_name: string | null;
  customer_name: string;
  customer_number: string;
  started_at: Date;
  service_type: string;
  channel: string;
  status: string;
  subject: string;
  content: string;
  created_at: Date;
  updated_at: Date;
};

export type NewServiceRecord = Omit<ServiceRecordRow, 'created_at' | 'updated_at'> & { created_by: string; now: number };
export type ServiceRecordFilter = Omit<ServiceRecordQuery, 'page' | 'pageSize' | 'mine'> & { employeeId?: string };

const COLUMNS = `r.id, r.call_id, r.agent_id, r.agent_number, r.employee_id, r.employee_name, r.customer_name,
  r.customer_number, r.started_at, r.service_type, r.channel, r.status, r.subject, r.content, r.created_at, r.updated_at`;
const like = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

function whereOf(filter: ServiceRecordFilter, scope: ScopeFilter, params: unknown[]): string {
  const clauses = [employeeScopeSql(scope, 'r.employee_id', params)];
  const add = (value: unknown, clause: (p: string) => string) => {
    params.push(value);
    clauses.push(clause(`$${params.length}`));
  };
  if (filter.q) add(like(filter.q), (p) => `(r.subject LIKE ${p} OR r.customer_name LIKE ${p} OR r.content LIKE ${p})`);
  if (filter.callId) add(filter.callId, (p) => `r.call_id = ${p}`);
  if (filter.customerNumber) add(filter.customerNumber, (p) => `r.customer_number = ${p}`);
  if (filter.serviceType) add(filter.serviceType, (p) => `r.service_type = ${p}`);
  if (filter.status) add(filter.status, (p) => `r.status = ${p}`);
  if (filter.employeeId) add(filter.employeeId, (p) => `r.employee_id = ${p}::uuid`);
  if (filter.from) add(filter.from, (p) => `r.started_at >= ${p}::timestamptz`);
  if (filter.to) add(filter.to, (p) => `r.started_at <= ${p}::timestamptz`);
  return `WHERE ${clauses.join(' AND ')}`;
}

/** The call as the CDR knows it (written when the call starts). */
export type CallParty = { call_type: string; caller: string; callee: string; started_at: Date };

export function createServiceRecordsRepository(db: Queryable) {
  return {
    async list(filter: ServiceRecordFilter, scope: ScopeFilter, page: { limit: number; offset: number }) {
      const params: unknown[] = [];
      const w = whereOf(filter, scope, params);
      const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM service_records r ${w}`, params);
      params.push(page.limit, page.offset);
      const rows = await db.query<ServiceRecordRow>(
        `SELECT ${COLUMNS} FROM service_records r ${w}
          ORDER BY r.started_at DESC, r.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      );
      return { total: Number(total.rows[0]?.n ?? 0), rows: rows.rows };
    },

    async find(id: string, scope: ScopeFilter): Promise<ServiceRecordRow | undefined> {
      const params: unknown[] = [id];
      const inScope = employeeScopeSql(scope, 'r.employee_id', params);
      return (await db.query<ServiceRecordRow>(`SELECT ${COLUMNS} FROM service_records r WHERE r.id = $1 AND ${inScope}`, params))
        .rows[0];
    },

    async create(r: NewServiceRecord): Promise<void> {
      await db.query(
        `INSERT INTO service_records (id, call_id, agent_id, agent_number, employee_id, employee_name, created_by,
           customer_name, customer_number, started_at, service_type, channel, status, subject, content, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)`,
        [
          r.id,
          r.call_id,
          r.agent_id,
          r.agent_number,
          r.employee_id,
          r.employee_name,
          r.created_by,
          r.customer_name,
          r.customer_number,
          r.started_at,
          r.service_type,
          r.channel,
          r.status,
          r.subject,
          r.content,
          new Date(r.now),
        ],
      );
    },

    async update(id: string, patch: ServiceRecordUpdate, now: number): Promise<void> {
      const columns = {
        customerName: 'customer_name',
        serviceType: 'service_type',
        channel: 'channel',
        status: 'status',
        subject: 'subject',
        content: 'content',
      } as const;
      const params: unknown[] = [id, new Date(now)];
      const sets = ['updated_at = $2'];
      for (const [key, column] of Object.entries(columns) as [keyof typeof columns, string][]) {
        if (patch[key] === undefined) continue;
        params.push(patch[key]);
        sets.push(`${column} = $${params.length}`);
      }
      await db.query(`UPDATE service_records SET ${sets.join(', ')} WHERE id = $1`, params);
    },

    async callParty(callId: string): Promise<CallParty | undefined> {
      const r = await db.query<CallParty>('SELECT call_type, caller, callee, started_at FROM cdrs WHERE call_id = $1', [callId]);
      return r.rows[0];
    },

    /**
     * Whether the employee took part in the call: its agent is in the call's CTI events (offered, answered,
     * …) or one of its extensions (directly or through its agent) is among the call's parties.
     */
    async tookPart(callId: string, employeeId: string): Promise<boolean> {
      const r = await db.query(
        `SELECT 1 WHERE EXISTS (
           SELECT 1 FROM cti_events e JOIN agents a ON a.id::text = e.agent_id
            WHERE e.call_id = $1 AND a.employee_id = $2::uuid)
         OR EXISTS (
           SELECT 1 FROM cdrs c WHERE c.call_id = $1 AND c.extensions && ARRAY(
             SELECT x.number FROM extensions x WHERE x.employee_id = $2::uuid
             UNION SELECT x.number FROM agents a JOIN extensions x ON x.id = a.extension_id WHERE a.employee_id = $2::uuid))`,
        [callId, employeeId],
      );
      return r.rows.length > 0;
    },

    async author(employeeId: string): Promise<{ employee_name: string; agent_id: string | null; agent_number: string | null }> {
      const r = await db.query<{ employee_name: string; agent_id: string | null; agent_number: string | null }>(
        `SELECT e.name AS employee_name, a.id AS agent_id, a.number AS agent_number
           FROM employees e LEFT JOIN agents a ON a.employee_id = e.id WHERE e.id = $1::uuid
          ORDER BY a.number LIMIT 1`,
        [employeeId],
      );
      return r.rows[0] ?? { employee_name: '', agent_id: null, agent_number: null };
    },
  };
}
export type ServiceRecordsRepository = ReturnType<typeof createServiceRecordsRepository>;
