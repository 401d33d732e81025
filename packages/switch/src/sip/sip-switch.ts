import { type Clock, newId as defaultNewId, nullLogger } from '@rexian/kernel';
import type { EngineEvent } from '@rexian/media';
import { createAnswer, createOffer, negotiateAnswer, type SessionDescription } from '@rexian/sdp';
import {
  createRequest,
  createResponse,
  createUasInvite,
  dialogKeyOfAck,
  type Flow,
  getCallId,
  getHeader,
  getNameAddr,
  getTag,
  InviteServerTransaction,
  isSipUri,
  newBranch,
  newTag,
  parseUri,
  receiveInDialog,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
  startUacInvite,
  type UacFailure,
} from '@rexian/sip';
import { CallController } from '../call/call-controller.ts';
import { type CallEventBus, createCallEventBus } from '../call/call-events.ts';
import { CallModel } from '../call/call-model.ts';
import type { BridgeSnapshot, ChannelSnapshot } from '../call/call-types.ts';
import type { SwitchAdapter } from '../call/switch-adapter.port.ts';
import { causeFromSipStatus, type HangupCause } from '../cdr/hangup-cause.ts';
import { switchErrors } from '../errors.ts';
import { attachCallTeardown } from './call-teardown.ts';
import { codecsForOffer, SWITCH_CODECS } from './codecs.ts';
import {
  type BridgeMedia,
  connectLeg,
  createConnectedEndpoint,
  ensureEndpoint,
  reanchorLeg,
  syncBridgeMedia,
  syncLoneLeg,
} from './leg-media.ts';
import {
  ALLOW,
  answerReinvite,
  buildAnswer,
  localFor,
  parseBodySdp,
  reasonHeader,
  sdpBody,
  sendBye,
  statusForCause,
} from './leg-signalling.ts';
import { LegTable } from './leg-table.ts';
import { handleRefer } from './refer-handler.ts';
import { legKey, type SipLeg } from './sip-leg.ts';
import type { SipSwitchOptions, SwitchContext } from './switch-context.ts';

export interface SipSwitch {
  /** The clock the switch times with (ring time-outs of applications use it too). */
  readonly clock: Clock;
  readonly model: CallModel;
  readonly bus: CallEventBus;
  readonly controller: CallController;
  /** The `onRequest` port of the SIP service: initial requests (user set) and in-dialog ones (user null). */
  onRequest(request: SipRequest, tx: ServerTransaction, user: string | null, flow: Flow | undefined): Promise<void>;
  /** Tells an inbound caller its call is alerting (180 Ringing, no SDP: the phone plays its own ring-back). */
  ring(channelId: string): void;
  /**
   * Gives an inbound caller early media: 183 Session Progress with our answer, the endpoint connected, the
   * channel in `early-media` — so a bridge to a far end that sends early media (a carrier's ring-back or
   * announcement) carries it before anyone answers. False when the channel cannot (answered, gone, no offer).
   */
  earlyMedia(channelId: string): Promise<boolean>;
  /**
   * When this channel's two-party partner hangs up, do not hang it up: the application takes it over
   * (CTI's satisfaction survey after the agent's phone hangs up; a caller hearing a carrier's early media,
   * kept for the next trunk). Forgotten when the channel ends, or with `keep` false.
   */
  keepAlone(channelId: string, keep?: boolean): void;
  /** Legs in progress (for health and tests). */
  legCount(): number;
  /** Hangs up every call (shutdown) and stops listening to the engine. */
  stop(): Promise<void>;
}

const USER = /^[^@;]*$/;

function userOf(value: string | undefined): string {
  if (!value) return '';
  return USER.test(value) ? value : '';
}

/**
 * The SIP/media half of the switch (ARCHITECTURE.md: only this package sees both). It implements the
 * `SwitchAdapter` port over @rexian/sip dialogs and @rexian/media endpoints, turns SIP into call-model
 * events (ringing, answered, hung up, DTMF, hold), and hands each new call to the dial plan's `route`.
 */
