import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SipSwitch } from '@rexian/switch';
import { freePort, type SipTestServer, startSipServer } from '../sip/harness.ts';
import { bandRms, type Phone, peakFrequency, startPhone, toneUlaw, waitFor } from './phones.ts';
import { type Carrier, carrierTrace, createCarrierTrunk, createPrefixRoute, startCarrier } from './sipp-carrier.ts';

const EXTERNAL = '013900001111';
const EARLY_HZ = 1400;

/**
 * Early media from a carrier (RFC 3960 gateway model): a SIPp carrier answers the outbound INVITE with 183 +
 * SDP and streams a 1,400 Hz tone for 2.5 s before its 200 OK. The calling baresip phone must get a 183 with
 * SDP from Rexian and hear the tone before the call is answered — not silence until the far end picks up.
 */
describe('early media from a carrier reaches the caller', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-early-'));
  let server: SipTestServer;
  let sw: SipSwitch;
  let phone: Phone;
  let carrier: Carrier | undefined;

  before(async () => {
    server = await startSipServer({ REXIAN_RTP_PORT_MIN: '34000', REXIAN_RTP_PORT_MAX: '34999', REXIAN_MEDIA_WORKERS: '1' });
    sw = server.rexian.sip?.telephony?.sw as SipSwitch;
    assert.ok(sw, 'the switch started');
    phone = await startPhone(server, dir, '8721', 600);
    toneUlaw(join(dir, 'early.ulaw'), EARLY_HZ, 2.5);
  });
  after(async () => {
    carrier?.proc.kill();
    phone?.peer.kill();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('183 with SDP from the carrier: the phone hears the carrier before the answer, then the call', async () => {
    carrier = await startCarrier(dir, { file: 'trunk-early-media.sipp.xml' }, 'early', ['-mp', String(await freePort('udp'))]);
    await createPrefixRoute(server, 'early', '0', [await createCarrierTrunk(server, 'carrier-early', carrier.port)]);

    const t0 = Date.now();
    const r = await phone.peer.command('dial', `sip:${EXTERNAL}@127.0.0.1:${server.udpPort}`);
    assert.equal(r.ok, true, JSON.stringify(r));
    const early = await waitFor('both legs in early media', () => {
      const legs = sw.model.listChannels();
      return legs.length === 2 && legs.every((c) => c.state === 'early-media') ? legs : undefined;
    });
    assert.ok(early[0]?.bridgeId && early[0].bridgeId === early[1]?.bridgeId, 'the caller and the carrier leg share a bridge');
    await waitFor('the carrier answered', () => {
      const legs = sw.model.listChannels();
      return legs.length === 2 && legs.every((c) => c.state === 'answered') ? true : undefined;
    });
    const answeredAfter = Date.now() - t0;
    assert.ok(answeredAfter >= 2500, `answered after the early media (${answeredAfter} ms)`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await phone.peer.command('hangup');
    await waitFor('every leg gone', () => (sw.legCount() === 0 ? true : undefined));
    assert.equal(await carrier.exited, 0, 'SIPp saw the whole call');

    // The phone's decoded audio starts with the 183: the carrier's tone is in it from the start, before the 200.
    const heard = await waitFor('the phone wrote what it heard', () => phone.heard());
    assert.ok(Math.abs((await peakFrequency(heard, 0.3, 1.5)) - EARLY_HZ) < 40, 'the caller heard the carrier tone');
    assert.ok((await bandRms(heard, EARLY_HZ - 50, EARLY_HZ + 50, 0.3, 1.5)) > 0.05, 'the tone is loud, not leakage');
    const toCaller = phone.peer.events.map((e) => JSON.stringify(e)).join('\n');
    assert.match(toCaller, /183|PROGRESS|EARLY/i, 'baresip saw the call progress with early media');
    assert.match(carrierTrace(carrier), /SIP\/2\.0 183 Session Progress/);

    await server.rexian.sip?.telephony?.runtime.flushCdrs();
    const cdr = (
      await server.rexian.db.query<{ call_type: string; open: boolean; ring_ms: number }>(
        'SELECT call_type, open, ring_ms FROM cdrs ORDER BY started_at DESC LIMIT 1',
      )
    ).rows[0];
    assert.equal(cdr?.call_type, 'manual-outbound');
    assert.equal(cdr?.open, false);
    assert.ok((cdr?.ring_ms ?? 0) >= 2500, `ring time counts the early media until the answer (${cdr?.ring_ms} ms)`);
  });
});
