/**
 * N-party mixer with mix-minus and a per-party gain matrix. By default every party hears every other
 * party at unity gain and never itself (mix-minus). Overrides set gain[listener][speaker] for the
 * supervisor modes:
 *  - listen:  the supervisor hears everyone; nobody hears the supervisor;
 *  - whisper: the supervisor hears everyone; only the agent hears the supervisor;
 *  - barge:   everyone hears everyone (the default matrix).
 * Cost is O(N + overrides) per frame: the full sum once, then each listener subtracts itself and
 * applies its few overrides, instead of an O(N²) matrix product.
 */
export type PartyId = string;

export class Mixer {
  private readonly frameSamples: number;
  private readonly parties = new Set<PartyId>();
  /** overrides.get(listener).get(speaker) = gain, where it differs from the default. */
  private readonly overrides = new Map<PartyId, Map<PartyId, number>>();
  private readonly acc: Float32Array;

  constructor(options: { frameSamples: number }) {
    this.frameSamples = options.frameSamples;
    this.acc = new Float32Array(options.frameSamples);
  }

  add(id: PartyId): void {
    this.parties.add(id);
  }

  remove(id: PartyId): void {
    this.parties.delete(id);
    this.overrides.delete(id);
    for (const row of this.overrides.values()) row.delete(id);
  }

  has(id: PartyId): boolean {
    return this.parties.has(id);
  }

  get size(): number {
    return this.parties.size;
  }

  private defaultGain(listener: PartyId, speaker: PartyId): number {
    return listener === speaker ? 0 : 1;
  }

  gain(listener: PartyId, speaker: PartyId): number {
    return this.overrides.get(listener)?.get(speaker) ?? this.defaultGain(listener, speaker);
  }

  setGain(listener: PartyId, speaker: PartyId, gain: number): void {
    let row = this.overrides.get(listener);
    if (gain === this.defaultGain(listener, speaker)) {
      row?.delete(speaker);
      if (row?.size === 0) this.overrides.delete(listener);
      return;
    }
    if (!row) {
      row = new Map();
      this.overrides.set(listener, row);
    }
    row.set(speaker, gain);
  }

  /** Reset everything said about `supervisor` to the default (barge). */
  barge(supervisor: PartyId): void {
    this.overrides.delete(supervisor);
    for (const row of this.overrides.values()) row.delete(supervisor);
  }

  listen(supervisor: PartyId): void {
    this.barge(supervisor);
    for (const p of this.parties) if (p !== supervisor) this.setGain(p, supervisor, 0);
  }

  whisper(supervisor: PartyId, agent: PartyId): void {
    this.listen(supervisor);
    this.setGain(agent, supervisor, 1);
  }

  /**
   * Mix one frame. Missing inputs (silence, lost frames already concealed upstream) count as zero.
   * Outputs are produced only for `listeners` (default: all parties); results saturate at 16 bits.
   */
  process(inputs: ReadonlyMap<PartyId, Int16Array>, listeners: Iterable<PartyId> = this.parties): Map<PartyId, Int16Array> {
    const n = this.frameSamples;
    const acc = this.acc;
    acc.fill(0);
    for (const id of this.parties) {
      const x = inputs.get(id);
      if (!x) continue;
      for (let i = 0; i < n; i++) acc[i] = (acc[i] as number) + ((x[i] ?? 0) as number);
    }
    const out = new Map<PartyId, Int16Array>();
    for (const l of listeners) {
      const y = new Int16Array(n);
      const own = inputs.get(l);
      const row = this.overrides.get(l);
      for (let i = 0; i < n; i++) {
        let v = (acc[i] as number) - ((own?.[i] ?? 0) as number);
        if (row) {
          for (const [s, g] of row) {
            const xs = inputs.get(s);
            if (xs && this.parties.has(s)) v += (g - this.defaultGain(l, s)) * ((xs[i] ?? 0) as number);
          }
        }
        y[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : Math.round(v);
      }
      out.set(l, y);
    }
    return out;
  }
}
