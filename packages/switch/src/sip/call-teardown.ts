import type { Logger } from '@rexian/kernel';
import type { CallController } from '../call/call-controller.ts';
import type { CallEventBus } from '../call/call-events.ts';
import type { CallModel } from '../call/call-model.ts';

/**
 * A two-party call ends when one party hangs up: when a member leaves a `call` bridge by hanging up
 * (for any cause but `transferred` — a transfer brings a new party in) and a single member is left, that
 * member is hung up too and the bridge is closed. Conference bridges keep going with whoever remains.
 */
export function attachCallTeardown(bus: CallEventBus, model: CallModel, controller: CallController, log: Logger): () => void {
  const lastBridge = new Map<string, string>();
  return bus.subscribe((e) => {
    if (e.type === 'bridge.joined') {
      lastBridge.delete(e.channelId);
      return;
    }
    if (e.type === 'bridge.left') {
      lastBridge.set(e.channelId, e.bridgeId);
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
        if (b.members.length === 1) await controller.hangup(b.members[0] as string, e.cause);
        const after = model.bridge(bridgeId);
        if (!after.closed && after.members.length === 0) await controller.destroyBridge(bridgeId);
      })().catch((error: unknown) => log.warn({ error, bridgeId }, 'call teardown'));
    });
  });
}
