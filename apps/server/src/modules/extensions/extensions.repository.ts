import type { Extension } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';
import { employeeScopeSql, type ScopeFilter } from '../../security/data-scope.ts';

type Row = {
  id: string;
  number: string;
  display_name: string;
  enabled: boolean;
  max_contacts: number;
  codecs: string[];
  employee_id: string | null;
  employee_name: string | null;
  registrations:
    | {
        contact: string;
        source: { protocol: string; address: string; port: number };
        userAgent: string | null;
        expiresAt: string;
        lastSeenAt: string;
      }[]
    | null;
};

const SELECT = `SELECT x.id, x.number, x.display_name, x.enabled, x.max_contacts, x.codecs, x.employee_id,
    e.name AS employee_name,
    (SELECT json_agg(json_build_object('contact', r.contact_uri, 'source', r.source, 'userAgent', r.user_agent,
        'expiresAt', r.expires_at, 'lastSeenAt', r.last_seen_at) ORDER BY r.q DESC NULLS LAST, r.registered_at)
       FROM sip_registrations r WHERE r.extension_id = x.id AND r.expires_at > now()) AS registrations
  FROM extensions x LEFT JOIN employees e ON e.id = x.employee_id`;

const iso = (v: string) => new Date(v).toISOString();

const toExtension = (r: Row): Extension => {
  const regs = (r.registrations ?? []).map((g) => ({
    ...g,
    source: `${g.source.protocol}:${g.source.address}:${g.source.port}`,
    expiresAt: iso(g.expiresAt),
    lastSeenAt: iso(g.lastSeenAt),
  }));
  return {
    id: r.id,
    number: r.number,
    displayName: r.display_name,
    enabled: r.enabled,
    maxContacts: r.max_contacts,
    codecs: r.codecs,
    employeeId: r.employee_id,
    employeeName: r.employee_name,
    status: regs.length > 0 ? 'online' : 'offline',
    registrations: regs,
    lastSeenAt:
      regs
        .map((g) => g.lastSeenAt)
        .sort()
        .at(-1) ?? null,
  };
};

export type ExtensionFields = {
  number: string;
  displayName: string;
  enabled: boolean;
  maxContacts: number;
  codecs: string[];
  employeeId: string | null;
};

export function createExtensionsRepository(db: Queryable) {
  return {
    async list(
      filter: { q?: string | undefined; status?: 'online' | 'offline' | undefined },
      scope: ScopeFilter,
      page?: { limit: number; offset: number },
    ) {
      const params: unknown[] = [];
      const clauses = [scope.kind === 'all' ? 'TRUE' : employeeScopeSql(scope, 'x.employee_id', params)];
      if (filter.q) {
        params.push(`%${filter.q}%`);
        clauses.push(
          `(x.number LIKE $${params.length} OR x.display_name ILIKE $${params.length} OR e.name ILIKE $${params.length})`,
        );
      }
      if (filter.status) {
        const online = 'EXISTS (SELECT 1 FROM sip_registrations r WHERE r.extension_id = x.id AND r.expires_at > now())';
        clauses.push(filter.status === 'online' ? online : `NOT ${online}`);
      }
      const w = `WHERE ${clauses.join(' AND ')}`;
      const total = await db.query<{ n: number }>(
        `SELECT count(*) AS n FROM extensions x LEFT JOIN employees e ON e.id = x.employee_id ${w}`,
        params,
      );
      let limit = '';
      if (page) {
        params.push(page.limit, page.offset);
        limit = `LIMIT $${params.length - 1} OFFSET $${params.length}`;
      }
      const rows = await db.query<Row>(`${SELECT} ${w} ORDER BY x.number ${limit}`, params);
      return { total: total.rows[0]?.n ?? 0, items: rows.rows.map(toExtension) };
    },
    async findById(id: string): Promise<Extension | undefined> {
      const r = (await db.query<Row>(`${SELECT} WHERE x.id = $1`, [id])).rows[0];
      return r ? toExtension(r) : undefined;
    },
    async insert(id: string, f: ExtensionFields, secret: { realm: string; md5: string; sha256: string }) {
      await db.query(
        `INSERT INTO extensions (id, number, display_name, realm, ha1_md5, ha1_sha256, enabled, max_contacts, codecs, employee_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [id, f.number, f.displayName, secret.realm, secret.md5, secret.sha256, f.enabled, f.maxContacts, f.codecs, f.employeeId],
      );
    },
    async update(id: string, f: ExtensionFields) {
      await db.query(
        `UPDATE extensions SET display_name = $2, enabled = $3, max_contacts = $4, codecs = $5, employee_id = $6, updated_at = now()
          WHERE id = $1`,
        [id, f.displayName, f.enabled, f.maxContacts, f.codecs, f.employeeId],
      );
    },
    async setSecret(id: string, secret: { realm: string; md5: string; sha256: string }) {
      await db.query('UPDATE extensions SET realm = $2, ha1_md5 = $3, ha1_sha256 = $4, updated_at = now() WHERE id = $1', [
        id,
        secret.realm,
        secret.md5,
        secret.sha256,
      ]);
    },
    async delete(id: string) {
      await db.query('DELETE FROM extensions WHERE id = $1', [id]);
    },
  };
}
export type ExtensionsRepository = ReturnType<typeof createExtensionsRepository>;
