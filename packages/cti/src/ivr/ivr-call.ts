import type { Logger } from '@rexian/kernel';
import { nullLogger } from '@rexian/kernel';
import type { Channel, IvrRunOutcome } from '@rexian/vxml';
import type { SwitchIvrChannel } from './switch-ivr-channel.ts';

export type IvrCallOutcome =
  | { kind: 'ran'; reason: string; detail?: string; handedOff: boolean }
  | { kind: 'unknown-ivr'; ivrNumber: string }
  | { kind: 'failed'; error: unknown };

/**
 * Runs one IVR session on a switch channel and then finishes the call: the transfer the session ended
 * with is carried out (voicemail, another IVR, a queue, a number), otherwise the caller is hung up. An
 * unknown IVR number ends the call before answer (`unallocated-number`: SIP 404 to the caller).
 */
export async function runIvrCall(o: {
  channel: SwitchIvrChannel;
  runner: { run(channel: Channel, ivrNumber: string): Promise<IvrRunOutcome> };
  ivrNumber: string;
  logger?: Logger;
}): Promise<IvrCallOutcome> {
  const log = (o.logger ?? nullLogger).child({ callId: o.channel.call.callId, ivrNumber: o.ivrNumber });
  const ch = o.channel;
  let outcome: IvrCallOutcome;
  try {
    const r = await o.runner.run(ch, o.ivrNumber);
    if (r.kind === 'unknown-ivr') {
      ch.close();
      log.warn({}, 'IVR number has no configuration: call refused');
      await ch.end('unallocated-number');
      return { kind: 'unknown-ivr', ivrNumber: o.ivrNumber };
    }
    outcome = {
      kind: 'ran',
      reason: r.result.reason,
      ...(r.result.detail === undefined ? {} : { detail: r.result.detail }),
      handedOff: false,
    };
  } catch (error) {
    log.error({ error }, 'IVR session failed');
    outcome = { kind: 'failed', error };
  }
  ch.close();
  const handOff = ch.takeHandOff();
  if (handOff && !ch.callerLeft) {
    log.info({}, 'IVR session ended with a transfer; handing the call over');
    try {
      await handOff();
    } catch (error) {
      log.error({ error }, 'IVR hand-over failed');
      await ch.end('failed');
    }
    return outcome.kind === 'ran' ? { ...outcome, handedOff: true } : outcome;
  }
  log.info({ outcome: outcome.kind === 'ran' ? outcome.reason : outcome.kind }, 'IVR session ended');
  await ch.end(outcome.kind === 'failed' ? 'failed' : 'normal-clearing');
  return outcome;
}
