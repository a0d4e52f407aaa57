-- A case handler marks a received request as handled: when and by whom (the account's name).
ALTER TABLE submissions ADD COLUMN handled_ms INTEGER;
ALTER TABLE submissions ADD COLUMN handled_by TEXT;
