import { execFile } from 'node:child_process';
import { mkdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Queryable } from '@rexian/db';
import type { Logger } from '@rexian/kernel';
import { type RecordingOverride, type RecordingPolicy, recordingFormatFor, recordingPath, type SipSwitch } from '@rexian/switch';
import type { CallRecordingState } from './telephony-runtime.ts';

const run = promisify(execFile);

/** The global recording switch of the CTI settings (§4.6.11 全局录音开关: none / MP3 / WAV). */
async function recordingPolicy(db: Queryable): Promise<RecordingPolicy> {
  const r = await db.query<{ value: { recording?: RecordingPolicy } }>("SELECT value FROM settings WHERE key = 'cti'");
  const v = r.rows[0]?.value?.recording;
  return v === 'wav' || v === 'mp3' ? v : 'none';
}

export interface CallRecordings {
  /**
   * Per-call recording (§4.6.11's switch overridden for one call): `true` starts a two-channel recording
   * of the call's bridge now (or as soon as its parties are connected), `false` stops it and keeps the
   * global switch from starting one. Starting again after a stop writes a new file (`<callId>-2`, …);
   * the CDR names the latest.
   */
  set(callId: string, on: boolean): Promise<CallRecordingState>;
  state(callId: string): CallRecordingState;
  stop(): void;
}

/**
 * Records connected calls: when a call's bridge first holds two parties, a two-channel recording (each
 * party on its own channel) starts under `<root>/recordings/<day>/<callId>.<wav|mp3>` if the global switch
 * or the call's own override says so; the CDR names the file. The setting is read per call, so a change in
 * the console applies to the next call.
 */
export function createCallRecordings(d: {
  sw: SipSwitch;
  db: Queryable;
  root: string;
  timeZone: string;
  log: Logger;
}): CallRecordings {
  const overrides = new Map<string, RecordingOverride>();
  /** Calls whose automatic recording was decided (so a transfer's new bridge does not start a second one). */
  const decided = new Set<string>();
  const files = new Map<string, number>();

  const active = (callId: string) =>
    d.sw.model.activeRecordings().filter((r) => r.callId === callId && r.target.kind === 'bridge');
  const liveChannels = (callId: string) => d.sw.model.channelsOfCall(callId).filter((c) => c.state !== 'hung-up');
  /** The call's bridge once it joins two live parties (a bridge's id is on its channels). */
  const connectedBridge = (callId: string) => {
    for (const id of new Set(liveChannels(callId).map((c) => c.bridgeId))) {
      if (id === undefined) continue;
      const b = d.sw.model.bridge(id);
      if (!b.closed && b.members.length >= 2) return b;
    }
    return undefined;
  };

  async function start(callId: string, bridgeId: string, at: number, format: 'wav' | 'mp3'): Promise<void> {
    const n = (files.get(callId) ?? 0) + 1;
    files.set(callId, n);
    const name = n === 1 ? callId : `${callId}-${n}`;
    const file = join(d.root, 'recordings', recordingPath({ callId: name, startedAt: at, format, timeZone: d.timeZone }));
    await mkdir(dirname(file), { recursive: true });
    if (d.sw.model.bridge(bridgeId).closed || active(callId).length > 0) return;
    await d.sw.controller.record({ kind: 'bridge', id: bridgeId }, file, format);
  }

  const state = (callId: string): CallRecordingState => {
    const r = active(callId)[0];
    return {
      recording: r !== undefined,
      file: r ? (r.file.startsWith(`${d.root}/`) ? r.file.slice(d.root.length + 1) : r.file) : null,
      override: overrides.get(callId) ?? 'default',
    };
  };

  const unsubscribe = d.sw.bus.subscribe((e) => {
    if (e.type === 'channel.hungup') {
      if (liveChannels(e.callId).length === 0) {
        decided.delete(e.callId);
        overrides.delete(e.callId);
        files.delete(e.callId);
      }
      return;
    }
    if (e.type !== 'bridge.joined' || decided.has(e.callId)) return;
    const bridge = d.sw.model.bridge(e.bridgeId);
    if (bridge.members.length < 2) return;
    decided.add(e.callId);
    void (async () => {
      const format = recordingFormatFor(await recordingPolicy(d.db), overrides.get(e.callId));
      if (format) await start(e.callId, e.bridgeId, e.at, format);
    })().catch((error: unknown) => d.log.warn({ error, callId: e.callId }, 'call recording did not start'));
  });

  return {
    state,
    async set(callId, on) {
      overrides.set(callId, on ? 'on' : 'off');
      if (!on) {
        for (const r of active(callId)) await d.sw.controller.stopRecording(r.id);
        return state(callId);
      }
      if (active(callId).length > 0) return state(callId);
      const bridge = connectedBridge(callId);
      if (bridge) {
        decided.add(callId);
        const format = recordingFormatFor(await recordingPolicy(d.db), 'on') ?? 'wav';
        await start(callId, bridge.id, d.sw.clock.now(), format);
      }
      // Not connected yet: the first two-party join starts it (the override is read there).
      return state(callId);
    },
    stop: unsubscribe,
  };
}

/** MP3 recordings: the engine wrote the WAV sibling; ffmpeg (a runtime dependency) encodes it off the event loop. */
export async function finishRecording(r: { path: string; file: string; format: 'wav' | 'mp3' }): Promise<void> {
  if (r.format !== 'mp3' || r.path === r.file) return;
  await run('ffmpeg', ['-v', 'error', '-y', '-i', r.path, '-codec:a', 'libmp3lame', '-q:a', '5', r.file]);
  await unlink(r.path);
}
