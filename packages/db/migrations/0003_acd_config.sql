-- ACD configuration (manual §4.6.2–§4.6.4, §4.6.6): agent groups, agents with their supervisor scope,
-- queues with the full §4.6.4.1 parameter table and members with skill levels, VIP numbers, busy reasons.
-- Shapes follow packages/acd (AgentRecord, QueueConfig); durations are stored in milliseconds.

CREATE TABLE agent_groups (
  id          uuid PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX agent_groups_name_uq ON agent_groups (lower(name));

CREATE TABLE agents (
  id             uuid PRIMARY KEY,
  number         text NOT NULL CHECK (number ~ '^[0-9]{1,16}$'),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  type           text NOT NULL DEFAULT 'agent' CHECK (type IN ('agent', 'supervisor')),
  password_hash  text NOT NULL,
  role_id        uuid REFERENCES roles(id) ON DELETE SET NULL,
  group_id       uuid REFERENCES agent_groups(id) ON DELETE RESTRICT,
  enabled        boolean NOT NULL DEFAULT true,
  regions        text[] NOT NULL DEFAULT '{}',
  employee_id    uuid REFERENCES employees(id) ON DELETE RESTRICT,
  extension_id   uuid REFERENCES extensions(id) ON DELETE SET NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX agents_number_uq ON agents (number);
CREATE UNIQUE INDEX agents_employee_uq ON agents (employee_id) WHERE employee_id IS NOT NULL;
CREATE INDEX agents_group_idx ON agents (group_id);

CREATE TABLE queues (
  id                       uuid PRIMARY KEY,
  name                     text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  number                   text NOT NULL CHECK (number ~ '^[0-9]{1,16}$'),
  announce_position        boolean NOT NULL DEFAULT false,
  position_interval_ms     integer NOT NULL DEFAULT 30000 CHECK (position_interval_ms >= 0),
  announce_agent_number    boolean NOT NULL DEFAULT false,
  reserved_idle_agents     integer NOT NULL DEFAULT 0 CHECK (reserved_idle_agents >= 0),
  max_wait_ms              integer NOT NULL DEFAULT 0 CHECK (max_wait_ms >= 0),
  on_max_wait              jsonb NOT NULL DEFAULT '{"kind":"hangup"}',
  max_length               integer NOT NULL DEFAULT 0 CHECK (max_length >= 0),
  on_max_length            jsonb NOT NULL DEFAULT '{"kind":"hangup"}',
  no_agent_max_wait_ms     integer NOT NULL DEFAULT 0 CHECK (no_agent_max_wait_ms >= 0),
  on_no_agent              jsonb NOT NULL DEFAULT '{"kind":"hangup"}',
  vip_enabled              boolean NOT NULL DEFAULT false,
  vip_method               text NOT NULL DEFAULT 'cti' CHECK (vip_method IN ('cti', 'crm')),
  vip_lookup_url           text,
  http_timeout_ms          integer NOT NULL DEFAULT 2000 CHECK (http_timeout_ms BETWEEN 100 AND 60000),
  ring_time_ms             integer NOT NULL DEFAULT 20000 CHECK (ring_time_ms BETWEEN 1000 AND 600000),
  music_on_hold            text,
  strategy                 text NOT NULL DEFAULT 'longest-idle',
  preference_rules         text[] NOT NULL DEFAULT '{}',
  priority                 integer NOT NULL DEFAULT 0,
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX queues_name_uq ON queues (lower(name));
CREATE UNIQUE INDEX queues_number_uq ON queues (number);

-- Queue membership with the agent's skill level in that queue (0–9, 9 highest).
CREATE TABLE queue_members (
  queue_id     uuid NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
  agent_id     uuid NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  skill_level  integer NOT NULL DEFAULT 5 CHECK (skill_level BETWEEN 0 AND 9),
  PRIMARY KEY (queue_id, agent_id)
);
CREATE INDEX queue_members_agent_idx ON queue_members (agent_id);

-- Supervisor scope (§4.6.3.7): the agent groups and queues a supervisor manages.
CREATE TABLE supervisor_groups (
  agent_id  uuid NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  group_id  uuid NOT NULL REFERENCES agent_groups(id) ON DELETE CASCADE,
  PRIMARY KEY (agent_id, group_id)
);
CREATE TABLE supervisor_queues (
  agent_id  uuid NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  queue_id  uuid NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
  PRIMARY KEY (agent_id, queue_id)
);

-- VIP numbers (§4.6.6): global, or for the listed queues.
CREATE TABLE vip_numbers (
  id          uuid PRIMARY KEY,
  number      text NOT NULL CHECK (number ~ '^[0-9+*#]{1,32}$'),
  is_global   boolean NOT NULL DEFAULT true,
  notes       text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX vip_numbers_number_uq ON vip_numbers (number);
CREATE TABLE vip_number_queues (
  vip_id    uuid NOT NULL REFERENCES vip_numbers(id) ON DELETE CASCADE,
  queue_id  uuid NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
  PRIMARY KEY (vip_id, queue_id)
);

-- Admin-defined busy reasons (custom busy states); built-in ones cannot be deleted.
CREATE TABLE busy_reasons (
  id          uuid PRIMARY KEY,
  code        text NOT NULL CHECK (code ~ '^[a-z0-9-]{1,32}$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 32),
  builtin     boolean NOT NULL DEFAULT false,
  sort_order  integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX busy_reasons_code_uq ON busy_reasons (code);
INSERT INTO busy_reasons (id, code, name, builtin, sort_order) VALUES
  ('00000000-0000-4000-8000-000000000b01', 'default', '忙碌', true, 0),
  ('00000000-0000-4000-8000-000000000b02', 'missed-call', '未接来电', true, 1),
  ('00000000-0000-4000-8000-000000000b03', 'wrap-up-overrun', '后处理超时', true, 2),
  ('00000000-0000-4000-8000-000000000b04', 'monitor-only', '仅监控', true, 3);
