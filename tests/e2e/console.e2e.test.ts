import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  apiFromPage,
  changePassword,
  type Harness,
  inSession,
  pickOption,
  saveDialog,
  screenshot,
  settled,
  signIn,
  startHarness,
} from './browser-harness.ts';

/**
 * The console in real headless Chromium against the real server (issue 2, item 8). The flows build on each
 * other in order, as an administrator's first day would: first login → organisation → a limited user.
 */
const adminPassword = 'Hotline-Boss-2026';
const agentInitialPassword = 'Start-agent-7391';
const agentPassword = 'Agent-changed-8402';
const systemName = 'Rexian 客服平台';
// A 1×1 PNG, small enough for the branding API.
const logoPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

const menuKeys = ['directory', 'employees', 'departments', 'users', 'roles', 'audit', 'settings', 'password'] as const;

async function visibleMenu(page: Page): Promise<string[]> {
  await page.getByTestId('main-menu').waitFor();
  const shown: string[] = [];
  for (const key of menuKeys) if (await page.getByTestId(`nav-${key}`).isVisible()) shown.push(key);
  return shown;
}

describe('console', () => {
  test('first login as admin/admin forces the password change and nothing else is reachable', async () => {
    await inSession(harness, 'first-login', async (page) => {
      await page.goto('/');
      await page.getByTestId('login-page').waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
      assert.equal(await page.getByTestId('brand-name').textContent(), '热线呼叫中心');

      await signIn(page, 'admin', 'wrong-password');
      assert.match((await page.getByTestId('login-error').textContent()) ?? '', /用户名或密码错误/);

      await signIn(page, 'admin', 'admin');
      await page.getByTestId('forced-password-page').waitFor();
      assert.equal(await page.getByTestId('main-menu').count(), 0);

      // A typed-in URL still shows only the password change, and the server refuses the API as well.
      await page.goto('/system/users');
      await page.getByTestId('forced-password-page').waitFor();
      assert.equal(await page.getByTestId('users-page').count(), 0);
      const refused = await apiFromPage(page, '/users');
      assert.equal(refused.status, 403);
      assert.equal((refused.body as { error: { code: string } }).error.code, 'AUTH_PASSWORD_CHANGE_REQUIRED');

      // The server's policy message is shown as is (a common password).
      await changePassword(page, 'admin', 'password');
      assert.match((await page.getByTestId('password-error').textContent()) ?? '', /常见/);

      await changePassword(page, 'admin', adminPassword);
      assert.deepEqual(await visibleMenu(page), [...menuKeys]);
      // The page typed in before the change is where the admin lands.
      await page.getByTestId('users-page').getByText('admin').first().waitFor();
    });
  });

  test('the admin creates a department, an employee, a limited role and a user bound to the employee', async () => {
    await inSession(harness, 'admin-setup', async (page) => {
      await page.goto('/system/departments');
      await signIn(page, 'admin', adminPassword);
      await page.getByTestId('departments-page').waitFor();

      await page.getByTestId('department-add-root').click();
      await page.getByTestId('department-name').fill('客服中心');
      await saveDialog(page, 'department-save');
      await page.getByTestId('department-row-name').filter({ hasText: '客服中心' }).waitFor();

      const row = page.locator('tr', { has: page.getByTestId('department-row-name').filter({ hasText: '客服中心' }) });
      await row.getByTestId('department-add-child').click();
      await page.getByTestId('department-name').fill('呼入组');
      await saveDialog(page, 'department-save');
      await page.getByTestId('department-row-name').filter({ hasText: '呼入组' }).waitFor();

      await page.getByTestId('nav-employees').click();
      await page.getByTestId('employee-add').click();
      await page.getByTestId('employee-code').fill('E1001');
      await page.getByTestId('employee-name').fill('张三');
      await pickOption(page, 'employee-department', '呼入组');
      await page.getByTestId('employee-mobile').fill('13800138000');
      await saveDialog(page, 'employee-save');
      await page.getByTestId('employees-table').getByText('张三').waitFor();
      // A second employee in the parent department: outside a "managed" scope rooted at 呼入组.
      await page.getByTestId('employee-add').click();
      await page.getByTestId('employee-code').fill('E1002');
      await page.getByTestId('employee-name').fill('李四');
      await pickOption(page, 'employee-department', '客服中心');
      await saveDialog(page, 'employee-save');
      await page.getByTestId('employees-table').getByText('李四').waitFor();

      // The export carries the current filters and is a real workbook (xlsx is a zip: "PK").
      await page.getByTestId('employee-search').locator('input').fill('E1001');
      await page.getByTestId('employee-search').getByRole('button', { name: 'search' }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('employee-export').click()]);
      assert.match(download.suggestedFilename(), /\.xlsx$/);
      const workbook = await readFile(await download.path());
      assert.equal(workbook.subarray(0, 2).toString('latin1'), 'PK');

      // A department that still has employees cannot be deleted; the server's message says why.
      await page.getByTestId('nav-departments').click();
      const [deptDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('department-export').click()]);
      assert.match(deptDownload.suggestedFilename(), /\.xlsx$/);
      assert.equal((await readFile(await deptDownload.path())).subarray(0, 2).toString('latin1'), 'PK');
      const inbound = page.locator('tr', { has: page.getByTestId('department-row-name').filter({ hasText: '呼入组' }) });
      await inbound.getByTestId('department-delete').click();
      await page.getByTestId('confirm-delete').click();
      await page
        .locator('.ant-message')
        .getByText(/1 名员工，不能删除/)
        .waitFor();

      await page.getByTestId('nav-roles').click();
      await page.getByTestId('role-add').click();
      await page.getByTestId('role-name').fill('话务员');
      await page.getByTestId('permission-org.directory.read').click();
      await page.getByTestId('permission-org.employee.read').click();
      await page.getByTestId('scope-managed').click();
      await saveDialog(page, 'role-save');
      await page.getByTestId('role-row-name').filter({ hasText: '话务员' }).waitFor();

      await page.getByTestId('nav-users').click();
      await page.getByTestId('user-add').click();
      await page.getByTestId('user-username').fill('zhangsan');
      await page.getByTestId('user-password').fill(agentInitialPassword);
      await page.getByTestId('user-employee').click();
      await page.keyboard.type('张三');
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last().getByTitle('张三 (E1001)').click();
      await pickOption(page, 'user-role', '话务员');
      await saveDialog(page, 'user-save');
      const userRow = page.locator('tr', { hasText: 'zhangsan' });
      await userRow.waitFor();
      assert.match((await userRow.textContent()) ?? '', /张三.*话务员/);

      // Branding (§4.10.11): system name and logo, shown in the header at once.
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('settings-system-name').fill(systemName);
      await page
        .getByTestId('settings-page')
        .locator('input[type=file]')
        .setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logoPng });
      await page.getByTestId('settings-logo-preview').waitFor();
      await page.getByTestId('settings-save').click();
      await page.getByTestId('brand-name').filter({ hasText: systemName }).waitFor();
      assert.match((await page.getByTestId('brand-logo').getAttribute('src')) ?? '', /^data:image\/png;base64,/);

      // Every change above is in the audit log, filterable by action.
      await page.getByTestId('nav-audit').click();
      await pickOption(page, 'audit-action', '新增员工');
      const rows = page.getByTestId('audit-table').locator('tbody tr.ant-table-row');
      // The filtered answer replaces the unfiltered table: every row is then an employee creation.
      const auditRows = await settled(
        () => rows.allTextContents(),
        (texts) => texts.length > 0 && texts.every((text) => text.includes('新增员工')),
      );
      assert.equal(auditRows.length, 2, 'two employees were created, nothing else matches the filter');
      for (const row of auditRows) assert.match(row, /admin.*新增员工.*成功/);
      await page.getByTestId('nav-users').click();
      await page.getByTestId('users-table').getByText('zhangsan').waitFor();
      await screenshot(page, 'admin-users-zh');
    });
  });

  test('the limited user sees only what the role allows and switches to English, which persists', async () => {
    await inSession(harness, 'limited-user', async (page) => {
      await page.goto('/');
      await page.getByTestId('brand-name').filter({ hasText: systemName }).waitFor();
      assert.equal(await page.getByTestId('brand-logo').count(), 1);
      await signIn(page, 'zhangsan', agentInitialPassword);
      // An account an admin created must choose its own password first.
      await page.getByTestId('forced-password-page').waitFor();
      await changePassword(page, agentInitialPassword, agentPassword);

      assert.deepEqual(await visibleMenu(page), ['directory', 'employees', 'password']);
      assert.match((await page.getByTestId('current-user').textContent()) ?? '', /张三/);
      await page.getByTestId('directory-page').waitFor();
      await page.getByTestId('directory-group-name').filter({ hasText: '呼入组' }).waitFor();

      // The role's data scope is "managed" (own department subtree): 李四 in the parent department is not listed.
      await page.getByTestId('nav-employees').click();
      await page.getByTestId('employees-table').getByText('张三').waitFor();
      assert.equal(await page.getByTestId('employees-table').getByText('李四').count(), 0);
      assert.equal(await page.getByTestId('employee-add').count(), 0, 'no write permission, no add button');

      await page.goto('/system/users');
      await page.getByTestId('forbidden').waitFor();
      assert.match((await page.getByTestId('forbidden').textContent()) ?? '', /没有权限/);
      const denied = await apiFromPage(page, '/users');
      assert.equal(denied.status, 403);
      assert.equal((denied.body as { error: { code: string } }).error.code, 'FORBIDDEN_PERMISSION');

      await page.getByTestId('language-switch').click();
      await page.getByTestId('language-option-en-US').click();
      await page.getByTestId('nav-directory').getByText('Directory').waitFor();
      assert.match((await page.getByTestId('forbidden').textContent()) ?? '', /not allowed/);
      assert.equal(await page.locator('html').getAttribute('lang'), 'en-US');

      await page.reload();
      await page.getByTestId('nav-employees').getByText('Employees').waitFor();
      assert.equal(await page.evaluate(() => localStorage.getItem('rexian.locale')), 'en-US');
      await page.getByTestId('nav-employees').click();
      await page.getByTestId('employees-page').getByText('Mobile').waitFor();
      await screenshot(page, 'agent-en');

      // Server messages follow the console's language too.
      await page.getByTestId('sign-out').click();
      await page.getByTestId('login-page').waitFor();
      await signIn(page, 'zhangsan', 'not-the-password');
      assert.match((await page.getByTestId('login-error').textContent()) ?? '', /Wrong user name or password/);
      await screenshot(page, 'login-en');
    });
  });
  test('every admin page renders in English: titles and table headers carry no Chinese text', async () => {
    await inSession(
      harness,
      'admin-english',
      async (page) => {
        await page.goto('/');
        await page.getByTestId('login-page').getByText('Contact-center administration').waitFor();
        await signIn(page, 'admin', adminPassword);
        await page.getByTestId('main-menu').waitFor();
        const pages = [
          ['directory', 'Internal directory'],
          ['employees', 'Employees'],
          ['departments', 'Departments'],
          ['users', 'Users'],
          ['roles', 'Roles & permissions'],
          ['audit', 'Audit log'],
          ['settings', 'Settings'],
          ['password', 'Change password'],
        ] as const;
        const cjk = /[\u3400-\u9fff]/;
        for (const [key, title] of pages) {
          await page.getByTestId(`nav-${key}`).click();
          const root = page.getByTestId(key === 'password' ? 'change-password-page' : `${key}-page`);
          await root.locator('.ant-card-head-title').getByText(title, { exact: true }).waitFor();
          for (const header of await root.locator('thead').allInnerTexts()) assert.doesNotMatch(header, cjk, `${key}: ${header}`);
        }
        for (const chrome of await page.getByTestId('main-menu').allInnerTexts()) assert.doesNotMatch(chrome, cjk);
        await page.getByTestId('nav-roles').click();
        await page.getByTestId('role-add').click();
        await page.getByTestId('role-data-scope').waitFor();
        assert.match(
          await page.getByTestId('role-data-scope').innerText(),
          /Managed — Sees and changes records of their department/,
        );
        await screenshot(page, 'admin-roles-en');
      },
      { locale: 'en-US' },
    );
  });
});
