import { mkdtemp, readFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '@rexian/config';
import { createPromptRegistry, MEM_PROMPT_PREFIX } from '@rexian/cti';
import type { Database } from '@rexian/db';
import type { Clock, Logger } from '@rexian/kernel';
import { loadPrompt, MediaEngine, type Prompt } from '@rexian/media';
import type { BindingStore, Endpoint, TransactionLayer, Transport, TransportProtocol } from '@rexian/sip';
import {
  type CdrStore,
  closeCrashedCdrs,
  createCallEventBus,
  createCdrRecorder,
  createSipSwitch,
  matchInboundTrunk,
  type SipSwitch,
  type SipTarget,
} from '@rexian/switch';
import { createEspeakTts } from '@rexian/vxml';
import { createCtiEventLog } from '../cti/cti-event-log.ts';
import { type CtiRuntime, startCti } from '../cti/cti-runtime.ts';
import { mediaRootOf } from '../modules/cdrs/media-file.ts';
import { createDialplanReader, type DialplanSnapshot } from '../modules/dialplan/dialplan.repository.ts';
import { createCallRecordings, finishRecording } from './call-recording.ts';
import { connectToExtension, createDialPlan, isExtension } from './dial-plan.ts';
import { createIvrApp } from './ivr-app.ts';
import { activeChannelsByTrunk, createTrunkAttempts, originateOutbound, planOutbound, trunkTarget } from './outbound.ts';
import type { TelephonyRuntime, TrunkRuntimeStatus } from './telephony-runtime.ts';
import { createTrunkRegistrations } from './trunk-registrations.ts';
import { createVoicemailApp } from './voicemail.ts';

export interface Telephony {
  readonly sw: SipSwitch;
  readonly media: MediaEngine;
  readonly runtime: TelephonyRuntime;
  /** Where voicemail files are written (the data folder; a temporary folder for an in-memory installation). */
  readonly voicemailRoot: string;
  /** An IP-authenticated trunk the source belongs to ("trunk:<id>"), for the SIP service's trust check. */
  trustedSource(address: string): string | null;
  stop(): Promise<void>;
}

export interface TelephonyDeps {
  config: Config;
  db: Database;
  clock: Clock;
  log: Logger;
  layer: TransactionLayer;
  transports: readonly Transport[];
  endpoints: readonly (Endpoint & { protocol: TransportProtocol })[];
  sipHost: string;
  bindings: BindingStore;
  cdrs: CdrStore & { lastSeq(): Promise<number> };
}

/** How long CDR changes wait to be written together (a killed process loses at most this much of them). */
const CDR_BATCH_MS = 50;

/** Where an extension is: its registered contacts, the most recently refreshed first. */
function extensionLocator(bindings: BindingStore, realm: string, clock: Clock) {
  return async (destination: string): Promise<SipTarget[]> => {
    if (!/^[0-9]{1,16}$/.test(destination)) return [];
    const now = clock.now();
    const live = (await bindings.list(`sip:${destination}@${realm}`)).filter((b) => b.expiresAt > now);
    live.sort((a, b) => b.updatedAt - a.updatedAt);
    return live.map((b) => ({
      uri: b.contact,
      next: { protocol: b.source.protocol as TransportProtocol, address: b.source.address, port: b.source.port },
    }));
  };
}

/**
 * The running switch inside the server: media workers, the SIP switch over the edge's transaction layer,
 * the dial plan and the CDR writer. Calls left open by a crash are closed first ("system restart"), so
 * the CDR list never shows a call that can no longer end.
 */
export async function startTelephony(d: TelephonyDeps): Promise<Telephony> {
  const { config, clock, log } = d;
  const open = await d.cdrs.listOpen();
  for (const closed of closeCrashedCdrs(open, clock.now())) await d.cdrs.save(closed);
  if (open.length > 0) log.warn({ calls: open.length }, 'calls left open by a restart closed as system-restart');

  const m = config.media;
  const mediaAddress = m.rtpHost ?? (d.sipHost === '0.0.0.0' ? '127.0.0.1' : d.sipHost);
  const media = await MediaEngine.start({
    workers: m.workers ?? Math.max(1, Math.min(4, cpus().length)),
    portRange: { min: m.rtpPortMin, max: m.rtpPortMax },
  });
  const reader = createDialplanReader(d.db);
  let plan: DialplanSnapshot = await reader.load();
  const local = d.endpoints.map((e) => ({ protocol: e.protocol, host: d.sipHost, port: e.port }));
  // Register-mode trunks register with their carriers now and follow every dial plan reload.
  const registrations = createTrunkRegistrations({ clock, log, layer: d.layer, transports: d.transports, local });
  registrations.sync(plan.trunks);
  let loading: Promise<DialplanSnapshot> | undefined;
  const dialplan = () => loading ?? Promise.resolve(plan);
  const reload = () => {
    loading = reader.load().then(
      (p) => {
        plan = p;
        registrations.sync(p.trunks);
        loading = undefined;
        return p;
      },
      (error: unknown) => {
        log.error({ error }, 'dial plan reload failed; keeping the previous one');
        loading = undefined;
        return plan;
      },
    );
  };
  const prompts = new Map<string, Prompt>();
  // Sequence numbers continue after the last stored event, so replays never skip a new call's events.
  const bus = createCallEventBus({
    clock,
    startSeq: await d.cdrs.lastSeq(),
    onListenerError: (error) => log.error({ error }, 'call event listener threw'),
  });
  let sw: SipSwitch | undefined;
  const voicemailRoot = mediaRootOf(config) ?? (await mkdtemp(join(tmpdir(), 'rexian-voicemail-')));
  const voicemail = m.voicemail
    ? createVoicemailApp({
        sw: () => sw as SipSwitch,
        db: d.db,
        log,
        media,
        root: voicemailRoot,
        maxSeconds: m.voicemailMaxSeconds,
        silenceSeconds: m.voicemailSilenceSeconds,
        timeZone: config.app.timeZone,
        now: () => clock.now(),
      })
    : undefined;
  const attempts = createTrunkAttempts();
  // Generated audio (IVR TTS, voice files, beeps) reaches the switch as `mem:` prompt names (docs/cti.md).
  const memPrompts = createPromptRegistry();
  // One event log for the ACD's events and the IVR's steps (`cti_events`).
  const eventLog = createCtiEventLog(d.db, log);
  const ivr = createIvrApp({
    onStep: (callId, ivrNumber, step) => eventLog.append({ type: 'ivr.step', at: clock.now(), callId, ivrNumber, step }),
    sw: () => sw as SipSwitch,
    db: d.db,
    log,
    prompts: memPrompts,
    tts: createEspeakTts(),
    root: voicemailRoot,
    timeZone: config.app.timeZone,
    ringSeconds: m.ringSeconds,
    dialplan,
    voicemail,
    isExtension: (number) => isExtension(d.db, number),
    connectToExtension: (caller, number) =>
      connectToExtension(
        sw as SipSwitch,
        caller,
        number,
        m.ringSeconds,
        voicemail && { app: voicemail, message: { mailbox: number } },
      ),
    outbound: (p, dialled) => planOutbound({ sw: () => sw as SipSwitch, attempts, log }, p, dialled),
    // `queue:<id|number|name>` from an IVR document or the designer's queue node: CTI's queue application.
    queue: async (caller, ref) => {
      await cti?.refresh();
      const queueId = cti?.findQueue(ref);
      if (!cti || !queueId) return { kind: 'noroute', reason: `no queue ${ref}` };
      const running = cti;
      return { kind: 'accepted', run: () => running.queueCall(caller, { queueId, accessNumber: caller.accessNumber ?? null }) };
    },
  });
  sw = createSipSwitch({
    clock,
    bus,
    logger: log,
    layer: d.layer,
    transports: d.transports,
    local,
    media,
    mediaAddress,
    locate: (destination, channel) => {
      // An outbound leg through a trunk (outbound.ts sets the channel's trunkId): the carrier, not a phone.
      if (channel.trunkId === undefined) return extensionLocator(d.bindings, config.sip.realm, clock)(destination);
      const trunk = plan.trunks.find((t) => t.id === channel.trunkId);
      return Promise.resolve(trunk ? [trunkTarget(trunk, destination)] : []);
    },
    onOutboundFailed: (channelId, failure) => attempts.record(channelId, failure),
    onRecordingFinished: finishRecording,
    route: createDialPlan({
      db: d.db,
      log,
      echoNumber: m.echoNumber,
      ringSeconds: m.ringSeconds,
      sw: () => sw as SipSwitch,
      dialplan,
      now: () => clock.now(),
      timeZone: config.app.timeZone,
      voicemail,
      ivr,
      outbound: (p, dialled) => planOutbound({ sw: () => sw as SipSwitch, attempts, log }, p, dialled),
      queue: (channel, entry) => (cti ? cti.queueCall(channel, entry) : Promise.reject(new Error('CTI is not running'))),
      takesOrdinaryCalls: async (extension) => (cti ? cti.takesOrdinaryCalls(extension) : true),
      ...(m.promptTestNumber && m.promptTestFile ? { promptTest: { number: m.promptTestNumber, file: m.promptTestFile } } : {}),
    }),
    async loadPrompt(name) {
      if (name.startsWith(MEM_PROMPT_PREFIX)) {
        const bytes = memPrompts.bytes(name);
        const p = bytes && (await loadPrompt(bytes, 8000));
        return p?.ok ? p.value : undefined;
      }
      const cached = prompts.get(name);
      if (cached) return cached;
      const bytes = await readFile(name).catch(() => undefined);
      if (!bytes) return undefined;
      const p = await loadPrompt(bytes, 8000);
      if (!p.ok) return undefined;
      prompts.set(name, p.value);
      return p.value;
    },
    ...(m.musicOnHold ? { musicOnHold: m.musicOnHold } : {}),
  });
  // CTI: the ACD over this switch; queues are the targets of access numbers, IVR transfers and agents' transfers.
  let cti: CtiRuntime | undefined;
  cti = await startCti({
    db: d.db,
    sw,
    clock,
    log,
    prompts: memPrompts,
    tts: createEspeakTts(),
    eventLog,
    routes: {
      voicemail: async (caller, mailbox, accessNumber) => {
        if (voicemail)
          return voicemail.leave(caller, {
            mailbox: mailbox || accessNumber || 'queue',
            ...(accessNumber ? { accessNumber } : {}),
          });
        await (sw as SipSwitch).controller.hangup(caller.id, 'unavailable');
      },
      // An IVR configuration's id (or its number): the caller runs that IVR (ivr-app.ts).
      ivr: (caller, ivrId) => ivr.runTarget(caller, ivrId, caller.accessNumber ?? ''),
      outbound: async (callId, number, callerId, role) =>
        originateOutbound(
          { sw: () => sw as SipSwitch, attempts },
          await dialplan(),
          role === undefined ? { callId, number, callerId } : { callId, number, callerId, role },
        ),
    },
  });
  const recordings = createCallRecordings({ sw, db: d.db, root: voicemailRoot, timeZone: config.app.timeZone, log });
  const recorder = createCdrRecorder({
    bus: sw.bus,
    store: d.cdrs,
    onError: (error) => log.error({ error }, 'CDR write failed; the next change rewrites it'),
    // The changes of 50 ms share one upsert statement (~0.65 ms of PGlite CPU each, docs/switch.md "Benchmarks").
    batchMs: CDR_BATCH_MS,
  });
  // Subscribed after the recorder, so listeners see the projection with the event applied.
  const callListeners = new Set<(seq: number) => void>();
  const stopCallEvents = sw.bus.subscribe((e) => {
    for (const listener of callListeners) listener(e.seq);
  });
  const isLive = (callId: string) => recorder.liveCalls().some((c) => c.callId === callId);
  const runtime: TelephonyRuntime = {
    flushCdrs: () => recorder.flush(),
    trunkStatuses: () => {
      const active = sw ? activeChannelsByTrunk(sw) : {};
      const registered = registrations.statuses();
      return plan.trunks.map((t): TrunkRuntimeStatus => {
        const r = registered.get(t.id);
        const registration = t.authMode === 'ip' ? 'not-required' : (r?.registration ?? 'unknown');
        return {
          trunkId: t.id,
          registration,
          activeChannels: active[t.id] ?? 0,
          updatedAt: r?.updatedAt ?? clock.now(),
          ...(r?.lastError === undefined ? {} : { lastError: r.lastError }),
        };
      });
    },
    liveCalls: () => recorder.liveCalls(),
    dialplanChanged: reload,
    cti,
    onCallsChanged(listener) {
      callListeners.add(listener);
      return () => callListeners.delete(listener);
    },
    async hangupCall(callId) {
      const switch_ = sw as SipSwitch;
      const legs = switch_.model.channelsOfCall(callId).filter((c) => c.state !== 'hung-up');
      if (legs.length === 0) return false;
      await Promise.all(legs.map((c) => switch_.controller.hangup(c.id, 'normal-clearing').catch(() => {})));
      return true;
    },
    recording: (callId) => (isLive(callId) ? recordings.state(callId) : null),
    setRecording: async (callId, on) => (isLive(callId) ? recordings.set(callId, on) : null),
  };
  log.info({ mediaAddress, ports: `${m.rtpPortMin}-${m.rtpPortMax}` }, 'switch ready');
  return {
    sw,
    media,
    runtime,
    voicemailRoot,
    trustedSource(address) {
      const ipPeers = plan.trunks.filter((t) => t.authMode === 'ip' && t.enabled);
      const trunk = matchInboundTrunk(ipPeers, address);
      return trunk ? `trunk:${trunk.id}` : null;
    },
    async stop() {
      const step = (name: string) => log.debug({ step: name }, 'telephony stopping');
      step('calls');
      await sw?.stop();
      await cti?.stop();
      recordings.stop();
      stopCallEvents();
      callListeners.clear();
      registrations.stop();
      step('cdrs');
      await recorder.flush();
      recorder.stop();
      step('media');
      await media.close();
      step('done');
    },
  };
}
