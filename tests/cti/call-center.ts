import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent } from '@rexian/contracts';
import type { SipSwitch } from '@rexian/switch';
import { PASSWORD, type SipTestServer, startSipServer } from '../sip/harness.ts';
import { type Phone, startPhone, toneWav, waitFor } from '../switch/phones.ts';

export const ACCESS = '4008009000';

export interface TestAgent {
  phone: Phone;
  cookie: string;
  id: string;
  number: string;
  extension: string;
}

/** An agent's WebSocket stream, keeping every event. */
export async function agentStream(server: SipTestServer, cookie: string) {
  const { port } = server.rexian.app.server.address() as AddressInfo;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/agent/stream`, { headers: { cookie } } as unknown as string[]);
  const events: AgentEvent[] = [];
  ws.addEventListener('message', (e) => events.push(JSON.parse(String(e.data)) as AgentEvent));
  await waitFor('the first session message', () => (events.some((e) => e.type === 'session') ? true : undefined));
  const session = () => {
    const last = [...events].reverse().find((e) => e.type === 'session');
    return last?.type === 'session' ? last.session : undefined;
  };
  return { ws, events, session };
}

/**
 * A small call center on real peers: Rexian with the SIP edge; agents made by quick add (employee,
 * extension, agent, console user with the built-in 座席 role) each with a baresip phone sending its own
 * tone; one queue with them as members; an access number whose target is the queue; a customer phone.
 */
export async function startCallCenter(o: {
  rtpBase: number;
  agentTones: number[];
  customerTone: number;
  env?: Record<string, string>;
  /** The access number's target: the queue itself, or an IVR menu (a `welcomeHz` prompt; key 1 → the queue). */
  via?: { ivr: { welcomeHz: number } };
}) {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-cti-'));
  const server = await startSipServer({
    REXIAN_RTP_PORT_MIN: String(o.rtpBase),
    REXIAN_RTP_PORT_MAX: String(o.rtpBase + 999),
    REXIAN_MEDIA_WORKERS: '1',
    REXIAN_VOICEMAIL: 'false',
    REXIAN_MUSIC_ON_HOLD: toneWav(join(dir, 'moh.wav'), 800, 120),
    ...o.env,
  });
  const sw = server.rexian.sip?.telephony?.sw as SipSwitch;
  assert.ok(sw, 'the switch started');
  const roles = await server.api<{ id: string; name: string }[]>('GET', '/api/v1/roles');
  const agentRole = roles.body.find((r) => r.name === '座席');
  assert.ok(agentRole, 'the built-in agent role');
  const dept = await server.api<{ id: string }>('POST', '/api/v1/departments', { name: '客服部' });
  assert.equal(dept.status, 201, JSON.stringify(dept.body));
  const agents: TestAgent[] = [];
  for (const [i, hz] of o.agentTones.entries()) {
    const n = i + 1;
    const extension = `880${n}`;
    const r: { status: number; body: { agent: { id: string } } } = await server.api('POST', '/api/v1/employees/quick-add', {
      code: `E90${n}`,
      name: `座席${n}`,
      departmentId: dept.body.id,
      extensionNumber: extension,
      extensionPassword: PASSWORD,
      agentNumber: `200${n}`,
      agentPassword: 'Ag3nt7x9Pw',
      user: { username: `agent${n}`, password: 'Temp-Pass-9x!', roleId: agentRole.id },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const phone = await startPhone(server, dir, extension, hz);
    const cookie = await server.signInExisting(`agent${n}`, 'Temp-Pass-9x!');
    agents.push({ phone, cookie, id: r.body.agent.id, number: `200${n}`, extension });
  }
  const queue = await server.api<{ id: string }>('POST', '/api/v1/queues', {
    name: '售后',
    number: '9001',
    ringTimeMs: 15_000,
    strategy: 'longest-idle',
    members: agents.map((a) => ({ agentId: a.id, level: 5 })),
  });
  assert.equal(queue.status, 201, JSON.stringify(queue.body));
  let target: { kind: 'queue'; queueId: string } | { kind: 'ivr'; ivrId: string } = { kind: 'queue', queueId: queue.body.id };
  if (o.via) {
    const wav = toneWav(join(dir, 'welcome.wav'), o.via.ivr.welcomeHz, 8);
    const voice = await server.api<{ id: string }>('POST', '/api/v1/voice-files', {
      name: 'welcome',
      fileName: 'welcome.wav',
      contentBase64: readFileSync(wav).toString('base64'),
    });
    assert.equal(voice.status, 201, JSON.stringify(voice.body));
    const vxml = `<?xml version="1.0" encoding="UTF-8"?>
<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">
  <menu id="main"><prompt bargein="true"><audio src="/api/v1/voice-files/${voice.body.id}/audio"/></prompt>
    <choice dtmf="1" next="#sales"/></menu>
  <form id="sales"><transfer name="q" dest="queue:9001" type="blind"/></form>
</vxml>`;
    const ivr = await server.api<{ id: string }>('POST', '/api/v1/ivr-configs', {
      number: '8100',
      name: '主菜单',
      source: { kind: 'uploaded', fileName: 'main.vxml', vxml },
    });
    assert.equal(ivr.status, 201, JSON.stringify(ivr.body));
    target = { kind: 'ivr', ivrId: ivr.body.id };
  }
  const access = await server.api('POST', '/api/v1/access-numbers', { number: ACCESS, callType: 'in', target });
  assert.equal(access.status, 201, JSON.stringify(access.body));
  const customer = await startPhone(server, dir, '8800', o.customerTone);
  return {
    dir,
    server,
    sw,
    agents,
    customer,
    queueId: queue.body.id,
    idle: () => waitFor('every leg gone', () => (sw.legCount() === 0 ? true : undefined), 20_000),
    async close() {
      for (const p of [customer, ...agents.map((a) => a.phone)]) p?.peer.kill();
      await server.close();
      if (process.env.KEEP) console.log('kept', dir);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type CallCenter = Awaited<ReturnType<typeof startCallCenter>>;
