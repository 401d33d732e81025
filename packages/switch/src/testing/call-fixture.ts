import { VirtualClock } from '@rexian/kernel';
import { CallController } from '../call/call-controller.ts';
import type { CallEvent } from '../call/call-events.ts';
import { createCallEventBus } from '../call/call-events.ts';
import { CallModel } from '../call/call-model.ts';
import { FakeSwitchAdapter } from './fake-switch-adapter.ts';

/** Test support: a model, a controller over the fake adapter, a virtual clock and the captured events. */
export function callFixture(start = Date.UTC(2026, 0, 5, 2, 0, 0)) {
  const clock = new VirtualClock(start);
  const listenerErrors: unknown[] = [];
  const bus = createCallEventBus({ clock, onListenerError: (e) => listenerErrors.push(e) });
  const events: CallEvent[] = [];
  bus.subscribe((e) => events.push(e));
  let n = 0;
  const newId = () => `id${++n}`;
  const model = new CallModel({ clock, bus, newId });
  const adapter = new FakeSwitchAdapter();
  const controller = new CallController({ model, adapter, bus, clock, newId });
  const types = () => events.map((e) => e.type);
  return { clock, bus, events, types, model, adapter, controller, listenerErrors };
}
