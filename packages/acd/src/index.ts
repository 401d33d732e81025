/** @rexian/acd — agents, queues and routing as pure logic over ports, and the simulator that runs them. */

export * from './agent/agent.types.ts';
export * from './agent/agent-rules.ts';
export type { AgentSnapshot } from './agent/agent-runtime.ts';
export * from './agent/agent-state.ts';
export { AcdEngine, type AcdEngineOptions, type QueueStatus } from './engine/acd-engine.ts';
export type { Actor } from './engine/agent-commands.ts';
export type { IncomingCall } from './engine/call-flow.ts';
export type { CallSnapshot } from './engine/call-runtime.ts';
export * from './errors.ts';
export type * from './events.ts';
export * from './queue/queue.types.ts';
export * from './queue/vip.ts';
export * from './reconcile/drift.ts';
export { createReconciler, type ReconcilerOptions, type Repair } from './reconcile/reconciler.ts';
export { CALL_SELECTION_ORDER, compareHeads, type QueueHead, selectCallForAgent } from './routing/call-selection.ts';
export { applyRule } from './routing/preference-rules.ts';
export * from './routing/routing.types.ts';
export { type RouteDecision, routeCall } from './routing/routing-pipeline.ts';
export { applyStrategy, type StrategyState } from './routing/strategies.ts';
export * from './sim/arrivals-csv.ts';
export { type ErlangAResult, type ErlangCResult, erlangA, erlangB, erlangC, requiredAgents } from './sim/erlang.ts';
export { createRng, type Distribution, sampler } from './sim/rng.ts';
export * from './sim/scenario.ts';
export type { AgentFigures, QueueFigures } from './sim/sim-stats.ts';
export { simulateCli } from './sim/simulate.cli.ts';
export { nextArrival, runSimulation, type SimulationOptions, type SimulationReport } from './sim/simulator.ts';
