import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Permission } from '@rexian/contracts';
import { can, homePath, navPages, pageByPath, visibleMenu, visiblePages } from '../src/layout/navigation.ts';

const user = (permissions: Permission[], isAdmin = false) => ({ isAdmin, permissions });

test('an admin sees every page, whatever the role lists', () => {
  assert.equal(visiblePages(user([], true)).length, navPages.length);
  assert.equal(can(user([], true), 'system.audit.read'), true);
});

test('a user sees exactly the pages their permissions open, plus the password change', () => {
  const keys = visiblePages(user(['org.directory.read', 'system.audit.read'])).map((p) => p.key);
  assert.deepEqual(keys, ['directory', 'audit', 'password']);
  assert.equal(can(user(['org.employee.read']), 'org.employee.write'), false);
});

test('a menu group with no visible page is left out', () => {
  const menu = visibleMenu(user([]));
  assert.deepEqual(
    menu.map((m) => [m.group.key, m.pages.map((p) => p.key)]),
    [['system', ['password']]],
  );
});

test('home is the first page the user may open', () => {
  assert.equal(homePath(user(['system.user.read', 'org.employee.read'])), '/office/employees');
  assert.equal(homePath(user([])), '/system/password');
});

test('pageByPath matches a page and its sub-paths only', () => {
  assert.equal(pageByPath('/system/users')?.key, 'users');
  assert.equal(pageByPath('/system/users/123')?.key, 'users');
  assert.equal(pageByPath('/system/usersX'), undefined);
  assert.equal(pageByPath('/'), undefined);
});
