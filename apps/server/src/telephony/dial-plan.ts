import type { QueueEntry } from '@rexian/cti';
import type { Queryable } from '@rexian/db';
import type { Logger } from '@rexian/kernel';
import {
  type CallController,
  type CallTarget,
  type ChannelSnapshot,
  findInboundAccessNumber,
  type IncomingCallInfo,
  type IncomingRoute,
  routeInbound,
  type SipSwitch,
} from '@rexian/switch';
import type { DialplanSnapshot } from '../modules/dialplan/dialplan.repository.ts';
import type { IvrApp } from './ivr-app.ts';
import { waitForOutcome } from './leg-outcome.ts';
import type { VoicemailApp, VoicemailMessage } from './voicemail.ts';

export interface DialPlanDeps {
  db: Queryable;
  log: Logger;
  echoNumber: string;
  ringSeconds: number;
  /** The switch, once created (the dial plan and the switch refer to each other). */
  sw: () => SipSwitch;
  /** Access numbers, schedules and trunks as last loaded (reloaded when the console changes them). */
  dialplan: () => Promise<DialplanSnapshot>;
  now: () => number;
  timeZone: string;
  /** A number no extension/access number/echo claims: the outbound route through a trunk (outbound.ts), if any. */
  outbound?: (plan: DialplanSnapshot, dialled: string) => IncomingRoute | undefined;
  /** Whether an extension takes ordinary (non-queue) calls now (CTI: mixed office mode). */
  takesOrdinaryCalls?: ((extension: string) => Promise<boolean>) | undefined;
  /** CTI's queue application: access numbers whose target is a queue (the caller waits for an agent). */
  queue?: ((caller: ChannelSnapshot, entry: QueueEntry) => Promise<void>) | undefined;
  /** Voicemail (voicemail.ts): unanswered/unavailable extensions and access numbers targeting voicemail. */
  voicemail?: VoicemailApp | undefined;
  /** IVR on calls (ivr-app.ts): access numbers whose target is an IVR configuration. */
  ivr?: IvrApp | undefined;
  /**
   * A test number that answers, plays one file and hangs up (Asterisk's `Answer; Playback; Hangup`):
   * checks what phones hear, and drives the prompt benchmark (bench/switch-prompt.bench.ts).
   */
  promptTest?: { number: string; file: string } | undefined;
}

export async function isExtension(db: Queryable, number: string): Promise<boolean> {
  if (!/^[0-9]{1,16}$/.test(number)) return false;
  const r = await db.query('SELECT 1 FROM extensions WHERE number = $1 AND enabled', [number]);
  return r.rows.length > 0;
}

/**
 * Rings an extension for a caller: the caller hears ringing when the callee's phone rings, is answered
 * when the callee answers and the two are bridged; a busy callee gives 486, no answer 480 after the ring
 * time. If the caller gives up first the callee's INVITE is cancelled. With `voicemail`, a callee that does
 * not answer or has no phone sends the caller to voicemail instead (the extension is the mailbox).
 */
export async function connectToExtension(
  sw: SipSwitch,
  caller: ChannelSnapshot,
  number: string,
  ringSeconds: number,
  voicemail?: { app: VoicemailApp; message: VoicemailMessage },
) {
  const c: CallController = sw.controller;
  let calleeId: string | undefined;
  const off = sw.bus.subscribe((e) => {
    if (e.type === 'channel.ringing' && e.channelId === calleeId) sw.ring(caller.id);
    if (e.type === 'channel.hungup' && e.channelId === caller.id && calleeId !== undefined) {
      const callee = sw.model.findChannel(calleeId);
      if (callee && callee.state !== 'hung-up') void c.hangup(calleeId, 'cancelled').catch(() => {});
    }
  });
  try {
    const leg = await c.originate({ callId: caller.callId, destination: number, callerId: caller.caller });
    calleeId = leg.id;
    const result = await waitForOutcome(sw, leg.id, ringSeconds * 1000);
    const now = sw.model.findChannel(caller.id);
    if (!now || now.state === 'hung-up') return;
    if (result.answered) {
      // A caller sent on by an IVR is already answered.
      if (now.state !== 'answered') await c.answer(caller.id);
      await c.bridge([caller.id, leg.id]);
    } else if (voicemail && (result.cause === 'no-answer' || result.cause === 'unavailable')) {
      await voicemail.app.leave(now, voicemail.message);
    } else {
      await c.hangup(caller.id, result.cause);
    }
  } finally {
    off();
  }
}

