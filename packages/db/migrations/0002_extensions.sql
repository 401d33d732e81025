-- Extensions (分机): SIP accounts that phones register with, and their registrations (bindings).
-- Digest secrets are stored as HA1 values (RFC 7616 §3.4.2: H(username ":" realm ":" password)) for MD5
-- and SHA-256, never in clear: enough to verify a digest response, useless as a login elsewhere.

CREATE TABLE extensions (
  id             uuid PRIMARY KEY,
  number         text NOT NULL CHECK (number ~ '^[0-9]{2,12}$'),
  display_name   text NOT NULL DEFAULT '' CHECK (length(display_name) <= 64),
  realm          text NOT NULL,
  ha1_md5        text NOT NULL,
  ha1_sha256     text NOT NULL,
  enabled        boolean NOT NULL DEFAULT true,
  max_contacts   integer NOT NULL DEFAULT 3 CHECK (max_contacts BETWEEN 1 AND 20),
  codecs         text[] NOT NULL DEFAULT '{PCMU,PCMA,G722,telephone-event}',
  employee_id    uuid REFERENCES employees(id) ON DELETE SET NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX extensions_number_uq ON extensions (number);
CREATE INDEX extensions_employee_idx ON extensions (employee_id);

-- Registrar bindings (RFC 3261 §10.3): one row per (extension, contact). Kept in the database so that
-- registrations survive a restart.
CREATE TABLE sip_registrations (
  extension_id   uuid NOT NULL REFERENCES extensions(id) ON DELETE CASCADE,
  aor            text NOT NULL,          -- canonical sip:number@realm
  contact_uri    text NOT NULL,
  q              real,                   -- NULL when the contact carried no q-value
  instance_id    text,                   -- RFC 5626 +sip.instance
  expires_at     timestamptz NOT NULL,
  call_id        text NOT NULL,
  cseq           integer NOT NULL,
  source         jsonb NOT NULL,         -- {protocol, address, port} the REGISTER came from (reaches the phone behind NAT)
  user_agent     text,
  registered_at  timestamptz NOT NULL DEFAULT now(),
  last_seen_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (extension_id, contact_uri)
);
CREATE INDEX sip_registrations_expiry_idx ON sip_registrations (expires_at);
CREATE INDEX sip_registrations_aor_idx ON sip_registrations (aor);
