-- The hub's store: kiosks allowed to send, and the sealed submissions they sent.
CREATE TABLE kiosks (
    name        TEXT PRIMARY KEY NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_ms  INTEGER NOT NULL,
    revoked_ms  INTEGER
) STRICT;

CREATE TABLE submissions (
    id            TEXT PRIMARY KEY NOT NULL,
    kiosk         TEXT NOT NULL REFERENCES kiosks (name),
    service_id    TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    received_ms   INTEGER NOT NULL,
    payload_hash  TEXT NOT NULL,
    sealed        BLOB NOT NULL
) STRICT;

CREATE INDEX submissions_by_received ON submissions (received_ms);

CREATE TABLE heartbeats (
    kiosk       TEXT PRIMARY KEY NOT NULL REFERENCES kiosks (name),
    at_ms       INTEGER NOT NULL,
    version     TEXT NOT NULL,
    queue_depth INTEGER NOT NULL,
    last_error  TEXT
) STRICT;
