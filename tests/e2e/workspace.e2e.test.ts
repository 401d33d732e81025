import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ServiceRecord } from '@rexian/contracts';
import type { Browser, Page } from 'playwright-core';
import { PASSWORD, type SipTestServer, startSipServer } from '../sip/harness.ts';
import { type Phone, startPhone, waitFor } from '../switch/phones.ts';
import {
  buildConsole,
  type Harness,
  inSession,
  launchBrowser,
  pickOption,
  screenshot,
  settled,
  signIn,
} from './browser-harness.ts';

const ACCESS = '4008009300';
const AGENT_PASSWORD = 'Us3r-Secure-Pw';

/**
 * 座席工作台 in Chromium against the real server with its SIP edge (the CTI runtime lives there): a
 * quick-added agent signs in on the page monitor-only, changes state with the bar and from the API (the
 * stream updates the state and its timer), and saves a service record by hand; then, signed in with the
 * bound extension (a baresip phone that answers), a customer's call through an access number and a queue
 * pops the screen with the caller's number and queue, a record is saved against the call, and the
 * customer's next call shows that call and record as history. Then the second pass's buttons: 外呼 to the
 * customer's extension (the agent's phone answers first, then the customer's; hung up from the page), and
 * 咨询 to a second agent then 完成转接, with the CRM screen-pop link opened by itself when the agent asks for it.
 */
