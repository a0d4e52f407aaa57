-- A visitor at the kiosk asked for help from staff (from the kiosk's heartbeat).
ALTER TABLE heartbeats ADD COLUMN help_requested INTEGER NOT NULL DEFAULT 0;
