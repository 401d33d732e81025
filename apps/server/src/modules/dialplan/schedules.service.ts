import type { ScheduleDto } from '@rexian/contracts';
import { newId } from '@rexian/kernel';
import { scheduleIssues } from '@rexian/switch';
import type { Actor } from '../../http/actor.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../../http/db-errors.ts';
import { dialplanErrors as errors } from './dialplan.errors.ts';
import { type DialplanServiceDeps, iso, SCHEDULE_COLUMNS, type ScheduleRow, scheduleOf } from './dialplan-rows.ts';

export type ScheduleFields = Omit<ScheduleDto, 'id' | 'accessNumberCount' | 'createdAt' | 'updatedAt'>;

type Row = ScheduleRow & { notes: string; created_at: Date; updated_at: Date; access_number_count: number };
const SELECT = `SELECT ${SCHEDULE_COLUMNS}, s.notes, s.created_at, s.updated_at,
    (SELECT count(*) FROM access_numbers a WHERE a.schedule_id = s.id) AS access_number_count
  FROM schedules s`;

const toDto = (r: Row): ScheduleDto => ({
  ...scheduleOf(r),
  timeZone: r.time_zone,
  notes: r.notes,
  accessNumberCount: r.access_number_count,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

/**
 * 时间定义 (§4.10.12): working-hour periods per weekday, holidays and adjusted working days in one time
 * zone, validated by the switch's `scheduleIssues`. A schedule that an access number's time-based routing
 * uses cannot be deleted. Configuration, not personal data: the permission decides, with no row scope.
 */
export function createSchedulesService(d: DialplanServiceDeps) {
  async function get(id: string): Promise<ScheduleDto> {
    const r = (await d.db.query<Row>(`${SELECT} WHERE s.id = $1`, [id])).rows[0];
    if (!r) throw errors.scheduleNotFound();
    return toDto(r);
  }
  function check(id: string, f: ScheduleFields) {
    const issues = scheduleIssues({ id, ...f });
    if (issues.length > 0) throw errors.scheduleInvalid(issues);
  }
  async function save(f: ScheduleFields, fn: () => Promise<unknown>) {
    try {
      await fn();
    } catch (e) {
      if (isUniqueViolation(e, 'schedules_name_uq')) throw errors.scheduleNameTaken(f.name);
      throw e;
    }
  }
  const params = (f: ScheduleFields) => [
    f.name,
    f.timeZone,
    JSON.stringify(f.workingPeriods),
    JSON.stringify(f.holidays),
    JSON.stringify(f.adjustedWorkingDays),
    f.notes,
  ];

  return {
    async list(q: string | undefined): Promise<ScheduleDto[]> {
      const where = q ? 'WHERE s.name ILIKE $1 OR s.notes ILIKE $1' : '';
      const rows = await d.db.query<Row>(`${SELECT} ${where} ORDER BY lower(s.name), s.id`, q ? [`%${q}%`] : []);
      return rows.rows.map(toDto);
    },
    get,
    async create(actor: Actor, ip: string, f: ScheduleFields): Promise<ScheduleDto> {
      const id = newId();
      check(id, f);
      await save(f, () =>
        d.db.query(
          `INSERT INTO schedules (id, name, time_zone, working_periods, holidays, adjusted_working_days, notes)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [id, ...params(f)],
        ),
      );
      await d.audit.change(actor, ip, 'schedule.create', { type: 'schedule', id }, { name: f.name, timeZone: f.timeZone });
      d.changed();
      return get(id);
    },
    async update(actor: Actor, ip: string, id: string, patch: Partial<ScheduleFields>): Promise<ScheduleDto> {
      const { id: _id, accessNumberCount: _n, createdAt: _c, updatedAt: _u, ...current } = await get(id);
      const next: ScheduleFields = { ...current };
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) (next as Record<string, unknown>)[k] = v;
      check(id, next);
      await save(next, () =>
        d.db.query(
          `UPDATE schedules SET name = $2, time_zone = $3, working_periods = $4, holidays = $5, adjusted_working_days = $6,
             notes = $7, updated_at = now() WHERE id = $1`,
          [id, ...params(next)],
        ),
      );
      await d.audit.change(
        actor,
        ip,
        'schedule.update',
        { type: 'schedule', id },
        { name: next.name, changed: Object.keys(patch) },
      );
      d.changed();
      return get(id);
    },
    async remove(actor: Actor, ip: string, id: string): Promise<void> {
      const current = await get(id);
      const inUse = async () =>
        (await d.db.query<{ number: string }>('SELECT number FROM access_numbers WHERE schedule_id = $1 ORDER BY number', [id]))
          .rows;
      const users = await inUse();
      if (users.length > 0) throw errors.scheduleInUse(users.map((u) => u.number));
      try {
        await d.db.query('DELETE FROM schedules WHERE id = $1', [id]);
      } catch (e) {
        // An access number took the schedule between the check and the delete (the foreign key stops it).
        if (isForeignKeyViolation(e)) throw errors.scheduleInUse((await inUse()).map((u) => u.number));
        throw e;
      }
      await d.audit.change(actor, ip, 'schedule.delete', { type: 'schedule', id }, { name: current.name });
      d.changed();
    },
  };
}
export type SchedulesService = ReturnType<typeof createSchedulesService>;
