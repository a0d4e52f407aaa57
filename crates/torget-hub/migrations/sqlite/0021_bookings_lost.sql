-- A time held for a visit whose hold ran out before its request arrived, and that another visit
-- then took, is `lost`: when the request arrives, the case handler is told that the time on the
-- visitor's receipt went to someone else. SQLite cannot change a CHECK, so the table is made anew.
CREATE TABLE bookings_new (
    id TEXT PRIMARY KEY,
    resource TEXT NOT NULL,
    start_ms INTEGER NOT NULL,
    end_ms INTEGER NOT NULL,
    kiosk TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('held', 'booked', 'cancelled', 'lost')),
    held_until_ms INTEGER NOT NULL,
    service TEXT,
    booked_ms INTEGER,
    written_ms INTEGER,
    cancelled_by TEXT,
    cancelled_ms INTEGER
);
INSERT INTO bookings_new (id, resource, start_ms, end_ms, kiosk, state, held_until_ms, service, booked_ms,
    written_ms, cancelled_by, cancelled_ms)
SELECT id, resource, start_ms, end_ms, kiosk, state, held_until_ms, service, booked_ms, written_ms,
    cancelled_by, cancelled_ms FROM bookings;
DROP TABLE bookings;
ALTER TABLE bookings_new RENAME TO bookings;
-- One visit holds or has a time: two kiosks can never get the same one.
CREATE UNIQUE INDEX bookings_one_per_time ON bookings (resource, start_ms) WHERE state IN ('held', 'booked');
CREATE INDEX bookings_by_start ON bookings (start_ms);
