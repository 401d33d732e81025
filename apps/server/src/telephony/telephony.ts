import { mkdtemp, readFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '@rexian/config';
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
import { mediaRootOf } from '../modules/cdrs/media-file.ts';
import { createDialplanReader, type DialplanSnapshot } from '../modules/dialplan/dialplan.repository.ts';
import { attachCallRecording, finishRecording } from './call-recording.ts';
import { createDialPlan } from './dial-plan.ts';
import { activeChannelsByTrunk, createTrunkAttempts, planOutbound, trunkTarget } from './outbound.ts';
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
        timeZone: config.app.timeZone,
        now: () => clock.now(),
      })
    : undefined;
  const attempts = createTrunkAttempts();
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
      outbound: (p, dialled) => planOutbound({ sw: () => sw as SipSwitch, attempts }, p, dialled),
    }),
    async loadPrompt(name) {
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
  const stopRecordingCalls = attachCallRecording({ sw, db: d.db, root: voicemailRoot, timeZone: config.app.timeZone, log });
  const recorder = createCdrRecorder({
    bus: sw.bus,
    store: d.cdrs,
    onError: (error) => log.error({ error }, 'CDR write failed; the next change rewrites it'),
  });
  const runtime: TelephonyRuntime = {
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
      stopRecordingCalls();
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