export function createSipSwitch(o: SipSwitchOptions): SipSwitch {
  const log = o.logger ?? nullLogger;
  const bus =
    o.bus ??
    createCallEventBus({ clock: o.clock, onListenerError: (error) => log.error({ error }, 'call event listener threw') });
  const newId = o.newId ?? defaultNewId;
  const model = new CallModel({ clock: o.clock, bus, newId });
  const legs = new LegTable();
  const byDialog = new Map<string, SipLeg>();
  const byInviteTx = new Map<InviteServerTransaction, SipLeg>();
  const bridges = new Map<string, BridgeMedia>();
  const playbacks = new Map<string, (completed: boolean) => void>();
  const loadingPlaybacks = new Map<string, () => void>();
  const recordings = new Map<string, { path: string; format: 'wav' | 'mp3'; endpointId: string }>();

  const ctx: SwitchContext = {
    o,
    log,
    model,
    bus,
    legs,
    byDialog,
    newId,
    index(leg) {
      if (leg.dialog) byDialog.set(legKey(leg.dialog), leg);
    },
    async release(leg) {
      if (leg.ended) return;
      leg.ended = true;
      leg.reinviteAck?.cancel();
      if (leg.dialog) byDialog.delete(legKey(leg.dialog));
      if (leg.inviteTx) byInviteTx.delete(leg.inviteTx);
      legs.delete(leg.channelId);
      if (leg.endpointCreated) {
        leg.endpointCreated = false;
        // Destroying the endpoint closes its playbacks, recordings and bridge (the engine's ownership tree).
        await o.media.request({ op: 'destroy', id: leg.endpointId });
      }
    },
    async sameWorker(a, b) {
      const wa = o.media.workerOf(a.endpointId);
      return wa !== undefined && wa === o.media.workerOf(b.endpointId);
    },
    reanchor: (leg, near) => reanchorLeg(ctx, leg, near),
  };

  const bridgeState = (id: string): BridgeMedia => {
    let s = bridges.get(id);
    if (!s) {
      s = { members: [], version: 0 };
      bridges.set(id, s);
    }
    return s;
  };

  /** Re-applies media for the bridge a channel sits in (after answer, hold, resume). */
  const resync = async (leg: SipLeg): Promise<void> => {
    const c = model.findChannel(leg.channelId);
    if (c?.bridgeId !== undefined) await syncBridgeMedia(ctx, model.bridge(c.bridgeId), bridgeState(c.bridgeId));
    else await syncLoneLeg(ctx, leg);
  };

  /** The far end ended the leg (BYE, CANCEL, failure): free it and tell the model. */
  const remoteEnded = async (leg: SipLeg, cause: HangupCause): Promise<void> => {
    if (leg.ended) return;
    const at = o.clock.now();
    const bridgeId = model.findChannel(leg.channelId)?.bridgeId;
    await ctx.release(leg);
    const c = model.findChannel(leg.channelId);
    if (c && c.state !== 'hung-up') model.hungUp(leg.channelId, cause, 'remote', at);
    // The partners left behind lose their media path (or their music on hold).
    if (bridgeId !== undefined) {
      const b = model.bridge(bridgeId);
      await syncBridgeMedia(ctx, b, bridgeState(bridgeId)).catch((error: unknown) =>
        log.warn({ error, bridgeId }, 'bridge media after hang-up'),
      );
    }
  };

  const offMedia = o.media.events.on('event', (e: EngineEvent) => onMediaEvent(e));
  function onMediaEvent(e: EngineEvent): void {
    if (e.event === 'dtmf') {
      const leg = [...legs.values()].find((l) => l.endpointId === e.endpoint);
      const c = leg && model.findChannel(leg.channelId);
      if (leg && c && c.state !== 'hung-up') model.dtmf(leg.channelId, e.digit, e.source, e.durationMs);
    } else if (e.event === 'playFinished') {
      playbacks.get(e.id)?.(true);
      playbacks.delete(e.id);
    } else if (e.event === 'recordFinished') {
      const r = recordings.get(e.id);
      recordings.delete(e.id);
      // The engine ended it on its own (stopOnSilence): the model learns it here.
      if (e.reason !== 'stopped' && model.activeRecordings().some((x) => x.id === e.id)) model.stopRecording(e.id);
      if (r)
        void Promise.resolve(
          o.onRecordingFinished?.({ path: e.path, file: r.path, format: r.format, durationMs: e.durationMs }),
        ).catch((error: unknown) => log.warn({ error, file: r.path }, 'recording post-processing failed'));
    }
  }

  const offAck = o.layer.on('ack', (ack) => {
    const leg = byDialog.get(dialogKeyOfAck(ack));
    if (!leg) return;
    leg.uas?.acked();
    leg.reinviteAck?.acked();
    leg.reinviteAck = undefined;
  });
  const offCancel = o.layer.on('cancel', (_cancel, invite) => {
    const leg = byInviteTx.get(invite);
    if (leg) void remoteEnded(leg, 'cancelled');
  });

  // ---- the SwitchAdapter port ----------------------------------------------------------------------

  const legOf = (channel: ChannelSnapshot): SipLeg => {
    const leg = legs.get(channel.id);
    if (!leg) throw switchErrors.adapterFailed(`channel ${channel.id} has no SIP leg`, { channelId: channel.id });
    return leg;
  };

  /** The codec another leg of the call already uses: answering with it lets the bridge relay. */
  const partnerCodec = (leg: SipLeg) => {
    const other = [...legs.ofCall(leg.callId)].find((l) => l !== leg && l.audio);
    const c = other?.audio?.codec;
    return c ? { encoding: c.encoding, clockRate: c.clockRate, channels: c.channels, payloadType: c.payloadType } : undefined;
  };

  /** Our answer to an inbound leg's offer, with its endpoint created (or re-pointed) and connected. */
  async function answerMedia(leg: SipLeg, offer: SessionDescription) {
    const { sdp, audio } = buildAnswer(ctx, leg, offer, partnerCodec(leg));
    if (leg.endpointCreated) await connectLeg(ctx, leg, audio);
    else {
      // The answer needs only our port from the engine: create and connect in one round trip.
      const port = await createConnectedEndpoint(ctx, leg, audio);
      const m = sdp.media[audio.mediaIndex];
      if (m) m.port = port;
    }
    leg.localSdp = sdp;
    return { sdp, audio };
  }

  const adapter: SwitchAdapter = {
    async answer(channel) {
      const leg = legOf(channel);
      if (!leg.uas || !leg.remoteOffer) throw switchErrors.adapterFailed('no offer to answer');
      const { sdp, audio } =
        leg.earlyAnswer && leg.localSdp && leg.audio
          ? { sdp: leg.localSdp, audio: leg.audio }
          : await answerMedia(leg, leg.remoteOffer);
      const { headers, body } = sdpBody(sdp);
      leg.dialog = leg.uas.answer({ headers: [...headers, { name: 'Allow', value: ALLOW }], body });
      ctx.index(leg);
      model.setCodec(leg.channelId, audio.codec.encoding.toUpperCase());
    },

    async hangup(channel, cause) {
      const leg = legs.get(channel.id);
      if (!leg || leg.ended) return;
      if (leg.direction === 'inbound' && leg.inviteTx && !leg.inviteTx.finalResponseSent) {
        leg.uas?.reject(statusForCause(cause), { headers: [reasonHeader(cause)] });
        await ctx.release(leg);
        return;
      }
      if (leg.direction === 'outbound' && !leg.dialog) {
        leg.uac?.cancel();
        await ctx.release(leg);
        return;
      }
      // Media stays until the BYE is answered: a phone still sending RTP to a closed port gets ICMP
      // unreachable, which some phones (baresip) treat as a failed session.
      await sendBye(ctx, leg, cause);
      await ctx.release(leg);
    },

    // Hold by the switch (API, consult) is Asterisk's: the held party hears music on hold and its media
    // path stays as negotiated — no re-INVITE. A sendonly re-offer is allowed by RFC 3264 §8.4, but baresip
    // 1.0 stops decoding after one and never recovers, and the held party must hear the music anyway.
    async hold(channel) {
      const leg = legOf(channel);
      leg.heldByUs = true;
      await resync(leg);
    },

    async unhold(channel) {
      const leg = legOf(channel);
      leg.heldByUs = false;
      await resync(leg);
    },

    async originate(channel, request) {
      await startOutbound(channel, request.destination, request.callerId, request.autoAnswer === true);
    },

    async applyBridge(bridge: BridgeSnapshot) {
      await syncBridgeMedia(ctx, bridge, bridgeState(bridge.id));
      if (bridge.closed) bridges.delete(bridge.id);
    },

    async play(channel, request) {
      const leg = legOf(channel);
      if (!leg.endpointCreated) throw switchErrors.adapterFailed('channel has no media yet');
      const prompts = [];
      // A stop that arrives while the prompts load cancels the playback before it starts.
      let stopped = false;
      loadingPlaybacks.set(request.playbackId, () => {
        stopped = true;
      });
      try {
        for (const name of request.media) {
          const p = await o.loadPrompt(name);
          if (p) prompts.push(p);
          else log.warn({ prompt: name }, 'prompt not found; skipped');
        }
      } finally {
        loadingPlaybacks.delete(request.playbackId);
      }
      if (prompts.length === 0 || stopped) return true;
      const done = new Promise<boolean>((resolve) => playbacks.set(request.playbackId, resolve));
      const off = bus.subscribe((e) => {
        if (e.type === 'channel.hungup' && e.channelId === channel.id) playbacks.get(request.playbackId)?.(false);
      });
      const r = await o.media.request({ op: 'play', id: request.playbackId, target: leg.endpointId, prompts });
      if (!r.ok) {
        playbacks.delete(request.playbackId);
        off();
        throw switchErrors.adapterFailed(`play: ${r.error.message}`);
      }
      const result = await done;
      off();
      playbacks.delete(request.playbackId);
      return result;
    },

    async stopPlayback(playbackId) {
      // Not found: the playback already ended (or never started) — nothing to stop.
      loadingPlaybacks.get(playbackId)?.();
      if (playbacks.has(playbackId)) await o.media.request({ op: 'stopPlay', id: playbackId });
    },

    async startRecording(request) {
      const channelId =
        request.target.kind === 'channel' ? request.target.id : (model.bridge(request.target.id).members[0] ?? '');
      const leg = legs.get(channelId);
      if (!leg?.endpointCreated) throw switchErrors.adapterFailed('nothing to record yet');
      // WAV always (two channels: this leg's party and what it hears); MP3 is made after the call.
      const r = await o.media.request({
        op: 'record',
        id: request.recordingId,
        target: leg.endpointId,
        format: 'wav',
        channels: request.channels ?? 2,
        path: wavPathOf(request.file, request.format),
        ...(request.stopOnSilence ? { stopOnSilence: request.stopOnSilence } : {}),
      });
      if (!r.ok) throw switchErrors.adapterFailed(`record: ${r.error.message}`);
      recordings.set(request.recordingId, { path: request.file, format: request.format, endpointId: leg.endpointId });
    },

    async stopRecording(recordingId) {
      await o.media.request({ op: 'destroy', id: recordingId });
    },
  };

  const controller = new CallController({ model, adapter, bus, clock: o.clock, newId });

  const keptAlone = new Set<string>();
  bus.subscribe((e) => {
    if (e.type === 'channel.hungup') keptAlone.delete(e.channelId);
  });
  attachCallTeardown(bus, model, controller, log, keptAlone);

  // A finished call is forgotten once every subscriber (CDR writer, event stream) has seen its last event.
  const offRelease = bus.subscribe((e) => {
    if (e.type === 'channel.hungup') queueMicrotask(() => model.releaseCall(e.callId));
  });

  // ---- outbound legs ---------------------------------------------------------------------------------

  async function startOutbound(
    channel: ChannelSnapshot,
    destination: string,
    callerId: string,
    autoAnswer = false,
  ): Promise<void> {
    const targets = await o.locate(destination, channel);
    const target = targets[0];
    if (!target) {
      model.hungUp(channel.id, 'unavailable', 'system');
      return;
    }
    const transport = o.transports.find((t) => t.protocol === target.next.protocol);
    if (!transport) throw switchErrors.adapterFailed(`no ${target.next.protocol} transport`);
    const flow = transport.flowTo({ address: target.next.address, port: target.next.port });
    const { via, contact } = localFor(ctx, target.next.protocol);
    const leg: SipLeg = {
      channelId: channel.id,
      callId: channel.callId,
      direction: 'outbound',
      flow,
      via,
      contact,
      dialog: null,
      endpointId: `ep.${channel.id}`,
      endpointCreated: false,
      sourceAddress: target.next.address,
      heldByRemote: false,
      heldByUs: false,
      reinviting: false,
      ended: false,
      transferring: false,
      endpointKind: 'rtp',
    };
    legs.set(channel.id, leg);
    const port = await ensureEndpoint(ctx, leg);
    const callerLeg = [...legs.ofCall(channel.callId)].find((l) => l.remoteOffer);
    const offer: SessionDescription = createOffer({
      address: o.mediaAddress,
      port,
      codecs: codecsForOffer(callerLeg?.remoteOffer),
      telephoneEventPayloadType: 101,
      origin: { sessionId: String(Math.floor(o.clock.now() / 1000)), sessionVersion: '1' },
    });
    leg.localSdp = offer;
    const uri = parseUri(target.uri);
    if (!uri.ok) throw switchErrors.adapterFailed(`bad target URI ${target.uri}`);
    const host = target.fromHost ?? o.local[0]?.host ?? 'rexian.invalid';
    const request = createRequest({
      method: 'INVITE',
      uri: uri.value,
      headers: [
        { name: 'Via', value: `${via};branch=${newBranch()}` },
        { name: 'Max-Forwards', value: '70' },
        { name: 'From', value: `<sip:${callerId}@${host}>;tag=${newTag()}` },
        { name: 'To', value: `<${target.uri}>` },
        { name: 'Call-ID', value: `${newId()}@${host}` },
        { name: 'CSeq', value: '1 INVITE' },
        { name: 'Contact', value: contact },
        { name: 'Allow', value: ALLOW },
        { name: 'Supported', value: 'replaces' },
        // The two auto-answer conventions desk phones honour: BroadSoft's Call-Info answer-after (Polycom,
        // Yealink, Grandstream, Cisco SPA) and Alert-Info info=alert-autoanswer (Snom, Yealink).
        ...(autoAnswer
          ? [
              { name: 'Call-Info', value: `<sip:${host}>;answer-after=0` },
              { name: 'Alert-Info', value: `<http://${host}>;info=alert-autoanswer` },
            ]
          : []),
        ...sdpBody(offer).headers,
      ],
      body: sdpBody(offer).body,
    });
    leg.uac = startUacInvite({
      layer: o.layer,
      flow,
      request,
      via,
      ...(target.digest ? { digest: target.digest } : {}),
      onProvisional: (r: SipResponse) => {
        const c = model.findChannel(channel.id);
        if (leg.ended || !c) return;
        // A 180/183 with SDP is early media (RFC 3960 §3.1, the gateway model: carriers send ring-back and
        // announcements this way); without SDP the far end only alerts.
        const early = r.status === 180 || r.status === 183 ? parseBodySdp(r) : undefined;
        if (early && (c.state === 'created' || c.state === 'ringing-out')) void onOutboundEarlyMedia(leg, offer, early);
        else if (c.state === 'created' && (r.status === 180 || r.status === 183)) model.ringing(channel.id);
      },
      onAnswered: (dialog, response) => {
        leg.dialog = dialog;
        if (leg.ended) {
          // We cancelled, but the 200 crossed the CANCEL (§9.1): end the session it created.
          void sendBye({ ...ctx }, leg, 'cancelled');
          return;
        }
        ctx.index(leg);
        void onOutboundAnswered(leg, offer, response);
      },
      onFailed: (failure: UacFailure) => {
        if (leg.ended) return;
        o.onOutboundFailed?.(channel.id, failure);
        const cause: HangupCause =
          failure === 'timeout'
            ? 'no-answer'
            : failure === 'transport-error'
              ? 'unavailable'
              : causeFromSipStatus(failure.status);
        void remoteEnded(leg, cause);
      },
    });
  }

  async function onOutboundEarlyMedia(leg: SipLeg, offer: SessionDescription, answer: SessionDescription): Promise<void> {
    const negotiated = negotiateAnswer(offer, answer);
    if (!negotiated.ok) return; // no usable audio yet: the 200 decides
    try {
      await connectLeg(ctx, leg, negotiated.value);
    } catch (error) {
      log.warn({ error, channel: leg.channelId }, 'early media could not be connected');
      return;
    }
    const c = model.findChannel(leg.channelId);
    // The 200 may have overtaken the media set-up; then the leg is answered and early media is moot.
    if (leg.ended || !c || (c.state !== 'created' && c.state !== 'ringing-out')) return;
    model.setCodec(leg.channelId, negotiated.value.codec.encoding.toUpperCase());
    // A leg already in a bridge (the consulted party of an attended transfer) is heard at once; one an
    // application bridges on this event (the outbound route, click to dial) is joined by that application.
    const bridged = c.bridgeId !== undefined;
    model.earlyMedia(leg.channelId);
    if (bridged) await resync(leg);
  }

  async function onOutboundAnswered(leg: SipLeg, offer: SessionDescription, response: SipResponse): Promise<void> {
    const answer = parseBodySdp(response);
    const negotiated = answer ? negotiateAnswer(offer, answer) : undefined;
    if (!negotiated?.ok) {
      log.warn({ channel: leg.channelId }, 'answer without usable SDP; hanging up');
      await sendBye(ctx, leg, 'failed');
      await remoteEnded(leg, 'failed');
      return;
    }
    try {
      await connectLeg(ctx, leg, negotiated.value);
      model.setCodec(leg.channelId, negotiated.value.codec.encoding.toUpperCase());
      model.answered(leg.channelId);
      await resync(leg);
    } catch (error) {
      log.error({ error, channel: leg.channelId }, 'outbound leg could not be connected');
    }
  }

  // ---- inbound requests ------------------------------------------------------------------------------

  async function onInvite(request: SipRequest, tx: InviteServerTransaction, user: string, flow: Flow): Promise<void> {
    const offer = parseBodySdp(request);
    if (!offer) {
      // Offerless INVITEs (RFC 3261 §13.2.1 allows them) are refused until delayed offer is implemented;
      // so is a body that is not SDP we can parse.
      tx.respond(
        createResponse(request, 488, {
          toTag: newTag(),
          headers: [{ name: 'Warning', value: '399 rexian "SDP offer required"' }],
        }),
      );
      return;
    }
    // RFC 3261 §13.3.1.3: an offer we cannot accept is refused with 488 before any call exists.
    const usable = createAnswer(offer, {
      address: o.mediaAddress,
      port: 9,
      codecs: [...SWITCH_CODECS],
      origin: { sessionId: '0', sessionVersion: '0' },
    });
    if (!usable.ok) {
      tx.respond(
        createResponse(request, 488, {
          toTag: newTag(),
          headers: [{ name: 'Warning', value: `305 rexian "${usable.error.message}"` }],
        }),
      );
      return;
    }
    const from = getNameAddr(request, 'From');
    const caller = from && isSipUri(from.uri) ? userOf(from.uri.user ?? '') : '';
    const dialled = isSipUri(request.uri) ? (request.uri.user ?? '') : '';
    const route = await o.route({
      user,
      caller,
      dialled,
      source: { protocol: flow.protocol, address: flow.remote.address, port: flow.remote.port },
    });
    if ('reject' in route) {
      tx.respond(createResponse(request, route.reject, { toTag: newTag() }));
      return;
    }
    const { via, contact } = localFor(ctx, flow.protocol);
    const channel = model.createChannel({
      callId: newId(),
      direction: 'inbound',
      role: 'caller',
      caller,
      callee: dialled,
      callType: route.callType,
      ...(route.accessNumber === undefined ? {} : { accessNumber: route.accessNumber }),
      ...(route.trunkId === undefined ? {} : { trunkId: route.trunkId }),
    });
    const leg: SipLeg = {
      channelId: channel.id,
      callId: channel.callId,
      direction: 'inbound',
      flow,
      via,
      contact,
      dialog: null,
      invite: request,
      inviteTx: tx,
      remoteOffer: offer,
      endpointId: `ep.${channel.id}`,
      endpointCreated: false,
      sourceAddress: flow.remote.address,
      heldByRemote: false,
      heldByUs: false,
      reinviting: false,
      ended: false,
      transferring: false,
      endpointKind: route.media ?? 'rtp',
    };
    leg.uas = createUasInvite({
      tx,
      clock: o.clock,
      contact,
      reliable: flow.reliable,
      onAckTimeout: () => {
        void sendBye(ctx, leg, 'failed').then(() => remoteEnded(leg, 'failed'));
      },
    });
    legs.set(channel.id, leg);
    byInviteTx.set(tx, leg);
    try {
      await route.run(channel);
    } catch (error) {
      log.error({ error, channel: channel.id }, 'call handler failed');
      const c = model.findChannel(channel.id);
      if (c && c.state !== 'hung-up') await controller.hangup(channel.id, 'failed').catch(() => {});
    }
  }

  async function onInDialog(request: SipRequest, tx: ServerTransaction): Promise<void> {
    const key = `${getCallId(request) ?? ''}|${getTag(request, 'To') ?? ''}|${getTag(request, 'From') ?? ''}`;
    const leg = byDialog.get(key);
    const reply = (status: number) => tx.respond(createResponse(request, status));
    if (!leg || !leg.dialog) return reply(481);
    const checked = receiveInDialog(leg.dialog, request);
    if (!checked.ok) return reply(checked.status);
    leg.dialog = checked.dialog;
    switch (request.method) {
      case 'BYE':
        reply(200);
        await remoteEnded(leg, leg.transferring ? 'transferred' : 'normal-clearing');
        return;
      case 'INVITE': {
        const audio = answerReinvite(ctx, leg, request, tx);
        if (!audio) return;
        await connectLeg(ctx, leg, audio);
        const held = audio.heldByPeer || audio.direction === 'recvonly' || audio.direction === 'inactive';
        if (held !== leg.heldByRemote) {
          leg.heldByRemote = held;
          const c = model.findChannel(leg.channelId);
          if (held && c?.state === 'answered') model.held(leg.channelId);
          else if (!held && c?.state === 'on-hold' && !leg.heldByUs) model.unheld(leg.channelId);
        }
        await resync(leg);
        return;
      }
      case 'INFO': {
        reply(200);
        const digit = infoDigit(request);
        if (digit) model.dtmf(leg.channelId, digit, 'sip-info');
        return;
      }
      case 'REFER':
        await handleRefer(ctx, controller, leg, request, tx);
        return;
      case 'PRACK':
        reply(leg.uas?.prack(request) ? 200 : 481);
        return;
      case 'UPDATE':
        // Session refresh without an offer (RFC 4028 §9); media changes come by re-INVITE.
        reply(request.body.length === 0 ? 200 : 488);
        return;
      case 'NOTIFY':
      case 'OPTIONS':
        reply(200);
        return;
      default:
        reply(405);
    }
  }

  return {
    clock: o.clock,
    model,
    bus,
    controller,
    async onRequest(request, tx, user, flow) {
      if (user === null) return onInDialog(request, tx);
      if (request.method === 'INVITE' && tx instanceof InviteServerTransaction && flow) return onInvite(request, tx, user, flow);
      if (request.method === 'SUBSCRIBE' || request.method === 'PUBLISH') {
        tx.respond(createResponse(request, 489, { toTag: newTag() }));
        return;
      }
      tx.respond(createResponse(request, 405, { toTag: newTag(), headers: [{ name: 'Allow', value: ALLOW }] }));
    },
    keepAlone(channelId, keep = true) {
      if (keep) keptAlone.add(channelId);
      else keptAlone.delete(channelId);
    },
    ring(channelId) {
      const leg = legs.get(channelId);
      const c = model.findChannel(channelId);
      if (!leg?.uas || !c || c.state !== 'created') return;
      leg.uas.progress(180);
      model.ringing(channelId);
    },
    async earlyMedia(channelId) {
      const leg = legs.get(channelId);
      const ready = () => {
        const c = model.findChannel(channelId);
        return leg?.uas && leg.remoteOffer && !leg.ended && c && (c.state === 'created' || c.state === 'ringing-in');
      };
      if (!leg || !ready() || leg.earlyAnswer) return leg?.earlyAnswer === true;
      const { sdp, audio } = await answerMedia(leg, leg.remoteOffer as SessionDescription);
      if (!ready()) return false;
      const { headers, body } = sdpBody(sdp);
      leg.uas?.progress(183, { headers, body });
      leg.earlyAnswer = true;
      model.setCodec(channelId, audio.codec.encoding.toUpperCase());
      model.earlyMedia(channelId);
      return true;
    },
    legCount: () => legs.size,
    async stop() {
      await Promise.allSettled(
        model
          .listChannels()
          .filter((c) => c.state !== 'hung-up')
          .map((c) => controller.hangup(c.id, 'system-restart')),
      );
      offMedia();
      offAck();
      offCancel();
      offRelease();
    },
  };
}

/** The WAV the engine writes for a recording named `file` (an MP3 is converted from its WAV sibling). */
function wavPathOf(file: string, format: 'wav' | 'mp3'): string {
  return format === 'mp3' ? `${file.replace(/\.mp3$/i, '')}.wav` : file;
}

/** SIP INFO DTMF: `application/dtmf-relay` (Signal=5) or `application/dtmf` (the digit alone). */
function infoDigit(request: SipRequest): import('@rexian/media').DtmfDigit | undefined {
  const type = (getHeader(request, 'Content-Type') ?? '').toLowerCase();
  const body = Buffer.from(request.body).toString('utf8');
  let raw: string | undefined;
  if (type.startsWith('application/dtmf-relay')) raw = /Signal\s*=\s*([0-9*#A-Da-d])/.exec(body)?.[1];
  else if (type.startsWith('application/dtmf')) raw = body.trim()[0];
  if (raw === undefined) return undefined;
  const digit = raw.toUpperCase();
  return /^[0-9*#A-D]$/.test(digit) ? (digit as import('@rexian/media').DtmfDigit) : undefined;
}
