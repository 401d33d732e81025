/**
 * A registration binding (RFC 3261 §10): one contact of one address-of-record. Plain data, stored
 * by whatever backs the `BindingStore` port (the database in production, a Map in tests).
 */
export interface Binding {
  /** Canonical AOR, `sip:user@domain` (lower-case domain, no parameters). */
  readonly aor: string;
  /** The contact URI as registered (serialized). */
  readonly contact: string;
  /** Absolute expiry, ms since the epoch. */
  readonly expiresAt: number;
  /** q-value 0..1 (null when the contact had none). */
  readonly q: number | null;
  readonly callId: string;
  readonly cseq: number;
  /** Where the REGISTER really came from: behind NAT this, not the Contact, reaches the phone. */
  readonly source: { readonly protocol: string; readonly address: string; readonly port: number };
  readonly userAgent: string | null;
  /** RFC 5626 +sip.instance, when present. */
  readonly instanceId: string | null;
  readonly updatedAt: number;
}

/** Port to the bindings table. `replace` writes the whole set of one AOR atomically. */
export interface BindingStore {
  list(aor: string): Promise<Binding[]>;
  replace(aor: string, bindings: readonly Binding[]): Promise<void>;
}

/** An in-memory store for tests and single-node set-ups without persistence. */
export function createMemoryBindingStore(): BindingStore & { all(): Binding[] } {
  const map = new Map<string, Binding[]>();
  return {
    list: async (aor) => [...(map.get(aor) ?? [])],
    replace: async (aor, bindings) => {
      if (bindings.length === 0) map.delete(aor);
      else map.set(aor, [...bindings]);
    },
    all: () => [...map.values()].flat(),
  };
}
