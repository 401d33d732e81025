import type { AcdEvent, AcdEventSink } from '@rexian/acd';
import type { Queryable } from '@rexian/db';
import type { Logger } from '@rexian/kernel';

/** Any fact for the event log: a type, its time, and whatever identifies it (agent, call, queue). */
export type LoggedEvent = { type: string; at: number; agentId?: string; callId?: string; queueId?: string } & Record<
  string,
  unknown
>;

/**
 * Appends events to `cti_events` (0008_cti_events.sql): the ACD's, and the IVR's steps (`ivr.step`). The engine's sink is synchronous, so events
 * are buffered and written in one multi-row INSERT per turn of the event loop, in order; a failed write
 * is logged with the events it lost (the CDRs keep the calls themselves).
 */
export type CtiEventLog = AcdEventSink & { append(event: AcdEvent | LoggedEvent): void; flush(): Promise<void> };

export function createCtiEventLog(db: Queryable, log: Logger): CtiEventLog {
  let buffer: (AcdEvent | LoggedEvent)[] = [];
  let chain: Promise<void> = Promise.resolve();
  let scheduled = false;

  const write = async (events: (AcdEvent | LoggedEvent)[]) => {
    const params: unknown[] = [];
    const rows = events.map((e) => {
      const o = e as unknown as Record<string, unknown>;
      params.push(new Date(e.at), e.type, o.agentId ?? null, o.callId ?? null, o.queueId ?? null, JSON.stringify(e));
      const n = params.length;
      return `($${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}::jsonb)`;
    });
    await db.query(`INSERT INTO cti_events (at, type, agent_id, call_id, queue_id, payload) VALUES ${rows.join(', ')}`, params);
  };
  const drain = () => {
    scheduled = false;
    const events = buffer;
    buffer = [];
    if (events.length === 0) return;
    chain = chain.then(() =>
      write(events).catch((error: unknown) => log.error({ error, lost: events.length }, 'CTI event log write failed')),
    );
  };
  return {
    append(event) {
      buffer.push(event);
      if (!scheduled) {
        scheduled = true;
        setImmediate(drain);
      }
    },
    flush() {
      drain();
      return chain;
    },
  };
}
