import type { AccessNumberDto, CallTargetDto, CallTargetOptions, Page, TimeRoutingDto } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';
import { newId } from '@rexian/kernel';
import { type AccessNumber, accessNumberIssues, type CallTarget, type ConfigIssue } from '@rexian/switch';
import type { Actor } from '../../http/actor.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../../http/db-errors.ts';
import { dialplanErrors as errors } from './dialplan.errors.ts';
import {
  ACCESS_NUMBER_COLUMNS,
  type AccessNumberRow,
  type DialplanServiceDeps,
  iso,
  type StoredTimeRouting,
} from './dialplan-rows.ts';

export type AccessNumberFields = {
  number: string;
  callType: AccessNumberDto['callType'];
  vip: boolean;
  target: CallTargetDto | null;
  timeRouting: TimeRoutingDto | null;
  notes: string;
};
export type AccessNumberFilter = {
  q?: string | undefined;
  callType?: AccessNumberDto['callType'] | undefined;
  vip?: boolean | undefined;
  scheduleId?: string | undefined;
};

type Row = AccessNumberRow & { notes: string; created_at: Date; updated_at: Date; schedule_name: string | null };
const FROM = 'FROM access_numbers a LEFT JOIN schedules s ON s.id = a.schedule_id';
const SELECT = `SELECT ${ACCESS_NUMBER_COLUMNS}, a.notes, a.created_at, a.updated_at, s.name AS schedule_name ${FROM}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The contracts' call target and the switch's are one shape: these lines stop compiling if they drift.
const sameTarget = (t: CallTargetDto): CallTarget => t;
const sameDto = (t: CallTarget): CallTargetDto => t;

const toDto = (r: Row): AccessNumberDto => ({
  id: r.id,
  number: r.number,
  callType: r.call_type,
  vip: r.vip,
  target: r.target ? sameDto(r.target) : null,
  timeRouting:
    r.time_routing && r.schedule_id
      ? {
          enabled: r.time_routing.enabled,
          scheduleId: r.schedule_id,
          scheduleName: r.schedule_name ?? '',
          workingHours: r.time_routing.workingHours,
          afterHours: r.time_routing.afterHours,
          holiday: r.time_routing.holiday ?? null,
        }
      : null,
  notes: r.notes,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

/** The switch's view of the fields, for its validator. */
function modelOf(id: string, f: AccessNumberFields): AccessNumber {
  const a: AccessNumber = { id, number: f.number, callType: f.callType, vip: f.vip };
  if (f.target) a.target = sameTarget(f.target);
  const tr = f.timeRouting;
  if (tr)
    a.timeRouting = {
      enabled: tr.enabled,
      scheduleId: tr.scheduleId,
      workingHours: tr.workingHours,
      afterHours: tr.afterHours,
      ...(tr.holiday ? { holiday: tr.holiday } : {}),
    };
  return a;
}

/** Targets must name things that exist now (a later deletion leaves the switch to report a dead target). */
async function targetIssues(db: Queryable, f: AccessNumberFields, known: readonly ConfigIssue[]): Promise<ConfigIssue[]> {
  const slots: [string, CallTargetDto | null | undefined][] = [
    ['target', f.target],
    ['timeRouting.workingHours', f.timeRouting?.workingHours],
    ['timeRouting.afterHours', f.timeRouting?.afterHours],
    ['timeRouting.holiday', f.timeRouting?.holiday],
  ];
  const issues: ConfigIssue[] = [];
  for (const [path, t] of slots) {
    if (!t || known.some((i) => i.path.startsWith(path))) continue;
    const exists = async (sql: string, value: string) => (await db.query(sql, [value])).rows.length > 0;
    if (t.kind === 'extension' && !(await exists('SELECT 1 FROM extensions WHERE number = $1', t.extension)))
      issues.push({ path: `${path}.extension`, message: 'unknown extension' });
    if (t.kind === 'ivr' && !(UUID.test(t.ivrId) && (await exists('SELECT 1 FROM ivr_configs WHERE id = $1', t.ivrId))))
      issues.push({ path: `${path}.ivrId`, message: 'unknown IVR configuration' });
    if (t.kind === 'queue' && !(UUID.test(t.queueId) && (await exists('SELECT 1 FROM queues WHERE id = $1', t.queueId))))
      issues.push({ path: `${path}.queueId`, message: 'unknown queue' });
    if (t.kind === 'voicemail' && !/^[0-9]{1,32}$/.test(t.mailboxId))
      issues.push({ path: `${path}.mailboxId`, message: 'a mailbox number (digits)' });
  }
  return issues;
}

/**
 * 接入号 (§4.6.9): number, call type in / out / both, VIP flag, target, and 分时段业务 (time-based routing over
 * a schedule). Validated by the switch's `accessNumberIssues` plus checks that the targets exist. An access
 * number that outbound routes present as caller ID can be neither deleted nor made inbound-only.
 */
export function createAccessNumbersService(d: DialplanServiceDeps) {
  async function get(id: string): Promise<AccessNumberDto> {
    const r = (await d.db.query<Row>(`${SELECT} WHERE a.id = $1`, [id])).rows[0];
    if (!r) throw errors.accessNumberNotFound();
    return toDto(r);
  }
  async function callerIdOf(id: string): Promise<string[]> {
    const r = await d.db.query<{ name: string }>(
      'SELECT name FROM outbound_routes WHERE caller_id_access_number_id = $1 ORDER BY lower(name)',
      [id],
    );
    return r.rows.map((x) => x.name);
  }
  async function check(id: string, f: AccessNumberFields) {
    const scheduleId = f.timeRouting?.scheduleId;
    const schedules =
      scheduleId === undefined
        ? []
        : (await d.db.query<{ id: string }>('SELECT id FROM schedules WHERE id = $1', [scheduleId])).rows;
    const issues = accessNumberIssues(modelOf(id, f), schedules);
    issues.push(...(await targetIssues(d.db, f, issues)));
    if (issues.length > 0) throw errors.accessNumberInvalid(issues);
  }
  async function save(f: AccessNumberFields, fn: () => Promise<unknown>) {
    try {
      await fn();
    } catch (e) {
      if (isUniqueViolation(e, 'access_numbers_number_uq')) throw errors.accessNumberTaken(f.number);
      if (isForeignKeyViolation(e))
        throw errors.accessNumberInvalid([{ path: 'timeRouting.scheduleId', message: 'unknown schedule' }]);
      throw e;
    }
  }
  const stored = (f: AccessNumberFields): [string | null, string | null] => {
    const tr = f.timeRouting;
    if (!tr) return [null, null];
    const value: StoredTimeRouting = {
      enabled: tr.enabled,
      workingHours: tr.workingHours,
      afterHours: tr.afterHours,
      holiday: tr.holiday ?? null,
    };
    return [JSON.stringify(value), tr.scheduleId];
  };
  const fieldsOf = (a: AccessNumberDto): AccessNumberFields => ({
    number: a.number,
    callType: a.callType,
    vip: a.vip,
    target: a.target,
    timeRouting: a.timeRouting
      ? {
          enabled: a.timeRouting.enabled,
          scheduleId: a.timeRouting.scheduleId,
          workingHours: a.timeRouting.workingHours,
          afterHours: a.timeRouting.afterHours,
          holiday: a.timeRouting.holiday,
        }
      : null,
    notes: a.notes,
  });

  return {
    async list(
      filter: AccessNumberFilter,
      page: { limit: number; offset: number },
    ): Promise<Omit<Page<AccessNumberDto>, 'page' | 'pageSize'>> {
      const params: unknown[] = [];
      const clauses = ['TRUE'];
      const add = (sql: (n: number) => string, value: unknown) => {
        params.push(value);
        clauses.push(sql(params.length));
      };
      if (filter.q) add((n) => `(a.number LIKE $${n} OR a.notes ILIKE $${n})`, `%${filter.q}%`);
      if (filter.callType) add((n) => `a.call_type = $${n}`, filter.callType);
      if (filter.vip !== undefined) add((n) => `a.vip = $${n}`, filter.vip);
      if (filter.scheduleId) add((n) => `a.schedule_id = $${n}`, filter.scheduleId);
      const where = `WHERE ${clauses.join(' AND ')}`;
      const total = await d.db.query<{ n: number }>(`SELECT count(*) AS n ${FROM} ${where}`, params);
      const rows = await d.db.query<Row>(
        `${SELECT} ${where} ORDER BY ltrim(a.number, '+'), a.number LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, page.limit, page.offset],
      );
      return { total: total.rows[0]?.n ?? 0, items: rows.rows.map(toDto) };
    },
    get,
    async create(actor: Actor, ip: string, f: AccessNumberFields): Promise<AccessNumberDto> {
      const id = newId();
      await check(id, f);
      const [timeRouting, scheduleId] = stored(f);
      await save(f, () =>
        d.db.query(
          `INSERT INTO access_numbers (id, number, call_type, vip, target, time_routing, schedule_id, notes)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [id, f.number, f.callType, f.vip, f.target ? JSON.stringify(f.target) : null, timeRouting, scheduleId, f.notes],
        ),
      );
      await d.audit.change(
        actor,
        ip,
        'access-number.create',
        { type: 'access-number', id },
        { number: f.number, callType: f.callType },
      );
      d.changed();
      return get(id);
    },
    async update(actor: Actor, ip: string, id: string, patch: Partial<Omit<AccessNumberFields, 'number'>>) {
      const current = fieldsOf(await get(id));
      const next: AccessNumberFields = { ...current };
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) (next as Record<string, unknown>)[k] = v;
      await check(id, next);
      if (next.callType === 'in' && current.callType !== 'in') {
        const routes = await callerIdOf(id);
        if (routes.length > 0) throw errors.accessNumberInUse(routes);
      }
      const [timeRouting, scheduleId] = stored(next);
      await save(next, () =>
        d.db.query(
          `UPDATE access_numbers SET call_type = $2, vip = $3, target = $4, time_routing = $5, schedule_id = $6, notes = $7,
             updated_at = now() WHERE id = $1`,
          [id, next.callType, next.vip, next.target ? JSON.stringify(next.target) : null, timeRouting, scheduleId, next.notes],
        ),
      );
      await d.audit.change(
        actor,
        ip,
        'access-number.update',
        { type: 'access-number', id },
        { number: current.number, changed: Object.keys(patch) },
      );
      d.changed();
      return get(id);
    },
    async remove(actor: Actor, ip: string, id: string): Promise<void> {
      const current = await get(id);
      const routes = await callerIdOf(id);
      if (routes.length > 0) throw errors.accessNumberInUse(routes);
      try {
        await d.db.query('DELETE FROM access_numbers WHERE id = $1', [id]);
      } catch (e) {
        if (isForeignKeyViolation(e)) throw errors.accessNumberInUse(await callerIdOf(id));
        throw e;
      }
      await d.audit.change(actor, ip, 'access-number.delete', { type: 'access-number', id }, { number: current.number });
      d.changed();
    },
    /** What the form's target picker offers: extensions by number, IVR configurations and queues by id. */
    async targetOptions(): Promise<CallTargetOptions> {
      const [extensions, ivrs, queues] = await Promise.all([
        d.db.query<{ number: string; display_name: string }>(
          'SELECT number, display_name FROM extensions ORDER BY number LIMIT 5000',
        ),
        d.db.query<{ id: string; number: string; name: string }>('SELECT id, number, name FROM ivr_configs ORDER BY number'),
        d.db.query<{ id: string; number: string; name: string }>('SELECT id, number, name FROM queues ORDER BY number'),
      ]);
      return {
        extensions: extensions.rows.map((x) => ({
          value: x.number,
          label: x.display_name ? `${x.number} ${x.display_name}` : x.number,
        })),
        ivrConfigs: ivrs.rows.map((x) => ({ value: x.id, label: `${x.number} ${x.name}` })),
        queues: queues.rows.map((x) => ({ value: x.id, label: `${x.number} ${x.name}` })),
      };
    },
  };
}
export type AccessNumbersService = ReturnType<typeof createAccessNumbersService>;