describe('agent workspace in the browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-ws-e2e-'));
  let server: SipTestServer;
  let browser: Browser;
  let harness: Harness;
  let cookie: string;
  let agentPhone: Phone;
  let customer: Phone;
  let colleague: Phone;
  let departmentId: string;

  before(async () => {
    const consoleDir = join(dir, 'console');
    await buildConsole(consoleDir);
    server = await startSipServer({
      REXIAN_CONSOLE_DIR: consoleDir,
      REXIAN_RTP_PORT_MIN: '37400',
      REXIAN_RTP_PORT_MAX: '37999',
      REXIAN_MEDIA_WORKERS: '1',
      REXIAN_VOICEMAIL: 'false',
    });
    browser = await launchBrowser();
    harness = { rexian: server.rexian, browser, url: server.rexian.url, close: async () => {} };
    const roles = await server.api<{ id: string; name: string }[]>('GET', '/api/v1/roles');
    const agentRole = roles.body.find((r) => r.name === '座席');
    assert.ok(agentRole, 'the built-in agent role');
    const dept = await server.api<{ id: string }>('POST', '/api/v1/departments', { name: '客服部' });
    departmentId = dept.body.id;
    const added = await server.api<{ agent: { id: string } }>('POST', '/api/v1/employees/quick-add', {
      code: 'W001',
      name: '王小二',
      departmentId: dept.body.id,
      extensionNumber: '8931',
      extensionPassword: PASSWORD,
      agentNumber: '3001',
      agentPassword: 'Ag3nt7x9Pw',
      user: { username: 'wsagent', password: 'Temp-Pass-9x!', roleId: agentRole.id },
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    cookie = await server.signInExisting('wsagent', 'Temp-Pass-9x!');
    const queue = await server.api<{ id: string }>('POST', '/api/v1/queues', {
      name: '售后',
      number: '9301',
      ringTimeMs: 15_000,
      members: [{ agentId: added.body.agent.id, level: 5 }],
    });
    assert.equal(queue.status, 201, JSON.stringify(queue.body));
    const access = await server.api('POST', '/api/v1/access-numbers', {
      number: ACCESS,
      callType: 'in',
      target: { kind: 'queue', queueId: queue.body.id },
    });
    assert.equal(access.status, 201, JSON.stringify(access.body));
  });
  after(async () => {
    for (const p of [agentPhone, customer, colleague]) p?.peer.kill();
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const stateOf = (page: Page) => page.getByTestId('ws-state').getAttribute('data-state');
  const seconds = async (page: Page, testId: string) => {
    const [m = '0', s = '0'] = (await page.getByTestId(testId).innerText()).split(':');
    return Number(m) * 60 + Number(s);
  };

  test('monitor-only sign-in, state changes from the bar and the stream, a service record by hand', async () => {
    await inSession(harness, 'workspace-monitor', async (page) => {
      await page.goto('/workspace');
      await signIn(page, 'wsagent', AGENT_PASSWORD);
      await page.getByTestId('workspace-page').waitFor();
      await page.locator('[data-testid="ws-mode"][data-mode="stream"]').waitFor();
      await page.locator('[data-testid="ws-state"][data-state="signed-out"]').waitFor();
      assert.equal(await page.getByTestId('ws-rate').count(), 0, 'no rating button while signed out');

      await page.getByTestId('ws-mode-monitor').click();
      await page.getByTestId('ws-sign-in').click();
      await page.locator('[data-testid="ws-state"]:not([data-state="signed-out"])').waitFor();
      assert.equal(await page.getByTestId('ws-extension').innerText(), '仅监控');
      // No call: the call buttons (rating too) are off.
      for (const id of ['ws-hangup', 'ws-hold', 'ws-unhold', 'ws-transfer', 'ws-rate']) {
        assert.equal(await page.getByTestId(id).isDisabled(), true, id);
      }
      assert.equal(await page.getByTestId('ws-sign-out').isDisabled(), false);

      await pickOption(page, 'ws-state-select', '空闲');
      await page.locator('[data-testid="ws-state"][data-state="idle"]').waitFor();
      // The state timer ticks.
      await settled(
        () => seconds(page, 'ws-state-timer'),
        (s) => s >= 2,
      );
      assert.ok((await seconds(page, 'ws-state-timer')) >= 2);

      // A change made elsewhere (the API, as another tab would) arrives through the stream and resets the timer.
      const busy = await server.apiAs<{ state: string }>(cookie, 'PUT', '/api/v1/agent/session/state', {
        state: 'busy',
        reasonId: 'default',
      });
      assert.equal(busy.status, 200, JSON.stringify(busy.body));
      await page.locator('[data-testid="ws-state"][data-state="busy"]').waitFor();
      assert.equal(await page.getByTestId('ws-state').innerText(), '示忙 · 忙碌');
      assert.ok((await seconds(page, 'ws-state-timer')) <= 1);

      await pickOption(page, 'ws-state-select', '离开');
      await page.locator('[data-testid="ws-state"][data-state="away"]').waitFor();

      // A service record by hand: no call to attach, so the number is asked for.
      assert.equal(await page.getByTestId('sr-attach').isDisabled(), true);
      await page.getByTestId('sr-customer-number').fill('13800138000');
      await page.getByTestId('sr-customer-name').fill('李先生');
      await pickOption(page, 'sr-type', '产品保修');
      await page.getByTestId('sr-subject').fill('电视机保修咨询');
      await page.getByTestId('sr-content').fill('购买两年，询问保修范围');
      await page.getByTestId('sr-save').click();
      await page.getByTestId('sr-mine').getByText('电视机保修咨询').waitFor();
      // Agents see numbers masked.
      await page.getByTestId('sr-mine').getByText('138****8000').waitFor();

      await page.getByTestId('ws-sign-out').click();
      await page.locator('[data-testid="ws-state"][data-state="signed-out"]').waitFor();
    });
    // The page in English.
    await inSession(
      harness,
      'workspace-en',
      async (page) => {
        await page.goto('/workspace');
        await signIn(page, 'wsagent', AGENT_PASSWORD);
        await page.locator('[data-testid="ws-state"][data-state="signed-out"]').waitFor();
        assert.equal(await page.getByTestId('ws-state').innerText(), 'Signed out');
        assert.equal(await page.getByTestId('ws-sign-in').innerText(), 'Sign in');
        await page.getByTestId('sr-mine').getByText('Warranty').waitFor();
        await screenshot(page, 'workspace-en');
      },
      { locale: 'en-US' },
    );
    const records = await server.api<{ items: ServiceRecord[] }>('GET', '/api/v1/service-records');
    assert.equal(records.body.items.length, 1);
    const [r] = records.body.items;
    assert.equal(r?.customerNumber, '13800138000');
    assert.equal(r?.employeeName, '王小二');
    assert.equal(r?.agentNumber, '3001');
    assert.equal(r?.serviceType, 'warranty');
    assert.equal(r?.callId, null);
  });

  test('a real call pops the screen; a record saved against it is the next call’s history', async () => {
    // The phones live on through the click-to-dial and consult cases below.
    agentPhone = await startPhone(server, dir, '8931', 1000, 300);
    customer = await startPhone(server, dir, '8930', 600, 300);
    await inSession(harness, 'workspace-call', async (page) => {
      await page.goto('/workspace');
      await signIn(page, 'wsagent', AGENT_PASSWORD);
      await page.locator('[data-testid="ws-mode"][data-mode="stream"]').waitFor();
      await page.getByTestId('ws-mode-bound').click();
      await page.getByTestId('ws-sign-in').click();
      await page.locator('[data-testid="ws-state"]:not([data-state="signed-out"])').waitFor();
      assert.equal(await page.getByTestId('ws-extension').innerText(), '分机 8931');
      if ((await stateOf(page)) !== 'idle') {
        await pickOption(page, 'ws-state-select', '空闲');
        await page.locator('[data-testid="ws-state"][data-state="idle"]').waitFor();
      }

      const dialled = await customer.peer.command('dial', `sip:${ACCESS}@127.0.0.1:${server.udpPort}`);
      assert.equal(dialled.ok, true, JSON.stringify(dialled));
      const pop = page.getByTestId('call-pop');
      await pop.waitFor({ timeout: 30_000 });
      assert.equal(await pop.getAttribute('data-direction'), 'inbound');
      assert.equal(await page.getByTestId('call-pop-number').innerText(), '8930');
      assert.equal(await page.getByTestId('call-pop-queue').innerText(), '售后');
      assert.equal(await page.getByTestId('call-pop-access').innerText(), ACCESS);
      await page.locator('[data-testid="ws-state"][data-state="talking"]').waitFor({ timeout: 30_000 });
      await page.getByTestId('ws-call-timer').waitFor();
      assert.equal(await page.getByTestId('ws-hangup').isDisabled(), false);
      // The customer comes off hold a moment after the answer's push: the page reads the session again.
      await page.locator('[data-testid="ws-hold"]:not([disabled])').waitFor();
      assert.equal(await page.getByTestId('ws-rate').isDisabled(), false, 'rating once the call is answered');
      assert.equal(await page.getByTestId('ws-state-select').locator('input').isDisabled(), true);
      await page.getByTestId('call-pop-calls').getByText('没有历史通话').waitFor();

      // Saved against the call: no number to type, the server takes it from the call.
      assert.equal(await page.getByTestId('sr-attach').isChecked(), true);
      assert.equal(await page.getByTestId('sr-customer-number').count(), 0);
      await page.getByTestId('sr-subject').fill('第一次来电');
      await page.getByTestId('sr-save').click();
      await page.getByTestId('sr-mine').getByText('第一次来电').waitFor();

      await page.getByTestId('ws-hangup').click();
      await page.getByTestId('call-pop-ended').waitFor({ timeout: 30_000 });
      const sw = server.rexian.sip?.telephony?.sw;
      await waitFor('every leg gone', () => (sw?.legCount() === 0 ? true : undefined), 30_000);
      await pickOption(page, 'ws-state-select', '空闲');
      await page.locator('[data-testid="ws-state"][data-state="idle"]').waitFor({ timeout: 30_000 });

      // The same customer again: the pop shows the first call and its record.
      const again = await customer.peer.command('dial', `sip:${ACCESS}@127.0.0.1:${server.udpPort}`);
      assert.equal(again.ok, true, JSON.stringify(again));
      await page.getByTestId('call-pop-ended').waitFor({ state: 'detached', timeout: 30_000 });
      await page.getByTestId('call-pop-records').getByText('第一次来电').waitFor({ timeout: 15_000 });
      assert.equal(await page.getByTestId('call-pop-calls').locator('tbody tr.ant-table-row').count(), 1);
      await screenshot(page, 'workspace-pop');
      await page.getByTestId('ws-hangup').click();
      await waitFor('every leg gone', () => (sw?.legCount() === 0 ? true : undefined), 30_000);
    });
    const records = await server.api<{ items: ServiceRecord[] }>('GET', '/api/v1/service-records?q=第一次');
    assert.equal(records.body.items.length, 1);
    assert.equal(records.body.items[0]?.customerNumber, '8930');
    assert.notEqual(records.body.items[0]?.callId, null);
  });

  /** The agent on the page signed in with its bound extension (8931) and idle, whatever the last case left. */
  async function readyWithPhone(page: Page) {
    // A case that failed half-way may have left a call up: end it so this one starts clean.
    const before = await server.apiAs<{ call: unknown }>(cookie, 'GET', '/api/v1/agent/session');
    if (before.body.call) await server.apiAs(cookie, 'POST', '/api/v1/agent/call/hangup');
    await allGone();
    // The phones finish their own teardown a moment after the switch's (a phone still closing answers busy).
    await new Promise((r) => setTimeout(r, 1500));
    await page.goto('/workspace');
    await signIn(page, 'wsagent', AGENT_PASSWORD);
    await page.locator('[data-testid="ws-mode"][data-mode="stream"]').waitFor();
    await page.getByTestId('ws-state').waitFor();
    if ((await stateOf(page)) === 'signed-out') {
      await page.getByTestId('ws-mode-bound').click();
      await page.getByTestId('ws-sign-in').click();
      await page.locator('[data-testid="ws-state"]:not([data-state="signed-out"])').waitFor();
    }
    if ((await stateOf(page)) !== 'idle') {
      const idle = await server.apiAs(cookie, 'PUT', '/api/v1/agent/session/state', { state: 'idle' });
      assert.equal(idle.status, 200, JSON.stringify(idle.body));
    }
    await page.locator('[data-testid="ws-state"][data-state="idle"]').waitFor({ timeout: 15_000 });
    assert.equal(await page.getByTestId('ws-extension').innerText(), '分机 8931');
  }
  const liveLegs = (callId: string) =>
    server.rexian.sip?.telephony?.sw.model.listChannels().filter((c) => c.callId === callId && c.state !== 'hung-up') ?? [];
  const allGone = () =>
    waitFor('every leg gone', () => (server.rexian.sip?.telephony?.sw.legCount() === 0 ? true : undefined), 30_000);
  const closedCdr = (callId: string) =>
    waitFor(
      'the CDR closed',
      async () => {
        const r = await server.rexian.db.query<{
          call_type: string;
          caller: string;
          callee: string;
          extensions: string[];
          open: boolean;
        }>('SELECT call_type, caller, callee, extensions, open FROM cdrs WHERE call_id = $1', [callId]);
        return r.rows[0] && !r.rows[0].open ? r.rows[0] : undefined;
      },
      20_000,
    );

  test('外呼 from the bar: my phone answers, then the customer’s; the page shows the outbound call; hang up', async () => {
    await inSession(harness, 'workspace-dial', async (page) => {
      await readyWithPhone(page);
      // No call: dial is on, consult and three-way are off.
      assert.equal(await page.getByTestId('ws-dial').isDisabled(), false);
      assert.equal(await page.getByTestId('ws-consult').isDisabled(), true);
      assert.equal(await page.getByTestId('ws-conference').isDisabled(), true);

      await page.getByTestId('ws-dial').click();
      await pickOption(page, 'ws-party-kind', '分机');
      await page.getByTestId('ws-party-number').fill('8930');
      await page.getByTestId('ws-party-ok').click();
      await page.getByTestId('ws-party-ok').waitFor({ state: 'detached' });

      await page.locator('[data-testid="ws-state"][data-state="talking"]').waitFor({ timeout: 30_000 });
      const session = await server.apiAs<{ call: { callId: string; direction: string } }>(cookie, 'GET', '/api/v1/agent/session');
      const callId = session.body.call.callId;
      assert.equal(session.body.call.direction, 'outbound');
      // Both phones answer by themselves: the agent's first, then the customer's.
      await waitFor(
        'agent and customer talking',
        () => (liveLegs(callId).filter((c) => c.state === 'answered').length === 2 ? true : undefined),
        30_000,
      );
      await page.locator('[data-testid="call-pop"][data-direction="outbound"]').waitFor();
      assert.equal(await page.getByTestId('call-pop-number').innerText(), '8930');
      await page.getByTestId('ws-call-timer').waitFor();
      assert.equal(await page.getByTestId('ws-dial').isDisabled(), true, 'no second call while on one');
      assert.equal(await page.getByTestId('ws-consult').isDisabled(), false, 'consult while talking');
      assert.equal(await page.getByTestId('ws-conference').isDisabled(), false, 'three-way while talking');

      await page.getByTestId('ws-hangup').click();
      await page.getByTestId('call-pop-ended').waitFor({ timeout: 30_000 });
      await allGone();
      await page.locator('[data-testid="ws-state"]:is([data-state="idle"], [data-state="wrap-up"])').waitFor({ timeout: 15_000 });
      assert.equal(await page.getByTestId('ws-dial').isDisabled(), false, 'dial again once the call is over');
      const cdr = await closedCdr(callId);
      assert.deepEqual([cdr.call_type, cdr.caller, cdr.callee], ['internal', '8931', '8930']);
    });
  });

  test('咨询 a second agent from the bar, then 完成转接; the CRM page opens by itself when asked', async () => {
    const added = await server.api<{ agent: { id: string } }>('POST', '/api/v1/employees/quick-add', {
      code: 'W002',
      name: '李小三',
      departmentId,
      extensionNumber: '8932',
      extensionPassword: PASSWORD,
      agentNumber: '3002',
      agentPassword: 'Ag3nt7x9Pw',
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    colleague = await startPhone(server, dir, '8932', 1400, 120);
    const base = server.rexian.url;
    const pop = await server.api('PATCH', '/api/v1/settings/cti', { screenPopUrl: `${base}/healthz?tel={caller}&q={queue}` });
    assert.equal(pop.status, 200, JSON.stringify(pop.body));

    await inSession(harness, 'workspace-consult', async (page) => {
      await readyWithPhone(page);
      // Opening the CRM page by itself is off until the agent asks; the choice is kept in the browser.
      assert.equal(await page.getByTestId('ws-auto-open').isChecked(), false);
      await page.getByTestId('ws-auto-open').check();
      assert.equal(await page.evaluate(() => localStorage.getItem('rexian.workspace.autoOpenPop')), 'true');
      const crm = page.context().waitForEvent('page', { timeout: 30_000 });

      const dialled = await customer.peer.command('dial', `sip:${ACCESS}@127.0.0.1:${server.udpPort}`);
      assert.equal(dialled.ok, true, JSON.stringify(dialled));
      await page.locator('[data-testid="call-pop"][data-direction="inbound"]').waitFor({ timeout: 30_000 });
      const expected = `${base}/healthz?tel=8930&q=%E5%94%AE%E5%90%8E`;
      assert.equal(await page.getByTestId('call-pop-url').getAttribute('href'), expected);
      assert.equal(await page.getByTestId('call-pop-url').innerText(), '打开 CRM 页面');
      const opened = await crm;
      await opened.waitForURL((u) => u.pathname === '/healthz', { timeout: 15_000 });
      assert.equal(opened.url(), expected);
      await opened.close();

      await page.locator('[data-testid="ws-state"][data-state="talking"]').waitFor({ timeout: 30_000 });
      const session = await server.apiAs<{ call: { callId: string } }>(cookie, 'GET', '/api/v1/agent/session');
      const callId = session.body.call.callId;
      await page.getByTestId('ws-consult').click();
      await page.getByTestId('ws-party-number').fill('3002');
      await page.getByTestId('ws-party-ok').click();
      await page.getByTestId('ws-consulting').waitFor({ timeout: 15_000 });
      assert.equal(await page.getByTestId('ws-hold').isDisabled(), true, 'no hold while consulting');
      assert.equal(await page.getByTestId('ws-conference').isDisabled(), true, 'no three-way while consulting');
      await page.getByTestId('ws-consult-cancel').waitFor();
      await waitFor(
        'the consulted agent’s phone answered',
        () => (liveLegs(callId).some((c) => c.callee === '8932' && c.state === 'answered') ? true : undefined),
        30_000,
      );

      await page.getByTestId('ws-consult-complete').click();
      await page.locator('[data-testid="ws-state"][data-state="wrap-up"]').waitFor({ timeout: 15_000 });
      // The customer and the consulted agent go on without me.
      const left = await waitFor(
        'customer and 8932 alone on the call',
        () => {
          const legs = liveLegs(callId);
          return legs.length === 2 && legs.every((c) => c.state === 'answered') ? legs : undefined;
        },
        15_000,
      );
      assert.ok(left.some((c) => c.callee === '8932'));
      assert.ok(!left.some((c) => c.callee === '8931'), 'my leg is gone');
      await customer.peer.command('hangup');
      await allGone();
      const cdr = await closedCdr(callId);
      assert.equal(cdr.call_type, 'inbound');
      assert.ok(cdr.extensions.includes('8931') && cdr.extensions.includes('8932'), JSON.stringify(cdr.extensions));
    });
  });
});
