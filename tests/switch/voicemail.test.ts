import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SipSwitch } from '@rexian/switch';
import { type SipTestServer, startSipServer } from '../sip/harness.ts';
import { bandRms, type Phone, peakFrequency, sine, startPhone, waitFor } from './phones.ts';

const ACCESS_NUMBER = '4008005555';
const SILENT_ACCESS_NUMBER = '4008005556';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type VoicemailRow = {
  id: string;
  call_id: string;
  mailbox: string;
  caller: string;
  callee: string;
  file: string;
  duration_ms: number;
};

/**
 * Issue 5's voicemail proof with a real phone: baresip (sending a 600 Hz tone) calls an extension whose
 * phone is not registered; the switch answers, plays the greeting and records the caller; the stored
 * WAV's dominant frequency (sox) is the caller's tone, and the voicemail API lists the message.
 */
describe('an unanswered extension sends the caller to voicemail', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-voicemail-'));
  let server: SipTestServer;
  let sw: SipSwitch;
  let root: string;
  let a: Phone;
  let b: Phone | undefined;

  before(async () => {
    server = await startSipServer({
      REXIAN_RTP_PORT_MIN: '33000',
      REXIAN_RTP_PORT_MAX: '33999',
      REXIAN_MEDIA_WORKERS: '1',
      REXIAN_RING_SECONDS: '2',
      REXIAN_VOICEMAIL_MAX_SECONDS: '4',
      REXIAN_VOICEMAIL_SILENCE_SECONDS: '1',
    });
    const telephony = server.rexian.sip?.telephony;
    assert.ok(telephony, 'the switch started');
    sw = telephony.sw;
    root = telephony.voicemailRoot;
    a = await startPhone(server, dir, '8701', 600);
    await server.createExtension('8709'); // exists, never registers
  });
  after(async () => {
    a?.peer.kill();
    b?.peer.kill();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the caller after the greeting, stores the message and lists it in the API', async () => {
    const r = await a.peer.command('dial', `sip:8709@127.0.0.1:${server.udpPort}`);
    assert.equal(r.ok, true, JSON.stringify(r));
    const row = await waitFor(
      'the voicemail row',
      async () => (await server.rexian.db.query<VoicemailRow>('SELECT * FROM voicemails')).rows[0],
      60_000,
    );
    await waitFor('the call ended', () => (sw.legCount() === 0 ? true : undefined));
    assert.equal(row.mailbox, '8709');
    assert.equal(row.caller, '8701');
    assert.equal(row.callee, '8709');
    assert.ok(row.file.startsWith('voicemail/') && row.file.endsWith('.wav'), row.file);
    // REXIAN_VOICEMAIL_MAX_SECONDS=4: the switch ends the message at the maximum length.
    assert.ok(row.duration_ms >= 3500 && row.duration_ms <= 5000, `duration ${row.duration_ms} ms`);
    const hz = await peakFrequency(join(root, row.file), 0.5, 2);
    assert.ok(Math.abs(hz - 600) < 30, `the message holds the caller's tone: ${hz} Hz`);

    await server.rexian.sip?.telephony?.runtime.flushCdrs(); // CDR writes are batched

    const cdr = (
      await server.rexian.db.query<{ answered_at: Date | null; cause: string | null; hung_up_by: string | null }>(
        'SELECT answered_at, cause, hung_up_by FROM cdrs WHERE call_id = $1',
        [row.call_id],
      )
    ).rows[0];
    assert.ok(cdr?.answered_at, 'the switch answered the caller');
    // The CDR's cause is the first hang-up: the extension's leg, which had no phone to ring.
    assert.equal(cdr?.cause, 'unavailable');

    const list = await server.api<{ items: { id: string; mailbox: string; durationMs: number }[]; total: number }>(
      'GET',
      '/api/v1/voicemails?mailbox=8709',
    );
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.deepEqual(
      list.body.items.map((v) => [v.id, v.mailbox]),
      [[row.id, '8709']],
    );
  });

  it('an access number whose target is voicemail records into its mailbox; # ends the message', async () => {
    const access = await server.api('POST', '/api/v1/access-numbers', {
      number: ACCESS_NUMBER,
      callType: 'in',
      target: { kind: 'voicemail', mailboxId: '8800' },
    });
    assert.equal(access.status, 201, JSON.stringify(access.body));
    let recording = false;
    const off = sw.bus.subscribe((e) => {
      if (e.type === 'recording.started') recording = true;
    });
    try {
      const r = await a.peer.command('dial', `sip:${ACCESS_NUMBER}@127.0.0.1:${server.udpPort}`);
      assert.equal(r.ok, true, JSON.stringify(r));
      await waitFor('the message is being recorded', () => (recording ? true : undefined), 30_000);
    } finally {
      off();
    }
    await sleep(1500);
    await a.peer.command('sndcode', '#');
    const row = await waitFor('the second voicemail row', async () => {
      const rows = await server.rexian.db.query<VoicemailRow & { access_number: string | null }>(
        "SELECT * FROM voicemails WHERE mailbox = '8800'",
      );
      return rows.rows[0];
    });
    await waitFor('the call ended', () => (sw.legCount() === 0 ? true : undefined));
    assert.equal(row.access_number, ACCESS_NUMBER);
    assert.equal(row.caller, '8701');
    // Ended by # after about 1.5 s, well before REXIAN_VOICEMAIL_MAX_SECONDS=4.
    assert.ok(row.duration_ms >= 1000 && row.duration_ms < 3500, `duration ${row.duration_ms} ms`);
    const hz = await peakFrequency(join(root, row.file), 0.2, 0.8);
    assert.ok(Math.abs(hz - 600) < 30, `the message holds the caller's tone: ${hz} Hz`);
    await server.rexian.sip?.telephony?.runtime.flushCdrs(); // CDR writes are batched
    const cdr = (
      await server.rexian.db.query<{ call_type: string; access_number: string | null }>(
        'SELECT call_type, access_number FROM cdrs WHERE call_id = $1',
        [row.call_id],
      )
    ).rows[0];
    assert.equal(cdr?.call_type, 'inbound');
    assert.equal(cdr?.access_number, ACCESS_NUMBER);
  });

  it('the message ends on silence: the stored audio is the tone without the silence, and the switch hangs up', async () => {
    const access = await server.api('POST', '/api/v1/access-numbers', {
      number: SILENT_ACCESS_NUMBER,
      callType: 'in',
      target: { kind: 'voicemail', mailboxId: '8801' },
    });
    assert.equal(access.status, 201, JSON.stringify(access.body));
    // The caller talks (600 Hz) through the greeting; when the recording starts it switches to a file of
    // 2 s of tone and then 30 s of silence, and never hangs up (REXIAN_VOICEMAIL_SILENCE_SECONDS=1).
    const caller = await startPhone(server, dir, '8702', 600);
    b = caller;
    const speech = join(dir, 'tone-then-silence.wav');
    sine(speech, 600, 2, 'wav', ['vol', '0.5', 'pad', '0', '30']);
    let recording: string | undefined;
    let stopped = false;
    const off = sw.bus.subscribe((e) => {
      if (e.type === 'recording.started') recording = e.recordingId;
      if (e.type === 'recording.stopped' && e.recordingId === recording) stopped = true;
    });
    try {
      const r = await caller.peer.command('dial', `sip:${SILENT_ACCESS_NUMBER}@127.0.0.1:${server.udpPort}`);
      assert.equal(r.ok, true, JSON.stringify(r));
      await waitFor('the message is being recorded', () => (recording ? true : undefined), 30_000);
      const switched = await caller.peer.command('ausrc', `aufile,${speech}`);
      assert.equal(switched.ok, true, JSON.stringify(switched));
      const row = await waitFor('the silent-ending voicemail row', async () => {
        const rows = await server.rexian.db.query<VoicemailRow>("SELECT * FROM voicemails WHERE mailbox = '8801'");
        return rows.rows[0];
      });
      await waitFor('the switch hung up the caller', () => (sw.legCount() === 0 ? true : undefined));
      assert.ok(stopped, 'the model saw the engine end the recording');
      // ~2 s of tone (+ the source switch, the jitter buffer and 200 ms of kept silence); the 1 s of silence
      // that ended it is trimmed, and it ended well before REXIAN_VOICEMAIL_MAX_SECONDS=4.
      assert.ok(row.duration_ms >= 2000 && row.duration_ms <= 2900, `duration ${row.duration_ms} ms`);
      const hz = await peakFrequency(join(root, row.file), 0.5, 1);
      assert.ok(Math.abs(hz - 600) < 30, `the message holds the caller's tone: ${hz} Hz`);
      const file = join(root, row.file);
      const end = row.duration_ms / 1000;
      // Trimmed: the tone lasts until ~0.2 s before the end (the kept silence), the last 150 ms are silent.
      const beforeTail = await bandRms(file, 500, 700, end - 0.5, 0.25);
      const tail = await bandRms(file, 500, 700, end - 0.15, 0.15);
      assert.ok(beforeTail > 0.1 && tail < beforeTail / 100, `tone ${beforeTail} until the last 150 ms (${tail})`);
      // CDR writes are batched, and the call's end may follow the message's row: wait for the closed CDR.
      const cdr = await waitFor('the CDR closed', async () => {
        await server.rexian.sip?.telephony?.runtime.flushCdrs();
        const r = await server.rexian.db.query<{ open: boolean; cause: string | null; hung_up_by: string | null }>(
          'SELECT open, cause, hung_up_by FROM cdrs WHERE call_id = $1',
          [row.call_id],
        );
        return r.rows[0] && !r.rows[0].open ? r.rows[0] : undefined;
      });
      assert.equal(cdr?.cause, 'normal-clearing');
      assert.equal(cdr?.hung_up_by, 'system', 'the switch hung up, not the caller');
    } finally {
      off();
    }
  });
});
