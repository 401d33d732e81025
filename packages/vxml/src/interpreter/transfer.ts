import type { TransferItem } from '../parser/vxml-model.ts';
import type { JsValue } from '../sandbox/script-sandbox.ts';
import { flushQueue, must } from './prompt-render.ts';
import type { Run } from './run-context.ts';
import { ensureConnected, VxmlEvent } from './signals.ts';

/**
 * <transfer> (VoiceXML 2.0 §2.3.7, 2.1 §2.2): blind transfers hand the caller away and raise
 * connection.disconnect.transfer; bridged and consultation transfers return an outcome that fills
 * the item. Destinations: queue:, ivr:, voicemail:, tel:, sip:.
 */
export async function runTransfer(run: Run, item: TransferItem): Promise<{ value: JsValue; shadow: Record<string, JsValue> }> {
  ensureConnected(run);
  const dest = item.dest ?? must(run.sandbox.evalString(item.destexpr ?? "''"));
  if (!/^(queue|ivr|voicemail|tel|sip|sips):./.test(dest))
    throw new VxmlEvent('error.connection.baddestination', `bad destination ${dest}`);
  // Queued prompts are heard before the transfer starts (VoiceXML 2.0 §4.1.8), so the trace reads in order.
  await flushQueue(run);
  run.trace.add('transfer', { name: item.name, dest, mode: item.mode });
  const res = await run.channel.transfer({
    dest,
    mode: item.mode,
    connectTimeoutMs: item.connectTimeoutMs,
    maxTimeMs: item.maxTimeMs,
  });
  run.trace.add('transfer', { name: item.name, dest, outcome: res.outcome, durationMs: res.durationMs });
  if (res.outcome === 'transferred') {
    run.hungUp = true;
    run.transferred = true;
    throw new VxmlEvent('connection.disconnect.transfer', dest);
  }
  if (res.outcome === 'hangup') {
    run.trace.add('hangup', { by: 'caller' });
    run.hungUp = true;
    throw new VxmlEvent('connection.disconnect.hangup', 'caller hung up during transfer');
  }
  if (res.outcome === 'noroute') throw new VxmlEvent('error.connection.noroute', dest);
  return { value: res.outcome, shadow: { duration: Math.round(res.durationMs / 1000) } };
}
