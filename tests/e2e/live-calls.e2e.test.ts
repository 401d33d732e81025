import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { ADMIN_PASSWORD, type SipTestServer, startSipServer } from '../sip/harness.ts';
import { type Phone, startPhone, waitFor } from '../switch/phones.ts';
import { buildConsole, type Harness, inSession, launchBrowser, signIn } from './browser-harness.ts';

/**
 * The current-calls page (§4.7.7) in Chromium, fed by the server's stream while two baresip phones talk
 * through the switch: the call appears without a reload, and the supervisor's 强拆 ends it on both phones.
 */
describe('current calls in the browser, with real phones', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-live-e2e-'));
  let server: SipTestServer;
  let browser: Browser;
  let harness: Harness;
  let a: Phone;
  let b: Phone;

  before(async () => {
    const consoleDir = join(dir, 'console');
    await buildConsole(consoleDir);
    server = await startSipServer({
      REXIAN_CONSOLE_DIR: consoleDir,
      REXIAN_RTP_PORT_MIN: '34000',
      REXIAN_RTP_PORT_MAX: '34999',
      REXIAN_MEDIA_WORKERS: '1',
      REXIAN_VOICEMAIL: 'false',
    });
    browser = await launchBrowser();
    harness = { rexian: server.rexian, browser, url: server.rexian.url, close: async () => {} };
    a = await startPhone(server, dir, '8701', 600);
    b = await startPhone(server, dir, '8702', 1000);
  });
  after(async () => {
    for (const p of [a, b]) p?.peer.kill();
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a call appears as it happens and 强拆 ends it', async () => {
    await inSession(harness, 'live-calls-stream', async (page) => {
      await page.goto('/reports/live-calls');
      await signIn(page, 'admin', ADMIN_PASSWORD);
      await page.getByTestId('liveCalls-page').waitFor();
      await page.locator('[data-testid="live-mode"][data-mode="stream"]').waitFor();
      await page.getByTestId('live-calls-table').getByText('当前没有通话').waitFor();

      const dialled = await a.peer.command('dial', `sip:8702@127.0.0.1:${server.udpPort}`);
      assert.equal(dialled.ok, true, JSON.stringify(dialled));
      const row = page.locator('[data-testid="live-calls-table"] tr', { hasText: '8701' });
      await row.filter({ hasText: '8702' }).waitFor();
      await row.getByText('已接通').first().waitFor();
      assert.match(await page.getByTestId('live-count').innerText(), /当前通话 1 路/);

      await row.getByTestId('live-hangup').click();
      await page.getByTestId('confirm-hangup').click();
      await page.getByTestId('live-calls-table').getByText('当前没有通话').waitFor();
      const sw = server.rexian.sip?.telephony?.sw;
      await waitFor('every leg gone', () => (sw?.legCount() === 0 ? true : undefined));
      await waitFor('both phones saw the call end', () =>
        [a, b].every((p) => p.peer.events.some((e) => e.type === 'CALL_CLOSED')) ? true : undefined,
      );
    });
  });
});
