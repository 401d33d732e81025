import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createCdrStore, createVoicemailStore } from '@rexian/server';
import type { Cdr, CdrLeg } from '@rexian/switch';
import type { Page } from 'playwright-core';
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
 * 统计报表 in real headless Chromium against the real server: call records (filters, the detail drawer with
 * legs and the recording) and voicemail (inline audio, mark handled), seeded through the server's stores
 * with WAV files in the server's data folder.
 */
const adminPassword = 'Records-Boss-2026';
const T0 = Date.UTC(2026, 0, 5, 2, 0, 0);

/** 0.5 s of a 440 Hz tone, 8 kHz 16-bit mono PCM WAV. */
function toneWav(): Buffer {
  const rate = 8000;
  const samples = rate / 2;
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

const leg = (role: 'caller' | 'callee', l: Omit<CdrLeg, 'channelId' | 'role'>): CdrLeg => ({ channelId: role, role, ...l });

/** Three finished calls: an answered inbound call with a recording, an unanswered internal call, an outbound call. */
const seedCalls: Cdr[] = [
  {
    callId: 'e2e-c1',
    callType: 'inbound',
    caller: '13800138000',
    callee: '8001',
    accessNumber: '4008001234',
    startedAt: T0,
    answeredAt: T0 + 5000,
    endedAt: T0 + 70_000,
    ringMs: 5000,
    talkMs: 65_000,
    cause: 'normal-clearing',
    hungUpBy: 'callee',
    recordingFile: 'recordings/e2e-c1.wav',
    open: false,
    lastSeq: 10,
    legs: [
      leg('caller', {
        direction: 'inbound',
        caller: '13800138000',
        callee: '4008001234',
        trunkId: 't1',
        createdAt: T0,
        answeredAt: T0 + 5000,
        endedAt: T0 + 70_000,
        cause: 'normal-clearing',
        hungUpBy: 'local',
      }),
      leg('callee', {
        direction: 'outbound',
        caller: '13800138000',
        callee: '8001',
        createdAt: T0 + 100,
        answeredAt: T0 + 5000,
        endedAt: T0 + 70_000,
        cause: 'normal-clearing',
        hungUpBy: 'remote',
      }),
    ],
  },
  {
    callId: 'e2e-c2',
    callType: 'internal',
    caller: '8002',
    callee: '8001',
    startedAt: T0 + 3_600_000,
    endedAt: T0 + 3_630_000,
    ringMs: 30_000,
    talkMs: 0,
    cause: 'no-answer',
    hungUpBy: 'system',
    open: false,
    lastSeq: 20,
    legs: [],
  },
  {
    callId: 'e2e-c3',
    callType: 'manual-outbound',
    caller: '8001',
    callee: '13900139000',
    startedAt: T0 + 7_200_000,
    answeredAt: T0 + 7_203_000,
    endedAt: T0 + 7_215_000,
    ringMs: 3000,
    talkMs: 12_000,
    cause: 'normal-clearing',
    hungUpBy: 'caller',
    open: false,
    lastSeq: 30,
    legs: [],
  },
];

let harness: Harness;
let dataDir: string;
let work: string;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'rexian-e2e-records-'));
  dataDir = join(work, 'data');
  await mkdir(join(dataDir, 'recordings'), { recursive: true });
  await mkdir(join(dataDir, 'voicemail'), { recursive: true });
  harness = await startHarness({ env: { REXIAN_DATA_DIR: dataDir } });
  const cdrs = createCdrStore(harness.rexian.db);
  for (const c of seedCalls) await cdrs.save(c);
  await writeFile(join(dataDir, 'recordings', 'e2e-c1.wav'), toneWav());
  await writeFile(join(dataDir, 'voicemail', 'e2e-1.wav'), toneWav());
  await createVoicemailStore(harness.rexian.db).create({
    callId: 'e2e-vm',
    mailbox: '8001',
    caller: '13700137000',
    callee: '4008001234',
    accessNumber: '4008001234',
    file: 'voicemail/e2e-1.wav',
    durationMs: 500,
    createdAt: T0 + 10_800_000,
  });
});