/**
 * The dial plan for a new INVITE: the loopback-test number, extension to extension. Access numbers,
 * trunks and the IVR/queue targets join here as their storage lands.
 */
export function createDialPlan(d: DialPlanDeps): (call: IncomingCallInfo) => Promise<IncomingRoute> {
  /** The access number's target for now (§4.10.12 schedules); IVR, queue and voicemail wait for their issues. */
  const inbound = async (call: IncomingCallInfo, plan: DialplanSnapshot): Promise<IncomingRoute> => {
    const decision = routeInbound({
      accessNumbers: plan.accessNumbers,
      schedules: plan.schedules,
      dialled: call.dialled,
      epochMs: d.now(),
      defaultTimeZone: d.timeZone,
    });
    const trunkId = call.user.startsWith('trunk:') ? call.user.slice('trunk:'.length) : undefined;
    const target: CallTarget = decision.target;
    d.log.info({ dialled: call.dialled, target, period: decision.period }, 'inbound call');
    const accessNumber = decision.accessNumber.number;
    const vm = d.voicemail;
    if (target.kind === 'voicemail' && vm) {
      return {
        callType: 'inbound',
        accessNumber,
        ...(trunkId === undefined ? {} : { trunkId }),
        run: (channel) => vm.leave(channel, { mailbox: target.mailboxId || accessNumber, accessNumber }),
      };
    }
    const queue = d.queue;
    if (target.kind === 'queue' && queue) {
      return {
        callType: 'inbound',
        accessNumber,
        ...(trunkId === undefined ? {} : { trunkId }),
        run: (channel) => queue(channel, { queueId: target.queueId, accessNumber }),
      };
    }
    const ivr = d.ivr;
    if (target.kind === 'ivr' && ivr) {
      return {
        callType: 'inbound',
        accessNumber,
        ...(trunkId === undefined ? {} : { trunkId }),
        run: (channel) => ivr.runTarget(channel, target.ivrId, accessNumber),
      };
    }
    if (target.kind !== 'extension') return { reject: 480 };
    return {
      callType: 'inbound',
      accessNumber,
      ...(trunkId === undefined ? {} : { trunkId }),
      run: (channel) =>
        connectToExtension(
          d.sw(),
          channel,
          target.extension,
          d.ringSeconds,
          vm && { app: vm, message: { mailbox: target.extension, accessNumber } },
        ),
    };
  };

  return async (call) => {
    const plan = await d.dialplan();
    if (findInboundAccessNumber(plan.accessNumbers, call.dialled)) return inbound(call, plan);
    // A trusted carrier reaches access numbers only.
    if (call.user.startsWith('trunk:')) return { reject: 404 };
    if (call.dialled === d.echoNumber) {
      return {
        callType: 'loopback-test',
        media: 'echo',
        run: async (channel) => {
          await d.sw().controller.answer(channel.id);
        },
      };
    }
    const promptTest = d.promptTest;
    if (promptTest && call.dialled === promptTest.number) {
      return {
        callType: 'loopback-test',
        run: async (channel) => {
          const c = d.sw().controller;
          await c.answer(channel.id);
          // false: the caller hung up during the prompt, so there is nobody left to hang up on.
          const played = await c.play(channel.id, [promptTest.file]);
          if (played && d.sw().model.findChannel(channel.id)?.state !== 'hung-up') await c.hangup(channel.id, 'normal-clearing');
        },
      };
    }
    if (await isExtension(d.db, call.dialled)) {
      // §4.6.11 混合办公模式 off: an agent's extension takes ordinary calls only while the agent is signed in.
      if (d.takesOrdinaryCalls && !(await d.takesOrdinaryCalls(call.dialled))) return { reject: 480 };
      return {
        callType: 'internal',
        run: (channel) =>
          connectToExtension(
            d.sw(),
            channel,
            call.dialled,
            d.ringSeconds,
            d.voicemail && { app: d.voicemail, message: { mailbox: call.dialled } },
          ),
      };
    }
    const out = d.outbound?.(plan, call.dialled);
    if (out) return out;
    d.log.info({ dialled: call.dialled, user: call.user }, 'no route for dialled number');
    return { reject: 404 };
  };
}
