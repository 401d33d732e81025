-- Issue 5: control over calls in progress (force hang-up, per-call recording) for supervisors.
-- New installations get it from the bootstrap's built-in roles; this brings existing ones level.
UPDATE roles SET permissions = array_cat(permissions, ARRAY['pbx.call.control'])
 WHERE builtin AND name = '班长' AND NOT ('pbx.call.control' = ANY (permissions));
