import type { SupervisedAgent, SupervisedQueue, SupervisorScopeKind, SupervisorStreamMessage } from '@rexian/contracts';
import { useState } from 'react';
import { usePushed } from '../../shared/use-pushed.ts';
import { supervisorApi } from './supervisor-api.ts';

type Boards = {
  scope: SupervisorScopeKind;
  agents: SupervisedAgent[];
  queues: SupervisedQueue[];
  now: string;
  receivedAt: number;
};

/**
 * Both wallboards, pushed by `/api/v1/supervisor/stream` (whole boards after each burst of changes); polled
 * every 3 s while the stream is down (`usePushed`). Durations tick each second from the server's clock (its
 * `now` plus the time since that message arrived).
 */
export function useSupervisorBoards() {
  const [data, setData] = useState<Boards | undefined>(undefined);
  const { mode, error } = usePushed<SupervisorStreamMessage | { type: 'error'; code: string }>({
    path: '/api/v1/supervisor/stream',
    pollMs: 3000,
    poll: async (current) => {
      const [agents, queues] = await Promise.all([supervisorApi.agents(), supervisorApi.queues()]);
      if (current())
        setData({ scope: agents.scope, agents: agents.items, queues: queues.items, now: agents.now, receivedAt: Date.now() });
    },
    onMessage: (m) => {
      if (m.type !== 'boards') return false;
      setData({ scope: m.scope, agents: m.agents, queues: m.queues, now: m.now, receivedAt: Date.now() });
      return true;
    },
  });
  const serverNow = data ? Date.parse(data.now) + (Date.now() - data.receivedAt) : Date.now();
  return { data, error, serverNow, mode };
}
