import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CtiSettings } from '@rexian/contracts';
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
 * CTI 管理 → 基本配置 (§4.6.11) in headless Chromium against the real server: the administrator switches
 * recording to MP3, turns forced rating on and sets wrap-up to 30 s; the values survive a reload and reach
 * the API in milliseconds. An out-of-range value is stopped by the form with its allowed range, and the
 * server refuses it too. Finally the page reads in English without Chinese labels.
 */
const adminPassword = 'Cti-Settings-2026x';
const readerPassword = 'Reader-start-5930';

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

type Refusal = { error?: { code?: string; message?: string } } | null;

async function patchFromPage(page: Page, body: unknown): Promise<{ status: number; body: Refusal }> {
  return page.evaluate(async (body): Promise<{ status: number; body: Refusal }> => {
    const response = await fetch('/api/v1/settings/cti', {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'Accept-Language': 'zh-CN' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => null)) as Refusal };
  }, body);
}

const field = (page: Page, name: string) => page.getByTestId(`cti-settings-${name}`);

/** The form fills in once the settings have loaded. */
async function shows(page: Page, name: string, value: string): Promise<void> {
  const seen = await settled(
    () => field(page, name).inputValue(),
    (v) => v === value,
  );
  assert.equal(seen, value, name);
}

describe('CTI basic configuration page', () => {
  test('the admin changes recording, forced rating and wrap-up; they are kept', async () => {
    await inSession(harness, 'cti-settings-admin', async (page) => {
      await page.goto('/cti/settings');
      await signIn(page, 'admin', 'admin');
      await changePassword(page, 'admin', adminPassword);
      await page.getByTestId('ctiSettings-page').waitFor();
      await shows(page, 'wrapUpMs', '15');

      await field(page, 'recording').getByText('MP3 格式录音').click();
      await field(page, 'forcedRating').click();
      await field(page, 'wrapUpMs').fill('30');
      await page.getByTestId('cti-settings-save').click();
      await page.getByText('已保存').waitFor();

      const saved = (await apiFromPage(page, '/settings/cti')).body as CtiSettings;
      assert.equal(saved.wrapUpMs, 30_000);
      assert.equal(saved.recording, 'mp3');
      assert.equal(saved.forcedRating, true);
      assert.equal(saved.maxTalkMs, 4 * 3_600_000, 'untouched fields keep their values');

      await page.reload();
      await page.getByTestId('ctiSettings-page').waitFor();
      await shows(page, 'wrapUpMs', '30');
      assert.equal(await field(page, 'recording-mp3').isChecked(), true);
      assert.equal(await field(page, 'forcedRating').getAttribute('aria-checked'), 'true');
      assert.equal(await field(page, 'maxTalkMs').inputValue(), '240');
    });
  });

  test('an out-of-range value is stopped with its range, and the server refuses it too', async () => {
    await inSession(harness, 'cti-settings-range', async (page) => {
      await page.goto('/cti/settings');
      await signIn(page, 'admin', adminPassword);
      await page.getByTestId('ctiSettings-page').waitFor();
      await shows(page, 'wrapUpMs', '30');
      await field(page, 'answeredWithinSeconds').fill('0');
      await page.getByTestId('cti-settings-save').click();
      await page.getByText('接通率统计秒数须为 1 到 600 之间的整数').waitFor();
      await screenshot(page, 'cti-settings-range');
      const kept = (await apiFromPage(page, '/settings/cti')).body as CtiSettings;
      assert.equal(kept.answeredWithinSeconds, 15, 'nothing was sent');

      const refused = await patchFromPage(page, { answeredWithinSeconds: 0, wrapUpMs: 45_000 });
      assert.equal(refused.status, 400);
      assert.equal(refused.body?.error?.code, 'VALIDATION_FAILED');
      assert.match(refused.body?.error?.message ?? '', /answeredWithinSeconds/, 'the server names the field');
      const after = (await apiFromPage(page, '/settings/cti')).body as CtiSettings;
      assert.equal(after.answeredWithinSeconds, 15);
      assert.equal(after.wrapUpMs, 30_000, 'a refused body changes nothing');
    });
  });

  test('a role with cti.agent.read but not cti.settings.write sees the values without a save button', async () => {
    await inSession(harness, 'cti-settings-role', async (page) => {
      await page.goto('/system/roles');
      await signIn(page, 'admin', adminPassword);
      await page.getByTestId('role-add').click();
      await page.getByTestId('role-name').fill('CTI 查看');
      await page.getByTestId('permission-cti.agent.read').click();
      await page.getByTestId('scope-all').click();
      await saveDialog(page, 'role-save');
      await page.getByTestId('nav-users').click();
      await page.getByTestId('user-add').click();
      await page.getByTestId('user-username').fill('ctireader');
      await page.getByTestId('user-password').fill(readerPassword);
      await pickOption(page, 'user-role', 'CTI 查看');
      await saveDialog(page, 'user-save');
      await page.getByTestId('users-table').getByText('ctireader').waitFor();
    });
    await inSession(harness, 'cti-settings-reader', async (page) => {
      await page.goto('/cti/settings');
      await signIn(page, 'ctireader', readerPassword);
      await changePassword(page, readerPassword, 'Reader-cti-7301');
      await page.getByTestId('cti-settings-read-only').waitFor();
      await shows(page, 'wrapUpMs', '30');
      assert.equal(await page.getByTestId('cti-settings-save').count(), 0);
      assert.equal(await field(page, 'wrapUpMs').isDisabled(), true);
      assert.equal(await field(page, 'recording-mp3').isChecked(), true);
      assert.equal(await patchFromPage(page, { forcedRating: false }).then((r) => r.status), 403);
    });
  });

  test('the page reads in English without Chinese labels', async () => {
    await inSession(
      harness,
      'cti-settings-english',
      async (page) => {
        await page.goto('/cti/settings');
        await signIn(page, 'admin', adminPassword);
        const root = page.getByTestId('ctiSettings-page');
        await root.locator('.ant-card-head-title').getByText('Basic configuration', { exact: true }).waitFor();
        await field(page, 'recording').getByText('Record as MP3').waitFor();
        const text = await root.innerText();
        assert.match(text, /Agent state rules/);
        assert.match(text, /Wrap-up time/);
        assert.doesNotMatch(text, /[\u3400-\u9fff]/);
        assert.doesNotMatch(await page.getByTestId('nav-group-cti').innerText(), /[\u3400-\u9fff]/);
        await screenshot(page, 'cti-settings-en');
      },
      { locale: 'en-US' },
    );
  });
});
