import type { CallEvent, CallEventBus } from '../call/call-events.ts';
import type { Cdr } from './cdr.ts';
import { reduceCdr } from './cdr.ts';

/** Where CDRs live (the db package implements it on PostgreSQL/PGlite). `save` is an upsert by callId. */
export interface CdrStore {
  save(cdr: Cdr): Promise<void>;
  listOpen(): Promise<Cdr[]>;
}

export interface CdrRecorder {
  /** Calls in progress (open CDRs), oldest first: the live current-calls view (§4.7.7). */
  liveCalls(): Cdr[];
  /** Resolves when every write queued so far has been stored (for shutdown and tests). */
  flush(): Promise<void>;
  stop(): void;
}

/**
 * Writes each call's CDR when it starts, whenever it changes (answer, new leg, recording) and when it
 * ends, so a killed process loses at most the write in flight. Writes are chained per recorder so a
 * later state never overtakes an earlier one. A failed write is reported and the next change rewrites
 * the whole row.
 */
export function createCdrRecorder(options: {
  bus: CallEventBus;
  store: CdrStore;
  onError?: (error: unknown) => void;
}): CdrRecorder {
  const live = new Map<string, Cdr>();
  let chain: Promise<void> = Promise.resolve();
  const onError = options.onError ?? (() => {});
  const unsubscribe = options.bus.subscribe((e: CallEvent) => {
    const before = live.get(e.callId);
    const after = reduceCdr(before, e);
    if (after === undefined || after === before) return;
    if (after.open) live.set(e.callId, after);
    else live.delete(e.callId);
    chain = chain.then(() => options.store.save(after)).catch(onError);
  });
  return {
    liveCalls: () => [...live.values()],
    flush: () => chain,
    stop: unsubscribe,
  };
}
