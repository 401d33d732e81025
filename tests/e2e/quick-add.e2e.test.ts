import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { freePort, runPeer } from '../sip/harness.ts';
import {
  changePassword,
  type Harness,
  inSession,
  pickOption,
  screenshot,
  settled,
  signIn,
  startHarness,
} from './browser-harness.ts';

/**
 * 员工管理 → 快速添加 / 快速导入 (§4.3.2) in real headless Chromium against the real server with its SIP
 * registrar on loopback: the admin quick-adds an employee through the drawer, the API shows the employee,
 * extension and agent bound to each other, and sipsak (a real SIP peer) registers the new extension with the
 * password typed in the form — without a restart. Then a quick import with a good and a bad row.
 */
const adminPassword = 'Quick-Boss-2026';
const extensionPassword = 'sip7Phone9x';

let harness: Harness;
let udpPort: number;

before(async () => {
  udpPort = await freePort('udp');
  harness = await startHarness({
    env: {
      REXIAN_SIP_ENABLED: 'true',
      REXIAN_SIP_HOST: '127.0.0.1',
      REXIAN_SIP_UDP_PORT: String(udpPort),
      REXIAN_SIP_TCP_PORT: String(await freePort('tcp')),
    },
  });
});

after(async () => {
  await harness?.close();
});

