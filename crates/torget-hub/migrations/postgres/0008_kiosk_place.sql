-- Where a kiosk stands, in the staff's words ("by the entrance, main library"): set at the desk.
ALTER TABLE kiosks ADD COLUMN place TEXT;
