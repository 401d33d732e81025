import type { PreferenceRule } from '../queue/queue.types.ts';
import type { RoutingAgent, RoutingCall } from './routing.types.ts';

export interface RuleOutcome {
  /** The candidates the rule keeps; equal to the input when the rule does not apply. */
  readonly kept: readonly RoutingAgent[];
  readonly note: string;
}

/**
 * A preference rule narrows, never empties: when no candidate matches (or the call lacks the data),
 * the rule is skipped and every candidate passes on. This is how "non-unique" rules combine in order.
 */
export function applyRule(rule: PreferenceRule, call: RoutingCall, candidates: readonly RoutingAgent[]): RuleOutcome {
  switch (rule) {
    case 'dedicated-agent':
      return matchOne(candidates, call.dedicatedAgentId, 'dedicated agent');
    case 'last-agent':
      return matchOne(candidates, call.lastAgentId, 'last agent');
    case 'caller-area': {
      const area = call.callerArea;
      if (area === undefined) return { kept: candidates, note: 'caller area unknown; skipped' };
      const kept = candidates.filter((a) => a.regions.includes(area));
      return kept.length > 0
        ? { kept, note: `${kept.length} agent(s) in region ${area}` }
        : { kept: candidates, note: `no idle agent in region ${area}; skipped` };
    }
    case 'highest-skill': {
      let top = -1;
      for (const a of candidates) if (a.skill > top) top = a.skill;
      const kept = candidates.filter((a) => a.skill === top);
      return { kept, note: `highest skill level ${top}` };
    }
  }
}

function matchOne(candidates: readonly RoutingAgent[], agentId: string | undefined, label: string): RuleOutcome {
  if (agentId === undefined) return { kept: candidates, note: `no ${label} on record; skipped` };
  const a = candidates.find((c) => c.id === agentId);
  return a
    ? { kept: [a], note: `${label} ${agentId} is idle` }
    : { kept: candidates, note: `${label} ${agentId} not available; skipped` };
}
