/**
 * The relay fast path in the udp_batch addon (native/udp_batch.c, `forward_one`): for a relayed
 * bridge each leg's RTP socket gets a forwarding rule in a table the worker owns (one row per socket
 * tag). While a rule is active the addon forwards the leg's common packets inside the receive call —
 * from exactly the latched source, the leg's audio payload type, the known SSRC, in sequence — with
 * the header rewrite of relay-rewriter.ts, and keeps the receive statistics and counters in the row.
 * Everything else still reaches `MediaEndpoint.onDatagram` as before.
 *
 * Ownership: while a row is active it holds the live copy of the state the addon touches (the leg's
 * receive statistics, latch time and counters; the other leg's stream position and sent counter).
 * Before JavaScript reads or changes any of it, `pull` copies the rows back into the endpoints; after,
 * `push` writes them again and decides whether the fast path may run (see
 * `MediaEndpoint.writeForwardRule`). Every entry point of an endpoint in such a bridge does both.
 */

/** Row layout; keep in step with the enum in udp_batch.c. */
export const RULE_WORDS = 40;
export const RULE_DOUBLES = 4;
export const R = {
  ACTIVE: 0,
  OUT_FD: 1,
  DST_FLAGS: 2,
  DST_PORT: 3,
  DST_A0: 4,
  SRC_FLAGS: 8,
  SRC_PORT: 9,
  SRC_A0: 10,
  IN_PT: 14,
  OUT_PT: 15,
  SSRC: 16,
  SEQ_OFF: 17,
  TS_OFF: 18,
  OUT_SSRC: 19,
  LAST_SEQ: 20,
  LAST_TS: 21,
  CONTINUED: 22,
  MAX_SEQ: 23,
  CYCLES: 24,
  RECEIVED: 25,
  DUPLICATES: 26,
  PACKETS: 27,
  RELAYED: 28,
  SENT: 29,
  HAS_TRANSIT: 30,
  CLOCK_KHZ: 31,
} as const;
export const F = { TRANSIT: 0, JITTER: 1, LAST_FROM_MS: 2 } as const;

/** One socket's row in the rule table. */
export interface ForwardRow {
  i: Int32Array;
  /** Offset of the row in `i`. */
  at: number;
  f: Float64Array;
  fat: number;
}

/** What a native socket offers the relay fast path. */
export interface ForwardSlot {
  /** The socket's descriptor, for rules of the other leg that send from it. */
  readonly fd: number;
  /** The current row (the table grows when sockets are added: ask again each time). */
  row(): ForwardRow;
  /** An address in the addon's encoding [flags, a0, a1, a2, a3], or undefined when it is not one. */
  address(text: string): Int32Array | undefined;
}

/** The leg side of the fast path; implemented by MediaEndpoint. */
export interface ForwardingLeg {
  readForwardRule(own: ForwardSlot): void;
  writeForwardRule(own: ForwardSlot, peerOut: ForwardSlot): void;
}

/** Both directions of one relayed bridge. */
export class NativeRelayLink {
  private readonly a: ForwardingLeg;
  private readonly b: ForwardingLeg;
  private readonly slotA: ForwardSlot;
  private readonly slotB: ForwardSlot;
  private closed = false;

  constructor(a: ForwardingLeg, slotA: ForwardSlot, b: ForwardingLeg, slotB: ForwardSlot) {
    this.a = a;
    this.b = b;
    this.slotA = slotA;
    this.slotB = slotB;
  }

  /** Copy what the addon changed back into both endpoints (a no-op for inactive rows). */
  pull(): void {
    if (this.closed) return;
    this.a.readForwardRule(this.slotA);
    this.b.readForwardRule(this.slotB);
  }

  /** Write both rows from the endpoints' state; each is active only if the fast path may run. */
  push(): void {
    if (this.closed) return;
    this.a.writeForwardRule(this.slotA, this.slotB);
    this.b.writeForwardRule(this.slotB, this.slotA);
  }

  /** The bridge stops relaying: take the state back and switch both rows off for good. */
  close(): void {
    if (this.closed) return;
    this.pull();
    this.closed = true;
    for (const s of [this.slotA, this.slotB]) {
      const r = s.row();
      r.i[r.at + R.ACTIVE] = 0;
    }
  }
}
