import type { VipNumber } from '@rexian/contracts';
import type { Database, Queryable } from '@rexian/db';
import { AppError, newId } from '@rexian/kernel';
import type { Actor } from '../../http/actor.ts';
import { isForeignKeyViolation, isUniqueViolation, missingReference } from '../../http/db-errors.ts';
import type { AuditService } from '../audit/audit.service.ts';

const notFound = () => new AppError('VIP_NUMBER_NOT_FOUND', 'VIP number not found', { category: 'not_found' });

/**
 * The CTI VIP list (§4.6.6): a number is VIP in every queue (global) or in the listed queues. It is
 * configuration, not personal data of employees: the permission decides, with no row scope.
 */
export function createVipNumbersService(d: { db: Database; audit: AuditService }) {
  const SELECT = `SELECT v.id, v.number, v.is_global, v.notes,
      ARRAY(SELECT queue_id::text FROM vip_number_queues WHERE vip_id = v.id ORDER BY 1) AS queue_ids FROM vip_numbers v`;
  type Row = { id: string; number: string; is_global: boolean; notes: string | null; queue_ids: string[] };
  const toVip = (r: Row): VipNumber => ({
    id: r.id,
    number: r.number,
    isGlobal: r.is_global,
    queueIds: r.is_global ? [] : r.queue_ids,
    notes: r.notes,
  });
  async function get(id: string): Promise<VipNumber> {
    const r = (await d.db.query<Row>(`${SELECT} WHERE v.id = $1`, [id])).rows[0];
    if (!r) throw notFound();
    return toVip(r);
  }
  async function writeQueues(tx: Queryable, id: string, isGlobal: boolean, queueIds: string[]) {
    await tx.query('DELETE FROM vip_number_queues WHERE vip_id = $1', [id]);
    if (!isGlobal)
      for (const q of new Set(queueIds))
        await tx.query('INSERT INTO vip_number_queues (vip_id, queue_id) VALUES ($1, $2)', [id, q]);
  }
  async function save(number: string, fn: () => Promise<unknown>) {
    try {
      await fn();
    } catch (e) {
      if (isUniqueViolation(e, 'vip_numbers_number_uq'))
        throw new AppError('VIP_NUMBER_TAKEN', 'VIP number taken', { category: 'conflict', details: { number } });
      if (isForeignKeyViolation(e)) throw missingReference(e);
      throw e;
    }
  }
  return {
    async list(q: string | undefined): Promise<VipNumber[]> {
      const rows = await d.db.query<Row>(
        `${SELECT} ${q ? 'WHERE v.number LIKE $1 OR v.notes ILIKE $1' : ''} ORDER BY v.number`,
        q ? [`%${q}%`] : [],
      );
      return rows.rows.map(toVip);
    },
    get,
    async create(
      actor: Actor,
      ip: string,
      input: { number: string; isGlobal: boolean; queueIds: string[]; notes?: string | null | undefined },
    ) {
      const id = newId();
      await save(input.number, () =>
        d.db.transaction(async (tx) => {
          await tx.query('INSERT INTO vip_numbers (id, number, is_global, notes) VALUES ($1, $2, $3, $4)', [
            id,
            input.number,
            input.isGlobal,
            input.notes ?? null,
          ]);
          await writeQueues(tx, id, input.isGlobal, input.queueIds);
        }),
      );
      await d.audit.change(
        actor,
        ip,
        'vip.create',
        { type: 'vip-number', id },
        { number: input.number, isGlobal: input.isGlobal },
      );
      return get(id);
    },
    async update(
      actor: Actor,
      ip: string,
      id: string,
      patch: { isGlobal?: boolean | undefined; queueIds?: string[] | undefined; notes?: string | null | undefined },
    ) {
      const current = await get(id);
      const isGlobal = patch.isGlobal ?? current.isGlobal;
      const queueIds = patch.queueIds ?? current.queueIds;
      if (!isGlobal && queueIds.length === 0) {
        const summary = 'queueIds: choose the queues of a non-global VIP';
        throw new AppError('VALIDATION_FAILED', summary, { category: 'invalid', details: { summary } });
      }
      await save(current.number, () =>
        d.db.transaction(async (tx) => {
          await tx.query('UPDATE vip_numbers SET is_global = $2, notes = $3 WHERE id = $1', [
            id,
            isGlobal,
            patch.notes === undefined ? current.notes : patch.notes,
          ]);
          await writeQueues(tx, id, isGlobal, queueIds);
        }),
      );
      await d.audit.change(
        actor,
        ip,
        'vip.update',
        { type: 'vip-number', id },
        { number: current.number, changed: Object.keys(patch) },
      );
      return get(id);
    },
    async remove(actor: Actor, ip: string, id: string) {
      const current = await get(id);
      await d.db.query('DELETE FROM vip_numbers WHERE id = $1', [id]);
      await d.audit.change(actor, ip, 'vip.delete', { type: 'vip-number', id }, { number: current.number });
    },
  };
}
export type VipNumbersService = ReturnType<typeof createVipNumbersService>;
