import type { Logger } from '@rexian/kernel';
import type { CallController } from '../call/call-controller.ts';
import type { CallEventBus } from '../call/call-events.ts';
import type { CallModel } from '../call/call-model.ts';

/**
 * A two-party call ends when one party hangs up: when a member leaves a `call` bridge by hanging up
 * (for any cause but `transferred` — a transfer brings a new party in) and a single member is left, that
 * member is hung up too and the bridge is closed. Monitors (supervisors) do not count as parties: one
 * leaving changes nothing, and when the parties are down to one the monitors are hung up with it.
 * Conference bridges keep going with whoever remains.
 */
export function attachCallTeardown(
  bus: CallEventBus,
  model: CallModel,
  controller: CallController,
  log: Logger,
  /** Channels an application takes over when their partner leaves (CTI's satisfaction survey): not hung up. */
  keptAlone: ReadonlySet<string> = new Set(),
): () => void {
  const lastBridge = new Map<string, string>();
  const monitors = new Set<string>();
  return bus.subscribe((e) => {
    if (e.type === 'bridge.joined') {
      lastBridge.delete(e.channelId);
      if (e.monitor === undefined) monitors.delete(e.channelId);
      else monitors.add(e.channelId);
      return;
    }
    if (e.type === 'bridge.monitor-changed') {
      if (e.monitor === null) monitors.delete(e.channelId);
      else monitors.add(e.channelId);
      return;
    }
    if (e.type === 'bridge.left') {
      // A monitor leaving never ends the call.
      if (monitors.delete(e.channelId)) lastBridge.delete(e.channelId);
      else lastBridge.set(e.channelId, e.bridgeId);
      return;
    }
    if (e.type !== 'channel.hungup') return;
    const bridgeId = lastBridge.get(e.channelId);
    lastBridge.delete(e.channelId);
    if (bridgeId === undefined || e.cause === 'transferred') return;
    queueMicrotask(() => {
      void (async () => {
        const b = model.bridge(bridgeId);
        if (b.closed || b.kind !== 'call') return;
        const watching = new Set((b.monitors ?? []).map((m) => m.channelId));
        const parties = b.members.filter((m) => !watching.has(m));
        if (parties.length <= 1) {
          for (const m of [...parties, ...watching]) {
            // A transferor whose consulted party left goes back to the transferee (CallController.consult).
            if (keptAlone.has(m) || controller.isConsulting(m)) continue;
            if (model.channel(m).state !== 'hung-up') await controller.hangup(m, e.cause);
          }
        }
        const after = model.bridge(bridgeId);
        if (!after.closed && after.members.length === 0) await controller.destroyBridge(bridgeId);
      })().catch((error: unknown) => log.warn({ error, bridgeId }, 'call teardown'));
    });
  });
}