after(async () => {
  await harness?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const rows = (page: Page, table: string) => page.getByTestId(table).locator('tbody tr.ant-table-row');
const rowOf = (page: Page, table: string, text: string) => rows(page, table).filter({ hasText: text });
const callers = async (page: Page) => (await page.getByTestId('cdr-caller').allInnerTexts()).sort();

/** Fetches an `<audio>` source the way the browser would (same cookie), optionally with a byte range. */
async function fetchAudio(page: Page, src: string, range?: string) {
  return page.evaluate(
    async ({ src, range }) => {
      const r = await fetch(src, range ? { headers: { Range: range } } : {});
      return { status: r.status, type: r.headers.get('content-type'), bytes: (await r.arrayBuffer()).byteLength };
    },
    { src, range },
  );
}

describe('统计报表: call records and voicemail', () => {
  test('first login: the admin sets a password', async () => {
    await inSession(harness, 'records-first-login', async (page) => {
      await page.goto('/');
      await signIn(page, 'admin', 'admin');
      await page.getByTestId('forced-password-page').waitFor();
      await changePassword(page, 'admin', adminPassword);
      await page.getByTestId('main-menu').waitFor();
    });
  });

  test('call records: list, filter, detail with legs, durations, cause, who hung up and the recording', async () => {
    await inSession(harness, 'records-cdrs', async (page) => {
      await page.goto('/reports/cdrs');
      await signIn(page, 'admin', adminPassword);
      await page.getByTestId('cdrs-page').waitFor();
      await page.getByTestId('nav-group-reports').waitFor();
      await settled(
        () => callers(page),
        (c) => c.length === 3,
      );
      assert.deepEqual(await callers(page), ['13800138000', '8001', '8002']);

      // 呼叫类型 = 内线: only the internal call, shown as not answered.
      await pickOption(page, 'cdr-filter-type', '内线');
      await page.getByTestId('cdr-search').click();
      await settled(
        () => callers(page),
        (c) => c.length === 1,
      );
      assert.deepEqual(await callers(page), ['8002']);
      assert.equal(await rowOf(page, 'cdrs-table', '8002').getByTestId('cdr-status').innerText(), '未接通');

      // Reset, then 已接通 with at least 60 s of talk: only the inbound call.
      await page.getByTestId('cdr-reset').click();
      await settled(
        () => callers(page),
        (c) => c.length === 3,
      );
      await pickOption(page, 'cdr-filter-status', '已接通');
      await page.getByTestId('cdr-filter-min').fill('60');
      await page.getByTestId('cdr-search').click();
      await settled(
        () => callers(page),
        (c) => c.length === 1,
      );
      assert.deepEqual(await callers(page), ['13800138000']);
      const row = rowOf(page, 'cdrs-table', '13800138000');
      assert.equal(await row.getByTestId('cdr-talk').innerText(), '1:05');
      await row.getByTestId('cdr-has-recording').waitFor();

      // The caller's number filter narrows the same way.
      await page.getByTestId('cdr-reset').click();
      await page.getByTestId('cdr-filter-callee').fill('139');
      await page.getByTestId('cdr-search').click();
      await settled(
        () => callers(page),
        (c) => c.length === 1 && c[0] === '8001',
      );
      await page.getByTestId('cdr-reset').click();

      // The detail drawer of the inbound call.
      await rowOf(page, 'cdrs-table', '13800138000').getByTestId('cdr-detail-open').click();
      const drawer = page.getByTestId('cdr-detail');
      await drawer.getByTestId('cdr-detail-caller').waitFor();
      assert.equal(await drawer.getByTestId('cdr-detail-caller').innerText(), '13800138000');
      assert.equal(await drawer.getByTestId('cdr-detail-talk').innerText(), '1:05');
      assert.equal(await drawer.getByTestId('cdr-detail-ring').innerText(), '0:05');
      assert.equal(await drawer.getByTestId('cdr-detail-cause').innerText(), '正常挂机');
      assert.equal(await drawer.getByTestId('cdr-detail-hungup').innerText(), '被叫');
      const legs = drawer.getByTestId('cdr-legs').locator('tbody tr.ant-table-row');
      assert.equal(await legs.count(), 2);
      assert.match(await legs.nth(1).innerText(), /被叫[\s\S]*对方挂机/);
      const src = await drawer.getByTestId('cdr-recording').getAttribute('src');
      assert.equal(src, '/api/v1/cdrs/e2e-c1/recording');
      const whole = await fetchAudio(page, src ?? '');
      assert.deepEqual(whole, { status: 200, type: 'audio/wav', bytes: toneWav().length });
      const part = await fetchAudio(page, src ?? '', 'bytes=0-43');
      assert.deepEqual([part.status, part.bytes], [206, 44]);
      await screenshot(page, 'records-cdr-detail');
    });
  });

  test('current calls: the page streams and shows none without a running switch', async () => {
    await inSession(harness, 'records-live', async (page) => {
      await page.goto('/reports/live-calls');
      await signIn(page, 'admin', adminPassword);
      await page.getByTestId('liveCalls-page').waitFor();
      await page.getByTestId('live-calls-table').getByText('当前没有通话').waitFor();
      await page.locator('[data-testid="live-mode"][data-mode="stream"]').waitFor();
      assert.match(await page.getByTestId('live-count').innerText(), /当前通话 0 路/);
    });
  });

  test('voicemail: play inline, mark handled, filter by status', async () => {
    await inSession(harness, 'records-voicemail', async (page) => {
      await page.goto('/reports/voicemails');
      await signIn(page, 'admin', adminPassword);
      await page.getByTestId('voicemails-page').waitFor();
      const row = rowOf(page, 'voicemails-table', '13700137000');
      await row.waitFor();
      assert.equal(await row.getByTestId('vm-mailbox').innerText(), '8001');
      assert.equal(await row.getByTestId('vm-status').innerText(), '未处理');
      const src = await row.getByTestId('vm-audio').getAttribute('src');
      assert.match(src ?? '', /^\/api\/v1\/voicemails\/[0-9a-f-]+\/audio$/);
      assert.deepEqual(await fetchAudio(page, src ?? ''), { status: 200, type: 'audio/wav', bytes: toneWav().length });

      await row.getByTestId('vm-handle').click();
      await settled(
        () => row.getByTestId('vm-status').innerText(),
        (s) => s === '已处理',
      );
      assert.equal(await row.getByTestId('vm-status').innerText(), '已处理');
      await row.getByTestId('vm-unhandle').waitFor();

      await row.getByTestId('vm-edit-note').click();
      await page.getByTestId('vm-note').fill('客户要求明天回电');
      await page.getByTestId('vm-note-save').click();
      await row.getByTestId('vm-note-text').getByText('客户要求明天回电').waitFor();

      await pickOption(page, 'vm-filter-handled', '未处理');
      await settled(
        () => rows(page, 'voicemails-table').count(),
        (n) => n === 0,
      );
      assert.equal(await rows(page, 'voicemails-table').count(), 0);
      await pickOption(page, 'vm-filter-handled', '已处理');
      await row.waitFor();

      const api = await page.evaluate(async () => (await fetch('/api/v1/voicemails')).json());
      const [stored] = (api as { items: { handled: boolean; handledByName: string; note: string }[] }).items;
      assert.deepEqual([stored?.handled, stored?.handledByName, stored?.note], [true, 'admin', '客户要求明天回电']);
      await screenshot(page, 'records-voicemail');
    });
  });

  test('the pages in English', async () => {
    await inSession(
      harness,
      'records-english',
      async (page) => {
        await page.goto('/reports/cdrs');
        await signIn(page, 'admin', adminPassword);
        await page.getByTestId('cdrs-page').waitFor();
        for (const [path, testId, title] of [
          ['/reports/cdrs', 'cdrs-page', 'Call records'],
          ['/reports/live-calls', 'liveCalls-page', 'Current calls'],
          ['/reports/voicemails', 'voicemails-page', 'Voicemail'],
        ] as const) {
          await page.goto(path);
          const card = page.getByTestId(testId);
          await card.locator('.ant-card-head-title').getByText(title, { exact: true }).waitFor();
          const headers = await card.locator('thead th').allInnerTexts();
          assert.ok(headers.length > 3, path);
          assert.ok(!headers.some((h) => /[\u4e00-\u9fff]/.test(h)), `${path}: ${headers.join('|')}`);
        }
        await page.getByTestId('nav-group-reports').getByText('Reports').waitFor();
        await screenshot(page, 'records-voicemail-en');
      },
      { locale: 'en-US' },
    );
  });
});
