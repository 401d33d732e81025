import {
  createInDialogRequest,
  createResponse,
  getHeader,
  isSipUri,
  matchReplaces,
  parseReferTo,
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
 * through to the Refer-To target. Attended (Refer-To with an embedded Replaces, RFC 3891): the transferor
 * has a second call through us; its two partners are joined and both of its legs end. The REFER is
 * accepted (202) and reported done (NOTIFY 200) before the transferor's legs are released, so the phone
 * sees its transfer succeed and hangs up by itself.
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
    const dialogs = [...ctx.legs.values()].filter((l) => l.dialog !== null && l !== leg);
    const match = matchReplaces(
      referTo.value.replaces,
      dialogs.map((l) => l.dialog as NonNullable<SipLeg['dialog']>),
    );
    const other = match.ok ? dialogs.find((l) => l.dialog === match.dialog) : undefined;
    const third = other ? partnerOf(ctx, other.channelId) : undefined;
    if (!other || !third) {
      tx.respond(createResponse(request, match.ok ? 488 : match.status));
      return;
    }
    tx.respond(createResponse(request, 202));
    leg.transferring = true;
    other.transferring = true;
    notify(ctx, leg, 200, 'OK');
    await controller.hangup(leg.channelId, 'transferred').catch(() => {});
    await controller.hangup(other.channelId, 'transferred').catch(() => {});
    const t = ctx.model.findChannel(third.partner.id);
    if (t?.bridgeId !== undefined) await controller.destroyBridge(t.bridgeId).catch(() => {});
    await joinAcross(ctx, controller, third.partner.id, partner.id, bridgeId);
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
