import {
  createInDialogRequest,
  createResponse,
  getHeader,
  isSipUri,
  matchReplaces,
  parseReferTo,
  type Replaces,
  referNotify,
  type ServerTransaction,
  type SipRequest,
} from '@rexian/sip';
import type { CallController } from '../call/call-controller.ts';
import type { ChannelSnapshot } from '../call/call-types.ts';
import type { SipLeg } from './sip-leg.ts';
import type { SwitchContext } from './switch-context.ts';

/** How long a blind-transfer target may ring before the transferee is released (Asterisk's default 30 s). */
const TRANSFER_RING_MS = 30_000;

/** RFC 3515 §2.4.4–2.4.5: progress of the referred call as NOTIFY sipfrag in the REFER's dialog. */
function notify(ctx: SwitchContext, leg: SipLeg, status: number, reason: string): void {
  if (!leg.dialog || leg.ended) return;
  const { headers, body } = referNotify(status, reason);
  const { dialog, request } = createInDialogRequest(leg.dialog, 'NOTIFY', { via: leg.via, contact: leg.contact, headers, body });
  leg.dialog = dialog;
  ctx.o.layer.sendRequest(request, leg.flow, {});
}

/** The number the transferee presents to the new party: its own. */
function numberOf(c: ChannelSnapshot): string {
  return c.direction === 'inbound' ? c.caller : c.callee;
}

function partnerOf(ctx: SwitchContext, channelId: string): { partner: ChannelSnapshot; bridgeId: string } | undefined {
  const me = ctx.model.findChannel(channelId);
  if (me?.bridgeId === undefined) return undefined;
  const others = ctx.model.bridge(me.bridgeId).members.filter((m) => m !== channelId);
  const partner = others.length === 1 ? ctx.model.findChannel(others[0] as string) : undefined;
  return partner && partner.state !== 'hung-up' ? { partner, bridgeId: me.bridgeId } : undefined;
}

/**
 * A phone transfers its call by REFER (RFC 3515). Blind: the transferor leaves, the transferee is dialled
 * through to the Refer-To target; the REFER is reported done (NOTIFY 200) before the transferor's leg is
 * released. Attended (Refer-To with an embedded Replaces, RFC 3891): see `attended`. Proven with real
 * phones: blind with baresip (tests/switch/internal-call.test.ts), attended with linphonec as the
 * transferor (tests/switch/attended-refer.test.ts).
 */
export async function handleRefer(
  ctx: SwitchContext,
  controller: CallController,
  leg: SipLeg,
  request: SipRequest,
  tx: ServerTransaction,
): Promise<void> {
  const referTo = parseReferTo(getHeader(request, 'Refer-To') ?? '');
  const found = partnerOf(ctx, leg.channelId);
  if (!referTo.ok || !isSipUri(referTo.value.uri)) {
    tx.respond(createResponse(request, 400, { reason: 'Bad Refer-To' }));
    return;
  }
  if (!found) {
    tx.respond(createResponse(request, 488, { reason: 'Nothing to transfer' }));
    return;
  }
  const { partner, bridgeId } = found;
  if (referTo.value.replaces) {
    await attended(ctx, controller, leg, request, tx, referTo.value.replaces, partner, bridgeId);
    return;
  }
  const target = referTo.value.uri.user ?? '';
  tx.respond(createResponse(request, 202));
  leg.transferring = true;
  notify(ctx, leg, 100, 'Trying');
  notify(ctx, leg, 200, 'OK');
  await controller.hangup(leg.channelId, 'transferred').catch(() => {});
  const result = await controller
    .dial({
      callId: partner.callId,
      destination: target,
      callerId: numberOf(partner),
      role: 'transfer-target',
      ringTimeoutMs: TRANSFER_RING_MS,
    })
    .catch(() => undefined);
  const still = ctx.model.findChannel(partner.id);
  if (!still || still.state === 'hung-up') {
    if (result?.answered) await controller.hangup(result.channel.id, 'normal-clearing').catch(() => {});
    return;
  }
  if (result?.answered) await controller.bridge([result.channel.id], { bridgeId });
  else await controller.hangup(partner.id, result?.answered === false ? result.cause : 'failed').catch(() => {});
}

/**
 * Attended transfer (RFC 5589, transfer with consultation): the transferor A has a call with B (this REFER's dialog) and one with
 * C (named by the Replaces in Refer-To). A B2BUA is both the REFER's recipient and, for C, the UA that
 * would receive the INVITE with Replaces, so instead of sending that INVITE it joins B and C itself.
 */
