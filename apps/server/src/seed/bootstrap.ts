import type { Database } from '@rexian/db';
import { newId } from '@rexian/kernel';
import { hashPassword } from '../security/passwords.ts';

/**
 * A new installation gets the manual's admin/admin (§4.2) — for the first login only: the account is
 * flagged so that nothing but a password change is allowed until the password is changed.
 * Built-in roles give a sensible start: supervisors see their managed scope, agents only themselves.
 */
export async function bootstrap(db: Database): Promise<{ createdAdmin: boolean }> {
  const roles = await db.query<{ n: number }>('SELECT count(*) AS n FROM roles');
  if ((roles.rows[0]?.n ?? 0) === 0) {
    const builtin = [
      {
        name: '班长',
        description: 'Supervisor: organisation, directory, users, call records and voicemail of the managed groups',
        permissions: [
          'org.department.read',
          'org.employee.read',
          'org.employee.export',
          'org.directory.read',
          'org.directory.export',
          'system.user.read',
          'system.audit.read',
          'pbx.cdr.read',
          'pbx.call.control',
          'cti.workspace',
          'cti.supervise',
          'pbx.voicemail.read',
          'pbx.voicemail.write',
          'crm.service-record.read',
          'crm.service-record.write',
        ],
        scope: 'managed',
      },
      {
        name: '座席',
        description: 'Agent: the internal directory, the own record and the own call records',
        permissions: [
          'org.directory.read',
          'org.employee.read',
          'pbx.cdr.read',
          'cti.workspace',
          'crm.service-record.read',
          'crm.service-record.write',
        ],
        scope: 'self',
      },
    ];
    for (const r of builtin) {
      await db.query(
        'INSERT INTO roles (id, name, description, permissions, data_scope, builtin) VALUES ($1, $2, $3, $4, $5, true)',
        [newId(), r.name, r.description, r.permissions, r.scope],
      );
    }
  }
  const users = await db.query<{ n: number }>('SELECT count(*) AS n FROM users');
  if ((users.rows[0]?.n ?? 0) > 0) return { createdAdmin: false };
  await db.query(
    `INSERT INTO users (id, username, password_hash, is_admin, must_change_password)
     VALUES ($1, 'admin', $2, true, true)`,
    [newId(), await hashPassword('admin')],
  );
  return { createdAdmin: true };
}
