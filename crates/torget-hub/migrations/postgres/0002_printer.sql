-- The kiosk's printer as its heartbeat reports it ("ready", "not working: …"); NULL: no printer.
ALTER TABLE heartbeats ADD COLUMN printer TEXT;