async function attended(
  ctx: SwitchContext,
  controller: CallController,
  leg: SipLeg,
  request: SipRequest,
  tx: ServerTransaction,
  replaces: Replaces,
  partner: ChannelSnapshot,
  bridgeId: string,
): Promise<void> {
  const dialogs = [...ctx.legs.values()].filter((l) => l.dialog !== null && l !== leg && !l.ended);
  // RFC 3891 §3: to-tag is compared with our local tag, from-tag with the remote one (matchReplaces).
  const match = matchReplaces(
    replaces,
    dialogs.map((l) => l.dialog as NonNullable<SipLeg['dialog']>),
  );
  if (!match.ok) {
    // RFC 3515 §2.4.2 lets the REFER itself be refused; 481 and 486 carry RFC 3891 §3's meaning.
    tx.respond(createResponse(request, match.status));
    return;
  }
  const other = dialogs.find((l) => l.dialog === match.dialog) as SipLeg;
  // RFC 3891 §3: the replacement is authorized when its initiator authenticated as the user being replaced
  // (RFC 3515 §5: a REFER must not become a way into someone else's call) — the tags alone are no proof.
  // Both of the transferor's legs must belong to the same extension, the one that authenticated.
  const me = ctx.model.findChannel(leg.channelId);
  const them = ctx.model.findChannel(other.channelId);
  if (!me || !them || numberOf(me) !== numberOf(them)) {
    tx.respond(createResponse(request, 403, { reason: 'Not your dialog' }));
    return;
  }
  const third = partnerOf(ctx, other.channelId);
  if (!third || third.partner.state !== 'answered' || third.partner.id === partner.id) {
    // The consulted party must be up and be someone else (an early dialog is not supported yet).
    tx.respond(createResponse(request, 488, { reason: 'Nothing to transfer to' }));
    return;
  }
  tx.respond(createResponse(request, 202));
  leg.transferring = true;
  other.transferring = true;
  // RFC 3515 §2.4.4: the implicit subscription's first NOTIFY; the final one reports the outcome.
  notify(ctx, leg, 100, 'Trying');
  // RFC 3891 §3: the replaced dialog (A–C) is ended by its other end — us, on C's behalf — with a BYE.
  await controller.hangup(other.channelId, 'transferred').catch(() => {});
  // The transferor leaves B's bridge (B would otherwise hear it mixed in until its BYE).
  await controller.unbridge(leg.channelId).catch(() => {});
  const c = ctx.model.findChannel(third.partner.id);
  if (c?.bridgeId !== undefined) await controller.destroyBridge(c.bridgeId).catch(() => {});
  try {
    await joinAcross(ctx, controller, third.partner.id, partner.id, bridgeId);
  } catch (error) {
    // §2.4.5: the final NOTIFY carries the failure; A can take B back (its dialog is still up).
    ctx.log.warn({ error, channel: leg.channelId }, 'attended transfer failed');
    leg.transferring = false;
    notify(ctx, leg, 503, 'Service Unavailable');
    await controller.hangup(third.partner.id, 'failed').catch(() => {});
    if (ctx.model.findChannel(leg.channelId)?.state !== 'hung-up')
      await controller.bridge([leg.channelId], { bridgeId }).catch(() => {});
    return;
  }
  notify(ctx, leg, 200, 'OK');
  // RFC 5589: the transferor ends its dialog with the transferee after the NOTIFY 200; phones do
  // (linphone does at once), and so do we, so a phone that does not cannot hold the leg open.
  await controller.hangup(leg.channelId, 'transferred').catch(() => {});
}

/**
 * Joins a channel from another call into a bridge. Each call's legs live on one media worker; when the
 * two calls landed on different workers the moving leg is re-anchored first (see `reanchor`).
 */
async function joinAcross(
  ctx: SwitchContext,
  controller: CallController,
  movingId: string,
  stayingId: string,
  bridgeId: string,
): Promise<void> {
  const moving = ctx.legs.get(movingId);
  const staying = ctx.legs.get(stayingId);
  if (!moving || !staying) return;
  if (!(await ctx.sameWorker(moving, staying))) await ctx.reanchor(moving, staying);
  await controller.bridge([movingId], { bridgeId });
}
