import type { Prompt } from '@rexian/media';
import type { NegotiatedAudio } from '@rexian/sdp';
import type { BridgeSnapshot, MonitorMode } from '../call/call-types.ts';
import { switchErrors } from '../errors.ts';
import { codecConfigOf, PROVISIONAL_CODEC, remoteConfigOf } from './codecs.ts';
import { sendReinvite } from './leg-signalling.ts';
import type { SipLeg } from './sip-leg.ts';
import type { SwitchContext } from './switch-context.ts';

/** Media nodes the switch created per bridge: the engine's bridge/mix id and its members. */
export interface BridgeMedia {
  nodeId?: string;
  /** The engine node's kind: a two-party `bridge` (relayed when it can be) or a `mix`. */
  op?: 'bridge' | 'mix';
  members: string[];
  version: number;
  /** Supervisor modes applied to the mix, by endpoint: `mode` or `whisper>targetEndpoint`. */
  supervised?: Map<string, string>;
}

/**
 * Creates the leg's RTP endpoint on the worker that holds the call's other legs (a bridge relays only
 * inside one worker, docs/media.md). The codec is provisional until `connectLeg`.
 */
export async function ensureEndpoint(ctx: SwitchContext, leg: SipLeg): Promise<number> {
  if (leg.endpointCreated && leg.localPort !== undefined) return leg.localPort;
  const near = [...ctx.legs.ofCall(leg.callId)].find((l) => l !== leg && l.endpointCreated)?.endpointId;
  const r = await ctx.o.media.createEndpoint(
    { id: leg.endpointId, kind: leg.endpointKind, codec: PROVISIONAL_CODEC, localAddress: ctx.o.mediaAddress },
    near,
  );
  if (!r.ok) throw switchErrors.adapterFailed(`media endpoint: ${r.error.message}`, { code: r.error.code });
  leg.endpointCreated = true;
  leg.localPort = r.value.port;
  return r.value.port;
}

/**
 * Creates the leg's endpoint already pointed at the peer: one worker round trip instead of create +
 * connect when the answer is known before the port (an inbound INVITE with an offer). Returns the port.
 */
export async function createConnectedEndpoint(ctx: SwitchContext, leg: SipLeg, audio: NegotiatedAudio): Promise<number> {
  const near = [...ctx.legs.ofCall(leg.callId)].find((l) => l !== leg && l.endpointCreated)?.endpointId;
  const remote = remoteConfigOf(audio, leg.sourceAddress);
  const r = await ctx.o.media.createEndpoint(
    { id: leg.endpointId, kind: leg.endpointKind, codec: codecConfigOf(audio), localAddress: ctx.o.mediaAddress, remote },
    near,
  );
  if (!r.ok) throw switchErrors.adapterFailed(`media endpoint: ${r.error.message}`, { code: r.error.code });
  leg.endpointCreated = true;
  leg.localPort = r.value.port;
  leg.audio = audio;
  return r.value.port;
}

/** Points the endpoint at the peer with the negotiated codec and direction. */
export async function connectLeg(ctx: SwitchContext, leg: SipLeg, audio: NegotiatedAudio): Promise<void> {
  leg.audio = audio;
  const r = await ctx.o.media.request({ op: 'connect', id: leg.endpointId, remote: remoteConfigOf(audio, leg.sourceAddress) });
  if (!r.ok) throw switchErrors.adapterFailed(`media connect: ${r.error.message}`, { code: r.error.code });
}

async function stopMoh(ctx: SwitchContext, leg: SipLeg): Promise<void> {
  const id = leg.moh;
  if (id === undefined) return;
  leg.moh = undefined;
  await ctx.o.media.request({ op: 'stopPlay', id });
}

async function startMoh(ctx: SwitchContext, leg: SipLeg): Promise<void> {
  if (leg.moh !== undefined || !leg.endpointCreated || !leg.audio) return;
  const id = `${leg.endpointId}.moh.${ctx.newId()}`;
  leg.moh = id;
  const prompt = ctx.o.musicOnHold ? await ctx.o.loadPrompt(ctx.o.musicOnHold) : undefined;
  const r = prompt
    ? await ctx.o.media.request({ op: 'play', id, target: leg.endpointId, prompts: [prompt], loops: Number.POSITIVE_INFINITY })
    : await ctx.o.media.request({ op: 'playTone', id, target: leg.endpointId, tone: 'callWaiting' });
  if (!r.ok) {
    leg.moh = undefined;
    ctx.log.warn({ channel: leg.channelId, error: r.error.message }, 'music on hold could not start');
  }
}

/**
 * Makes the media match a bridge and the hold state of its legs: answered legs that are not on hold are
 * joined (two legs of one call: the engine relays when their codecs match, else mixes; more: a mix);
 * a leg the switch holds hears music on hold, and so does a lone party whose partners all put it on hold.
 */
