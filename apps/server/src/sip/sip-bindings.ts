import type { Queryable } from '@rexian/db';
import type { Binding, BindingStore } from '@rexian/sip';

type Row = {
  aor: string;
  number: string;
  contact_uri: string;
  q: number | null;
  instance_id: string | null;
  expires_at: string | Date;
  call_id: string;
  cseq: number;
  source: { protocol: string; address: string; port: number };
  user_agent: string | null;
  last_seen_at: string | Date;
};

const COLUMNS = `r.aor, x.number, r.contact_uri, r.q, r.instance_id, r.expires_at, r.call_id, r.cseq, r.source,
  r.user_agent, r.last_seen_at`;

const ms = (v: string | Date) => new Date(v).getTime();

const toBinding = (r: Row, aor: string): Binding => ({
  aor,
  contact: r.contact_uri,
  expiresAt: ms(r.expires_at),
  q: r.q === null ? null : Number(r.q),
  callId: r.call_id,
  cseq: r.cseq,
  source: r.source,
  userAgent: r.user_agent,
  instanceId: r.instance_id,
  updatedAt: ms(r.last_seen_at),
});

/** The user part of `sip:user@domain` — the extension number (all our domains are aliases). */
export function userOfAor(aor: string): string | null {
  const m = /^sips?:([^@;]+)@/i.exec(aor);
  return m?.[1] ?? null;
}

export interface SipBindingsStore extends BindingStore {
  /** Every unexpired binding of every extension (the NAT keep-alive's list). */
  listLive(now: number): Promise<Binding[]>;
  /** Drops one binding (an unreachable phone). */
  remove(binding: Binding): Promise<void>;
  /** Notes that the phone behind a binding answered (the console's "last seen"). */
  touch(binding: Binding, now: number): Promise<void>;
  /** Per-extension contact limit (extensions.max_contacts) for the registrar. */
  maxContactsFor(aor: string): Promise<number | undefined>;
}

/**
 * The registrar's `BindingStore` port over `sip_registrations`. Bindings are keyed by extension, not by
 * the AOR's domain: a phone may register as sip:8001@pbx.example.com or sip:8001@10.0.0.5 and both are
 * the same extension, stored under the canonical `sip:number@realm`. Only enabled extensions have
 * bindings; a REGISTER racing a disable writes nothing.
 */
export function createSipBindingsStore(db: Queryable, realm: string): SipBindingsStore {
  const canonical = (number: string) => `sip:${number}@${realm}`;

  return {
    async list(aor) {
      const number = userOfAor(aor);
      if (number === null) return [];
      const r = await db.query<Row>(
        `SELECT ${COLUMNS} FROM sip_registrations r JOIN extensions x ON x.id = r.extension_id
          WHERE x.number = $1 AND x.enabled`,
        [number],
      );
      return r.rows.map((row) => toBinding(row, aor));
    },

    async replace(aor, bindings) {
      const number = userOfAor(aor);
      if (number === null) return;
      // One statement, so one atomic step per AOR: the registrar's 200 lists exactly what is stored
      // (RFC 3261 §10.3 step 8). Contacts no longer present go, present ones are upserted (keeping
      // registered_at). A disabled or unknown extension matches no row and nothing is written.
      const rows = bindings.map((b) => ({
        contact_uri: b.contact,
        q: b.q,
        instance_id: b.instanceId,
        expires_at: new Date(b.expiresAt).toISOString(),
        call_id: b.callId,
        cseq: b.cseq,
        source: b.source,
        user_agent: b.userAgent,
        last_seen_at: new Date(b.updatedAt).toISOString(),
      }));
      await db.query(
        `WITH x AS (SELECT id FROM extensions WHERE number = $1 AND enabled),
              gone AS (DELETE FROM sip_registrations r USING x
                        WHERE r.extension_id = x.id AND NOT (r.contact_uri = ANY($3::text[])))
         INSERT INTO sip_registrations (extension_id, aor, contact_uri, q, instance_id, expires_at, call_id, cseq,
             source, user_agent, registered_at, last_seen_at)
         SELECT x.id, $2, b.contact_uri, b.q, b.instance_id, b.expires_at, b.call_id, b.cseq, b.source, b.user_agent,
                b.last_seen_at, b.last_seen_at
           FROM x, jsonb_to_recordset($4::jsonb) AS b(contact_uri text, q real, instance_id text, expires_at timestamptz,
                call_id text, cseq integer, source jsonb, user_agent text, last_seen_at timestamptz)
         ON CONFLICT (extension_id, contact_uri) DO UPDATE SET aor = EXCLUDED.aor, q = EXCLUDED.q,
           instance_id = EXCLUDED.instance_id, expires_at = EXCLUDED.expires_at, call_id = EXCLUDED.call_id,
           cseq = EXCLUDED.cseq, source = EXCLUDED.source, user_agent = EXCLUDED.user_agent,
           last_seen_at = EXCLUDED.last_seen_at`,
        [number, canonical(number), bindings.map((b) => b.contact), JSON.stringify(rows)],
      );
    },

    async listLive(now) {
      const r = await db.query<Row>(
        `SELECT ${COLUMNS} FROM sip_registrations r JOIN extensions x ON x.id = r.extension_id
          WHERE x.enabled AND r.expires_at > $1 ORDER BY r.aor, r.contact_uri`,
        [new Date(now).toISOString()],
      );
      return r.rows.map((row) => toBinding(row, row.aor));
    },

    async remove(binding) {
      const number = userOfAor(binding.aor);
      await db.query(
        `DELETE FROM sip_registrations r USING extensions x
          WHERE x.id = r.extension_id AND x.number = $1 AND r.contact_uri = $2`,
        [number, binding.contact],
      );
    },

    async touch(binding, now) {
      const number = userOfAor(binding.aor);
      await db.query(
        `UPDATE sip_registrations r SET last_seen_at = $3 FROM extensions x
          WHERE x.id = r.extension_id AND x.number = $1 AND r.contact_uri = $2`,
        [number, binding.contact, new Date(now).toISOString()],
      );
    },

    async maxContactsFor(aor) {
      const number = userOfAor(aor);
      if (number === null) return undefined;
      const r = await db.query<{ max_contacts: number }>('SELECT max_contacts FROM extensions WHERE number = $1', [number]);
      return r.rows[0]?.max_contacts;
    },
  };
}
