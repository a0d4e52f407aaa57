-- A help call as the desk sees it: since when the visitor waits, and staff's answer ("coming":
-- someone is on the way; "done": staff closed the call), which the kiosk hears in the heartbeat's answer.
ALTER TABLE heartbeats ADD COLUMN help_since_ms BIGINT;
ALTER TABLE heartbeats ADD COLUMN help_answer TEXT;
ALTER TABLE heartbeats ADD COLUMN help_answered_by TEXT;