export async function syncBridgeMedia(ctx: SwitchContext, bridge: BridgeSnapshot, state: BridgeMedia): Promise<void> {
  const legs = bridge.members.map((m) => ctx.legs.get(m)).filter((l): l is SipLeg => l !== undefined && !l.ended);
  const connected = legs.filter((l) => l.endpointCreated && l.audio !== undefined);
  const active = bridge.closed ? [] : connected.filter((l) => !l.heldByRemote && !l.heldByUs);
  const wantMoh = new Set<SipLeg>(bridge.closed ? [] : connected.filter((l) => l.heldByUs));
  if (!bridge.closed && active.length === 1 && connected.length >= 2) wantMoh.add(active[0] as SipLeg);
  const joined = active.length >= 2 ? active.filter((l) => !wantMoh.has(l)).map((l) => l.endpointId) : [];
  const supervise = monitorModes(ctx, bridge, joined);
  const op = joined.length === 2 && bridge.kind === 'call' && supervise.size === 0 ? 'bridge' : 'mix';
  const same =
    joined.length === state.members.length &&
    joined.every((id) => state.members.includes(id)) &&
    (op === state.op || joined.length < 2);
  // Tear down first: an endpoint can sit in one bridge at a time, and music must not fight a relay.
  if (!same && state.nodeId !== undefined) {
    await ctx.o.media.request({ op: 'destroy', id: state.nodeId });
    state.nodeId = undefined;
    state.op = undefined;
    state.members = [];
    state.supervised = undefined;
  }
  for (const l of connected) if (!wantMoh.has(l)) await stopMoh(ctx, l);
  if (!same && joined.length >= 2) {
    const id = `${bridge.id}.${++state.version}`;
    // Monitors enter the mix after their modes are set, so not one frame of a listener reaches the parties.
    const parties = joined.filter((ep) => !supervise.has(ep));
    const first = op === 'mix' && parties.length >= 2 ? parties : joined;
    const r =
      op === 'bridge'
        ? await ctx.o.media.request({ op, id, endpoints: [joined[0] as string, joined[1] as string] })
        : await ctx.o.media.request({ op, id, endpoints: first });
    if (!r.ok) throw switchErrors.adapterFailed(`media ${op}: ${r.error.message}`, { code: r.error.code });
    state.nodeId = id;
    state.op = op;
    state.members = joined;
    if (op === 'mix') await applySupervision(ctx, state, id, supervise);
    for (const ep of joined.filter((e) => !first.includes(e))) {
      const added = await ctx.o.media.request({ op: 'mixAdd', mix: id, endpoint: ep });
      if (!added.ok) throw switchErrors.adapterFailed(`media mixAdd: ${added.error.message}`, { code: added.error.code });
    }
  } else if (state.nodeId !== undefined && state.op === 'mix') await applySupervision(ctx, state, state.nodeId, supervise);
  for (const l of wantMoh) await startMoh(ctx, l);
}

/**
 * The mixer matrix each joined monitor needs, by endpoint: its mode, or `whisper>target` (a whisper
 * whose target is not in the mix, e.g. on hold, is a listen: nobody may hear it).
 */
function monitorModes(ctx: SwitchContext, bridge: BridgeSnapshot, joined: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of bridge.monitors ?? []) {
    const ep = ctx.legs.get(m.channelId)?.endpointId;
    if (ep === undefined || !joined.includes(ep)) continue;
    const target = m.targetId === undefined ? undefined : ctx.legs.get(m.targetId)?.endpointId;
    if (m.mode !== 'whisper') out.set(ep, m.mode);
    else out.set(ep, target !== undefined && joined.includes(target) ? `whisper>${target}` : 'listen');
  }
  return out;
}

/** Sends the engine the supervisor modes that changed; a member no longer monitoring goes back to barge (all hear). */
async function applySupervision(ctx: SwitchContext, state: BridgeMedia, mix: string, want: Map<string, string>): Promise<void> {
  const had = state.supervised ?? new Map<string, string>();
  state.supervised = new Map(want);
  const endpoints = new Set([...had.keys(), ...want.keys()]);
  for (const ep of endpoints) {
    const next = want.get(ep) ?? 'barge';
    if ((had.get(ep) ?? 'barge') === next) continue;
    const [mode, agent] = next.split('>') as [MonitorMode, string | undefined];
    const r = await ctx.o.media.request({
      op: 'supervise',
      mix,
      supervisor: ep,
      mode,
      ...(agent === undefined ? {} : { agent }),
    });
    if (!r.ok) ctx.log.warn({ mix, endpoint: ep, error: r.error.message }, 'supervisor mode could not be applied');
  }
}

/** Music on hold for a leg outside any bridge (held by the API while it waits alone). */
export async function syncLoneLeg(ctx: SwitchContext, leg: SipLeg): Promise<void> {
  if (leg.heldByUs) await startMoh(ctx, leg);
  else await stopMoh(ctx, leg);
}

/**
 * Re-anchors a leg's media on another worker: a new endpoint next to `near`, a re-INVITE offering its
 * port (RFC 3264 §8.3.1 allows changing the address and port of a stream), then the old endpoint goes.
 * Used when a transfer joins legs of two calls that landed on different workers.
 */
export async function reanchorLeg(ctx: SwitchContext, leg: SipLeg, near: SipLeg): Promise<void> {
  const oldId = leg.endpointId;
  const id = `ep.${leg.channelId}.${ctx.newId()}`;
  const codec = leg.audio ? codecConfigOf(leg.audio) : PROVISIONAL_CODEC;
  const r = await ctx.o.media.createEndpoint({ id, kind: 'rtp', codec, localAddress: ctx.o.mediaAddress }, near.endpointId);
  if (!r.ok) throw switchErrors.adapterFailed(`media endpoint: ${r.error.message}`, { code: r.error.code });
  const oldPort = leg.localPort;
  leg.endpointId = id;
  leg.localPort = r.value.port;
  leg.moh = undefined;
  try {
    await connectLeg(ctx, leg, await sendReinvite(ctx, leg, 'sendrecv'));
  } catch (error) {
    leg.endpointId = oldId;
    leg.localPort = oldPort;
    await ctx.o.media.request({ op: 'destroy', id });
    throw error;
  }
  await ctx.o.media.request({ op: 'destroy', id: oldId });
}

export type PromptLoader = (name: string) => Promise<Prompt | undefined>;
