-- Issue 8: the CTI event log. Every ACD event (agent state changes, queue entries, offers, answers,
-- misses, abandons, overflows, call ends) is appended here; the agent-state log and the queue log are
-- views of it, and reports are projections of it (ARCHITECTURE.md, "Events, state and storage").
CREATE TABLE cti_events (
  id        bigserial PRIMARY KEY,
  at        timestamptz NOT NULL,
  type      text NOT NULL,
  agent_id  text,
  call_id   text,
  queue_id  text,
  payload   jsonb NOT NULL
);
CREATE INDEX cti_events_at_brin ON cti_events USING brin (at);
CREATE INDEX cti_events_agent_idx ON cti_events (agent_id, id) WHERE agent_id IS NOT NULL;
CREATE INDEX cti_events_call_idx ON cti_events (call_id) WHERE call_id IS NOT NULL;

-- 座席状态日志: one row per agent state change, with the time spent in the state left.
CREATE VIEW agent_state_log AS
  SELECT id, at, agent_id, payload->>'from' AS from_state, payload->>'to' AS to_state,
         payload->>'reasonId' AS reason_id, payload->>'cause' AS cause, call_id,
         (payload->>'durationMs')::bigint AS duration_ms
    FROM cti_events WHERE type = 'agent.state';

-- 队列日志: what happened to calls in queues.
CREATE VIEW queue_log AS
  SELECT id, at, call_id, queue_id, agent_id, substr(type, 6) AS event,
         (payload->>'waitMs')::bigint AS wait_ms, payload->>'reason' AS reason, payload
    FROM cti_events WHERE type LIKE 'call.%';

-- The agent workspace: signed-in users with an agent take calls.
UPDATE roles SET permissions = array_cat(permissions, ARRAY['cti.workspace'])
 WHERE builtin AND name IN ('班长', '座席') AND NOT ('cti.workspace' = ANY (permissions));
UPDATE roles SET permissions = array_cat(permissions, ARRAY['cti.supervise'])
 WHERE builtin AND name = '班长' AND NOT ('cti.supervise' = ANY (permissions));

-- 满意度评价: the key a customer pressed in the satisfaction survey after an agent's call (§3, §4.6.11 强制评分).
CREATE TABLE call_ratings (
  id          bigserial PRIMARY KEY,
  call_id     text NOT NULL,
  agent_id    uuid REFERENCES agents(id) ON DELETE SET NULL,
  queue_id    uuid REFERENCES queues(id) ON DELETE SET NULL,
  digit       text CHECK (digit ~ '^[0-9*#]$'),
  rated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX call_ratings_call_idx ON call_ratings (call_id);
CREATE INDEX call_ratings_agent_idx ON call_ratings (agent_id, rated_at);
