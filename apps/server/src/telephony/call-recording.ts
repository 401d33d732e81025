import { execFile } from 'node:child_process';
import { mkdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Queryable } from '@rexian/db';
import type { Logger } from '@rexian/kernel';
import { type RecordingPolicy, recordingFormatFor, recordingPath, type SipSwitch } from '@rexian/switch';

const run = promisify(execFile);

/** The global recording switch of the CTI settings (§4.6.11 全局录音开关: none / MP3 / WAV). */
async function recordingPolicy(db: Queryable): Promise<RecordingPolicy> {
  const r = await db.query<{ value: { recording?: RecordingPolicy } }>("SELECT value FROM settings WHERE key = 'cti'");
  const v = r.rows[0]?.value?.recording;
  return v === 'wav' || v === 'mp3' ? v : 'none';
}

/**
 * Records every connected call when the global switch says so: the first time a call's bridge holds two
 * parties, a two-channel recording (each party on its own channel) starts under
 * `<root>/recordings/<day>/<callId>.<wav|mp3>`; the CDR names the file. The setting is read per call, so a
 * change in the console applies to the next call.
 */
export function attachCallRecording(d: {
  sw: SipSwitch;
  db: Queryable;
  root: string;
  timeZone: string;
  log: Logger;
}): () => void {
  const started = new Set<string>();
  return d.sw.bus.subscribe((e) => {
    if (e.type === 'channel.hungup') {
      const live = d.sw.model.listChannels().some((c) => c.callId === e.callId && c.state !== 'hung-up');
      if (!live) started.delete(e.callId);
      return;
    }
    if (e.type !== 'bridge.joined' || started.has(e.callId)) return;
    const bridge = d.sw.model.bridge(e.bridgeId);
    if (bridge.members.length < 2) return;
    started.add(e.callId);
    void (async () => {
      const format = recordingFormatFor(await recordingPolicy(d.db));
      if (!format || d.sw.model.bridge(e.bridgeId).closed) return;
      const file = join(d.root, 'recordings', recordingPath({ callId: e.callId, startedAt: e.at, format, timeZone: d.timeZone }));
      await mkdir(dirname(file), { recursive: true });
      await d.sw.controller.record({ kind: 'bridge', id: e.bridgeId }, file, format);
    })().catch((error: unknown) => d.log.warn({ error, callId: e.callId }, 'call recording did not start'));
  });
}

/** MP3 recordings: the engine wrote the WAV sibling; ffmpeg (a runtime dependency) encodes it off the event loop. */
export async function finishRecording(r: { path: string; file: string; format: 'wav' | 'mp3' }): Promise<void> {
  if (r.format !== 'mp3' || r.path === r.file) return;
  await run('ffmpeg', ['-v', 'error', '-y', '-i', r.path, '-codec:a', 'libmp3lame', '-q:a', '5', r.file]);
  await unlink(r.path);
}
