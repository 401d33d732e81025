import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AccessNumberDto, Page, ScheduleDto, TrunkDto } from '@rexian/contracts';
import type { Page as BrowserPage } from 'playwright-core';
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
 * The dial-plan pages in headless Chromium against the real server: a schedule (working hours, a holiday
 * range — first refused by the server with its path, then fixed), an access number with time-based
 * routing over that schedule, a trunk whose password goes in and never comes back, and an outbound route
 * through it; each is listed, and the pages render in English.
 */
const adminPassword = 'Dial-Plan-Boss-2026';
const trunkSecret = 'Carrier-Pw-7731';

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

/** A write through the page's own session (setting up what the flow under test picks from). */
async function postFromPage(page: BrowserPage, path: string, body: unknown): Promise<number> {
  return page.evaluate(
    async ({ path, body }) => {
      const r = await fetch(`/api/v1${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return r.status;
    },
    { path, body },
  );
}

/** Types a date into an antd DatePicker and confirms it. */
async function typeDate(page: BrowserPage, testId: string, date: string): Promise<void> {
  const field = page.getByTestId(testId);
  const input = (await field.evaluate((el) => el.tagName)) === 'INPUT' ? field : field.locator('input');
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

const rowOf = (page: BrowserPage, table: string, text: string) => page.getByTestId(table).locator('tbody tr', { hasText: text });

describe('PBX dial-plan pages', () => {
  test('the admin sets up a schedule, an access number with time routing, a trunk and a route', async () => {
    await inSession(harness, 'pbx-dialplan', async (page) => {
      await page.goto('/pbx/schedules');
      await signIn(page, 'admin', 'admin');
      await changePassword(page, 'admin', adminPassword);
      await page.getByTestId('schedules-page').waitFor();
      assert.equal(await postFromPage(page, '/extensions', { number: '8001', displayName: '前台' }), 201);

      // 时间段: Monday–Friday 09:00–18:00 is prefilled; a holiday range ending before it starts is the server's to refuse.
      await page.getByTestId('sch-add').click();
      await page.getByTestId('sch-name').fill('总部工作时间');
      assert.equal(await page.getByTestId('sch-period').count(), 5);
      await page.getByTestId('sch-period-end-4').fill('17:00');
      await page.getByTestId('sch-add-holiday').click();
      await page.getByTestId('sch-holiday-name-0').fill('国庆节');
      await typeDate(page, 'sch-holiday-from-0', '2026-10-07');
      await typeDate(page, 'sch-holiday-to-0', '2026-10-01');
      await page.getByTestId('sch-save').click();
      assert.match(await page.getByTestId('form-error').innerText(), /时间段设置有误：holidays\.0\.to/);
      await typeDate(page, 'sch-holiday-from-0', '2026-10-01');
      await typeDate(page, 'sch-holiday-to-0', '2026-10-07');
      await saveDialog(page, 'sch-save');
      const scheduleRow = rowOf(page, 'sch-table', '总部工作时间');
      await scheduleRow.getByText('周一–周四 09:00–18:00').waitFor();
      await scheduleRow.getByText('周五 09:00–17:00').waitFor();
      await scheduleRow.getByText('1 个节假日').waitFor();
      await scheduleRow.getByText('Asia/Shanghai').waitFor();

      // 接入号 with 分时段业务: working hours to extension 8001, after hours to voicemail, holidays as after hours.
      await page.getByTestId('nav-accessNumbers').click();
      await page.getByTestId('accessNumbers-page').waitFor();
      await page.getByTestId('an-add').click();
      await page.getByTestId('an-number').fill('4008001234');
      await page.getByTestId('an-vip').click();
      await page.getByTestId('an-time-routing').click();
      await pickOption(page, 'an-schedule', '总部工作时间 (Asia/Shanghai)');
      await pickOption(page, 'an-working', '分机');
      await pickOption(page, 'an-working-value', '8001 前台');
      await pickOption(page, 'an-after', '语音留言');
      await page.getByTestId('an-after-value').fill('8001');
      await page.getByTestId('an-notes').fill('客服热线');
      await saveDialog(page, 'an-save');
      const numberRow = rowOf(page, 'an-table', '4008001234');
      await numberRow.getByText('VIP').waitFor();
      await numberRow.getByText('时间段：总部工作时间').waitFor();
      await numberRow.getByText('上班时间：分机 8001 前台').waitFor();
      await numberRow.getByText('下班时间：语音留言 8001').waitFor();
      await numberRow.getByText('节假日：同下班时间').waitFor();
      const numbers = await apiFromPage(page, '/access-numbers');
      const stored = (numbers.body as Page<AccessNumberDto>).items[0];
      assert.deepEqual(stored?.timeRouting?.workingHours, { kind: 'extension', extension: '8001' });
      assert.equal(stored?.timeRouting?.holiday, null);
      const schedules = (await apiFromPage(page, '/schedules')).body as ScheduleDto[];
      assert.equal(schedules[0]?.accessNumberCount, 1);

      // 中继: a registering trunk; the password is write-only.
      await page.getByTestId('nav-trunks').click();
      await page.getByTestId('trunks-page').waitFor();
      await page.getByTestId('trunk-add').click();
      await page.getByTestId('trunk-name').fill('中国电信');
      await page.getByTestId('trunk-host').fill('sip.carrier.example');
      await pickOption(page, 'trunk-transport', 'TCP');
      await page.getByTestId('trunk-username').fill('02160001234');
      await page.getByTestId('trunk-password').fill(trunkSecret);
      // 认证域: the carrier challenges with a realm other than its host.
      await page.getByText('留空则使用主机地址').waitFor();
      await page.getByTestId('trunk-realm').fill('carrier-realm');
      await page.getByTestId('trunk-max-channels').fill('30');
      await saveDialog(page, 'trunk-save');
      const trunkRow = rowOf(page, 'trunk-table', '中国电信');
      await trunkRow.getByText('sip.carrier.example:5060 (TCP)').waitFor();
      assert.equal(await trunkRow.getByTestId('trunk-registration').innerText(), '未知');
      assert.equal(await trunkRow.getByTestId('trunk-channels').innerText(), '0 / 30');
      const trunks = await apiFromPage(page, '/trunks');
      assert.equal((trunks.body as TrunkDto[])[0]?.hasPassword, true);
      assert.equal((trunks.body as TrunkDto[])[0]?.realm, 'carrier-realm');
      assert.ok(!JSON.stringify(trunks.body).includes(trunkSecret), 'the password never comes back');
      await trunkRow.getByTestId('trunk-edit').click();
      assert.equal(await page.getByTestId('trunk-password').inputValue(), '');
      assert.equal(await page.getByTestId('trunk-password').getAttribute('placeholder'), '已设置；留空则不修改');
      assert.equal(await page.getByTestId('trunk-realm').inputValue(), 'carrier-realm');
      await page.keyboard.press('Escape');

      // 外呼路由 through that trunk, presenting the access number.
      await page.getByTestId('nav-outboundRoutes').click();
      await page.getByTestId('outboundRoutes-page').waitFor();
      await page.getByTestId('route-add').click();
      await page.getByTestId('route-name').fill('长途');
      await page.getByTestId('route-rule-value-0').fill('0');
      await pickOption(page, 'route-trunks', '中国电信');
      await page.keyboard.press('Escape');
      await pickOption(page, 'route-caller-id', '4008001234 客服热线');
      await page.getByTestId('route-strip').fill('1');
      await settled(
        () => page.getByTestId('route-preview').innerText(),
        (text) => text.includes('013800138000'),
      );
      await saveDialog(page, 'route-save');
      const routeRow = rowOf(page, 'route-table', '长途');
      await routeRow.getByText('1. 中国电信').waitFor();
      await routeRow.getByText('0…').waitFor();
      await routeRow.getByText('4008001234').waitFor();
      await routeRow.getByText('去掉前 1 位').waitFor();
      await screenshot(page, 'pbx-dialplan-routes');

      // The trunk now serves a route; the list says so, and a delete is refused in the server's words.
      await page.getByTestId('nav-trunks').click();
      await rowOf(page, 'trunk-table', '中国电信').getByTestId('trunk-delete').click();
      await page.locator('.ant-popover:not(.ant-popover-hidden)').getByTestId('confirm-delete').click();
      await page.getByText('外呼路由 长途 仍在使用该中继，不能删除').waitFor();
      await screenshot(page, 'pbx-dialplan-trunks');
    });
  });

  test('the dial-plan pages in English', async () => {
    await inSession(
      harness,
      'pbx-dialplan-en',
      async (page) => {
        await page.goto('/pbx/access-numbers');
        await signIn(page, 'admin', adminPassword);
        await page.getByTestId('accessNumbers-page').getByText('Access numbers').first().waitFor();
        await rowOf(page, 'an-table', '4008001234').getByText('Working hours: Extension 8001 前台').waitFor();
        await page.getByTestId('nav-schedules').click();
        const schedule = rowOf(page, 'sch-table', '总部工作时间');
        await schedule.getByText('Mon–Thu 09:00–18:00').waitFor();
        await schedule.getByText('1 holiday(s)').waitFor();
        await page.getByTestId('nav-trunks').click();
        await page.getByTestId('trunks-page').getByText('The status refreshes every 5 seconds').waitFor();
        assert.equal(await rowOf(page, 'trunk-table', '中国电信').getByTestId('trunk-registration').innerText(), 'Unknown');
        await page.getByTestId('nav-outboundRoutes').click();
        await page.getByTestId('route-table').getByText('Trunks (failover order)').waitFor();
        await rowOf(page, 'route-table', '长途').getByText('1. 中国电信').waitFor();
        await screenshot(page, 'pbx-dialplan-en');
      },
      { locale: 'en-US' },
    );
  });
});
