import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Agent, BusyReasonDto, Queue, VipNumber } from '@rexian/contracts';
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
 * The CTI management pages (§4.6.2–4.6.6) in headless Chromium against the real server: an administrator
 * sets up an agent group, a queue with its strategy and ordered rules, agents (one, a batch, a supervisor
 * scope), queue members, a VIP number and a busy reason, sees the server refuse bad input in its own words,
 * deletes, and finally reads every CTI page in English.
 */
const adminPassword = 'Cti-Hotline-2026x';
const viewerInitialPassword = 'Viewer-start-4821';

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

async function api<T>(page: Page, path: string): Promise<T> {
  const answer = await apiFromPage(page, path);
  assert.equal(answer.status, 200, path);
  return answer.body as T;
}

const openPopup = (page: Page) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();

async function confirmDelete(page: Page, row: ReturnType<Page['locator']>, testId: string): Promise<void> {
  await row.getByTestId(testId).click();
  await page.locator('.ant-popover:not(.ant-popover-hidden)').getByTestId('confirm-delete').click();
}

describe('CTI management pages', () => {
  test('the admin configures groups, queues, agents, VIP numbers and busy reasons', async () => {
    await inSession(harness, 'cti-admin', async (page) => {
      await page.goto('/cti/agent-groups');
      await signIn(page, 'admin', 'admin');
      await changePassword(page, 'admin', adminPassword);
      await page.getByTestId('agentGroups-page').waitFor();

      // §4.6.2 agent group: add, rename, search.
      await page.getByTestId('agent-group-add').click();
      await page.getByTestId('agent-group-name').fill('一组');
      await saveDialog(page, 'agent-group-save');
      const groupRow = page.locator('tr', { hasText: '一组' });
      await groupRow.getByTestId('agent-group-edit').click();
      await page.getByTestId('agent-group-name').fill('客服一组');
      await saveDialog(page, 'agent-group-save');
      await page.getByTestId('agent-groups-table').getByText('客服一组').waitFor();

      // §4.6.4 queue: strategy, ordered preference rules, durations in seconds, an overflow with a target.
      await page.getByTestId('nav-queues').click();
      await page.getByTestId('queue-add').click();
      await page.getByTestId('queue-name').fill('售后队列');
      await page.getByTestId('queue-number').fill('8001');
      await page.getByTestId('queue-ring-time').fill('25');
      await page.getByTestId('queue-tab-overflow').click();
      await page.getByTestId('queue-max-wait').fill('90');
      await pickOption(page, 'queue-max-wait-action', '转语音留言');
      await page.getByTestId('queue-max-wait-action-mailbox').fill('800');
      await page.getByTestId('queue-tab-strategy').click();
      await page.getByTestId('queue-strategy-fewest-answered').click();
      await page.getByTestId('rule-add-caller-area').click();
      await page.getByTestId('rule-add-highest-skill').click();
      await page.getByTestId('rule-up-highest-skill').click();
      await saveDialog(page, 'queue-save');
      await page.getByTestId('queues-table').getByText('售后队列').waitFor();
      const [created] = await api<Queue[]>(page, '/queues?q=8001');
      assert.ok(created);
      assert.equal(created.ringTimeMs, 25_000);
      assert.equal(created.maxWaitMs, 90_000);
      assert.deepEqual(created.onMaxWait, { kind: 'voicemail', mailbox: '800' });
      assert.equal(created.strategy, 'fewest-answered');
      assert.deepEqual(created.preferenceRules, ['highest-skill', 'caller-area']);

      // A duplicate queue number: the server refuses, the form shows its message.
      await page.getByTestId('queue-add').click();
      await page.getByTestId('queue-name').fill('重复队列');
      await page.getByTestId('queue-number').fill('8001');
      await page.getByTestId('queue-save').click();
      const queueError = await page.getByTestId('form-error').textContent();
      assert.match(queueError ?? '', /8001/);
      await page.locator('.ant-modal-wrap:not([style*="display: none"]) .ant-modal-close').click();

      // §4.6.3 agents: one supervisor, then a batch; a taken number is refused by the server.
      await page.getByTestId('nav-agents').click();
      await page.getByTestId('agent-add').click();
      await page.getByTestId('agent-number').fill('1001');
      await page.getByTestId('agent-name').fill('王班长');
      await pickOption(page, 'agent-type', '班长座席');
      await page.getByTestId('agent-password').fill('1234abc');
      await page.getByText('密码不能包含 4 位连续数字').waitFor();
      await page.getByTestId('agent-password').fill('wang2468');
      await pickOption(page, 'agent-group', '客服一组');
      await page.getByTestId('agent-regions').locator('input').fill('上海');
      await page.keyboard.press('Enter');
      await page.getByTestId('agent-add-skill').click();
      await pickOption(page, 'agent-skill-queue', '售后队列 (8001)');
      await page.getByTestId('agent-skill-level').fill('8');
      await saveDialog(page, 'agent-save');
      await page.getByTestId('agents-table').getByText('王班长').waitFor();

      await page.getByTestId('agent-batch').click();
      await page.getByTestId('agent-batch-start').fill('1000');
      await page.getByTestId('agent-batch-count').fill('3');
      await page.getByTestId('agent-batch-password').fill('batch2468');
      await page.getByTestId('agent-batch-save').click();
      const batchError = await page.getByTestId('form-error').filter({ visible: true }).textContent();
      assert.match(batchError ?? '', /1001/, 'the batch 1000–1002 collides with agent 1001');
      await page.getByTestId('agent-batch-start').fill('2001');
      await saveDialog(page, 'agent-batch-save');
      await page.locator('.ant-message').getByText('已添加 3 个座席').waitFor();
      const batch = await settled(
        () => api<{ items: Agent[]; total: number }>(page, '/agents?q=200'),
        (answer) => answer.total === 3,
      );
      assert.deepEqual(batch.items.map((a) => `${a.number}:${a.name}`).sort(), ['2001:2001', '2002:2002', '2003:2003']);

      await screenshot(page, 'cti-agents-zh');
      // §4.6.3.6 search by group name: only the supervisor is in 客服一组.
      await page.getByTestId('agent-search').locator('input').fill('客服一组');
      await page.getByTestId('agent-search').locator('input').press('Enter');
      const found = await settled(
        () => page.getByTestId('agents-table').locator('tbody tr.ant-table-row').allInnerTexts(),
        (rows) => rows.length === 1,
      );
      assert.equal(found.length, 1);
      assert.match(found[0] ?? '', /1001\s+王班长/);

      // §4.6.3.7 supervisor scope: managed groups and queues.
      const supervisorRow = page.locator('tr', { hasText: '王班长' });
      await supervisorRow.getByTestId('agent-scope').click();
      await pickOption(page, 'scope-groups', '客服一组');
      await page.keyboard.press('Escape');
      await pickOption(page, 'scope-queues', '售后队列 (8001)');
      await page.keyboard.press('Escape');
      await saveDialog(page, 'scope-save');
      const supervisor = await settled(
        () => api<{ items: Agent[] }>(page, '/agents?q=1001'),
        (answer) => answer.items[0]?.managedQueueIds.length === 1,
      );
      const boss = supervisor.items[0];
      assert.ok(boss);
      assert.equal(boss.type, 'supervisor');
      assert.deepEqual(boss.regions, ['上海']);
      assert.equal(boss.groupName, '客服一组');
      assert.deepEqual(boss.managedQueueIds, [created.id]);
      assert.equal(boss.managedGroupIds.length, 1);
      assert.deepEqual(
        boss.skills.map((s) => [s.queueName, s.level]),
        [['售后队列', 8]],
      );

      // The queue now lists the agent with that skill level; another member joins from the queue form.
      await page.getByTestId('nav-queues').click();
      await page.locator('tr', { hasText: '售后队列' }).getByTestId('queue-edit').click();
      await page.getByTestId('queue-tab-members').click();
      await page.getByTestId('queue-members').getByText('王班长 (1001)').waitFor();
      await page.getByTestId('queue-member-pick').click();
      await page.keyboard.type('2002');
      await openPopup(page).getByTitle('2002 (2002)').click();
      await page.getByTestId('queue-members').getByText('2002 (2002)').waitFor();
      await page.getByTestId('queue-member-level').last().fill('3');
      await saveDialog(page, 'queue-save');
      const withMembers = await settled(
        () => api<Queue[]>(page, '/queues?q=8001'),
        (queues) => queues[0]?.members.length === 2,
      );
      assert.deepEqual(withMembers[0]?.members.map((m) => [m.agentNumber, m.level]).sort(), [
        ['1001', 8],
        ['2002', 3],
      ]);

      // A group with agents cannot be deleted: the server's message is shown.
      await page.getByTestId('nav-agentGroups').click();
      await confirmDelete(page, page.locator('tr', { hasText: '客服一组' }), 'agent-group-delete');
      await page
        .locator('.ant-message-notice-error')
        .getByText(/还有 1 个座席，不能删除/)
        .waitFor();

      // §4.6.6 VIP: not global without queues is refused by the server; then with a queue; edit; delete.
      await page.getByTestId('nav-vipNumbers').click();
      await page.getByTestId('vip-add').click();
      await page.getByTestId('vip-number').fill('13900001111');
      await page.getByTestId('vip-global-no').click();
      await page.getByTestId('vip-save').click();
      await page.getByTestId('form-error').filter({ visible: true }).waitFor();
      await pickOption(page, 'vip-queues', '售后队列 (8001)');
      await page.keyboard.press('Escape');
      await page.getByTestId('vip-notes').fill('大客户');
      await saveDialog(page, 'vip-save');
      const vipRow = page.locator('tr', { hasText: '13900001111' });
      assert.match((await vipRow.textContent()) ?? '', /售后队列 \(8001\).*大客户/);
      await vipRow.getByTestId('vip-edit').click();
      await page.getByTestId('vip-global-yes').click();
      await saveDialog(page, 'vip-save');
      await vipRow.getByText('全局').waitFor();
      const [vip] = await api<VipNumber[]>(page, '/vip-numbers?q=13900001111');
      assert.equal(vip?.isGlobal, true);
      await confirmDelete(page, vipRow, 'vip-delete');
      await settled(
        () => api<VipNumber[]>(page, '/vip-numbers'),
        (list) => list.length === 0,
      );

      // Busy reasons: a custom one can be added and deleted; built-in ones offer no delete.
      await page.getByTestId('nav-busyReasons').click();
      await page.getByTestId('busy-reason-add').click();
      await page.getByTestId('busy-reason-code').fill('training');
      await page.getByTestId('busy-reason-name').fill('培训');
      await saveDialog(page, 'busy-reason-save');
      const reasons = await api<BusyReasonDto[]>(page, '/busy-reasons');
      const builtin = reasons.find((r) => r.builtin);
      assert.ok(builtin, 'the server ships built-in busy reasons');
      const builtinRow = page.locator('tr', { hasText: builtin.code });
      await builtinRow.waitFor();
      assert.equal(await builtinRow.getByTestId('busy-reason-delete').count(), 0);
      await screenshot(page, 'cti-busy-reasons-zh');
      await confirmDelete(page, page.locator('tr', { hasText: 'training' }), 'busy-reason-delete');
      await settled(
        () => api<BusyReasonDto[]>(page, '/busy-reasons'),
        (list) => !list.some((r) => r.code === 'training'),
      );

      // Delete: an agent, then the queue (edited away from nothing else pointing at it).
      await page.getByTestId('nav-agents').click();
      await confirmDelete(page, page.locator('tr', { hasText: '2003' }), 'agent-delete');
      await settled(
        () => api<{ total: number }>(page, '/agents?q=200'),
        (answer) => answer.total === 2,
      );
      await page.getByTestId('nav-queues').click();
      await page.locator('tr', { hasText: '售后队列' }).getByTestId('queue-edit').click();
      await page.getByTestId('queue-tab-basic').waitFor();
      await screenshot(page, 'cti-queue-form-zh');
      await page.keyboard.press('Escape');
      await confirmDelete(page, page.locator('tr', { hasText: '售后队列' }), 'queue-delete');
      await settled(
        () => api<Queue[]>(page, '/queues'),
        (list) => list.length === 0,
      );
    });
  });

  test('a read-only CTI role sees the pages it opens, without any write button', async () => {
    await inSession(harness, 'cti-admin-role', async (page) => {
      await page.goto('/system/roles');
      await signIn(page, 'admin', adminPassword);
      await page.getByTestId('role-add').click();
      await page.getByTestId('role-name').fill('CTI 只读');
      await page.getByTestId('permission-cti.agent.read').click();
      await page.getByTestId('permission-cti.queue.read').click();
      await page.getByTestId('scope-all').click();
      await saveDialog(page, 'role-save');
      await page.getByTestId('nav-users').click();
      await page.getByTestId('user-add').click();
      await page.getByTestId('user-username').fill('ctiviewer');
      await page.getByTestId('user-password').fill(viewerInitialPassword);
      await pickOption(page, 'user-role', 'CTI 只读');
      await saveDialog(page, 'user-save');
      await page.getByTestId('users-table').getByText('ctiviewer').waitFor();
    });
    await inSession(harness, 'cti-viewer', async (page) => {
      await page.goto('/');
      await signIn(page, 'ctiviewer', viewerInitialPassword);
      await changePassword(page, viewerInitialPassword, 'Viewer-queue-5820');
      await page.getByTestId('main-menu').waitFor();
      assert.equal(await page.getByTestId('nav-vipNumbers').count(), 0, 'no cti.vip.read, no VIP page');
      await page.getByTestId('nav-agents').click();
      await page.getByTestId('agents-table').getByText('王班长').waitFor();
      assert.equal(await page.getByTestId('agent-add').count(), 0);
      assert.equal(await page.getByTestId('agent-batch').count(), 0);
      assert.equal(await page.getByTestId('agent-edit').count(), 0);
      await page.getByTestId('nav-agentGroups').click();
      await page.getByTestId('agent-groups-table').getByText('客服一组').waitFor();
      assert.equal(await page.getByTestId('agent-group-add').count(), 0);
      assert.equal(await page.getByTestId('agent-group-delete').count(), 0);
      await page.getByTestId('nav-busyReasons').click();
      await page.getByTestId('busy-reasons-table').getByText('default').waitFor();
      assert.equal(await page.getByTestId('busy-reason-add').count(), 0);
      await page.getByTestId('nav-queues').click();
      await page.getByTestId('queues-page').waitFor();
      assert.equal(await page.getByTestId('queue-add').count(), 0);
      // A typed-in URL to the page the role does not open: 403, and the server refuses the API too.
      await page.goto('/cti/vip-numbers');
      await page.getByTestId('forbidden').waitFor();
      assert.equal((await apiFromPage(page, '/vip-numbers')).status, 403);
    });
  });

  test('every CTI page renders in English: titles, table headers and menu without Chinese text', async () => {
    await inSession(
      harness,
      'cti-english',
      async (page) => {
        await page.goto('/');
        await signIn(page, 'admin', adminPassword);
        await page.getByTestId('main-menu').waitFor();
        const pages = [
          ['agentGroups', 'Agent groups'],
          ['agents', 'Agents'],
          ['queues', 'Queues'],
          ['vipNumbers', 'VIP numbers'],
          ['busyReasons', 'Busy reasons'],
        ] as const;
        const cjk = /[\u3400-\u9fff]/;
        for (const [key, title] of pages) {
          await page.getByTestId(`nav-${key}`).click();
          const root = page.getByTestId(`${key}-page`);
          await root.locator('.ant-card-head-title').getByText(title, { exact: true }).waitFor();
          for (const header of await root.locator('thead').allInnerTexts()) assert.doesNotMatch(header, cjk, `${key}: ${header}`);
        }
        assert.doesNotMatch(await page.getByTestId('nav-group-cti').innerText(), cjk);
        await page.getByTestId('nav-queues').click();
        await page.getByTestId('queue-add').click();
        await page.getByTestId('queue-tab-strategy').click();
        const strategy = await page.getByTestId('queue-strategy').innerText();
        assert.match(strategy, /Longest idle/);
        assert.doesNotMatch(strategy, cjk);
        await screenshot(page, 'cti-queue-strategy-en');
        await page.getByTestId('queue-tab-overflow').click();
        await pickOption(page, 'queue-no-agent-action', 'To an IVR');
        await page.getByTestId('queue-no-agent-action-ivr').waitFor();
        await screenshot(page, 'cti-queue-overflow-en');
        await page.keyboard.press('Escape');
        await page.getByTestId('nav-agents').click();
        await page.getByTestId('agent-add').click();
        await page.getByTestId('agent-number').waitFor();
        await screenshot(page, 'cti-agent-form-en');
      },
      { locale: 'en-US' },
    );
  });
});
