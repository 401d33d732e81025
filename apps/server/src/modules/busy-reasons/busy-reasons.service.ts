import type { BusyReasonDto } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';
import { AppError, newId } from '@rexian/kernel';
import type { Actor } from '../../http/actor.ts';
import { isUniqueViolation } from '../../http/db-errors.ts';
import type { AuditService } from '../audit/audit.service.ts';

const notFound = () => new AppError('BUSY_REASON_NOT_FOUND', 'busy reason not found', { category: 'not_found' });

/** Admin-defined busy reasons (custom busy states) beside the built-in ones, which cannot be deleted. */
export function createBusyReasonsService(d: { db: Queryable; audit: AuditService }) {
  type Row = { id: string; code: string; name: string; builtin: boolean; sort_order: number };
  const toReason = (r: Row): BusyReasonDto => ({
    id: r.id,
    code: r.code,
    name: r.name,
    builtin: r.builtin,
    sortOrder: r.sort_order,
  });
  async function get(id: string) {
    const r = (await d.db.query<Row>('SELECT * FROM busy_reasons WHERE id = $1', [id])).rows[0];
    if (!r) throw notFound();
    return toReason(r);
  }
  return {
    async list() {
      return (await d.db.query<Row>('SELECT * FROM busy_reasons ORDER BY sort_order, code')).rows.map(toReason);
    },
    async create(actor: Actor, ip: string, input: { code: string; name: string; sortOrder: number }) {
      const id = newId();
      try {
        await d.db.query('INSERT INTO busy_reasons (id, code, name, sort_order) VALUES ($1, $2, $3, $4)', [
          id,
          input.code,
          input.name,
          input.sortOrder,
        ]);
      } catch (e) {
        if (isUniqueViolation(e))
          throw new AppError('BUSY_REASON_TAKEN', 'busy reason taken', { category: 'conflict', details: { code: input.code } });
        throw e;
      }
      await d.audit.change(actor, ip, 'busy-reason.create', { type: 'busy-reason', id }, { ...input });
      return get(id);
    },
    async update(actor: Actor, ip: string, id: string, patch: { name?: string | undefined; sortOrder?: number | undefined }) {
      const current = await get(id);
      await d.db.query('UPDATE busy_reasons SET name = $2, sort_order = $3 WHERE id = $1', [
        id,
        patch.name ?? current.name,
        patch.sortOrder ?? current.sortOrder,
      ]);
      await d.audit.change(
        actor,
        ip,
        'busy-reason.update',
        { type: 'busy-reason', id },
        { code: current.code, changed: Object.keys(patch) },
      );
      return get(id);
    },
    async remove(actor: Actor, ip: string, id: string) {
      const current = await get(id);
      if (current.builtin) throw new AppError('BUSY_REASON_BUILTIN', 'built-in busy reason', { category: 'conflict' });
      await d.db.query('DELETE FROM busy_reasons WHERE id = $1', [id]);
      await d.audit.change(actor, ip, 'busy-reason.delete', { type: 'busy-reason', id }, { code: current.code });
    },
  };
}
export type BusyReasonsService = ReturnType<typeof createBusyReasonsService>;
