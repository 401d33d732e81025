import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  changePassword,
  dismiss,
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
 * The PBX and IVR pages in real headless Chromium against the real server: extensions (the password shown
 * once), SIP bans, voice files, the IVR designer (tree edits, issues on nodes, build, try it) and IVR
 * configurations. The flows build on each other in order.
 */
const adminPassword = 'Pbx-Ivr-Boss-2026';

/** 0.25 s of a 440 Hz tone, 8 kHz 16-bit mono PCM WAV. */
function toneWav(): Buffer {
  const rate = 8000;
  const samples = rate / 4;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

const goodVxml = `<?xml version="1.0" encoding="UTF-8"?>
<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">
  <form><block><prompt>welcome</prompt><exit/></block></form>
</vxml>`;

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

async function signInAdmin(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await signIn(page, 'admin', adminPassword);
}

/** Clicks a row's button, then the confirmation's OK. */
async function confirmIn(page: Page, row: ReturnType<Page['locator']>, buttonId: string, confirmId: string): Promise<void> {
  await row.getByTestId(buttonId).click();
  const ok = page.locator('.ant-popover:not(.ant-popover-hidden)').getByTestId(confirmId);
  await ok.click();
  await ok.waitFor({ state: 'hidden' });
}

const rowOf = (page: Page, table: string, text: string) => page.getByTestId(table).locator('tbody tr', { hasText: text });

describe('PBX and IVR pages', () => {
  test('first login: the admin sets a password', async () => {
    await inSession(harness, 'pbx-first-login', async (page) => {
      await page.goto('/');
      await signIn(page, 'admin', 'admin');
      await page.getByTestId('forced-password-page').waitFor();
      await changePassword(page, 'admin', adminPassword);
      await page.getByTestId('main-menu').waitFor();
    });
  });

  test('extensions: create (generated password shown once), refuse a bad password, edit, disable, reset, delete', async () => {
    await inSession(harness, 'pbx-extensions', async (page) => {
      await signInAdmin(page, '/pbx/extensions');
      await page.getByTestId('extensions-page').waitFor();

      // The manual's password rule is the server's: its message is shown as is.
      await page.getByTestId('ext-add').click();
      await page.getByTestId('ext-number').fill('7001');
      await page.getByTestId('ext-display-name').fill('前台');
      await page.getByTestId('ext-password').fill('123456');
      await page.getByTestId('ext-save').click();
      assert.match(await page.getByTestId('form-error').innerText(), /提交的数据不正确.*password/s);

      // Empty password: the server generates one and returns it once.
      await page.getByTestId('ext-password').fill('');
      await page.getByTestId('ext-save').click();
      const secret = page.getByTestId('secret-password');
      await secret.waitFor();
      const generated = (await secret.innerText()).trim();
      assert.equal(generated.length, 20);
      await dismiss(page, 'secret-done');
      await secret.waitFor({ state: 'hidden' });
      const row = rowOf(page, 'extensions-table', '7001');
      await row.getByText('前台').waitFor();
      assert.equal(await row.getByTestId('ext-status').innerText(), '离线');

      await row.getByTestId('ext-edit').click();
      await page.getByTestId('ext-display-name').fill('前台总机');
      await saveDialog(page, 'ext-save');
      await row.getByText('前台总机').waitFor();

      await confirmIn(page, row, 'ext-disable', 'confirm-disable');
      await row.getByTestId('ext-disabled-tag').waitFor();
      await row.getByTestId('ext-enable').click();
      await row.getByTestId('ext-disable').waitFor();

      await row.getByTestId('ext-reset').click();
      await page.getByTestId('ext-reset-password').fill('Desk7k2x9');
      await page.getByTestId('ext-reset-save').click();
      await page.getByTestId('secret-password').getByText('Desk7k2x9', { exact: true }).waitFor();
      await dismiss(page, 'secret-done');

      // Registration filter: nothing is registered in this test.
      await pickOption(page, 'ext-status-filter', '在线');
      await settled(
        () => page.getByTestId('extensions-table').locator('tbody tr.ant-table-row').count(),
        (n) => n === 0,
      );
      assert.equal(await rowOf(page, 'extensions-table', '7001').count(), 0);
      await pickOption(page, 'ext-status-filter', '离线');
      await row.waitFor();
      await screenshot(page, 'pbx-extensions');

      // Demo mode is off in this server: no demo credentials.
      await page.getByTestId('ext-demo-credentials').click();
      await page.getByTestId('demo-none').waitFor();
      await page.keyboard.press('Escape');

      await confirmIn(page, row, 'ext-delete', 'confirm-delete');
      await settled(
        () => rowOf(page, 'extensions-table', '7001').count(),
        (n) => n === 0,
      );
      assert.equal(await rowOf(page, 'extensions-table', '7001').count(), 0);

      await page.getByTestId('nav-sipBans').click();
      await page.getByTestId('sip-bans-table').waitFor();
      assert.equal(await page.getByTestId('ban-lift').count(), 0);
    });
  });

  test('voice files: upload a WAV, play it online, download it', async () => {
    await inSession(harness, 'ivr-voice-files', async (page) => {
      await signInAdmin(page, '/cti/voice-files');
      await page.getByTestId('voiceFiles-page').waitFor();
      await page.getByTestId('voice-add').click();
      await page.getByTestId('voice-file-input').setInputFiles({ name: '欢迎语.wav', mimeType: 'audio/wav', buffer: toneWav() });
      assert.equal(await page.getByTestId('voice-name').inputValue(), '欢迎语');
      await saveDialog(page, 'voice-save');
      const row = rowOf(page, 'voice-files-table', '欢迎语');
      await row.getByText('WAV', { exact: true }).waitFor();
      const src = await row.getByTestId('voice-audio').getAttribute('src');
      assert.match(src ?? '', /^\/api\/v1\/voice-files\/[0-9a-f-]+\/audio$/);
      const playable = await page.evaluate(async (url) => {
        const r = await fetch(url);
        return { status: r.status, type: r.headers.get('content-type'), bytes: (await r.arrayBuffer()).byteLength };
      }, src ?? '');
      assert.equal(playable.status, 200);
      assert.equal(playable.type, 'audio/wav');
      assert.ok(playable.bytes > 44);
      const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('voice-download').click()]);
      assert.equal(download.suggestedFilename(), '欢迎语.wav');
    });
  });

  test('IVR designer: tree edits, issues on the node, build, try it', async () => {
    await inSession(harness, 'ivr-designer', async (page) => {
      await signInAdmin(page, '/cti/ivr-projects');
      await page.getByTestId('ivrProjects-page').waitFor();
      await page.getByTestId('project-add').click();
      await page.getByTestId('project-name').fill('客服主菜单');
      await page.getByTestId('project-timeout-queue').fill('q1');
      await saveDialog(page, 'project-save');
      await page.getByTestId('ivr-designer').waitFor();
      await page.getByTestId('tree-node-root').waitFor();

      // Initial Step (a menu): a prompt, key 1 → hang up, key 2 → queue without a queue yet.
      await page.getByTestId('node-items-add').click();
      await page.getByTestId('node-items-value-0').fill('您好，按1挂断，按2转人工');
      // A second play item: the voice file uploaded before (已有音频).
      await page.getByTestId('node-items-add').click();
      await pickOption(page, 'node-items-kind-1', '语音');
      await pickOption(page, 'node-items-value-1', '欢迎语');
      await pickOption(page, 'add-slot', '按键 1');
      await pickOption(page, 'add-kind', '挂断');
      await page.getByTestId('add-child').click();
      await page.getByTestId('tree-node-n1').waitFor();
      await page.getByTestId('tree-node-root').click();
      await pickOption(page, 'add-slot', '按键 2');
      await pickOption(page, 'add-kind', '转队列');
      await page.getByTestId('add-child').click();
      await page.getByTestId('tree-node-n2').waitFor();

      // Saved with a problem: the server's issue shows on the node.
      await page.getByTestId('designer-save').click();
      await page.getByTestId('tree-issue-n2').waitFor();
      await page.getByTestId('tree-node-n2').click();
      assert.match(await page.getByTestId('node-issues').innerText(), /queue/);
      await page.getByTestId('node-queue').fill('q2');

      // Move the queue node from key 2 to key 9.
      await pickOption(page, 'move-target', '起始节点 (root)');
      await pickOption(page, 'move-slot', '按键 9');
      await page.getByTestId('move-node').click();
      await page.getByTestId('tree-node-n2').getByText('按键 9').waitFor();

      await page.getByTestId('designer-save').click();
      await page.getByTestId('tree-issue-n2').waitFor({ state: 'hidden' });

      await page.getByTestId('designer-build').click();
      await page.getByTestId('build-number').fill('9100');
      await saveDialog(page, 'build-confirm');
      await page.getByTestId('ivr-designer').getByText('已构建').waitFor();
      await page.getByRole('tab', { name: 'VXML' }).click();
      assert.match(await page.getByTestId('built-vxml').innerText(), /<audio src="[^"]+"\/>/);

      await page.getByTestId('tab-try').click();
      await page.getByTestId('try-digits').fill('1');
      await page.getByTestId('try-run').click();
      assert.equal(await page.getByTestId('try-reason').innerText(), 'hangup');
      await page.getByTestId('try-trace').getByText('您好，按1挂断，按2转人工', { exact: false }).first().waitFor();
      await page.getByTestId('try-digits').fill('9 x');
      await page.getByTestId('try-run').click();
      assert.match(await page.getByTestId('try-error').innerText(), /X/);
      await screenshot(page, 'ivr-designer');

      // Move the hang-up node under a new play node (its 下一步).
      await page.getByRole('tab', { name: '节点' }).click();
      await page.getByTestId('tree-node-root').click();
      await pickOption(page, 'add-slot', '按键 3');
      await pickOption(page, 'add-kind', '声音播放');
      await page.getByTestId('add-child').click();
      await page.getByTestId('tree-node-n3').waitFor();
      await page.getByTestId('tree-node-n1').click();
      await pickOption(page, 'move-target', '声音播放 (n3)');
      await pickOption(page, 'move-slot', '下一步');
      await page.getByTestId('move-node').click();
      await page.getByTestId('tree-node-n1').getByText('下一步').waitFor();
      await screenshot(page, 'ivr-designer-tree');

      // Delete a node, with confirmation.
      await page.getByTestId('tree-node-n1').click();
      await page.getByTestId('node-delete').click();
      await page.locator('.ant-popover:not(.ant-popover-hidden)').getByTestId('confirm-delete-node').click();
      await page.getByTestId('tree-node-n1').waitFor({ state: 'detached' });
      await page.getByTestId('designer-save').click();
      await page.getByTestId('designer-save').and(page.locator('[disabled]')).waitFor();
    });
  });

  test('IVR configurations: the built one is listed; upload, refuse a bad VXML, edit, delete', async () => {
    await inSession(harness, 'ivr-configs', async (page) => {
      await signInAdmin(page, '/cti/ivr-configs');
      await page.getByTestId('ivrConfigs-page').waitFor();
      await rowOf(page, 'ivr-configs-table', '9100').getByText('构建的项目').waitFor();

      await page.getByTestId('ivr-config-add').click();
      await page.getByTestId('ivr-config-number').fill('9200');
      await page.getByTestId('ivr-config-name').fill('夜间服务');
      await page.getByTestId('ivr-config-file-input').setInputFiles({
        name: 'night.vxml',
        mimeType: 'application/voicexml+xml',
        buffer: Buffer.from('<vxml version="1.0"/>'),
      });
      await page.getByTestId('ivr-config-save').click();
      assert.match(await page.getByTestId('form-error').innerText(), /VXML 文件有误/);

      await page.getByTestId('ivr-config-file-input').setInputFiles({
        name: 'night.vxml',
        mimeType: 'application/voicexml+xml',
        buffer: Buffer.from(goodVxml),
      });
      await saveDialog(page, 'ivr-config-save');
      const row = rowOf(page, 'ivr-configs-table', '9200');
      await row.getByText('night.vxml').waitFor();

      await row.getByTestId('ivr-config-edit').click();
      await page.getByTestId('ivr-config-notes').fill('22:00 以后');
      await saveDialog(page, 'ivr-config-save');
      await row.getByText('22:00 以后').waitFor();

      // Try the uploaded document: it greets and exits.
      await row.getByTestId('ivr-config-try').click();
      await page.getByTestId('try-run').click();
      assert.equal(await page.getByTestId('try-reason').innerText(), 'exit');
      await page.getByTestId('try-trace').getByText('welcome', { exact: false }).first().waitFor();
      await page.keyboard.press('Escape');
      await page.getByTestId('try-panel').waitFor({ state: 'detached' });

      const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('ivr-config-download').click()]);
      assert.equal(download.suggestedFilename(), 'night.vxml');

      await confirmIn(page, row, 'ivr-config-delete', 'confirm-delete');
      await row.waitFor({ state: 'detached' });

      // The project cannot go while IVR number 9100 runs it: the server's message is shown.
      await page.getByTestId('nav-ivrProjects').click();
      const project = rowOf(page, 'ivr-projects-table', '客服主菜单');
      await confirmIn(page, project, 'project-delete', 'confirm-delete');
      await page.locator('.ant-message').getByText(/9100/).waitFor();
      await page.getByTestId('nav-ivrConfigs').click();
      await confirmIn(page, rowOf(page, 'ivr-configs-table', '9100'), 'ivr-config-delete', 'confirm-delete');
      await rowOf(page, 'ivr-configs-table', '9100').waitFor({ state: 'detached' });
      await page.getByTestId('nav-ivrProjects').click();
      await confirmIn(page, project, 'project-delete', 'confirm-delete');
      await project.waitFor({ state: 'detached' });

      await page.getByTestId('nav-voiceFiles').click();
      const voice = rowOf(page, 'voice-files-table', '欢迎语');
      await confirmIn(page, voice, 'voice-delete', 'confirm-delete');
      await voice.waitFor({ state: 'detached' });
    });
  });

  test('the PBX and IVR pages render in English', async () => {
    await inSession(
      harness,
      'pbx-ivr-english',
      async (page) => {
        await signInAdmin(page, '/pbx/extensions');
        const cjk = /[\u3400-\u9fff]/;
        const pages = [
          ['extensions', 'Extensions'],
          ['sipBans', 'SIP bans'],
          ['voiceFiles', 'Voice files'],
          ['ivrProjects', 'IVR designer'],
          ['ivrConfigs', 'IVR configurations'],
        ] as const;
        for (const [key, title] of pages) {
          await page.getByTestId(`nav-${key}`).click();
          const root = page.getByTestId(`${key}-page`);
          await root.locator('.ant-card-head-title').getByText(title, { exact: true }).waitFor();
          for (const header of await root.locator('thead').allInnerTexts()) assert.doesNotMatch(header, cjk, `${key}: ${header}`);
          assert.doesNotMatch(await root.locator('.ant-card-head').innerText(), cjk);
        }
        await page.getByTestId('nav-extensions').click();
        await page.getByTestId('ext-add').click();
        await page.getByTestId('ext-number').fill('7002');
        await page.getByTestId('ext-password').fill('abc');
        await page.getByTestId('ext-save').click();
        assert.match(await page.getByTestId('form-error').innerText(), /The submitted data is not valid/);
        await screenshot(page, 'pbx-extensions-en');
      },
      { locale: 'en-US' },
    );
  });
});
