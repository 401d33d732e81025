import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Queryable } from '@rexian/db';
import { type Logger, newId } from '@rexian/kernel';
import { type EngineEvent, type MediaEngine, writeWav } from '@rexian/media';
import { type ChannelSnapshot, recordingPath, type SipSwitch } from '@rexian/switch';
import { createEspeakTts, type TtsProvider } from '@rexian/vxml';
import { createVoicemailStore } from '../modules/voicemails/voicemail.store.ts';

/** What the caller hears before the beep (read by espeak-ng's Mandarin voice). */
export const VOICEMAIL_GREETING = '您好，您呼叫的用户暂时无法接听，请在提示音后留言，留言完毕请挂机或按井号键。';

/** Messages shorter than this are hang-ups after the beep, not messages (Asterisk's `minsecs`). */
const MIN_MESSAGE_MS = 1000;

export interface VoicemailDeps {
  sw: () => SipSwitch;
  db: Queryable;
  log: Logger;
  /** The engine's events tell when a recording's file is complete. */
  media: Pick<MediaEngine, 'events'>;
  /** Absolute folder the messages are written under; the database keeps paths relative to it. */
  root: string;
  /** Longest message (REXIAN_VOICEMAIL_MAX_SECONDS). */
  maxSeconds: number;
  /**
   * REXIAN_VOICEMAIL_SILENCE_SECONDS: the message ends after this much silence following speech, or when
   * nothing was said this long; the engine trims the trailing silence. 0 = off.
   */
  silenceSeconds?: number;
  timeZone: string;
  now: () => number;
  /** Default: espeak-ng; when it fails the greeting is a tone. */
  tts?: TtsProvider;
}

/** Why a message ended. */
type Ending = 'hangup' | 'dtmf' | 'silence' | 'max';

export interface VoicemailMessage {
  /** Who the message is for: the extension number, or the access number target's mailbox id. */
  mailbox: string;
  accessNumber?: string | undefined;
}

export interface VoicemailApp {
  /**
   * Answers the caller, plays the greeting and a beep, records the caller (mono WAV) until they hang up,
   * press #, fall silent, or the maximum length passes, then stores the message (`voicemails` row + file).
   */
  leave(channel: ChannelSnapshot, message: VoicemailMessage): Promise<void>;
}

/** A sine tone as 8 kHz mono 16-bit WAV bytes (the beep, and the greeting when TTS is unavailable). */
function toneWav(hz: number, ms: number, gapMs = 0, repeat = 1): Uint8Array {
  const rate = 8000;
  const on = Math.round((rate * ms) / 1000);
  const off = Math.round((rate * gapMs) / 1000);
  const samples = new Int16Array((on + off) * repeat);
  for (let r = 0; r < repeat; r++) {
    for (let i = 0; i < on; i++) samples[r * (on + off) + i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / rate));
  }
  return writeWav({ sampleRate: rate, channels: [samples], encoding: 'pcm16' });
}

/**
 * The voicemail application (issue 5, §4.7.4): where the dial plan sends a caller whose extension does
 * not answer or has no phone, and callers of an access number whose target is voicemail. A message ends
 * on hang-up, on #, on silence (the media engine's `stopOnSilence`), or at the maximum length; in every
 * case but the hang-up the switch then hangs up.
 */