/** The API with the page's cookie (GET or POST with a JSON body). */
async function api<T>(page: Page, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const r = await page.evaluate(
    async ({ method, path, body }) => {
      const r = await fetch(`/api/v1${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: r.status, body: await r.json().catch(() => null) };
    },
    { method, path, body },
  );
  return r as { status: number; body: T };
}

async function importFile(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('快速导入');
  ws.addRow(['员工编码*', '员工姓名*', '所属部门*', '分机号*', '分机密码*', '座席工号*', '座席密码*']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('employee quick add', () => {
  test('quick add through the console; the new extension registers with a real SIP peer', async () => {
    await inSession(harness, 'quick-add', async (page) => {
      await page.goto('/');
      await signIn(page, 'admin', 'admin');
      await changePassword(page, 'admin', adminPassword);
      await page.getByTestId('main-menu').waitFor();
      const dept = await api<{ id: string }>(page, 'POST', '/departments', { name: '坐席部' });
      assert.equal(dept.status, 201, JSON.stringify(dept.body));
      const group = await api<{ id: string }>(page, 'POST', '/agent-groups', { name: '售后组' });
      assert.equal(group.status, 201, JSON.stringify(group.body));

      await page.getByTestId('nav-employees').click();
      await page.getByTestId('employee-quick-add').click();
      const drawer = page.getByTestId('quick-add-drawer');
      await drawer.getByTestId('quick-code').fill('QA100');
      await drawer.getByTestId('quick-name').fill('王五');
      await pickOption(page, 'quick-department', '坐席部');
      await drawer.getByTestId('quick-extension-number').fill('8801');
      // The form explains the manual's rule before asking the server: 1234 is a run of consecutive digits.
      await drawer.getByTestId('quick-extension-password').fill('ab1234cd');
      await drawer.getByTestId('quick-agent-number').fill('2801');
      await drawer.getByTestId('quick-agent-password').fill('agent5x9y2');
      await pickOption(page, 'quick-agent-group', '售后组');
      await drawer.getByTestId('quick-save').click();
      await drawer.locator('.ant-form-item-explain-error').first().waitFor();
      assert.equal((await api<{ total: number }>(page, 'GET', '/employees?q=QA100')).body.total, 0, 'nothing sent');
      await drawer.getByTestId('quick-extension-password').fill(extensionPassword);
      await drawer.getByTestId('quick-with-user').click();
      await drawer.getByTestId('quick-username').fill('wangwu');
      await drawer.getByTestId('quick-user-password').fill('Temp-Pass-9x!');
      await screenshot(page, 'quick-add-zh');
      await drawer.getByTestId('quick-save').click();
      await page.getByTestId('employees-table').getByText('王五').waitFor();

      // Bound to each other, as the API reports them.
      const ext = await api<{ items: { id: string; number: string; employeeName: string; status: string }[] }>(
        page,
        'GET',
        '/extensions?q=8801',
      );
      const x = ext.body.items.find((i) => i.number === '8801');
      assert.equal(x?.employeeName, '王五');
      const agents = await api<{ items: { number: string; employeeName: string; extensionNumber: string; groupName: string }[] }>(
        page,
        'GET',
        '/agents?q=2801',
      );
      assert.deepEqual(
        agents.body.items.map((a) => [a.number, a.employeeName, a.extensionNumber, a.groupName]),
        [['2801', '王五', '8801', '售后组']],
      );
      const users = await api<{ items: { username: string; employeeName: string }[] }>(page, 'GET', '/users?q=wangwu');
      assert.equal(users.body.items[0]?.employeeName, '王五');

      // A second quick add with the same extension number is refused, naming it, and creates nothing.
      await page.getByTestId('employee-quick-add').click();
      await drawer.getByTestId('quick-code').fill('QA101');
      await drawer.getByTestId('quick-name').fill('赵六');
      await pickOption(page, 'quick-department', '坐席部');
      await drawer.getByTestId('quick-extension-number').fill('8801');
      await drawer.getByTestId('quick-extension-password').fill(extensionPassword);
      await drawer.getByTestId('quick-agent-number').fill('2802');
      await drawer.getByTestId('quick-agent-password').fill('agent5x9y2');
      await drawer.getByTestId('quick-save').click();
      assert.match((await drawer.getByTestId('form-error').textContent()) ?? '', /分机号 8801 已存在/);
      await page.keyboard.press('Escape');
      assert.equal((await api<{ total: number }>(page, 'GET', '/employees?q=QA101')).body.total, 0);

      // sipsak registers the new extension with the password typed in the form: no restart needed.
      const contactPort = await freePort('udp');
      const reg = await runPeer('sipsak', [
        '-U',
        '-C',
        `sip:8801@127.0.0.1:${contactPort}`,
        '-x',
        '300',
        '-s',
        `sip:8801@127.0.0.1:${udpPort}`,
        '-u',
        '8801',
        '-a',
        extensionPassword,
        '-l',
        String(contactPort),
        '-vv',
      ]);
      assert.equal(reg.code, 0, reg.output);
      assert.match(reg.output, /authorizing/, 'challenged first');
      const online = await settled(
        async () => (await api<{ items: { number: string }[] }>(page, 'GET', '/extensions?status=online')).body.items,
        (items) => items.some((i) => i.number === '8801'),
      );
      assert.ok(
        online.some((i) => i.number === '8801'),
        'registered',
      );
      const wrong = await runPeer('sipsak', [
        '-U',
        '-C',
        `sip:8801@127.0.0.1:${contactPort}`,
        '-s',
        `sip:8801@127.0.0.1:${udpPort}`,
        '-u',
        '8801',
        '-a',
        'agent5x9y2',
        '-l',
        String(await freePort('udp')),
      ]);
      assert.notEqual(wrong.code, 0, 'the agent password is not the SIP password');
    });
  });

  test('quick import: the good row is created, the bad ones are listed with row number and reason', async () => {
    await inSession(harness, 'quick-import', async (page) => {
      await page.goto('/');
      await signIn(page, 'admin', adminPassword);
      await page.getByTestId('nav-employees').click();
      await page.getByTestId('employee-quick-import').click();
      const modal = page.getByTestId('quick-import-modal');
      const [download] = await Promise.all([page.waitForEvent('download'), modal.getByTestId('quick-template').click()]);
      assert.equal(download.suggestedFilename(), '员工快速导入模板.xlsx');
      await modal.getByTestId('quick-import-input').setInputFiles({
        name: 'staff.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: await importFile([
          ['QI1', '孙七', '坐席部', '8811', 'sip7Phone9x', '2811', 'agent5x9y2'],
          ['QI2', '周八', '坐席部', '8801', 'sip7Phone9x', '2812', 'agent5x9y2'],
          ['QI3', '吴九', '坐席部', '8813', 'abc4321x', '2813', 'agent5x9y2'],
        ]),
      });
      await modal.getByTestId('quick-import-summary').getByText('共 3 行：成功 1 行，失败 2 行').waitFor();
      const rows = modal.getByTestId('quick-import-rows').locator('tbody tr');
      assert.equal(await rows.count(), 3);
      assert.match((await rows.nth(1).textContent()) ?? '', /^3.*分机号 8801 已存在/);
      assert.match((await rows.nth(2).textContent()) ?? '', /^4.*分机密码/);
      await screenshot(page, 'quick-import-zh');
      // A file that is not a workbook is refused whole.
      await modal.getByTestId('quick-import-input').setInputFiles({
        name: 'broken.xlsx',
        mimeType: 'application/octet-stream',
        buffer: Buffer.from('not a workbook'),
      });
      assert.match((await modal.getByTestId('quick-import-error').textContent()) ?? '', /无法读取导入文件/);
      await page.getByTestId('quick-import-modal').getByRole('button', { name: '关闭' }).click();
      await page.getByTestId('employees-table').getByText('孙七').waitFor();
      const agents = await api<{ items: { number: string; extensionNumber: string }[] }>(page, 'GET', '/agents?q=2811');
      assert.equal(agents.body.items[0]?.extensionNumber, '8811');
    });
  });
});
