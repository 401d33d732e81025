import { readFile } from 'node:fs/promises';
import { type Clock, type Logger, newId, nullLogger } from '@rexian/kernel';
import type { CallController, CallEventBus, CallModel, ChannelSnapshot, HangupCause } from '@rexian/switch';
import {
  type CallInfo,
  type Channel,
  type CollectRequest,
  type CollectResult,
  DigitCollector,
  type Fetcher,
  type PlayRequest,
  type PromptSegment,
  type RecordRequest,
  type RecordResult,
  type TransferOutcome,
  type TransferRequest,
  type TransferResult,
  type TtsProvider,
  wavInfo,
} from '@rexian/vxml';
import type { IvrDestination, IvrRoutes, PromptRegistry } from './ivr-ports.ts';
import { silenceWav, toneWav } from './wav.ts';

export interface SwitchIvrChannelDeps {
  controller: CallController;
  bus: CallEventBus;
  model: Pick<CallModel, 'findChannel'>;
  clock: Clock;
  channelId: string;
  call: CallInfo;
  /** The runner's fetcher: `<audio src>` bytes. */
  fetcher: Fetcher;
  tts: TtsProvider;
  prompts: PromptRegistry;
  routes: IvrRoutes;
  /** Absolute path for a `<record>` of this call (a new one each time). */
  recordingPath(): string;
  logger?: Logger;
}

const AUDIO_FETCH_TIMEOUT_MS = 5000;

/** Why a hand-off is waiting: the IVR session ended with a transfer the route now carries out. */
type HandOff = () => Promise<void>;

