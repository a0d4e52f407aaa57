-- A time held for a visit whose hold ran out before its request arrived, and that another visit
-- then took, is `lost`: when the request arrives, the case handler is told that the time on the
-- visitor's receipt went to someone else.
ALTER TABLE bookings DROP CONSTRAINT bookings_state_check;
ALTER TABLE bookings ADD CONSTRAINT bookings_state_check CHECK (state IN ('held', 'booked', 'cancelled', 'lost'));
