-- Issue 8 §5: API keys for third-party CRMs' click-to-call (http 外呼接口). Keys are 32 random bytes shown
-- once; only their SHA-256 is stored (a slow hash adds nothing for random keys). docs/agent-sdk.md.
CREATE TABLE api_keys (
  id            uuid PRIMARY KEY,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  prefix        text NOT NULL CHECK (prefix ~ '^[A-Za-z0-9_-]{8}$'),
  key_hash      text NOT NULL,
  scope         text NOT NULL CHECK (scope IN ('agent', 'any-agent')),
  agent_id      uuid REFERENCES agents(id) ON DELETE CASCADE,
  allowed_ips   text[] NOT NULL DEFAULT '{}',
  created_by    uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  expires_at    timestamptz,
  revoked_at    timestamptz,
  CHECK ((scope = 'agent') = (agent_id IS NOT NULL))
);
CREATE UNIQUE INDEX api_keys_prefix_uq ON api_keys (prefix);