/** tel:/sip: destination → the dialled number (user part, visual separators removed). */
export function numberOfDestination(dest: string): string | undefined {
  const m = /^(?:tel:|sips?:)([^@;?]+)/.exec(dest);
  const n = m?.[1]?.replace(/[-.() ]/g, '');
  return n && /^\+?[0-9*#]{1,32}$/.test(n) ? n : undefined;
}

/** VoiceXML 2.0 §2.3.7.2.2: a bridged transfer that did not connect, by the far leg's hang-up cause. */
function failedOutcome(cause: HangupCause | undefined): TransferOutcome {
  if (cause === 'busy') return 'busy';
  if (cause === 'no-answer') return 'noanswer';
  if (cause === 'congestion' || cause === 'unavailable') return 'network_busy';
  return 'unknown';
}

/**
 * vxml's `Channel` over one switch channel (issue 8 §2): prompts through the controller's `play` (bytes
 * registered in the `PromptRegistry`), DTMF from the bus's `dtmf.received` into vxml's `DigitCollector`,
 * `<record>` through the controller's mono recording, transfers through `IvrRoutes` or a dialled and
 * bridged leg. The caller is answered lazily, on the first prompt, collect, record or transfer, so an
 * IVR number that does not exist can still be refused before answer.
 */
export class SwitchIvrChannel implements Channel {
  readonly call: CallInfo;
  private readonly d: SwitchIvrChannelDeps;
  private readonly log: Logger;
  /** Type-ahead: keys pressed between collects (and those that barged into a plain play). */
  private buffer: string[] = [];
  private collector: DigitCollector | undefined;
  /** The playback in progress: a key stops a bargeable one; keys are dropped during one without barge-in (VoiceXML 2.0 §4.1.5). */
  private playing: { id: string; bargein: boolean; stopped: boolean } | undefined;
  /** A `<record>` takes the keys itself (the terminating key is not type-ahead). */
  private recording = false;
  /** Keys taken so far (a prompt being prepared checks whether one came meanwhile). */
  private keys = 0;
  private hungUp = false;
  private readonly hangupWaiters = new Set<() => void>();
  private readonly off: () => void;
  private handOff: HandOff | undefined;

  constructor(deps: SwitchIvrChannelDeps) {
    this.d = deps;
    this.call = deps.call;
    this.log = (deps.logger ?? nullLogger).child({ callId: deps.call.callId, channelId: deps.channelId });
    this.off = deps.bus.subscribe((e) => {
      if (e.type === 'dtmf.received' && e.channelId === deps.channelId) this.onDigit(e.digit);
      else if (e.type === 'channel.hungup' && e.channelId === deps.channelId) this.onHangup();
    });
    const now = deps.model.findChannel(deps.channelId);
    if (!now || now.state === 'hung-up') this.hungUp = true;
  }

  /** The transfer the session ended with, to run once the session is over (see `runIvrCall`). */
  takeHandOff(): HandOff | undefined {
    const h = this.handOff;
    this.handOff = undefined;
    return h;
  }

  get callerLeft(): boolean {
    return this.hungUp;
  }

  /** Stops listening to the bus (the session is over). */
  close(): void {
    this.off();
    this.collector = undefined;
  }

  private onDigit(digit: string): void {
    if (this.recording || (this.playing && !this.playing.bargein)) return;
    this.keys++;
    const c = this.collector;
    if (c && !c.finished) c.digit(digit);
    else this.buffer.push(digit);
    this.bargeIn();
  }

  private bargeIn(): void {
    const p = this.playing;
    if (!p?.bargein || p.stopped) return;
    p.stopped = true;
    this.d.controller.stopPlayback(p.id).catch((error: unknown) => this.log.warn({ error }, 'IVR barge-in: stop failed'));
  }

  private onHangup(): void {
    this.hungUp = true;
    this.collector?.hangup();
    for (const w of [...this.hangupWaiters]) w();
  }

  /** Resolves when the caller hangs up (or at once if gone); the returned function cancels the wait. */
  private onCallerHangup(fn: () => void): () => void {
    if (this.hungUp) {
      fn();
      return () => {};
    }
    this.hangupWaiters.add(fn);
    return () => this.hangupWaiters.delete(fn);
  }

  private snapshot(): ChannelSnapshot | undefined {
    return this.d.model.findChannel(this.d.channelId);
  }

  private async ensureAnswered(): Promise<boolean> {
    const c = this.snapshot();
    if (!c || c.state === 'hung-up' || this.hungUp) return false;
    if (c.state === 'created' || c.state === 'ringing-in' || c.state === 'early-media') {
      await this.d.controller.answer(this.d.channelId);
    }
    return !this.hungUp;
  }

  // ---- prompts ---------------------------------------------------------------------------------------

  private async segmentBytes(s: PromptSegment): Promise<Uint8Array | undefined> {
    if (s.kind === 'silence') return s.ms > 0 ? silenceWav(s.ms) : undefined;
    if (s.kind === 'tts') {
      const r = await this.d.tts.synthesize({ text: s.text });
      if (!r.ok) this.log.warn({ error: r.error.message }, 'IVR TTS failed; segment skipped');
      return r.ok ? r.value : undefined;
    }
    if (s.bytes) return s.bytes;
    const r = await this.d.fetcher.fetch({ url: s.src, method: 'get', kind: 'audio', timeoutMs: AUDIO_FETCH_TIMEOUT_MS });
    if (!r.ok) this.log.warn({ src: s.src, error: r.error.message }, 'IVR audio fetch failed; segment skipped');
    return r.ok ? r.value.body : undefined;
  }

  /** Plays the segments as one playback; with barge-in a key stops it. */
  private async playSegments(req: PlayRequest, extra: Uint8Array[] = []): Promise<'done' | 'hangup'> {
    const held: { name: string; release(): void }[] = [];
    const playbackId = newId();
    const keysBefore = this.keys;
    try {
      for (const s of req.segments) {
        const bytes = await this.segmentBytes(s);
        if (bytes) held.push(this.d.prompts.acquire(bytes));
      }
      for (const bytes of extra) held.push(this.d.prompts.acquire(bytes));
      if (this.hungUp) return 'hangup';
      // A key pressed while the audio was being prepared barges in before the prompt starts.
      if (held.length === 0 || (req.bargein && this.keys !== keysBefore)) return 'done';
      this.playing = { id: playbackId, bargein: req.bargein, stopped: false };
      const played = await this.d.controller
        .play(
          this.d.channelId,
          held.map((h) => h.name),
          { playbackId },
        )
        .catch((error: unknown) => {
          if (this.hungUp) return false;
          throw error;
        });
      return played && !this.hungUp ? 'done' : 'hangup';
    } finally {
      // Only this playback's own state: a barged prompt ends after the next one may have started.
      if (this.playing?.id === playbackId) this.playing = undefined;
      for (const h of held) h.release();
    }
  }

  async play(req: PlayRequest): Promise<'done' | 'hangup'> {
    if (!(await this.ensureAnswered())) return 'hangup';
    // Type-ahead barges into a bargeable prompt before it starts.
    if (req.bargein && this.buffer.length > 0) return 'done';
    if (!req.bargein) this.buffer = [];
    return this.playSegments(req);
  }

  // ---- collect ---------------------------------------------------------------------------------------

  async collect(req: CollectRequest): Promise<CollectResult> {
    if (!(await this.ensureAnswered())) return { kind: 'hangup' };
    return new Promise<CollectResult>((resolve) => {
      const collector = new DigitCollector(req, this.d.clock, (r) => {
        if (this.collector === collector) this.collector = undefined;
        // Ends a barge-in prompt still playing (a complete match by the first key, a hang-up).
        this.bargeIn();
        resolve(r);
      });
      this.collector = collector;
      if (this.hungUp) {
        collector.hangup();
        return;
      }
      const prompts = req.prompts && req.prompts.segments.length > 0 ? req.prompts : undefined;
      const typed = this.buffer;
      this.buffer = [];
      // Type-ahead counts as input (and skips bargeable prompts); a prompt without barge-in drops it.
      const useTyped = !prompts || prompts.bargein;
      if (useTyped) for (const k of typed) collector.digit(k);
      if (collector.finished) return;
      if (!prompts || (useTyped && typed.length > 0)) {
        collector.start();
        return;
      }
      this.playSegments(prompts).then(
        (r) => {
          if (r === 'hangup') collector.hangup();
          else collector.start();
        },
        (error: unknown) => {
          this.log.warn({ error }, 'IVR prompt failed during collect');
          collector.start();
        },
      );
    });
  }

  // ---- record ----------------------------------------------------------------------------------------

  async record(req: RecordRequest): Promise<RecordResult> {
    if (!(await this.ensureAnswered())) return { kind: 'hangup' };
    if (req.prompts && req.prompts.segments.length > 0) {
      if ((await this.playSegments(req.prompts)) === 'hangup') return { kind: 'hangup' };
    }
    if (req.beep && (await this.playSegments({ segments: [], bargein: false }, [toneWav(1000, 300)])) === 'hangup') {
      return { kind: 'hangup' };
    }
    this.buffer = [];
    const file = this.d.recordingPath();
    type End = { why: 'dtmf'; key: string } | { why: 'max' } | { why: 'hangup' } | { why: 'engine' };
    let recordingId: string | undefined;
    let end: ((e: End) => void) | undefined;
    const ended = new Promise<End>((r) => {
      end = r;
    });
    const offBus = this.d.bus.subscribe((e) => {
      if (e.type === 'dtmf.received' && e.channelId === this.d.channelId && req.dtmfTerm) end?.({ why: 'dtmf', key: e.digit });
      if (e.type === 'recording.stopped' && e.recordingId === recordingId) end?.({ why: 'engine' });
    });
    const offHangup = this.onCallerHangup(() => end?.({ why: 'hangup' }));
    const timer = req.maxTimeMs > 0 ? this.d.clock.setTimeout(() => end?.({ why: 'max' }), req.maxTimeMs) : undefined;
    this.recording = true;
    try {
      recordingId = await this.d.controller.record({ kind: 'channel', id: this.d.channelId }, file, 'wav', {
        channels: 1,
        ...(req.finalSilenceMs > 0 ? { stopOnSilence: { silenceMs: req.finalSilenceMs } } : {}),
      });
      const why = await ended;
      if (why.why === 'hangup') return { kind: 'hangup' };
      if (why.why !== 'engine') await this.d.controller.stopRecording(recordingId).catch(() => {});
      const bytes = await readFile(file).catch(() => undefined);
      const info = bytes ? wavInfo(bytes) : undefined;
      if (!bytes || !info || info.dataBytes === 0) return { kind: 'noinput' };
      const durationMs = Math.round((info.dataBytes * 1000) / (info.sampleRate * (info.bits / 8) * info.channels));
      return {
        kind: 'recorded',
        ref: file,
        durationMs,
        sizeBytes: bytes.length,
        ...(why.why === 'dtmf' ? { termChar: why.key } : {}),
        maxTimeReached: why.why === 'max',
      };
    } finally {
      this.recording = false;
      this.d.clock.clearTimeout(timer);
      offHangup();
      offBus();
    }
  }

  // ---- transfer --------------------------------------------------------------------------------------

  async transfer(req: TransferRequest): Promise<TransferResult> {
    const start = this.d.clock.now();
    const done = (outcome: TransferOutcome): TransferResult => ({ outcome, durationMs: this.d.clock.now() - start });
    if (!(await this.ensureAnswered())) return done('hangup');
    const channel = this.snapshot();
    if (!channel) return done('hangup');
    const scheme = /^(queue|ivr|voicemail):(.+)$/.exec(req.dest);
    const number = scheme ? undefined : numberOfDestination(req.dest);
    let dest: IvrDestination | undefined;
    if (scheme) dest = { kind: scheme[1] as 'queue' | 'ivr' | 'voicemail', target: scheme[2] as string };
    else if (number !== undefined && req.mode === 'blind') dest = { kind: 'number', target: number };
    if (dest) {
      if (scheme && req.mode !== 'blind')
        this.log.info({ dest: req.dest, mode: req.mode }, 'IVR transfer to an application is blind');
      const r = await this.d.routes.route(dest, channel);
      if (r.kind === 'noroute') {
        this.log.info({ dest: req.dest, reason: r.reason }, 'IVR transfer: no route');
        return done('noroute');
      }
      if (this.hungUp) return done('hangup');
      this.handOff = r.run;
      return done('transferred');
    }
    if (number === undefined) {
      this.log.info({ dest: req.dest }, 'IVR transfer: not a number');
      return done('noroute');
    }
    return this.bridgeTo(number, req, channel, start);
  }

  /** Bridged (and consultation) transfer: dial, connect, and come back to the IVR when the far end leaves. */
  private async bridgeTo(number: string, req: TransferRequest, caller: ChannelSnapshot, start: number): Promise<TransferResult> {
    const c = this.d.controller;
    const done = (outcome: TransferOutcome): TransferResult => ({ outcome, durationMs: this.d.clock.now() - start });
    const target = await this.d.routes.dialTarget(number, caller);
    if (!target) {
      this.log.info({ number }, 'IVR bridged transfer: no route for the number');
      return done('noroute');
    }
    let leg: ChannelSnapshot;
    try {
      leg = await c.originate({
        callId: caller.callId,
        destination: target.destination,
        callerId: target.callerId ?? caller.caller,
        role: 'transfer-target',
        ...(target.trunkId === undefined ? {} : { trunkId: target.trunkId }),
      });
    } catch (error) {
      this.log.warn({ error, number }, 'IVR bridged transfer: originate failed');
      return done('unknown');
    }
    const legId = leg.id;
    const legUp = () => {
      const s = this.d.model.findChannel(legId);
      return s !== undefined && s.state !== 'hung-up';
    };
    // Phase 1: ringing, until answer, failure, connect time-out or the caller leaving.
    type Ring = { kind: 'answered' } | { kind: 'failed'; cause: HangupCause | undefined } | { kind: 'caller-left' };
    const ring = await new Promise<Ring>((resolve) => {
      const check = (): Ring | undefined => {
        const s = this.d.model.findChannel(legId);
        if (!s || s.state === 'hung-up') return { kind: 'failed', cause: s?.cause };
        if (s.state === 'answered' || s.state === 'on-hold') return { kind: 'answered' };
        return undefined;
      };
      const now = check();
      if (now) {
        resolve(now);
        return;
      }
      const finish = (r: Ring) => {
        this.d.clock.clearTimeout(timer);
        off();
        offHangup();
        resolve(r);
      };
      const timer = this.d.clock.setTimeout(() => {
        c.hangup(legId, 'no-answer').catch(() => {});
      }, req.connectTimeoutMs);
      const off = this.d.bus.subscribe((e) => {
        if ((e.type === 'channel.answered' || e.type === 'channel.hungup') && e.channelId === legId) {
          const r = check();
          if (r) finish(r);
        }
      });
      const offHangup = this.onCallerHangup(() => finish({ kind: 'caller-left' }));
    });
    if (ring.kind === 'caller-left') {
      if (legUp()) await c.hangup(legId, 'cancelled').catch(() => {});
      return done('hangup');
    }
    if (ring.kind === 'failed') return done(failedOutcome(ring.cause));
    // Phase 2: connected, until one side leaves or the maximum time passes.
    type Talk = 'far' | 'near-hangup' | 'maxtime';
    let bridgeId: string | undefined;
    const talk = new Promise<Talk>((resolve) => {
      const finish = (t: Talk) => {
        this.d.clock.clearTimeout(timer);
        off();
        offHangup();
        resolve(t);
      };
      const timer =
        req.maxTimeMs > 0
          ? this.d.clock.setTimeout(() => {
              finish('maxtime');
            }, req.maxTimeMs)
          : undefined;
      const off = this.d.bus.subscribe((e) => {
        if (e.type !== 'channel.hungup' || e.channelId !== legId) return;
        // Synchronously, before the switch's two-party teardown runs: the caller leaves the bridge and
        // stays in the IVR.
        if (!this.hungUp && bridgeId !== undefined) c.unbridge(this.d.channelId).catch(() => {});
        finish('far');
      });
      const offHangup = this.onCallerHangup(() => finish('near-hangup'));
    });
    try {
      bridgeId = await c.bridge([this.d.channelId, legId]);
    } catch (error) {
      this.log.warn({ error, number }, 'IVR bridged transfer: bridge failed');
      if (legUp()) await c.hangup(legId, 'failed').catch(() => {});
      return done('unknown');
    }
    if (!legUp() && !this.hungUp) await c.unbridge(this.d.channelId).catch(() => {});
    const how = await talk;
    if (how === 'near-hangup') return done('hangup');
    if (how === 'maxtime') {
      await c.unbridge(this.d.channelId).catch(() => {});
      if (legUp()) await c.hangup(legId, 'normal-clearing').catch(() => {});
      return done('maxtime_disconnect');
    }
    const b = this.d.model.findChannel(this.d.channelId);
    if (b?.bridgeId !== undefined && !this.hungUp) await c.unbridge(this.d.channelId).catch(() => {});
    return done(this.hungUp ? 'hangup' : 'far_end_disconnect');
  }

  // ---- hangup ----------------------------------------------------------------------------------------

  async hangup(): Promise<void> {
    await this.end('normal-clearing');
  }

  /** Hangs up with a cause unless the caller already left. Idempotent. */
  async end(cause: HangupCause): Promise<void> {
    const c = this.snapshot();
    if (this.hungUp || !c || c.state === 'hung-up') return;
    this.hungUp = true;
    await this.d.controller.hangup(this.d.channelId, cause).catch((error: unknown) => {
      if (this.snapshot()?.state !== 'hung-up') this.log.warn({ error }, 'IVR hang-up failed');
    });
  }
}
