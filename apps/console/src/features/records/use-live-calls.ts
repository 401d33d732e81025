import type { CdrDetail, LiveCallsMessage } from '@rexian/contracts';
import { useState } from 'react';
import { usePushed } from '../../shared/use-pushed.ts';
import { cdrsApi } from './records-api.ts';

type Snapshot = { calls: Map<string, CdrDetail>; now: string; receivedAt: number };

/**
 * The current calls, pushed by the server's stream (`/api/v1/calls/live/stream`): a snapshot, then the calls
 * that changed; polled every 2 s while the stream is down (`usePushed`). Durations tick once a second from the
 * server's clock (its `now` plus the time since that message arrived), so a skewed browser clock does not matter.
 */
export function useLiveCalls() {
  const [data, setData] = useState<Snapshot | undefined>(undefined);
  const { mode, error } = usePushed<LiveCallsMessage>({
    path: '/api/v1/calls/live/stream',
    pollMs: 2000,
    poll: async (current) => {
      const live = await cdrsApi.live();
      if (current()) setData({ calls: new Map(live.items.map((c) => [c.callId, c])), now: live.now, receivedAt: Date.now() });
    },
    onMessage: (m) => {
      setData((before) => {
        const calls = m.type === 'snapshot' ? new Map<string, CdrDetail>() : new Map(before?.calls);
        if (m.type === 'snapshot') for (const c of m.items) calls.set(c.callId, c);
        else {
          for (const c of m.upserts) calls.set(c.callId, c);
          for (const id of m.removed) calls.delete(id);
        }
        return { calls, now: m.now, receivedAt: Date.now() };
      });
      return true;
    },
  });
  const serverNow = data ? Date.parse(data.now) + (Date.now() - data.receivedAt) : Date.now();
  const calls = data ? [...data.calls.values()] : undefined;
  return { calls, error, serverNow, mode };
}
