import { type Clock, type Logger, nullLogger, type TimerHandle } from '@rexian/kernel';
import type { Binding } from './binding.ts';

/**
 * Keeps NAT pinholes of registered phones open and notices phones that went away (issue 3 item 6):
 * every `intervalMs` each live binding is pinged (an OPTIONS to the address the REGISTER came from);
 * after `maxMisses` unanswered pings in a row the binding is reported unreachable. Pure scheduling on
 * an injected clock; the ping itself is a port (see `createOptionsPinger`).
 */
export interface NatKeepaliveOptions {
  readonly clock: Clock;
  /** All live bindings to keep alive (e.g. those whose source differs from their Contact). */
  readonly bindings: () => Promise<readonly Binding[]>;
  /** Resolves true when the phone answered anything. */
  readonly ping: (binding: Binding) => Promise<boolean>;
  readonly onUnreachable?: (binding: Binding) => void | Promise<void>;
  readonly intervalMs?: number;
  readonly maxMisses?: number;
  readonly logger?: Logger;
}

export interface NatKeepalive {
  start(): void;
  stop(): void;
  /** One round now (also what the timer runs). */
  tick(): Promise<void>;
}

const keyOf = (b: Binding) => `${b.aor}|${b.contact}`;

export function createNatKeepalive(options: NatKeepaliveOptions): NatKeepalive {
  const interval = options.intervalMs ?? 30_000;
  const maxMisses = options.maxMisses ?? 3;
  const logger = options.logger ?? nullLogger;
  const misses = new Map<string, number>();
  let timer: TimerHandle | undefined;
  let running = false;

  async function tick(): Promise<void> {
    const bindings = await options.bindings();
    const live = new Set(bindings.map(keyOf));
    for (const k of misses.keys()) if (!live.has(k)) misses.delete(k);
    await Promise.all(
      bindings.map(async (b) => {
        const answered = await options.ping(b).catch(() => false);
        const k = keyOf(b);
        if (answered) {
          misses.delete(k);
          return;
        }
        const n = (misses.get(k) ?? 0) + 1;
        misses.set(k, n);
        if (n >= maxMisses) {
          misses.delete(k);
          logger.info({ aor: b.aor, contact: b.contact, source: b.source }, 'registered contact unreachable');
          await options.onUnreachable?.(b);
        }
      }),
    );
  }

  function schedule(): void {
    timer = options.clock.setTimeout(() => {
      void tick()
        .catch((error: unknown) => logger.warn({ error }, 'keep-alive round failed'))
        .finally(() => {
          if (running) schedule();
        });
    }, interval);
  }

  return {
    start() {
      if (running) return;
      running = true;
      schedule();
    },
    stop() {
      running = false;
      options.clock.clearTimeout(timer);
    },
    tick,
  };
}
