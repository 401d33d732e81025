import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CdrDetail, LiveCallsMessage } from '@rexian/contracts';
import type { SipSwitch } from '@rexian/switch';
import { type SipTestServer, startSipServer } from '../sip/harness.ts';
import { type Phone, peakFrequency, startPhone, waitFor } from './phones.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function near(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 30, `${what}: heard ${actual} Hz, expected ${expected} Hz`);
}

/** A WebSocket client of the current-calls stream that keeps every message and the calls as they stand. */
async function openStream(server: SipTestServer, cookie: string) {
  const { port } = server.rexian.app.server.address() as AddressInfo;
  // Node's WebSocket (undici) takes request headers as an extension of the standard constructor.
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/calls/live/stream`, {
    headers: { cookie },
  } as unknown as string[]);
  const messages: LiveCallsMessage[] = [];
  const calls = new Map<string, CdrDetail>();
  let closed: { code: number } | undefined;
  ws.addEventListener('message', (e) => {
    const m = JSON.parse(String(e.data)) as LiveCallsMessage;
    messages.push(m);
    if (m.type === 'snapshot') {
      calls.clear();
      for (const c of m.items) calls.set(c.callId, c);
    } else {
      for (const c of m.upserts) calls.set(c.callId, c);
      for (const id of m.removed) calls.delete(id);
    }
  });
  ws.addEventListener('close', (e) => {
    closed = { code: e.code };
  });
  await waitFor('the snapshot', () => (messages.length > 0 ? true : undefined));
  return { ws, messages, calls, closed: () => closed };
}

/**
 * Issue 5's current-calls view fed by the event stream, and control over a call in progress over HTTP:
 * two baresip phones talk; the stream shows the call ringing, answered and gone; per-call recording starts
 * and stops while the global switch says "none" (the file holds each party's tone on its own channel);
 * force hang-up ends both phones' calls. A user outside the call's scope neither sees nor controls it.
 */
describe('calls in progress: the live stream and HTTP call control', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-control-'));
  let server: SipTestServer;
  let sw: SipSwitch;
  let a: Phone;
  let b: Phone;
  let outsider: string;

  before(async () => {
    server = await startSipServer({
      REXIAN_RTP_PORT_MIN: '33000',
      REXIAN_RTP_PORT_MAX: '33999',
      REXIAN_MEDIA_WORKERS: '1',
      REXIAN_VOICEMAIL: 'false',
    });
    const running = server.rexian.sip?.telephony?.sw;
    assert.ok(running, 'the switch started');
    sw = running;
    a = await startPhone(server, dir, '8601', 600);
    b = await startPhone(server, dir, '8602', 1000);
    // A user who may watch and control calls, but only their own (scope self, no employee): none.
    const role = await server.api<{ id: string }>('POST', '/api/v1/roles', {
      name: '只看自己',
      permissions: ['pbx.cdr.read', 'pbx.call.control'],
      dataScope: 'self',
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    outsider = await server.signInAs({ username: 'outsider', roleId: role.body.id, employeeId: null });
  });
  after(async () => {
    for (const p of [a, b]) p?.peer.kill();
    await server?.close();
    if (process.env.KEEP) console.log('kept', dir);
    else rmSync(dir, { recursive: true, force: true });
  });

  it('streams the call, records it on demand, and force hang-up ends it', async () => {
    const admin = await openStream(server, server.cookie);
    const other = await openStream(server, outsider);
    assert.deepEqual(admin.messages[0], { ...(admin.messages[0] as object), type: 'snapshot', items: [] });

    const dialled = await a.peer.command('dial', `sip:8602@127.0.0.1:${server.udpPort}`);
    assert.equal(dialled.ok, true, JSON.stringify(dialled));
    const call = await waitFor('the stream shows the answered call', () =>
      [...admin.calls.values()].find((c) => c.caller === '8601' && c.callee === '8602' && c.answeredAt !== null),
    );
    // It was pushed (no snapshot was asked for after the first), stamped with the call events' sequence.
    const pushed = admin.messages.find((m) => m.type === 'changes' && m.upserts.some((c) => c.callId === call.callId));
    assert.ok(pushed && pushed.seq > 0, 'the call was pushed with its event sequence');
    assert.equal(admin.messages.filter((m) => m.type === 'snapshot').length, 1);
    assert.equal(call.open, true);

    const url = `/api/v1/calls/live/${encodeURIComponent(call.callId)}`;
    const before = await server.api<{ recording: boolean; override: string }>('GET', `${url}/recording`);
    assert.equal(before.status, 200, JSON.stringify(before.body));
    assert.deepEqual(before.body, { recording: false, file: null, override: 'default' });

    const on = await server.api<{ recording: boolean; file: string | null; override: string }>('PUT', `${url}/recording`, {
      on: true,
    });
    assert.equal(on.status, 200, JSON.stringify(on.body));
    assert.equal(on.body.recording, true);
    assert.equal(on.body.override, 'on');
    assert.ok(on.body.file?.endsWith('.wav'), `a WAV while the global switch is none: ${on.body.file}`);
    await sleep(3000);
    const off = await server.api<{ recording: boolean }>('PUT', `${url}/recording`, { on: false });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    assert.equal(off.body.recording, false);

    // The outsider sees no call and may not touch this one: it is not in their current calls.
    assert.equal(other.calls.size, 0, 'the outsider sees no call');
    assert.ok(
      other.messages.every((m) => m.type === 'snapshot' || m.upserts.length === 0),
      'nothing about the call reached the outsider',
    );
    const denied = await server.apiAs<{ error: { code: string } }>(outsider, 'POST', `${url}/hangup`);
    assert.equal(denied.status, 404);
    assert.equal(denied.body.error.code, 'CALL_NOT_LIVE');
    assert.equal(sw.legCount(), 2, 'the call is still up');

    const hung = await server.api('POST', `${url}/hangup`);
    assert.equal(hung.status, 204, JSON.stringify(hung.body));
    await waitFor('every leg gone', () => (sw.legCount() === 0 ? true : undefined));
    await waitFor('both phones saw the call end', () =>
      [a, b].every((p) => p.peer.events.some((e) => e.type === 'CALL_CLOSED')) ? true : undefined,
    );
    await waitFor('the stream removed the call', () =>
      admin.messages.some((m) => m.type === 'changes' && m.removed.includes(call.callId)) ? true : undefined,
    );
    assert.equal(admin.calls.size, 0);

    const again = await server.api<{ error: { code: string } }>('POST', `${url}/hangup`);
    assert.equal(again.status, 404);
    assert.equal(again.body.error.code, 'CALL_NOT_LIVE');

    const row = await waitFor('the CDR closed', async () => {
      const r = await server.rexian.db.query<{ open: boolean; cause: string; hung_up_by: string; recording_file: string | null }>(
        'SELECT open, cause, hung_up_by, recording_file FROM cdrs WHERE call_id = $1',
        [call.callId],
      );
      return r.rows[0] && !r.rows[0].open ? r.rows[0] : undefined;
    });
    assert.equal(row.cause, 'normal-clearing');
    assert.equal(row.hung_up_by, 'system', 'the switch ended it, on the console’s order');
    assert.ok(row.recording_file, 'the CDR names the recording');
    const file = await waitFor('the recording on disk', () =>
      existsSync(row.recording_file as string) ? row.recording_file : undefined,
    );
    const left = join(dir, 'left.wav');
    const right = join(dir, 'right.wav');
    execFileSync('sox', [file as string, left, 'remix', '1']);
    execFileSync('sox', [file as string, right, 'remix', '2']);
    const heard = [await peakFrequency(left, 0.5, 1.5), await peakFrequency(right, 0.5, 1.5)].sort((x, y) => x - y);
    near(heard[0] as number, 600, 'one channel');
    near(heard[1] as number, 1000, 'the other channel');
    const seconds = Number(
      execFileSync('soxi', ['-D', file as string])
        .toString()
        .trim(),
    );
    assert.ok(seconds > 2 && seconds < 5, `recorded from on to off: ${seconds} s`);

    admin.ws.close();
    other.ws.close();
  });

  it('a plain HTTP request to the stream gets a clear error; anonymous upgrades are refused', async () => {
    const plain = await server.api<{ error: { code: string } }>('GET', '/api/v1/calls/live/stream');
    assert.equal(plain.status, 400);
    assert.equal(plain.body.error.code, 'WEBSOCKET_REQUIRED');
    const { port } = server.rexian.app.server.address() as AddressInfo;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/calls/live/stream`);
    const outcome = await new Promise<string>((resolve) => {
      ws.addEventListener('open', () => resolve('open'));
      ws.addEventListener('error', () => resolve('error'));
    });
    assert.equal(outcome, 'error', 'no session, no stream');
  });
});
