import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ChannelSnapshot, SipSwitch } from '@rexian/switch';
import { type SipTestServer, startSipServer } from '../sip/harness.ts';
import { bandRms, type Phone, startPhone, toneWav, waitFor } from './phones.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The finished dump of what a phone heard in its last call (baresip completes the WAV when the call ends). */
function lastHeard(p: Phone): Promise<string> {
  return waitFor(`${p.number}'s recording`, async () => {
    const f = p.heard();
    return f && (await bandRms(f, 100, 3000, 0.2, 0.5)) > 0 ? f : undefined;
  });
}

/** A tone is "heard" when its band carries a clear share of a 0.5-amplitude sine's RMS (0.35). */
const PRESENT = 0.05;
const ABSENT = 0.02;

/**
 * Issue 5's conference and API-transfer proofs through the call controller (the internal API the IVR,
 * ACD and dialer use), with three baresip phones and sox band filters on what each phone heard.
 */
describe('three-way conference and attended transfer with real phones', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-conf-'));
  let server: SipTestServer;
  let sw: SipSwitch;
  let a: Phone;
  let b: Phone;
  let c: Phone;

  const idle = () => waitFor('every leg gone', () => (sw.legCount() === 0 ? true : undefined), 15_000);
  const up = (n: number) =>
    waitFor(`${n} answered legs`, () => {
      const legs = sw.model.listChannels().filter((ch) => ch.state === 'answered');
      return legs.length === n ? legs : undefined;
    });
  const legOf = (legs: ChannelSnapshot[], number: string) => {
    const leg = legs.find((l) => (l.direction === 'inbound' ? l.caller : l.callee) === number);
    assert.ok(leg, `a leg for ${number}`);
    return leg;
  };

  before(async () => {
    server = await startSipServer({
      REXIAN_RTP_PORT_MIN: '33000',
      REXIAN_RTP_PORT_MAX: '33999',
      REXIAN_MEDIA_WORKERS: '2',
      REXIAN_MUSIC_ON_HOLD: toneWav(join(dir, 'moh.wav'), 800, 60),
    });
    sw = server.rexian.sip?.telephony?.sw as SipSwitch;
    assert.ok(sw, 'the switch started');
    a = await startPhone(server, dir, '8701', 600);
    b = await startPhone(server, dir, '8702', 1000);
    c = await startPhone(server, dir, '8703', 1400);
  });
  after(async () => {
    for (const p of [a, b, c]) p?.peer.kill();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds C to a call of A and B (everyone hears the other two), then drops C and A and B go on', async () => {
    await a.peer.command('dial', `sip:8702@127.0.0.1:${server.udpPort}`);
    const legs = await up(2);
    const t0 = Date.now();
    const legA = legOf(legs, '8701');
    const bridgeId = sw.model.channel(legA.id).bridgeId as string;
    await sleep(1500);
    const third = await sw.controller.dial({
      callId: legA.callId,
      destination: '8703',
      callerId: '8701',
      role: 'conference',
      ringTimeoutMs: 10_000,
    });
    assert.ok(third.answered, 'C answered');
    await sw.controller.bridge([third.channel.id], { bridgeId });
    const confFrom = (Date.now() - t0) / 1000;
    await sleep(3000);
    await sw.controller.hangup(third.channel.id);
    const afterDrop = (Date.now() - t0) / 1000;
    await sleep(2500);
    assert.equal(sw.model.channel(legA.id).state, 'answered', 'A is still in the call');
    await a.peer.command('hangup');
    await idle();

    const heardA = await lastHeard(a);
    const heardB = await lastHeard(b);
    const heardC = await lastHeard(c);
    const w = { from: confFrom + 0.8, len: 1.5 };
    assert.ok((await bandRms(heardA, 950, 1050, w.from, w.len)) > PRESENT, 'A hears B in the conference');
    assert.ok((await bandRms(heardA, 1350, 1450, w.from, w.len)) > PRESENT, 'A hears C in the conference');
    assert.ok((await bandRms(heardB, 550, 650, w.from, w.len)) > PRESENT, 'B hears A in the conference');
    assert.ok((await bandRms(heardB, 1350, 1450, w.from, w.len)) > PRESENT, 'B hears C in the conference');
    assert.ok((await bandRms(heardC, 550, 650, 1, 1.5)) > PRESENT, 'C hears A');
    assert.ok((await bandRms(heardC, 950, 1050, 1, 1.5)) > PRESENT, 'C hears B');
    assert.ok((await bandRms(heardC, 1350, 1450, 1, 1.5)) < ABSENT, 'C does not hear itself (mix-minus)');
    assert.ok((await bandRms(heardA, 950, 1050, afterDrop + 0.8, 1.2)) > PRESENT, 'A still hears B after C left');
    assert.ok((await bandRms(heardA, 1350, 1450, afterDrop + 0.8, 1.2)) < ABSENT, 'C is gone from what A hears');
  });

  it('attended transfer through the controller: B consults C (A hears music), completes, A and C talk', async () => {
    await a.peer.command('dial', `sip:8702@127.0.0.1:${server.udpPort}`);
    const legs = await up(2);
    const t0 = Date.now();
    const legB = legOf(legs, '8702');
    await sleep(1500);
    const consultation = await sw.controller.consult(legB.id, '8703', '8702');
    const consultFrom = (Date.now() - t0) / 1000;
    await waitFor('C answered', () =>
      sw.model.findChannel(consultation.consultChannelId)?.state === 'answered' ? true : undefined,
    );
    await sleep(2500);
    await sw.controller.completeTransfer(consultation.transferId);
    const completedAt = (Date.now() - t0) / 1000;
    await sleep(3000);
    assert.equal(sw.model.findChannel(legB.id)?.state ?? 'hung-up', 'hung-up', 'the transferor left');
    await a.peer.command('hangup');
    await idle();

    const heardA = await lastHeard(a);
    const heardC = await lastHeard(c);
    const profile: { t: number; moh: string; b: string; c: string }[] = [];
    for (const t of [0, 1, 2, 3, 4, 5, 6, 7, 8]) {
      profile.push({
        t,
        moh: (await bandRms(heardA, 750, 850, t, 1)).toFixed(3),
        b: (await bandRms(heardA, 950, 1050, t, 1)).toFixed(3),
        c: (await bandRms(heardA, 1350, 1450, t, 1)).toFixed(3),
      });
    }
    assert.ok(
      (await bandRms(heardA, 750, 850, consultFrom + 1, 1.2)) > PRESENT,
      `A hears music on hold while B consults (from ${consultFrom}s, completed ${completedAt}s): ${JSON.stringify(profile)}`,
    );
    assert.ok((await bandRms(heardA, 1350, 1450, completedAt + 1, 1.5)) > PRESENT, 'A hears C after the transfer');
    // C's call started at the consultation; after completion it hears A.
    const cCompleted = completedAt - consultFrom;
    assert.ok((await bandRms(heardC, 950, 1050, 0.8, 1)) > PRESENT, 'C first talks to B');
    assert.ok((await bandRms(heardC, 550, 650, cCompleted + 1, 1.2)) > PRESENT, 'C hears A after the transfer');
  });
});
