-- Call detail records (§4.7.2 通话记录) and voicemail (§4.7.4 语音留言), shaped like @rexian/switch's `Cdr`.
-- A CDR row is written when the call starts and rewritten as it progresses (answer, legs, recording, end),
-- so a killed process loses nothing it had written; start-up closes rows left `open` with cause
-- 'system-restart'. `last_seq` is the sequence number of the last call event folded in: the upsert never
-- lets an older state overwrite a newer one.

CREATE TABLE cdrs (
  call_id         text PRIMARY KEY CHECK (length(call_id) BETWEEN 1 AND 128),
  call_type       text NOT NULL CHECK (call_type IN ('inbound', 'manual-outbound', 'auto-outbound', 'internal', 'loopback-test')),
  caller          text NOT NULL,
  callee          text NOT NULL,
  access_number   text,
  started_at      timestamptz NOT NULL,
  answered_at     timestamptz,
  ended_at        timestamptz,
  ring_ms         bigint CHECK (ring_ms >= 0),
  talk_ms         bigint CHECK (talk_ms >= 0),
  cause           text,                    -- a switch HangupCause; NULL while nobody has hung up
  hung_up_by      text CHECK (hung_up_by IN ('caller', 'callee', 'system')),
  recording_file  text,                    -- relative to the data folder (or absolute inside it)
  open            boolean NOT NULL DEFAULT true,
  last_seq        bigint NOT NULL,
  legs            jsonb NOT NULL DEFAULT '[]',
  -- The extension numbers among the call's parties when it was stored: data scope (the calls of "my"
  -- extensions) and the extension filter. Numbers outside it are external and masked for most users.
  extensions      text[] NOT NULL DEFAULT '{}',
  updated_at      timestamptz NOT NULL DEFAULT now()
);
-- The list is newest first, always bounded by a time range in practice.
CREATE INDEX cdrs_started_idx ON cdrs (started_at DESC);
CREATE INDEX cdrs_extensions_gin ON cdrs USING gin (extensions);
CREATE INDEX cdrs_caller_idx ON cdrs (caller text_pattern_ops);
CREATE INDEX cdrs_callee_idx ON cdrs (callee text_pattern_ops);
CREATE INDEX cdrs_access_number_idx ON cdrs (access_number, started_at DESC) WHERE access_number IS NOT NULL;
CREATE INDEX cdrs_type_idx ON cdrs (call_type, started_at DESC);
CREATE INDEX cdrs_open_idx ON cdrs (started_at) WHERE open;

-- Voicemail: one row per message. Deleting a message is a hard delete of the row and its file; the audit
-- log keeps who deleted which message (mailbox, caller, time).
CREATE TABLE voicemails (
  id              uuid PRIMARY KEY,
  call_id         text NOT NULL,           -- the CDR's call (no FK: the CDR writer runs on its own chain)
  -- Who it was left for: an extension number, a queue number or another voicemail target id.
  mailbox         text NOT NULL CHECK (length(mailbox) BETWEEN 1 AND 64),
  caller          text NOT NULL,
  callee          text NOT NULL,
  access_number   text,
  file            text NOT NULL CHECK (length(file) BETWEEN 1 AND 512),  -- relative to the data folder
  duration_ms     integer NOT NULL CHECK (duration_ms >= 0),
  created_at      timestamptz NOT NULL DEFAULT now(),
  handled         boolean NOT NULL DEFAULT false,
  handled_by      uuid REFERENCES users(id) ON DELETE SET NULL,
  handled_at      timestamptz,
  note            text NOT NULL DEFAULT '' CHECK (length(note) <= 500)  -- 留言备注
);
CREATE INDEX voicemails_created_idx ON voicemails (created_at DESC);
CREATE INDEX voicemails_mailbox_idx ON voicemails (mailbox, created_at DESC);
CREATE INDEX voicemails_unhandled_idx ON voicemails (created_at DESC) WHERE NOT handled;
CREATE INDEX voicemails_call_idx ON voicemails (call_id);

-- The manual (§4.7.2, §4.6.10): agents see their own call records, supervisors those of their agents and
-- listen to voicemail. Existing built-in roles get the new permissions (new installations get them at seed).
UPDATE roles SET permissions = array_cat(permissions, ARRAY['pbx.cdr.read', 'pbx.voicemail.read', 'pbx.voicemail.write'])
 WHERE builtin AND name = '班长' AND NOT ('pbx.cdr.read' = ANY (permissions));
UPDATE roles SET permissions = array_cat(permissions, ARRAY['pbx.cdr.read'])
 WHERE builtin AND name = '座席' AND NOT ('pbx.cdr.read' = ANY (permissions));
