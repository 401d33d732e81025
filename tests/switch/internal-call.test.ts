import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CallEvent, SipSwitch } from '@rexian/switch';
import { type SipTestServer, startSipServer } from '../sip/harness.ts';
import { type Phone, peakFrequency, startPhone, toneWav, waitFor } from './phones.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The dominant frequency a phone heard in [from, from + seconds] of its last call (once the dump is complete). */
async function heardHz(p: Phone, from = 1, seconds = 1.5): Promise<number> {
  return waitFor(`${p.number}'s recording`, async () => {
    const f = p.heard();
    const hz = f ? await peakFrequency(f, from, seconds) : 0;
    return hz > 0 ? hz : undefined;
  });
}

function near(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 30, `${what}: heard ${actual} Hz, expected ${expected} Hz`);
}

type CdrRow = {
  call_type: string;
  caller: string;
  callee: string;
  open: boolean;
  answered_at: Date | null;
  talk_ms: number | null;
  cause: string | null;
  hung_up_by: string | null;
  legs: unknown[];
};

/**
 * Issue 5's internal-call proofs with real softphones: baresip (Debian) registers with digest, calls
 * through the switch, and its sndfile dumps are analysed with sox — each side must hear the other's tone.
 */
describe('baresip phones call each other through the switch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-call-'));
  let server: SipTestServer;
  let sw: SipSwitch;
  let a: Phone;
  let b: Phone;
  let c: Phone;
  const events: CallEvent[] = [];

  // CDR writes are batched (50 ms): wait for the ones made so far, as the CDR API does.
  const cdrs = async (): Promise<CdrRow[]> => {
    await server.rexian.sip?.telephony?.runtime.flushCdrs();
    return (await server.rexian.db.query<CdrRow>('SELECT * FROM cdrs ORDER BY started_at')).rows;
  };
  // The last leg's end reaches the CDR after the switch has let the leg go (legCount 0): wait for it.
  const lastClosedCdr = () =>
    waitFor('the last CDR closed', async () => {
      const last = (await cdrs()).at(-1);
      return last && !last.open ? last : undefined;
    });
  const idle = () => waitFor('every leg gone', () => (sw.legCount() === 0 ? true : undefined));
  const dial = async (from: Phone, number: string) => {
    const r = await from.peer.command('dial', `sip:${number}@127.0.0.1:${server.udpPort}`);
    assert.equal(r.ok, true, JSON.stringify(r));
  };
  const answeredLegs = (n: number) =>
    waitFor(`${n} answered legs`, () => {
      const up = sw.model.listChannels().filter((ch) => ch.state === 'answered');
      return up.length === n ? up : undefined;
    });

  before(async () => {
    server = await startSipServer({
      REXIAN_RTP_PORT_MIN: '31000',
      REXIAN_RTP_PORT_MAX: '31999',
      REXIAN_MEDIA_WORKERS: '2',
      REXIAN_RING_SECONDS: '3',
      REXIAN_VOICEMAIL: 'false', // these tests check the 480s; voicemail.test.ts covers voicemail
      REXIAN_MUSIC_ON_HOLD: toneWav(join(dir, 'moh.wav'), 800, 60),
    });
    const running = server.rexian.sip?.telephony?.sw;
    assert.ok(running, 'the switch started');
    sw = running;
    sw.bus.subscribe((e) => events.push(e));
    a = await startPhone(server, dir, '8501', 600);
    b = await startPhone(server, dir, '8502', 1000);
    c = await startPhone(server, dir, '8503', 1400);
    await server.createExtension('8509'); // exists, never registers
  });
  after(async () => {
    for (const p of [a, b, c]) p?.peer.kill();
    const t = Date.now();
    console.error('closing');
    await server?.close();
    console.error('closed');
    if (process.env.KEEP) console.log('close took', Date.now() - t, sw.model.listChannels(), a.peer.output, b.peer.output);
    if (process.env.KEEP) console.log('kept', dir);
    else rmSync(dir, { recursive: true, force: true });
  });

  it('A calls B: both hear each other, DTMF from A reaches B, one CDR with the right durations', async () => {
    await dial(a, '8502');
    const legs = await answeredLegs(2);
    await sleep(2000);
    await a.peer.command('sndcode', '5');
    await sleep(1500);
    await a.peer.command('hangup');
    await idle();
    near(await heardHz(a), 1000, 'A');
    near(await heardHz(b), 600, 'B');
    const digit = events.find((e) => e.type === 'dtmf.received' && legs.some((l) => l.id === e.channelId));
    assert.ok(digit && digit.type === 'dtmf.received' && digit.digit === '5', 'the switch saw the digit from A');
    assert.ok(
      b.peer.events.some((e) => JSON.stringify(e).includes('DTMF') && JSON.stringify(e).includes('5')),
      `B received the digit: ${JSON.stringify(b.peer.events.map((e) => e.type))}`,
    );
    const rows = await waitFor('the CDR closed', async () => {
      const all = await cdrs();
      return all.length === 1 && !all[0]?.open ? all : undefined;
    });
    const cdr = rows[0] as CdrRow;
    assert.equal(cdr.call_type, 'internal');
    assert.equal(cdr.caller, '8501');
    assert.equal(cdr.callee, '8502');
    assert.equal(cdr.hung_up_by, 'caller');
    assert.equal(cdr.cause, 'normal-clearing');
    assert.ok(cdr.answered_at, 'answered');
    assert.ok((cdr.talk_ms ?? 0) >= 3000 && (cdr.talk_ms ?? 0) < 8000, `talk ${cdr.talk_ms} ms`);
    assert.equal(cdr.legs.length, 2);
  });

  it('hang-up from B ends the call for A and is recorded as the callee hanging up', async () => {
    await dial(a, '8502');
    await answeredLegs(2);
    await sleep(1000);
    await b.peer.command('hangup');
    await idle();
    const last = await lastClosedCdr();
    assert.equal(last.hung_up_by, 'callee');
    assert.equal(last.open, false);
  });

  it('an extension with no phone gives 480, an unknown number 404 — both leave CDRs only for real calls', async () => {
    const before = (await cdrs()).length;
    await dial(a, '8509');
    await waitFor('A saw the call fail', () => (a.peer.events.some((e) => JSON.stringify(e).includes('480')) ? true : undefined));
    await idle();
    const failed = await lastClosedCdr();
    assert.equal((await cdrs()).length, before + 1);
    assert.equal(failed.cause, 'unavailable');
    assert.equal(failed.answered_at, null);
    await dial(a, '7777');
    await waitFor('A saw 404', () => (a.peer.events.some((e) => JSON.stringify(e).includes('404')) ? true : undefined));
    assert.equal((await cdrs()).length, before + 1, 'a refused number opens no call');
  });

  it('no answer within the ring time gives up with 480 and cause no-answer; CANCEL from A stops B ringing', async () => {
    await b.peer.command('answermode', 'manual');
    try {
      await dial(a, '8502');
      await waitFor('the call started', () => (sw.legCount() > 0 ? true : undefined));
      await idle(); // REXIAN_RING_SECONDS=3
      const unanswered = await lastClosedCdr();
      assert.equal(unanswered.cause, 'no-answer');
      await dial(a, '8502');
      await waitFor('B rings', () => (sw.model.listChannels().some((ch) => ch.state === 'ringing-out') ? true : undefined));
      await a.peer.command('hangup');
      await idle();
      const cancelled = await lastClosedCdr();
      assert.equal(cancelled.cause, 'cancelled');
      assert.equal(cancelled.hung_up_by, 'caller');
    } finally {
      await b.peer.command('answermode', 'auto');
    }
  });

  it('hold from A plays music on hold to B; resume brings A back', async () => {
    await dial(a, '8502');
    await answeredLegs(2);
    await sleep(2500);
    await a.peer.command('hold');
    await waitFor('on hold', () => (sw.model.listChannels().some((ch) => ch.state === 'on-hold') ? true : undefined));
    await sleep(3000);
    await a.peer.command('resume');
    await waitFor('resumed', () => (sw.model.listChannels().every((ch) => ch.state !== 'on-hold') ? true : undefined));
    await sleep(2500);
    await a.peer.command('hangup');
    await idle();
    near(await heardHz(b, 0.8, 1.5), 600, 'B before hold');
    near(await heardHz(b, 3.6, 1.5), 800, 'B during hold (music on hold)');
    near(await heardHz(b, 6.8, 1.2), 600, 'B after resume');
  });

  it('blind transfer by REFER: B transfers A to C; A and C talk', async () => {
    await dial(a, '8502');
    await answeredLegs(2);
    await sleep(1000);
    await b.peer.command('transfer', `sip:8503@127.0.0.1:${server.udpPort}`);
    await waitFor('A and C up', () => {
      const up = sw.model.listChannels().filter((ch) => ch.state === 'answered');
      return up.length === 2 && up.some((ch) => ch.callee === '8503') ? true : undefined;
    });
    await sleep(3000);
    await a.peer.command('hangup');
    await idle();
    near(await heardHz(c, 1, 1.5), 600, 'C hears A');
    const cdr = (await cdrs()).at(-1) as CdrRow;
    assert.ok(cdr.legs.length >= 3, 'the transfer target is a leg of the same call');
  });

  it('the loopback-test number echoes the caller', async () => {
    await dial(a, '*43');
    await answeredLegs(1);
    await sleep(2500);
    await a.peer.command('hangup');
    await idle();
    near(await heardHz(a), 600, 'A hears itself');
    assert.equal(((await cdrs()).at(-1) as CdrRow).call_type, 'loopback-test');
  });

  it('the global recording switch records each connected call: WAV with one party per channel, then MP3', async () => {
    const setRecording = async (recording: 'none' | 'wav' | 'mp3') => {
      const r = await server.api('PATCH', '/api/v1/settings/cti', { recording });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    };
    try {
      for (const format of ['wav', 'mp3'] as const) {
        await setRecording(format);
        await dial(a, '8502');
        await answeredLegs(2);
        await sleep(3000);
        await a.peer.command('hangup');
        await idle();
        const file = await waitFor('the recording in the CDR', async () => {
          const row = (
            await server.rexian.db.query<{ recording_file: string | null }>(
              'SELECT recording_file FROM cdrs ORDER BY started_at DESC LIMIT 1',
            )
          ).rows[0];
          return row?.recording_file ?? undefined;
        });
        assert.ok(file.endsWith(`.${format}`), file);
        // MP3s are encoded by ffmpeg after the call; the WAV the engine wrote is removed then.
        const wav = await waitFor(`${format} file written`, () =>
          existsSync(file) && (format === 'wav' || !existsSync(file.replace(/\.mp3$/, '.wav'))) ? file : undefined,
        );
        // sox reads WAV; Debian's sox has no MP3 reader, so ffmpeg decodes the MP3 first.
        const pcm = format === 'wav' ? wav : join(dir, 'decoded.wav');
        if (format === 'mp3') execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', wav, pcm]);
        const left = join(dir, `left.${format}.wav`);
        const right = join(dir, `right.${format}.wav`);
        execFileSync('sox', [pcm, left, 'remix', '1']);
        execFileSync('sox', [pcm, right, 'remix', '2']);
        const heard = [await peakFrequency(left, 1, 1.5), await peakFrequency(right, 1, 1.5)].sort((x, y) => x - y);
        near(heard[0] as number, 600, `${format} recording, one channel`);
        near(heard[1] as number, 1000, `${format} recording, the other channel`);
      }
    } finally {
      await setRecording('none');
    }
  });
});
