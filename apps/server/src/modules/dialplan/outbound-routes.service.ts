import type { OutboundRouteDto } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';
import { newId } from '@rexian/kernel';
import { type AccessNumber, type ConfigIssue, outboundRouteIssues } from '@rexian/switch';
import type { Actor } from '../../http/actor.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../../http/db-errors.ts';
import { dialplanErrors as errors } from './dialplan.errors.ts';
import { type DialplanServiceDeps, iso, ROUTE_COLUMNS, ROUTE_ORDER, type RouteRow } from './dialplan-rows.ts';

export type RouteFields = Omit<OutboundRouteDto, 'id' | 'trunkNames' | 'callerIdNumber' | 'createdAt' | 'updatedAt'>;
export type RouteFilter = { q?: string | undefined; enabled?: boolean | undefined; trunkId?: string | undefined };

type Row = RouteRow & {
  sort_order: number;
  notes: string;
  created_at: Date;
  updated_at: Date;
  trunk_names: string[];
  caller_id_number: string | null;
};
const SELECT = `SELECT ${ROUTE_COLUMNS}, r.sort_order, r.notes, r.created_at, r.updated_at,
    ARRAY(SELECT t.name FROM outbound_route_trunks rt JOIN trunks t ON t.id = rt.trunk_id
           WHERE rt.route_id = r.id ORDER BY rt.position) AS trunk_names,
    a.number AS caller_id_number
  FROM outbound_routes r LEFT JOIN access_numbers a ON a.id = r.caller_id_access_number_id`;

