import type { SupervisedAgent, SupervisedQueue } from '@rexian/contracts';

/** Pure helpers of the supervisor page (tested in apps/console/test/supervisor-values.test.ts). */

/** Milliseconds since an ISO time on the server's clock (`serverNow`), never negative. */
export function elapsedMs(since: string, serverNow: number): number {
  const t = Date.parse(since);
  return Number.isFinite(t) ? Math.max(0, serverNow - t) : 0;
}

/** The longest wait in a queue now, from its oldest waiting call (ticks between pushes). */
export function longestWaitMs(queue: SupervisedQueue, serverNow: number): number {
  if (queue.calls.length === 0) return 0;
  return Math.max(...queue.calls.map((c) => elapsedMs(c.enteredAt, serverNow)));
}

/** What a supervisor may do to an agent in this state (the server decides in the end). */
export function agentActions(a: SupervisedAgent): {
  busy: boolean;
  idle: boolean;
  signOut: boolean;
  monitor: boolean;
} {
  const onCall = a.state === 'reserved' || a.state === 'ringing' || a.state === 'talking';
  const signedIn = a.state !== 'signed-out';
  return {
    busy: signedIn && !onCall && a.state !== 'busy',
    idle: signedIn && !onCall && a.state !== 'idle',
    signOut: signedIn,
    monitor: a.state === 'talking' && a.call !== null,
  };
}

/** Counts for the summary line: signed in, idle, busy, talking. */
export function agentCounts(agents: readonly SupervisedAgent[]) {
  const signedIn = agents.filter((a) => a.state !== 'signed-out');
  return {
    signedIn: signedIn.length,
    idle: agents.filter((a) => a.state === 'idle').length,
    busy: agents.filter((a) => a.state === 'busy' || a.state === 'away').length,
    talking: agents.filter((a) => a.state === 'talking' || a.state === 'ringing' || a.state === 'reserved').length,
  };
}
