import type { Queryable } from '@rexian/db';
import type { ScopeFilter } from '../../security/data-scope.ts';

/**
 * Calls and voicemail have no owner column: they belong to extensions. A limited scope reaches the
 * extensions bound to its employees — directly (分机 → 员工) or through the employee's agent (座席 → 分机):
 * `self` the actor's own, `managed` also those of the managed departments' and agent groups' employees.
 * Note: the numbers are matched as they are now, so a reassigned extension number brings its history along.
 */
export function scopeExtensionsSql(scope: ScopeFilter, params: unknown[]): string {
  params.push([...(scope.kind === 'all' ? [] : scope.employeeIds)]);
  const p = `$${params.length}::uuid[]`;
  return `ARRAY(SELECT x.number FROM extensions x WHERE x.employee_id = ANY(${p})
    UNION SELECT x.number FROM agents a JOIN extensions x ON x.id = a.extension_id WHERE a.employee_id = ANY(${p}))`;
}

/** The extension numbers a limited scope reaches (for filtering calls held in memory). */
export async function scopeExtensionNumbers(db: Queryable, scope: ScopeFilter): Promise<Set<string>> {
  const params: unknown[] = [];
  const r = await db.query<{ numbers: string[] }>(`SELECT ${scopeExtensionsSql(scope, params)} AS numbers`, params);
  return new Set(r.rows[0]?.numbers ?? []);
}

/** Which of `numbers` are extensions (shown in full; the rest may be masked). */
export async function extensionNumbersAmong(db: Queryable, numbers: readonly string[]): Promise<Set<string>> {
  if (numbers.length === 0) return new Set();
  const r = await db.query<{ number: string }>('SELECT number FROM extensions WHERE number = ANY($1::text[])', [numbers]);
  return new Set(r.rows.map((x) => x.number));
}