export function createVoicemailApp(d: VoicemailDeps): VoicemailApp {
  const store = createVoicemailStore(d.db);
  const tts = d.tts ?? createEspeakTts();
  let prompts: Promise<string[]> | undefined;

  /** The greeting and beep files, made once per process under `<root>/voicemail/prompts`. */
  const greeting = (): Promise<string[]> => {
    prompts ??= (async () => {
      const dir = join(d.root, 'voicemail', 'prompts');
      await mkdir(dir, { recursive: true });
      const speech = join(dir, 'greeting.wav');
      const spoken = await tts.synthesize({ text: VOICEMAIL_GREETING });
      if (spoken.ok) await writeFile(speech, spoken.value);
      else {
        d.log.warn({ error: spoken.error.message }, 'voicemail greeting: TTS unavailable, playing a tone instead');
        await writeFile(speech, toneWav(425, 400, 400, 3));
      }
      const beep = join(dir, 'beep.wav');
      await writeFile(beep, toneWav(1000, 400, 100));
      return [speech, beep];
    })().catch((error: unknown) => {
      prompts = undefined;
      throw error;
    });
    return prompts;
  };

  return {
    async leave(channel, message) {
      const sw = d.sw();
      const c = sw.controller;
      const live = () => {
        const ch = sw.model.findChannel(channel.id);
        return ch !== undefined && ch.state !== 'hung-up';
      };
      if (!live()) return;
      const now = sw.model.findChannel(channel.id);
      if (now?.state !== 'answered') await c.answer(channel.id);
      const heard = await c.play(channel.id, await greeting());
      if (!heard || !live()) return; // hung up during the greeting: no message

      const id = newId();
      const startedAt = d.now();
      const file = `voicemail/${recordingPath({ callId: id, startedAt, format: 'wav', timeZone: d.timeZone })}`;
      const path = resolve(d.root, file);
      await mkdir(dirname(path), { recursive: true });

      // The file is complete when the engine says so (the WAV header is written last).
      const finished = new Map<string, Extract<EngineEvent, { event: 'recordFinished' }>>();
      let onFinished: ((e: Extract<EngineEvent, { event: 'recordFinished' }>) => void) | undefined;
      let recordingId: string | undefined;
      const offMedia = d.media.events.on('event', (e: EngineEvent) => {
        if (e.event !== 'recordFinished') return;
        if (e.id === recordingId) onFinished?.(e);
        else finished.set(e.id, e);
      });
      let end: ((why: Ending) => void) | undefined;
      const ended = new Promise<Ending>((r) => {
        end = r;
      });
      const offBus = sw.bus.subscribe((e) => {
        if (e.type === 'channel.hungup' && e.channelId === channel.id) end?.('hangup');
        if (e.type === 'dtmf.received' && e.channelId === channel.id && e.digit === '#') end?.('dtmf');
      });
      const offTimers: (() => void)[] = [];
      const timer = sw.clock.setTimeout(() => end?.('max'), d.maxSeconds * 1000);
      try {
        let giveUp: (() => void) | undefined;
        const done = new Promise<number | undefined>((r) => {
          onFinished = (e) => {
            // Ended by the engine: the caller fell silent (or never spoke); the trailing silence is trimmed.
            if (e.reason !== 'stopped') end?.('silence');
            r(e.durationMs);
          };
          giveUp = () => r(undefined);
        });
        const silenceMs = (d.silenceSeconds ?? 0) * 1000;
        recordingId = await c.record({ kind: 'channel', id: channel.id }, path, 'wav', {
          channels: 1,
          // Like Asterisk's voicemail: silence ends the message, and so does saying nothing at all.
          ...(silenceMs > 0 ? { stopOnSilence: { silenceMs, noSpeechMs: silenceMs } } : {}),
        });
        const early = finished.get(recordingId);
        if (early !== undefined) onFinished?.(early);
        if (!live()) end?.('hangup');
        const why = await ended;
        // The engine reports the finished file; if that report never comes, the message is still kept.
        const wait = sw.clock.setTimeout(() => giveUp?.(), 10_000);
        offTimers.push(() => sw.clock.clearTimeout(wait));
        if (why === 'dtmf' || why === 'max') await c.stopRecording(recordingId).catch(() => {});
        const durationMs = (await done) ?? d.now() - startedAt;
        if (why !== 'hangup' && live()) await c.hangup(channel.id, 'normal-clearing').catch(() => {});
        if (durationMs < MIN_MESSAGE_MS) {
          await rm(path, { force: true });
          d.log.info({ callId: channel.callId, durationMs }, 'voicemail too short; discarded');
          return;
        }
        await store.create({
          id,
          callId: channel.callId,
          mailbox: message.mailbox,
          caller: channel.caller,
          callee: channel.callee,
          accessNumber: message.accessNumber,
          file,
          durationMs,
          createdAt: startedAt,
        });
        d.log.info({ callId: channel.callId, mailbox: message.mailbox, durationMs, ended: why }, 'voicemail stored');
      } finally {
        sw.clock.clearTimeout(timer);
        for (const off of offTimers) off();
        offBus();
        offMedia();
      }
    },
  };
}
