-- PBX dial plan (issue 5 items 3 and 4; manual §4.6.9 接入号, §4.10.12 时间定义): schedules, access numbers,
-- SIP trunks and outbound routes. Shapes follow packages/switch's dial-plan types (Schedule, AccessNumber,
-- Trunk, OutboundRoute); nested lists that are only ever read whole are jsonb, references are columns
-- with foreign keys so that nothing in use can be deleted.

-- 时间定义: working-hour periods per weekday, holidays and adjusted working days (调休), in one time zone.
CREATE TABLE schedules (
  id                     uuid PRIMARY KEY,
  name                   text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  time_zone              text NOT NULL DEFAULT 'Asia/Shanghai' CHECK (length(time_zone) BETWEEN 1 AND 64),
  working_periods        jsonb NOT NULL DEFAULT '[]',   -- [{weekday 1-7, start 'HH:MM', end 'HH:MM'}]
  holidays               jsonb NOT NULL DEFAULT '[]',   -- [{name, from 'YYYY-MM-DD', to?}]
  adjusted_working_days  jsonb NOT NULL DEFAULT '[]',   -- [{date, asWeekday}]
  notes                  text NOT NULL DEFAULT '' CHECK (length(notes) <= 500),
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  CHECK (jsonb_typeof(working_periods) = 'array' AND jsonb_typeof(holidays) = 'array'
         AND jsonb_typeof(adjusted_working_days) = 'array')
);
CREATE UNIQUE INDEX schedules_name_uq ON schedules (lower(name));

-- 接入号: a DID. `target` is a CallTarget ({kind, extension | ivrId | queueId | mailboxId}); with 分时段业务
-- `time_routing` holds {enabled, workingHours, afterHours, holiday?} and `schedule_id` the schedule, as a
-- column so that a schedule in use cannot be deleted.
CREATE TABLE access_numbers (
  id            uuid PRIMARY KEY,
  number        text NOT NULL CHECK (number ~ '^\+?[0-9*#]{1,32}$'),
  call_type     text NOT NULL CHECK (call_type IN ('in', 'out', 'both')),
  vip           boolean NOT NULL DEFAULT false,
  target        jsonb CHECK (target IS NULL OR jsonb_typeof(target) = 'object'),
  time_routing  jsonb CHECK (time_routing IS NULL OR jsonb_typeof(time_routing) = 'object'),
  schedule_id   uuid REFERENCES schedules(id) ON DELETE RESTRICT,
  notes         text NOT NULL DEFAULT '' CHECK (length(notes) <= 500),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((time_routing IS NULL) = (schedule_id IS NULL))
);
-- `+8610…` and `8610…` are one access number (the switch compares them without the '+').
CREATE UNIQUE INDEX access_numbers_number_uq ON access_numbers ((ltrim(number, '+')));
CREATE INDEX access_numbers_schedule_idx ON access_numbers (schedule_id) WHERE schedule_id IS NOT NULL;

-- 中继: a SIP trunk to a carrier, registering with digest or accepted by source address (IP peer). The
-- password is write-only: stored encrypted (AES-256-GCM, key in settings 'pbx.trunkSecretKey') because the
-- switch must send it to the carrier; no API ever returns it.
CREATE TABLE trunks (
  id                       uuid PRIMARY KEY,
  name                     text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  enabled                  boolean NOT NULL DEFAULT true,
  host                     text NOT NULL CHECK (length(host) BETWEEN 1 AND 253),
  port                     integer NOT NULL DEFAULT 5060 CHECK (port BETWEEN 1 AND 65535),
  transport                text NOT NULL DEFAULT 'udp' CHECK (transport IN ('udp', 'tcp', 'tls')),
  auth_mode                text NOT NULL CHECK (auth_mode IN ('register', 'ip')),
  username                 text CHECK (length(username) BETWEEN 1 AND 128),
  password_enc             text,
  register_expiry_seconds  integer NOT NULL DEFAULT 3600 CHECK (register_expiry_seconds BETWEEN 60 AND 86400),
  inbound_addresses        text[] NOT NULL DEFAULT '{}',   -- IPv4 addresses or CIDRs of an IP peer
  max_channels             integer NOT NULL DEFAULT 0 CHECK (max_channels >= 0),   -- 0 = no limit
  caller_id                text CHECK (caller_id ~ '^\+?[0-9]{1,32}$'),            -- default caller-id number
  codecs                   text[] NOT NULL DEFAULT '{PCMA,PCMU,telephone-event}',  -- in order of preference
  notes                    text NOT NULL DEFAULT '' CHECK (length(notes) <= 500),
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now(),
  CHECK (auth_mode <> 'register' OR (username IS NOT NULL AND password_enc IS NOT NULL))
);
CREATE UNIQUE INDEX trunks_name_uq ON trunks (lower(name));

-- 外呼路由: dial rules (ordered [{kind exact|prefix|pattern, value}]), number rewriting, caller ID from an
-- access number, and the trunks in failover order (outbound_route_trunks.position).
CREATE TABLE outbound_routes (
  id                          uuid PRIMARY KEY,
  name                        text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  enabled                     boolean NOT NULL DEFAULT true,
  rules                       jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(rules) = 'array'),
  strip_digits                integer NOT NULL DEFAULT 0 CHECK (strip_digits BETWEEN 0 AND 32),
  prepend                     text NOT NULL DEFAULT '' CHECK (prepend ~ '^[0-9*#+]{0,32}$'),
  caller_id_access_number_id  uuid REFERENCES access_numbers(id) ON DELETE RESTRICT,
  -- The console's order: on equal rule specificity the route listed first wins.
  sort_order                  integer NOT NULL DEFAULT 0,
  notes                       text NOT NULL DEFAULT '' CHECK (length(notes) <= 500),
  created_at                  timestamptz NOT NULL DEFAULT now(),
  updated_at                  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX outbound_routes_name_uq ON outbound_routes (lower(name));
CREATE INDEX outbound_routes_order_idx ON outbound_routes (sort_order, lower(name));
CREATE INDEX outbound_routes_caller_id_idx ON outbound_routes (caller_id_access_number_id)
  WHERE caller_id_access_number_id IS NOT NULL;

CREATE TABLE outbound_route_trunks (
  route_id  uuid NOT NULL REFERENCES outbound_routes(id) ON DELETE CASCADE,
  trunk_id  uuid NOT NULL REFERENCES trunks(id) ON DELETE RESTRICT,
  position  integer NOT NULL CHECK (position >= 0),
  PRIMARY KEY (route_id, trunk_id),
  UNIQUE (route_id, position)
);
CREATE INDEX outbound_route_trunks_trunk_idx ON outbound_route_trunks (trunk_id);
