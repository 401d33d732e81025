import { Resampler } from '../codecs/resampler.ts';
import { Mixer } from '../dsp/mixer.ts';

/**
 * A mixer plus the rate converters of the members that run at another rate. A group keeps the rate it
 * was created at (the highest of its first members); later members get converters.
 */
export interface MixGroup {
  mixer: Mixer;
  rate: number;
  toBus: Map<string, Resampler>;
  fromBus: Map<string, Resampler>;
}

export function createMixGroup(rate: number): MixGroup {
  return { mixer: new Mixer({ frameSamples: (rate * 20) / 1000 }), rate, toBus: new Map(), fromBus: new Map() };
}

export function addToGroup(group: MixGroup, member: { id: string; sampleRate: number }): void {
  group.mixer.add(member.id);
  if (member.sampleRate !== group.rate) {
    group.toBus.set(member.id, new Resampler(member.sampleRate, group.rate));
    group.fromBus.set(member.id, new Resampler(group.rate, member.sampleRate));
  }
}

export function removeFromGroup(group: MixGroup, id: string): void {
  group.mixer.remove(id);
  group.toBus.delete(id);
  group.fromBus.delete(id);
}

/** Mix one 20 ms frame: inbound audio of each member in, each member's mix-minus out (at its rate). */
export function mixFrame(group: MixGroup, inbound: Map<string, Int16Array | undefined>, out: Map<string, Int16Array>): void {
  const inputs = new Map<string, Int16Array>();
  for (const [id, x] of inbound) {
    if (!x) continue;
    const r = group.toBus.get(id);
    inputs.set(id, r ? r.process(x) : x);
  }
  for (const [id, y] of group.mixer.process(inputs)) {
    const r = group.fromBus.get(id);
    out.set(id, r ? r.process(y) : y);
  }
}
