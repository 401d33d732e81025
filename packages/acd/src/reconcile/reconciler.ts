import type { Clock, Logger, TimerHandle } from '@rexian/kernel';
import type { AcdEngine } from '../engine/acd-engine.ts';
import { onStateTimeout } from '../engine/agent-commands.ts';
import { type Drift, findDrift, type LiveChannelsPort } from './drift.ts';

export interface Repair {
  readonly drift: Drift;
  readonly action: string;
  readonly ok: boolean;
  readonly error?: string;
}

export interface ReconcilerOptions {
  readonly engine: AcdEngine;
  readonly port: LiveChannelsPort;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly graceMs?: number;
  readonly intervalMs?: number;
}

/**
 * Periodically compares the ACD with the switch's live channels and repairs drift through the
 * engine's own commands (so every repair is also a normal, evented transition). Each repair is logged
 * and emitted as `reconcile.repair`.
 */
export function createReconciler(opts: ReconcilerOptions) {
  const graceMs = opts.graceMs ?? 5_000;
  const intervalMs = opts.intervalMs ?? 30_000;
  let timer: TimerHandle | undefined;
  let running = false;

  async function runOnce(): Promise<Repair[]> {
    const live = await opts.port.liveChannels();
    const e = opts.engine;
    const drifts = findDrift(e.agents(), e.calls(), live, opts.clock.now(), graceMs);
    return drifts.map((d) => apply(d));
  }

  function apply(drift: Drift): Repair {
    const e = opts.engine;
    const ctx = e.internals();
    let action = '';
    try {
      switch (drift.kind) {
        case 'agent-call-gone':
        case 'queued-call-gone':
          action = 'end the call the switch no longer has';
          e.hungUp(drift.callId);
          break;
        case 'agent-call-unknown': {
          action = 'free the agent held by an unknown call';
          ctx.run(() => {
            const a = ctx.registry.get(drift.agentId);
            ctx.registry.move(a, 'idle', { cause: 'repair', owner: { kind: 'none' } });
          });
          break;
        }
        case 'answer-missed':
          action = 'apply the answer the ACD missed';
          e.answered(drift.agentId, drift.callId);
          break;
        case 'untracked-talk':
          action = 'track a conversation the ACD did not know';
          e.outboundStarted(drift.agentId, drift.callId, '');
          break;
        case 'unknown-queued-call':
          action = 'adopt a queued call the ACD did not know';
          e.enqueue({ id: drift.callId, caller: drift.caller, queueId: drift.queueId });
          break;
        case 'state-overdue':
          action = 'apply the overdue state time-out';
          ctx.run(() => {
            const a = ctx.registry.get(drift.agentId);
            onStateTimeout(ctx, a, a.state);
          });
          break;
      }
      report(drift, action);
      return { drift, action, ok: true };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      opts.logger.error({ drift, action, error }, 'reconcile repair failed');
      return { drift, action, ok: false, error };
    }
  }

  function report(drift: Drift, action: string): void {
    opts.logger.warn({ drift, action }, 'reconcile repair');
    const ids = drift as { agentId?: string; callId?: string };
    opts.engine.internals().emit({
      type: 'reconcile.repair',
      kind: drift.kind,
      ...(ids.agentId === undefined ? {} : { agentId: ids.agentId }),
      ...(ids.callId === undefined ? {} : { callId: ids.callId }),
      detail: action,
    });
  }

  function schedule(): void {
    timer = opts.clock.setTimeout(() => {
      if (!running) return;
      runOnce()
        .catch((err: unknown) => opts.logger.error({ error: String(err) }, 'reconcile pass failed'))
        .finally(() => running && schedule());
    }, intervalMs);
  }

  return {
    runOnce,
    start(): void {
      if (running) return;
      running = true;
      schedule();
    },
    stop(): void {
      running = false;
      opts.clock.clearTimeout(timer);
    },
  };
}