const toDto = (r: Row): OutboundRouteDto => ({
  id: r.id,
  name: r.name,
  enabled: r.enabled,
  rules: r.rules,
  trunkIds: r.trunk_ids,
  trunkNames: r.trunk_names,
  callerIdAccessNumberId: r.caller_id_access_number_id,
  callerIdNumber: r.caller_id_number,
  stripDigits: r.strip_digits,
  prepend: r.prepend,
  sortOrder: r.sort_order,
  notes: r.notes,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

async function writeTrunks(tx: Queryable, routeId: string, trunkIds: readonly string[]) {
  await tx.query('DELETE FROM outbound_route_trunks WHERE route_id = $1', [routeId]);
  for (const [position, trunkId] of trunkIds.entries())
    await tx.query('INSERT INTO outbound_route_trunks (route_id, trunk_id, position) VALUES ($1, $2, $3)', [
      routeId,
      trunkId,
      position,
    ]);
}

/**
 * 外呼路由: which dialled numbers a route takes (exact, prefix or Asterisk pattern rules), how it rewrites
 * them (strip, prepend), the caller ID (an access number of type out/both) and its trunks in failover
 * order. Validated by the switch's `outboundRouteIssues` plus checks that the trunks exist.
 */
export function createOutboundRoutesService(d: DialplanServiceDeps) {
  async function get(id: string): Promise<OutboundRouteDto> {
    const r = (await d.db.query<Row>(`${SELECT} WHERE r.id = $1`, [id])).rows[0];
    if (!r) throw errors.routeNotFound();
    return toDto(r);
  }
  async function check(id: string, f: RouteFields) {
    const callerIds = f.callerIdAccessNumberId
      ? (
          await d.db.query<{ id: string; number: string; call_type: AccessNumber['callType']; vip: boolean }>(
            'SELECT id, number, call_type, vip FROM access_numbers WHERE id = $1',
            [f.callerIdAccessNumberId],
          )
        ).rows.map((a): AccessNumber => ({ id: a.id, number: a.number, callType: a.call_type, vip: a.vip }))
      : [];
    const { callerIdAccessNumberId, ...rest } = f;
    const issues: ConfigIssue[] = outboundRouteIssues(
      { id, ...rest, ...(callerIdAccessNumberId ? { callerIdAccessNumberId } : {}) },
      callerIds,
    );
    const known = new Set(
      (await d.db.query<{ id: string }>('SELECT id::text AS id FROM trunks WHERE id = ANY($1::uuid[])', [f.trunkIds])).rows.map(
        (t) => t.id,
      ),
    );
    f.trunkIds.forEach((t, i) => {
      if (!known.has(t)) issues.push({ path: `trunkIds.${i}`, message: 'unknown trunk' });
      else if (f.trunkIds.indexOf(t) !== i) issues.push({ path: `trunkIds.${i}`, message: 'listed twice' });
    });
    if (issues.length > 0) throw errors.routeInvalid(issues);
  }
  async function save(f: RouteFields, fn: () => Promise<unknown>) {
    try {
      await fn();
    } catch (e) {
      if (isUniqueViolation(e, 'outbound_routes_name_uq')) throw errors.routeNameTaken(f.name);
      // A trunk or the caller-ID access number was deleted between the check and the write.
      if (isForeignKeyViolation(e))
        throw errors.routeInvalid([{ path: 'trunkIds', message: 'a trunk or access number is gone' }]);
      throw e;
    }
  }
  const params = (f: RouteFields) => [
    f.name,
    f.enabled,
    JSON.stringify(f.rules),
    f.stripDigits,
    f.prepend,
    f.callerIdAccessNumberId,
    f.sortOrder,
    f.notes,
  ];

  return {
    async list(filter: RouteFilter): Promise<OutboundRouteDto[]> {
      const params: unknown[] = [];
      const clauses = ['TRUE'];
      if (filter.q) {
        params.push(`%${filter.q}%`);
        clauses.push(`(r.name ILIKE $${params.length} OR r.notes ILIKE $${params.length})`);
      }
      if (filter.enabled !== undefined) {
        params.push(filter.enabled);
        clauses.push(`r.enabled = $${params.length}`);
      }
      if (filter.trunkId) {
        params.push(filter.trunkId);
        clauses.push(`EXISTS (SELECT 1 FROM outbound_route_trunks x WHERE x.route_id = r.id AND x.trunk_id = $${params.length})`);
      }
      const rows = await d.db.query<Row>(`${SELECT} WHERE ${clauses.join(' AND ')} ORDER BY ${ROUTE_ORDER}`, params);
      return rows.rows.map(toDto);
    },
    get,
    async create(actor: Actor, ip: string, f: RouteFields): Promise<OutboundRouteDto> {
      const id = newId();
      await check(id, f);
      await save(f, () =>
        d.db.transaction(async (tx) => {
          await tx.query(
            `INSERT INTO outbound_routes (id, name, enabled, rules, strip_digits, prepend, caller_id_access_number_id, sort_order, notes)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            [id, ...params(f)],
          );
          await writeTrunks(tx, id, f.trunkIds);
        }),
      );
      await d.audit.change(
        actor,
        ip,
        'outbound-route.create',
        { type: 'outbound-route', id },
        { name: f.name, trunks: f.trunkIds.length },
      );
      d.changed();
      return get(id);
    },
    async update(actor: Actor, ip: string, id: string, patch: Partial<RouteFields>): Promise<OutboundRouteDto> {
      const { id: _id, trunkNames: _t, callerIdNumber: _c, createdAt: _ca, updatedAt: _u, ...current } = await get(id);
      const next: RouteFields = { ...current };
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) (next as Record<string, unknown>)[k] = v;
      await check(id, next);
      await save(next, () =>
        d.db.transaction(async (tx) => {
          await tx.query(
            `UPDATE outbound_routes SET name = $2, enabled = $3, rules = $4, strip_digits = $5, prepend = $6,
               caller_id_access_number_id = $7, sort_order = $8, notes = $9, updated_at = now()
             WHERE id = $1`,
            [id, ...params(next)],
          );
          if (patch.trunkIds) await writeTrunks(tx, id, next.trunkIds);
        }),
      );
      await d.audit.change(
        actor,
        ip,
        'outbound-route.update',
        { type: 'outbound-route', id },
        { name: next.name, changed: Object.keys(patch) },
      );
      d.changed();
      return get(id);
    },
    async remove(actor: Actor, ip: string, id: string): Promise<void> {
      const current = await get(id);
      await d.db.query('DELETE FROM outbound_routes WHERE id = $1', [id]);
      await d.audit.change(actor, ip, 'outbound-route.delete', { type: 'outbound-route', id }, { name: current.name });
      d.changed();
    },
  };
}
export type OutboundRoutesService = ReturnType<typeof createOutboundRoutesService>;
