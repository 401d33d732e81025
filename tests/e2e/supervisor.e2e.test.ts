import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { PASSWORD, type SipTestServer, startSipServer } from '../sip/harness.ts';
import { buildConsole, type Harness, inSession, launchBrowser, signIn } from './browser-harness.ts';

const USER_PASSWORD = 'Us3r-Secure-Pw';

/**
 * The supervisor page (班长监控) in Chromium over the running CTI (the SIP edge, no phones): a supervisor
 * managing one agent group sees its agent sign in and change state live from the server's stream, forces
 * it idle and signs it out from the page; an agent of another group is neither listed nor reachable (404).
 */
describe('supervisor wallboard in the browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-sup-e2e-'));
  let server: SipTestServer;
  let browser: Browser;
  let harness: Harness;
  const agentCookies: Record<string, string> = {};
  const agentIds: Record<string, string> = {};
  let supervisorCookie = '';

  before(async () => {
    const consoleDir = join(dir, 'console');
    await buildConsole(consoleDir);
    server = await startSipServer({
      REXIAN_CONSOLE_DIR: consoleDir,
      REXIAN_RTP_PORT_MIN: '37400',
      REXIAN_RTP_PORT_MAX: '37599',
      REXIAN_MEDIA_WORKERS: '1',
      REXIAN_VOICEMAIL: 'false',
    });
    browser = await launchBrowser();
    harness = { rexian: server.rexian, browser, url: server.rexian.url, close: async () => {} };

    const roles = await server.api<{ id: string; name: string }[]>('GET', '/api/v1/roles');
    const role = (name: string) => {
      const r = roles.body.find((x) => x.name === name);
      assert.ok(r, `built-in role ${name}`);
      return r.id;
    };
    const dept = await server.api<{ id: string }>('POST', '/api/v1/departments', { name: '客服部' });
    assert.equal(dept.status, 201, JSON.stringify(dept.body));
    const group = async (name: string) => {
      const r = await server.api<{ id: string }>('POST', '/api/v1/agent-groups', { name });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.id;
    };
    const mine = await group('一组');
    const other = await group('二组');
    const quickAdd = async (n: string, o: { type: 'agent' | 'supervisor'; groupId: string | null; roleId: string }) => {
      const r = await server.api<{ agent: { id: string } }>('POST', '/api/v1/employees/quick-add', {
        code: `E${n}`,
        name: o.type === 'supervisor' ? `班长${n}` : `座席${n}`,
        departmentId: dept.body.id,
        extensionNumber: `89${n}`,
        extensionPassword: PASSWORD,
        agentNumber: `30${n}`,
        agentPassword: 'Ag3nt7x9Pw',
        agentType: o.type,
        agentGroupId: o.groupId,
        user: { username: `u${n}`, password: 'Temp-Pass-9x!', roleId: o.roleId },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.agent.id;
    };
    agentIds.mine = await quickAdd('01', { type: 'agent', groupId: mine, roleId: role('座席') });
    agentIds.other = await quickAdd('02', { type: 'agent', groupId: other, roleId: role('座席') });
    agentIds.sup = await quickAdd('09', { type: 'supervisor', groupId: null, roleId: role('班长') });
    const queue = await server.api<{ id: string }>('POST', '/api/v1/queues', {
      name: '售后',
      number: '9301',
      members: [{ agentId: agentIds.mine, level: 5 }],
    });
    assert.equal(queue.status, 201, JSON.stringify(queue.body));
    const scope = await server.api('PATCH', `/api/v1/agents/${agentIds.sup}`, {
      managedGroupIds: [mine],
      managedQueueIds: [queue.body.id],
    });
    assert.equal(scope.status, 200, JSON.stringify(scope.body));
    agentCookies.mine = await server.signInExisting('u01', 'Temp-Pass-9x!');
    agentCookies.other = await server.signInExisting('u02', 'Temp-Pass-9x!');
    supervisorCookie = await server.signInExisting('u09', 'Temp-Pass-9x!');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the API keeps to the managed scope', async () => {
    const other = await server.apiAs(agentCookies.other ?? '', 'POST', '/api/v1/agent/session', { extension: null });
    assert.equal(other.status, 200, JSON.stringify(other.body));
    const board = await server.apiAs<{ scope: string; items: { number: string }[] }>(
      supervisorCookie,
      'GET',
      '/api/v1/supervisor/agents',
    );
    assert.equal(board.status, 200, JSON.stringify(board.body));
    assert.equal(board.body.scope, 'managed');
    assert.deepEqual(
      board.body.items.map((a) => a.number),
      ['3001', '3009'],
    );
    const queues = await server.apiAs<{ items: { number: string }[] }>(supervisorCookie, 'GET', '/api/v1/supervisor/queues');
    assert.deepEqual(
      queues.body.items.map((q) => q.number),
      ['9301'],
    );
    const outside = await server.apiAs<{ error: { code: string } }>(
      supervisorCookie,
      'POST',
      `/api/v1/supervisor/agents/${agentIds.other}/state`,
      { state: 'busy' },
    );
    assert.equal(outside.status, 404);
    assert.equal(outside.body.error.code, 'AGENT_NOT_FOUND');
    const asAgent = await server.apiAs(agentCookies.mine ?? '', 'GET', '/api/v1/supervisor/agents');
    assert.equal(asAgent.status, 403, 'the agent role lacks cti.supervise');
  });

  test('an agent signs in and changes state live; the supervisor forces it idle and signs it out', async () => {
    await inSession(harness, 'supervisor-board', async (page) => {
      await page.goto('/cti/supervisor');
      await signIn(page, 'u09', USER_PASSWORD);
      await page.getByTestId('supervisor-page').waitFor();
      await page.locator('[data-testid="sup-mode"][data-mode="stream"]').waitFor();
      const row = page.locator('[data-testid="sup-agents-table"] tr', { hasText: '3001' });
      await row.locator('[data-testid="sup-agent-state"][data-state="signed-out"]').waitFor();
      assert.equal(await page.locator('[data-testid="sup-agents-table"] tr', { hasText: '3002' }).count(), 0);
      await page.locator('[data-testid="sup-queues-table"] tr', { hasText: '9301' }).waitFor();

      // The agent's own session (monitor only: no phone needed), seen on the board without a reload.
      const cookie = agentCookies.mine ?? '';
      const signedIn = await server.apiAs<{ state: string }>(cookie, 'POST', '/api/v1/agent/session', { extension: null });
      assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
      await row.locator('[data-testid="sup-agent-state"][data-state="idle"]').waitFor();
      const busy = await server.apiAs(cookie, 'PUT', '/api/v1/agent/session/state', { state: 'busy' });
      assert.equal(busy.status, 200, JSON.stringify(busy.body));
      await row.locator('[data-testid="sup-agent-state"][data-state="busy"]').waitFor();
      assert.match(await page.getByTestId('sup-summary').innerText(), /签入 1/);

      // The state duration ticks.
      const stateTime = row.getByTestId('sup-state-time');
      const first = await stateTime.innerText();
      for (let n = 0; n < 50 && (await stateTime.innerText()) === first; n++) await page.waitForTimeout(100);
      assert.notEqual(await stateTime.innerText(), first, 'the state time ticks');

      await row.getByTestId('sup-force-idle').click();
      await row.locator('[data-testid="sup-agent-state"][data-state="idle"]').waitFor();
      const session = await server.apiAs<{ state: string }>(cookie, 'GET', '/api/v1/agent/session');
      assert.equal(session.body.state, 'idle');

      await row.getByTestId('sup-force-sign-out').click();
      await page.getByTestId('sup-confirm-sign-out').click();
      await row.locator('[data-testid="sup-agent-state"][data-state="signed-out"]').waitFor();
      const after = await server.apiAs<{ state: string }>(cookie, 'GET', '/api/v1/agent/session');
      assert.equal(after.body.state, 'signed-out');

      const audit = await server.api<{ items: { action: string; targetId: string }[] }>(
        'GET',
        '/api/v1/audit?action=agent.state.force&pageSize=20',
      );
      assert.deepEqual(audit.body.items.filter((e) => e.targetId === agentIds.mine).length, 2, 'both forced states are audited');
    });
  });
});
