import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ChannelSnapshot, SipSwitch } from '@rexian/switch';
import { freePort, PASSWORD, type SipTestServer, startSipServer } from '../sip/harness.ts';
import { LinphonePeer } from './linphone-peer.ts';
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

type CdrRow = {
  caller: string;
  callee: string;
  open: boolean;
  answered_at: Date | null;
  cause: string | null;
  hung_up_by: string | null;
  ended_at: Date;
  legs: { role: string; cause: string | null }[];
};

/**
 * Issue 5: attended transfer by REFER with Replaces (RFC 3515, RFC 3891) from a real phone. linphonec
 * (Debian's linphone-cli) is the transferor A: it calls B, holds B, calls C, then transfers B to C
 * ("transfer 1 --to-call 2": REFER on the A–B dialog, Refer-To C with the A–C dialog in Replaces).
 * A plays 600 Hz; B and C are baresip phones sending 1000 Hz and 1400 Hz; sox checks what each heard. With
 * two media workers the two calls usually sit on different ones, so C is re-anchored (sendrecv re-INVITE
 * with a new port) before it joins B.
 */
describe('attended transfer by REFER with Replaces from linphonec', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-refer-'));
  let server: SipTestServer;
  let sw: SipSwitch;
  let a: LinphonePeer;
  let b: Phone;
  let c: Phone;

  const live = () => sw.model.listChannels().filter((ch) => ch.state !== 'hung-up');
  const numberOf = (ch: ChannelSnapshot) => (ch.direction === 'inbound' ? ch.caller : ch.callee);
  const idle = () => waitFor('every leg gone', () => (sw.legCount() === 0 ? true : undefined), 15_000);

  before(async () => {
    server = await startSipServer({
      REXIAN_RTP_PORT_MIN: '35000',
      REXIAN_RTP_PORT_MAX: '35999',
      REXIAN_MEDIA_WORKERS: '2',
      REXIAN_VOICEMAIL: 'false',
      REXIAN_MUSIC_ON_HOLD: toneWav(join(dir, 'moh.wav'), 800, 60),
    });
    sw = server.rexian.sip?.telephony?.sw as SipSwitch;
    assert.ok(sw, 'the switch started');
    await server.createExtension('8601');
    a = new LinphonePeer(
      join(dir, '8601'),
      {
        user: '8601',
        password: PASSWORD,
        registrarPort: server.udpPort,
        sipPort: await freePort('udp'),
        rtpPorts: '36000-36999',
      },
      120,
    );
    a.command('soundcard use files');
    a.command(`play ${toneWav(join(dir, 'a.wav'), 600, 60)}`);
    await waitFor(
      'registration of 8601 (linphonec)',
      async () => ((await server.rexian.sip?.registrar.lookup('sip:8601@127.0.0.1'))?.length ? true : undefined),
      15_000,
    );
    b = await startPhone(server, dir, '8602', 1000, 120);
    c = await startPhone(server, dir, '8603', 1400, 120);
  });
  after(async () => {
    a?.kill();
    for (const p of [b, c]) p?.peer.kill();
    await server?.close();
    if (process.env.KEEP) console.log('kept', dir);
    else rmSync(dir, { recursive: true, force: true });
  });

  it('A holds B, consults C, transfers: B and C hear each other, A is gone, CDRs say transferred', async () => {
    a.command(`call sip:8602@127.0.0.1:${server.udpPort}`);
    await waitFor('A–B answered', () => (live().filter((ch) => ch.state === 'answered').length === 2 ? true : undefined));
    const bStart = Date.now();
    await sleep(1500);
    a.command('pause'); // linphonec places a second call only when the first is on hold (re-INVITE sendonly)
    await waitFor('A holds B', () => (live().some((ch) => ch.state === 'on-hold') ? true : undefined));
    const heldAt = (Date.now() - bStart) / 1000;
    a.command(`call sip:8603@127.0.0.1:${server.udpPort}`);
    await waitFor('A–C answered', () => (live().filter((ch) => ch.state === 'answered').length === 3 ? true : undefined));
    const cStart = Date.now();
    await sleep(2000);
    a.command('transfer 1 --to-call 2');
    const legs = await waitFor(
      'only B and C left',
      () => {
        const l = live();
        return l.length === 2 && l.every((ch) => ch.state === 'answered') ? l : undefined;
      },
      15_000,
    );
    const transferredAt = Date.now();
    assert.deepEqual(legs.map(numberOf).sort(), ['8602', '8603'], "A's legs are gone");
    await waitFor('linphonec saw the transfer succeed (NOTIFY 200)', () =>
      a.output.includes('has been transfered') ? true : undefined,
    );
    await sleep(3000);
    await b.peer.command('hangup');
    await idle();

    // baresip's dumps start with the call's audio: A plays a 600 Hz tone, so they follow wall time.
    const heardB = await lastHeard(b);
    const heardC = await lastHeard(c);
    const tb = (transferredAt - bStart) / 1000;
    const tc = (transferredAt - cStart) / 1000;
    const profile = async (f: string, bands: [number, number][]) => {
      const seconds: string[] = [];
      for (const t of [0, 1, 2, 3, 4, 5, 6, 7, 8]) {
        const levels: string[] = [];
        for (const [lo, hi] of bands) levels.push((await bandRms(f, lo, hi, t, 1)).toFixed(3));
        seconds.push(levels.join('/'));
      }
      return JSON.stringify(seconds);
    };
    const bInfo = `hold ${heldAt}s, transfer ${tb}s, 600/800/1400 Hz per second: ${await profile(heardB, [
      [550, 650],
      [750, 850],
      [1350, 1450],
    ])}`;
    const cInfo = `transfer ${tc}s, 600/1000 Hz per second: ${await profile(heardC, [
      [550, 650],
      [950, 1050],
    ])}`;
    assert.ok((await bandRms(heardB, 550, 650, 0.3, 0.8)) > PRESENT, `B first hears A; ${bInfo}`);
    assert.ok((await bandRms(heardB, 750, 850, heldAt + 0.5, 1)) > PRESENT, `B hears music on hold while A consults; ${bInfo}`);
    assert.ok((await bandRms(heardB, 1350, 1450, tb + 1, 1.5)) > PRESENT, `B hears C after the transfer; ${bInfo}`);
    assert.ok((await bandRms(heardB, 750, 850, tb + 1, 1.5)) < ABSENT, `no more music for B; ${bInfo}`);
    assert.ok((await bandRms(heardB, 550, 650, tb + 1, 1.5)) < ABSENT, `A is gone from what B hears; ${bInfo}`);
    assert.ok((await bandRms(heardC, 550, 650, 0.3, 1)) > PRESENT, `C first hears A; ${cInfo}`);
    assert.ok((await bandRms(heardC, 950, 1050, 0.3, 1)) < ABSENT, `C does not hear B before the transfer; ${cInfo}`);
    assert.ok((await bandRms(heardC, 950, 1050, tc + 1, 1.5)) > PRESENT, `C hears B after the transfer; ${cInfo}`);
    assert.ok((await bandRms(heardC, 550, 650, tc + 1, 1.5)) < ABSENT, `A is gone from what C hears; ${cInfo}`);

    // Two CDRs, one per call A made; A's leg in each ends "transferred", B's and C's when B hangs up.
    const rows = await waitFor('both CDRs closed', async () => {
      const r = (await server.rexian.db.query<CdrRow>('SELECT * FROM cdrs ORDER BY started_at')).rows;
      return r.length === 2 && r.every((x) => !x.open) ? r : undefined;
    });
    const [ab, ac] = rows as [CdrRow, CdrRow];
    assert.deepEqual([ab.caller, ab.callee, ac.caller, ac.callee], ['8601', '8602', '8601', '8603']);
    for (const row of rows) {
      assert.equal(row.cause, 'transferred', JSON.stringify(row));
      assert.ok(row.answered_at, 'answered');
      const causes = row.legs.map((l) => `${l.role}:${l.cause}`).sort();
      assert.deepEqual(causes, ['callee:normal-clearing', 'caller:transferred'], JSON.stringify(row.legs));
    }
    // A–B: A's BYE after the NOTIFY 200 and ours cross, either may be first; A–C: the switch ended it.
    assert.ok(['caller', 'system'].includes(ab.hung_up_by ?? ''), `A–B hung up by ${ab.hung_up_by}`);
    assert.equal(ac.hung_up_by, 'system');
    // A leg's end is when its hang-up began (B's BYE; ours to C right after), not when the BYE was answered.
    const gap = new Date(ab.ended_at).getTime() - new Date(ac.ended_at).getTime();
    assert.ok(Math.abs(gap) < 1000, `B and C ended together (${gap} ms apart): ${JSON.stringify(rows.map((r) => r.legs))}`);
  });
});
