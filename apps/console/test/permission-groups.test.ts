import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupPermissions } from '../src/features/roles/permission-groups.ts';

test('groups permission codes by area, keeping catalogue order', () => {
  const p = (code: string) => ({ code, zh: code, en: code });
  const groups = groupPermissions([p('org.employee.read'), p('system.user.read'), p('org.employee.write'), p('plain')]);
  assert.deepEqual(
    groups.map((g) => [g.area, g.items.map((i) => i.code)]),
    [
      ['org.employee', ['org.employee.read', 'org.employee.write']],
      ['system.user', ['system.user.read']],
      ['plain', ['plain']],
    ],
  );
});
