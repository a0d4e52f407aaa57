-- What the desk sees of each kiosk's health: the content it shows, whether reading aloud works,
-- free disk space and how many requests the hub refused (they stay on the kiosk).
ALTER TABLE heartbeats ADD COLUMN content_version TEXT;
ALTER TABLE heartbeats ADD COLUMN speech TEXT;
ALTER TABLE heartbeats ADD COLUMN free_disk_mb INTEGER;
ALTER TABLE heartbeats ADD COLUMN could_not_send INTEGER NOT NULL DEFAULT 0;
