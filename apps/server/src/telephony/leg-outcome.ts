import type { HangupCause, SipSwitch } from '@rexian/switch';

export type LegOutcome = { answered: true } | { answered: false; cause: HangupCause };

/**
 * Like `CallController.dial`, for a leg already originated (so its id is known while it rings): resolves
 * when the leg is answered or ends; after `ringMs` on the switch's clock it is cancelled as `no-answer`.
 */
export function waitForOutcome(sw: SipSwitch, legId: string, ringMs: number): Promise<LegOutcome> {
  const outcome = (): LegOutcome | undefined => {
    const leg = sw.model.findChannel(legId);
    if (!leg || leg.state === 'hung-up') return { answered: false, cause: leg?.cause ?? 'failed' };
    if (leg.state === 'answered' || leg.state === 'on-hold') return { answered: true };
    return undefined;
  };
  const now = outcome();
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const timer = sw.clock.setTimeout(() => {
      void sw.controller.hangup(legId, 'no-answer').catch(() => {});
    }, ringMs);
    const off = sw.bus.subscribe((e) => {
      if ((e.type !== 'channel.answered' && e.type !== 'channel.hungup') || e.channelId !== legId) return;
      sw.clock.clearTimeout(timer);
      off();
      resolve(outcome() ?? { answered: false, cause: 'failed' });
    });
  });
}
