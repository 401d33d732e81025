import type { SipLeg } from './sip-leg.ts';

const NONE: ReadonlySet<SipLeg> = new Set();

/**
 * The switch's SIP legs by channel id, plus the legs of each call. Finding a call's other legs (the
 * partner's codec, the media worker to create an endpoint on) happens several times per call; scanning
 * every live leg for it made the signalling cost grow with the number of calls up (issue 5, benchmark a).
 */
export class LegTable extends Map<string, SipLeg> {
  private readonly calls = new Map<string, Set<SipLeg>>();

  override set(channelId: string, leg: SipLeg): this {
    const old = super.get(channelId);
    if (old !== undefined && old !== leg) this.unindex(old);
    super.set(channelId, leg);
    let call = this.calls.get(leg.callId);
    if (call === undefined) {
      call = new Set();
      this.calls.set(leg.callId, call);
    }
    call.add(leg);
    return this;
  }

  override delete(channelId: string): boolean {
    const leg = super.get(channelId);
    if (leg !== undefined) this.unindex(leg);
    return super.delete(channelId);
  }

  override clear(): void {
    this.calls.clear();
    super.clear();
  }

  /** The call's legs in the order they were added. */
  ofCall(callId: string): ReadonlySet<SipLeg> {
    return this.calls.get(callId) ?? NONE;
  }

  private unindex(leg: SipLeg): void {
    const call = this.calls.get(leg.callId);
    if (call === undefined) return;
    call.delete(leg);
    if (call.size === 0) this.calls.delete(leg.callId);
  }
}
