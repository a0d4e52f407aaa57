-- Usage figures that identify nobody (torget_common::usage): per day, service and language, how
-- often something happened. No request id, answer, time of day or free text. `sent` is the value
-- the hub last confirmed; a row whose value is larger goes with the next heartbeat.
CREATE TABLE usage (
    day      TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    service  TEXT NOT NULL,
    lang     TEXT NOT NULL,
    counter  TEXT NOT NULL,
    value    INTEGER NOT NULL CHECK (value >= 0),
    sent     INTEGER NOT NULL DEFAULT 0 CHECK (sent >= 0),
    PRIMARY KEY (day, service, lang, counter)
) STRICT, WITHOUT ROWID;
