import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SipSwitch } from '@rexian/switch';
import { type SipTestServer, startSipServer } from '../sip/harness.ts';
import { bandRms, type Phone, peakFrequency, startPhone, toneWav, waitFor } from './phones.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ACCESS_MENU = '4008006001';
const ACCESS_TRANSFER = '4008006002';
const ACCESS_MISSING = '4008006003';

type Cdr = { call_id: string; call_type: string; access_number: string | null; cause: string | null; answered_at: Date | null };

/** Seconds of audio in a WAV (sox's soxi). */
const durationOf = (path: string) => Number(execFileSync('soxi', ['-D', path], { encoding: 'utf8' }).trim());

/**
 * Issue 8 §2 with real phones: an access number whose target is an IVR. Voice files and the IVR project
 * are made through the API; baresip calls the access number, hears the welcome (500 Hz), presses 1 and
 * hears option one (700 Hz). A second IVR (uploaded VoiceXML) bridges the caller to an extension on 2:
 * both phones hear each other's tones. An access number whose IVR is gone ends the call with a reason.
 */
describe('IVR on calls: access number → IVR → menu, and a bridged transfer to an extension', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-ivr-call-'));
  let server: SipTestServer;
  let sw: SipSwitch;
  let caller: Phone;
  let agent: Phone;

  const upload = async (name: string, hz: number, seconds: number) => {
    const path = toneWav(join(dir, `${name}.wav`), hz, seconds);
    const r = await server.api<{ id: string }>('POST', '/api/v1/voice-files', {
      name,
      fileName: `${name}.wav`,
      contentBase64: readFileSync(path).toString('base64'),
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id;
  };
  const accessNumber = async (number: string, ivrId: string) => {
    const r = await server.api('POST', '/api/v1/access-numbers', { number, callType: 'in', target: { kind: 'ivr', ivrId } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  };
  const cdrOf = async (accessNumber: string) => {
    await server.rexian.sip?.telephony?.runtime.flushCdrs(); // CDR writes are batched
    return (await server.rexian.db.query<Cdr>('SELECT * FROM cdrs WHERE access_number = $1', [accessNumber])).rows[0];
  };

  before(async () => {
    server = await startSipServer({
      REXIAN_RTP_PORT_MIN: '36000',
      REXIAN_RTP_PORT_MAX: '36999',
      REXIAN_MEDIA_WORKERS: '1',
      REXIAN_RING_SECONDS: '10',
    });
    const telephony = server.rexian.sip?.telephony;
    assert.ok(telephony, 'the switch started');
    sw = telephony.sw;
    caller = await startPhone(server, dir, '8721', 300);
    agent = await startPhone(server, dir, '8722', 900);
  });
  after(async () => {
    caller?.peer.kill();
    agent?.peer.kill();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('plays the welcome, takes 1 (barge-in) and plays option one; the CDR is inbound on the access number', async () => {
    const welcome = await upload('welcome', 500, 8);
    const option1 = await upload('option-1', 700, 3);
    const project = await server.api<{ id: string }>('POST', '/api/v1/ivr-projects', {
      name: '测试热线',
      timeoutQueue: 'q_timeout',
      root: {
        kind: 'menu',
        id: 'm',
        name: '主菜单',
        interruptible: true,
        items: [{ kind: 'voice', voiceFileId: welcome }],
        timeoutSeconds: 10,
        keys: [
          {
            key: '1',
            next: {
              kind: 'play',
              id: 'p1',
              name: '选项一',
              interruptible: false,
              items: [{ kind: 'voice', voiceFileId: option1 }],
              next: { kind: 'hangup', id: 'h', name: '挂断' },
            },
          },
        ],
      },
    });
    assert.equal(project.status, 201, JSON.stringify(project.body));
    const built = await server.api<{ config: { id: string; number: string } }>(
      'POST',
      `/api/v1/ivr-projects/${project.body.id}/build`,
      { number: '8001' },
    );
    assert.equal(built.status, 200, JSON.stringify(built.body));
    await accessNumber(ACCESS_MENU, built.body.config.id);

    let playbacks = 0;
    const off = sw.bus.subscribe((e) => {
      if (e.type === 'channel.answered') playbacks++;
    });
    try {
      const r = await caller.peer.command('dial', `sip:${ACCESS_MENU}@127.0.0.1:${server.udpPort}`);
      assert.equal(r.ok, true, JSON.stringify(r));
      await waitFor('the IVR answers', () => (playbacks > 0 ? true : undefined), 20_000);
    } finally {
      off();
    }
    await sleep(2500); // the welcome plays (8 s long: the key must cut it short)
    await caller.peer.command('sndcode', '1');
    await waitFor('the IVR hangs up after option one', () => (sw.legCount() === 0 ? true : undefined), 20_000);
    await sleep(500);
    const heard = await waitFor('the caller audio dump', () => caller.heard());
    const seconds = durationOf(heard);
    // ≈2.5 s of welcome, then the 3 s of option one: far shorter than the 8 s welcome played out.
    assert.ok(seconds > 4 && seconds < 8, `call length ${seconds} s`);
    const first = await peakFrequency(heard, 0.5, 1.5);
    assert.ok(Math.abs(first - 500) < 30, `the caller hears the welcome first: ${first} Hz`);
    const last = await peakFrequency(heard, seconds - 2, 1.5);
    assert.ok(Math.abs(last - 700) < 30, `then option one: ${last} Hz`);

    const cdr = await cdrOf(ACCESS_MENU);
    assert.equal(cdr?.call_type, 'inbound');
    assert.equal(cdr?.access_number, ACCESS_MENU);
    assert.ok(cdr?.answered_at, 'answered by the IVR');
  });

  it('an uploaded IVR bridges the caller to an extension on 2: both hear each other', async () => {
    const vxml = `<?xml version="1.0" encoding="UTF-8"?>
<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">
  <menu id="m"><prompt bargein="true"><break time="10s"/></prompt>
    <choice dtmf="2" next="#agent"/></menu>
  <form id="agent"><transfer name="t" dest="tel:8722" type="bridge" connecttimeout="10s" maxtime="6s">
    <filled><disconnect/></filled></transfer></form>
</vxml>`;
    const config = await server.api<{ id: string }>('POST', '/api/v1/ivr-configs', {
      number: '8002',
      name: '转坐席',
      source: { kind: 'uploaded', fileName: 'agent.vxml', vxml },
    });
    assert.equal(config.status, 201, JSON.stringify(config.body));
    await accessNumber(ACCESS_TRANSFER, config.body.id);

    let answered = 0;
    const off = sw.bus.subscribe((e) => {
      if (e.type === 'channel.answered') answered++;
    });
    try {
      const r = await caller.peer.command('dial', `sip:${ACCESS_TRANSFER}@127.0.0.1:${server.udpPort}`);
      assert.equal(r.ok, true, JSON.stringify(r));
      await waitFor('the IVR answers', () => (answered > 0 ? true : undefined), 20_000);
      await sleep(1000);
      await caller.peer.command('sndcode', '2');
      await waitFor('the extension answers', () => (answered > 1 ? true : undefined), 20_000);
    } finally {
      off();
    }
    // maxtime="6s": the IVR takes the caller back, then <disconnect/> ends the call.
    await waitFor('the call ended', () => (sw.legCount() === 0 ? true : undefined), 30_000);
    await sleep(500);
    const agentHeard = await waitFor('the extension audio dump', () => agent.heard());
    const callerHeard = await waitFor('the caller audio dump', () => caller.heard());
    const agentHz = await peakFrequency(agentHeard, 1, 3);
    assert.ok(Math.abs(agentHz - 300) < 30, `the extension hears the caller's tone: ${agentHz} Hz`);
    const seconds = durationOf(callerHeard);
    assert.ok((await bandRms(callerHeard, 850, 950, seconds - 5, 3)) > 0.02, 'the caller hears the extension (900 Hz)');
    const cdr = await cdrOf(ACCESS_TRANSFER);
    assert.equal(cdr?.call_type, 'inbound');
  });

  it('an access number whose IVR configuration was deleted ends the call before answer', async () => {
    const config = await server.api<{ id: string }>('POST', '/api/v1/ivr-configs', {
      number: '8003',
      name: '将删除',
      source: {
        kind: 'uploaded',
        fileName: 'gone.vxml',
        vxml: '<?xml version="1.0"?><vxml version="2.1" xmlns="http://www.w3.org/2001/vxml"><form><block>x</block></form></vxml>',
      },
    });
    assert.equal(config.status, 201, JSON.stringify(config.body));
    await accessNumber(ACCESS_MISSING, config.body.id);
    const del = await server.api('DELETE', `/api/v1/ivr-configs/${config.body.id}`);
    assert.ok(del.status === 204 || del.status === 200, JSON.stringify(del.body));
    const r = await caller.peer.command('dial', `sip:${ACCESS_MISSING}@127.0.0.1:${server.udpPort}`);
    assert.equal(r.ok, true, JSON.stringify(r));
    const cdr = await waitFor('the CDR of the refused call', async () => {
      const c = await cdrOf(ACCESS_MISSING);
      return c?.cause ? c : undefined;
    });
    assert.equal(cdr.cause, 'unallocated-number');
    assert.equal(cdr.answered_at, null);
  });
});
