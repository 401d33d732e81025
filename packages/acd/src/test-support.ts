import { createMemoryLogger, VirtualClock } from '@rexian/kernel';
import type { AgentRecord } from './agent/agent.types.ts';
import type { AgentRules } from './agent/agent-rules.ts';
import { AcdEngine } from './engine/acd-engine.ts';
import type { AcdEvent } from './events.ts';
import { defineQueue, type QueueConfig } from './queue/queue.types.ts';
import { createRng } from './sim/rng.ts';

/** Test fixture: an engine on a virtual clock that records every event. Not part of the public API. */
export function makeEngine(opts: { rules?: Partial<AgentRules>; seed?: number } = {}) {
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 9));
  const logger = createMemoryLogger();
  const engine = new AcdEngine({ clock, rng: createRng(opts.seed ?? 1), rules: opts.rules ?? {}, logger });
  const events: AcdEvent[] = [];
  engine.events.on('*', (e) => events.push(e));
  const of = <T extends AcdEvent['type']>(type: T) => events.filter((e): e is Extract<AcdEvent, { type: T }> => e.type === type);
  return { clock, engine, events, of, logger };
}

export function agent(id: string, skills: Record<string, number>, extra: Partial<AgentRecord> = {}): AgentRecord {
  return {
    id,
    number: extra.number ?? String(1000 + Number(id.replace(/\D/g, '') || 0)),
    name: id,
    type: 'agent',
    enabled: true,
    regions: [],
    skills,
    managedGroupIds: [],
    managedQueueIds: [],
    ...extra,
  };
}

export function queue(id: string, extra: Partial<QueueConfig> = {}): QueueConfig {
  return defineQueue({ id, ...extra });
}
