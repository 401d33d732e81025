import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Agent, ApiKey } from '@rexian/contracts';
import type { Page } from 'playwright-core';
import {
  apiFromPage,
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
 * 系统管理 → API 密钥 in headless Chromium against the real server: the admin creates an agent-scoped key
 * (the form refuses a malformed source address first), reads it from the shown-once modal, and a CRM
 * server (plain Node fetch) is let through with it — 503 CTI_NOT_RUNNING, as the harness runs no switch,
 * instead of 401. After the admin revokes it in the page the same call gets 401 API_KEY_INVALID. Neither
 * the page nor the list API ever shows the key again.
 */
const adminPassword = 'Api-Keys-2026x';

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

type Answer = { status: number; code: string | undefined };

/** What a third-party server gets from click to call with this key (no cookie, no browser). */
async function clickToCall(key: string): Promise<Answer> {
  const response = await fetch(`${harness.url}/api/v1/click-to-call`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ number: '13800138000' }),
  });
  const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
  return { status: response.status, code: body?.error?.code };
}

async function postFromPage(page: Page, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  return page.evaluate(
    async ({ path, body }) => {
      const response = await fetch(`/api/v1${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    },
    { path, body },
  );
}

const rowStatus = (page: Page, id: string) =>
  page.getByTestId('api-keys-table').locator(`tr[data-row-key="${id}"]`).getAttribute('data-status');

describe('API keys page', () => {
  test('a key created in the page opens click to call until it is revoked in the page', async () => {
    await inSession(harness, 'api-keys', async (page) => {
      await page.goto('/system/api-keys');
      await signIn(page, 'admin', 'admin');
      await changePassword(page, 'admin', adminPassword);
      await page.getByTestId('apiKeys-page').waitFor();
      await page.getByTestId('nav-apiKeys').waitFor({ state: 'attached' });

      const agent = await postFromPage(page, '/agents', { number: '3101', password: 'Kx9mQz', name: '李坐席' });
      assert.equal(agent.status, 201, JSON.stringify(agent.body));
      const agentId = (agent.body as Agent).id;

      await page.getByTestId('api-key-add').click();
      await page.getByTestId('api-key-name').fill('CRM 外呼');
      await pickOption(page, 'api-key-agent', '3101 李坐席');
      const ips = page.getByTestId('api-key-ips').locator('input');
      await ips.fill('10.0.0.300');
      await ips.press('Enter');
      await page.getByTestId('api-key-save').click();
      await page.getByText('不是有效的 IP 地址或网段：10.0.0.300').waitFor();
      await page.getByTestId('api-key-ips').locator('.ant-select-selection-item-remove').click();
      await ips.fill('127.0.0.0/8');
      await ips.press('Enter');
      await ips.fill('::1');
      await ips.press('Enter');
      const expires = page.getByTestId('api-key-expires'); // antd puts the test id on the picker's input
      await expires.click();
      await expires.fill('2099-12-31');
      await expires.press('Enter');
      await page.getByTestId('api-key-save').click();

      const key = (await page.getByTestId('api-key-value').innerText()).trim();
      assert.match(key, /^rxk_[\w-]{8}_[\w-]{43}$/);
      await page.getByText('密钥只在此时显示一次').waitFor();
      await screenshot(page, 'api-keys-created-zh');
      await page.getByTestId('api-key-done').click();
      await page.getByTestId('api-key-modal').waitFor({ state: 'hidden' });

      const listed = (await apiFromPage(page, '/api-keys')).body as ApiKey[];
      assert.equal(listed.length, 1);
      const [saved] = listed as [ApiKey];
      assert.equal(saved.name, 'CRM 外呼');
      assert.equal(saved.scope, 'agent');
      assert.equal(saved.agentId, agentId);
      assert.deepEqual(saved.allowedIps, ['127.0.0.0/8', '::1']);
      const expiry = new Date(saved.expiresAt ?? '');
      assert.deepEqual(
        [expiry.getFullYear(), expiry.getMonth() + 1, expiry.getDate(), expiry.getHours()],
        [2099, 12, 31, 23],
        'the key lasts to the end of the picked day (browser and server share this machine’s time zone)',
      );
      assert.ok(key.startsWith(`rxk_${saved.prefix}_`), 'the list shows the key’s own prefix');
      assert.ok(!JSON.stringify(listed).includes(key), 'the list API never holds the key');

      const row = page.getByTestId('api-keys-table').locator(`tr[data-row-key="${saved.id}"]`);
      await row.getByText('3101').waitFor();
      assert.equal(await rowStatus(page, saved.id), 'active');
      // The modal's content is destroyed once its close animation ends.
      const forgotten = await settled(
        async () => !(await page.content()).includes(key),
        (gone) => gone,
      );
      assert.ok(forgotten, 'the page forgets the key once the modal is closed');

      assert.deepEqual(await clickToCall(`${key}x`), { status: 401, code: 'API_KEY_INVALID' }, 'a wrong key is refused');
      assert.deepEqual(await clickToCall(key), { status: 503, code: 'CTI_NOT_RUNNING' }, 'the key is accepted');

      await row.getByTestId('api-key-revoke').click();
      const ok = page.locator('.ant-popover:not(.ant-popover-hidden)').getByTestId('confirm-revoke');
      await ok.click();
      await ok.waitFor({ state: 'hidden' });
      const status = await settled(
        () => rowStatus(page, saved.id),
        (s) => s === 'revoked',
      );
      assert.equal(status, 'revoked');
      assert.equal(await row.getByTestId('api-key-revoke').count(), 0, 'a revoked key offers no action');
      await row.getByText('已吊销').waitFor();
      await screenshot(page, 'api-keys-revoked-zh');

      assert.deepEqual(await clickToCall(key), { status: 401, code: 'API_KEY_INVALID' }, 'a revoked key is refused');
      assert.ok(!(await page.content()).includes(key));
    });
  });

  test('the page reads in English', async () => {
    await inSession(
      harness,
      'api-keys-en',
      async (page) => {
        await page.goto('/system/api-keys');
        await signIn(page, 'admin', adminPassword);
        await page.getByTestId('apiKeys-page').waitFor();
        await page.getByTestId('api-keys-table').getByRole('columnheader', { name: 'Prefix' }).waitFor();
        await page.getByTestId('api-key-add').click();
        await page.getByTestId('api-key-agent').waitFor(); // an agent key (the default) names its agent
        await page.getByTestId('api-key-scope').getByText('Any agent').click();
        await page.getByTestId('api-key-agent').waitFor({ state: 'detached' }); // an any-agent key names none
        await screenshot(page, 'api-keys-en');
        const text = await page.getByTestId('apiKeys-page').innerText();
        assert.ok(!/[\u4e00-\u9fff]/.test(text.replace('CRM 外呼', '')), `Chinese left in: ${text}`);
      },
      { locale: 'en-US' },
    );
  });
});
