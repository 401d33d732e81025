-- Issue 5 §3: a trunk's digest realm (Asterisk's and FreeSWITCH's `realm`), for carriers that challenge
-- with a realm other than their host name. NULL: the host. The switch answers a challenge for this realm
-- only (docs/switch.md, "Trunks").
ALTER TABLE trunks ADD COLUMN realm text CHECK (length(realm) BETWEEN 1 AND 128);
