-- Foundation: organisation, access control, sessions, audit log, settings.
-- One SQL dialect: the PostgreSQL 15 feature set (PGlite embeds 18; nothing newer than 15 is used).

CREATE TABLE departments (
  id            uuid PRIMARY KEY,
  parent_id     uuid REFERENCES departments(id) ON DELETE RESTRICT,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  is_temporary  boolean NOT NULL DEFAULT false,
  sort_order    integer NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX departments_parent_idx ON departments (parent_id);
-- Sibling names are unique (NULL parent = top level).
CREATE UNIQUE INDEX departments_sibling_name_uq ON departments (COALESCE(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name));

CREATE TABLE employees (
  id             uuid PRIMARY KEY,
  code           text NOT NULL CHECK (length(code) BETWEEN 1 AND 32),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  department_id  uuid NOT NULL REFERENCES departments(id) ON DELETE RESTRICT,
  mobile         text,
  phone          text,
  email          text,
  notes          text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX employees_code_uq ON employees (lower(code));
CREATE INDEX employees_department_idx ON employees (department_id);

-- Temporary departments (临时组): any number per employee; the formal one is employees.department_id.
CREATE TABLE employee_temporary_departments (
  employee_id    uuid NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
  department_id  uuid NOT NULL REFERENCES departments(id) ON DELETE RESTRICT,
  PRIMARY KEY (employee_id, department_id)
);
CREATE INDEX employee_temporary_departments_dept_idx ON employee_temporary_departments (department_id);

CREATE TABLE roles (
  id           uuid PRIMARY KEY,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  description  text,
  permissions  text[] NOT NULL DEFAULT '{}',
  data_scope   text NOT NULL DEFAULT 'self' CHECK (data_scope IN ('self', 'managed', 'all')),
  builtin      boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX roles_name_uq ON roles (lower(name));

CREATE TABLE users (
  id                    uuid PRIMARY KEY,
  username              text NOT NULL CHECK (length(username) BETWEEN 1 AND 64),
  password_hash         text NOT NULL,
  employee_id           uuid REFERENCES employees(id) ON DELETE RESTRICT,
  role_id               uuid REFERENCES roles(id) ON DELETE RESTRICT,
  is_admin              boolean NOT NULL DEFAULT false,
  locked                boolean NOT NULL DEFAULT false,
  must_change_password  boolean NOT NULL DEFAULT false,
  password_changed_at   timestamptz,
  last_login_at         timestamptz,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_uq ON users (lower(username));
CREATE UNIQUE INDEX users_employee_uq ON users (employee_id) WHERE employee_id IS NOT NULL;

-- Server-side sessions: the cookie holds a random token, the table only its SHA-256.
CREATE TABLE sessions (
  token_hash    text PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  ip            text,
  user_agent    text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Failed-login throttling per user name (known or not, so the answer never reveals which names exist).
CREATE TABLE login_throttle (
  username      text PRIMARY KEY,
  failures      integer NOT NULL DEFAULT 0,
  window_start  timestamptz NOT NULL DEFAULT now(),
  locked_until  timestamptz
);

CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  user_id      uuid,
  username     text,
  ip           text,
  action       text NOT NULL,
  target_type  text,
  target_id    text,
  outcome      text NOT NULL DEFAULT 'ok' CHECK (outcome IN ('ok', 'denied', 'failed')),
  details      jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at_brin ON audit_log USING brin (at);
CREATE INDEX audit_log_user_idx ON audit_log (user_id, at DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, at DESC);

CREATE TABLE settings (
  key         text PRIMARY KEY,
  value       jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
