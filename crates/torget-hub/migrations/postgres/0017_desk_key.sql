-- What the desk shows of a kiosk's last heartbeat, as one text: a heartbeat that changes it tells
-- the open desk pages (server-sent events, through LISTEN/NOTIFY to every instance) instead of
-- their asking every second.
ALTER TABLE heartbeats ADD COLUMN desk_key TEXT;
