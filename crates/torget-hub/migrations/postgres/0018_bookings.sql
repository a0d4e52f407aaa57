-- Times booked from a kiosk in a resource's calendar (an adviser, a citizen PC). A row is held
-- for a visit while the visitor finishes their request, booked when the sealed request arrives
-- (and then written to the calendar), or cancelled by staff. Only the time, the resource, the
-- request's id and the service are here: never anything of the visitor.
CREATE TABLE bookings (
    id TEXT PRIMARY KEY,
    resource TEXT NOT NULL,
    start_ms BIGINT NOT NULL,
    end_ms BIGINT NOT NULL,
    kiosk TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('held', 'booked', 'cancelled')),
    held_until_ms BIGINT NOT NULL,
    service TEXT,
    booked_ms BIGINT,
    written_ms BIGINT,
    cancelled_by TEXT,
    cancelled_ms BIGINT
);
-- One visit holds or has a time: two kiosks can never get the same one.
CREATE UNIQUE INDEX bookings_one_per_time ON bookings (resource, start_ms) WHERE state IN ('held', 'booked');
CREATE INDEX bookings_by_start ON bookings (start_ms);
