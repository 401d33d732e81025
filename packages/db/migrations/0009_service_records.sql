-- Issue 8 §6: service records (§4.4.8 服务记录), saved by agents from the screen pop against the call they
-- took (§六 web agent (11)) or added by hand. Data scope is by the author's employee (own records for
-- agents, the managed employees' for supervisors). The agent and employee are kept as names as well, so a
-- record outlives a deleted agent or employee.
CREATE TABLE service_records (
  id               uuid PRIMARY KEY,
  call_id          text CHECK (length(call_id) BETWEEN 1 AND 128),   -- the CDR's call (no FK: CDRs are written apart)
  agent_id         uuid REFERENCES agents(id) ON DELETE SET NULL,
  agent_number     text,
  employee_id      uuid REFERENCES employees(id) ON DELETE SET NULL, -- 客服人员
  employee_name    text,
  created_by       uuid REFERENCES users(id) ON DELETE SET NULL,
  customer_name    text NOT NULL DEFAULT '' CHECK (length(customer_name) <= 100),
  customer_number  text NOT NULL CHECK (length(customer_number) BETWEEN 1 AND 32),
  started_at       timestamptz NOT NULL,                             -- 开始时间
  service_type     text NOT NULL CHECK (service_type IN ('consultation', 'warranty', 'other')),
  channel          text NOT NULL CHECK (channel IN ('hotline', 'qq', 'email', 'other')),
  status           text NOT NULL CHECK (status IN ('in-progress', 'done', 'other')),
  subject          text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  content          text NOT NULL DEFAULT '' CHECK (length(content) <= 4000),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_records_created_idx ON service_records (created_at DESC);
CREATE INDEX service_records_employee_idx ON service_records (employee_id, created_at DESC);
CREATE INDEX service_records_number_idx ON service_records (customer_number, created_at DESC);
CREATE INDEX service_records_call_idx ON service_records (call_id) WHERE call_id IS NOT NULL;

UPDATE roles SET permissions = array_cat(permissions, ARRAY['crm.service-record.read', 'crm.service-record.write'])
 WHERE builtin AND name IN ('班长', '座席') AND NOT ('crm.service-record.read' = ANY (permissions));
