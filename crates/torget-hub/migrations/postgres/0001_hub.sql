-- The hub's store on PostgreSQL: the same tables as on SQLite (migrations/sqlite/0001–0003).
CREATE TABLE kiosks (
    name        TEXT PRIMARY KEY NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_ms  BIGINT NOT NULL,
    revoked_ms  BIGINT
);

CREATE TABLE submissions (
    id            TEXT PRIMARY KEY NOT NULL,
    kiosk         TEXT NOT NULL REFERENCES kiosks (name),
    service_id    TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    received_ms   BIGINT NOT NULL,
    payload_hash  TEXT NOT NULL,
    sealed        BYTEA NOT NULL
);

CREATE INDEX submissions_by_received ON submissions (received_ms);

CREATE TABLE heartbeats (
    kiosk          TEXT PRIMARY KEY NOT NULL REFERENCES kiosks (name),
    at_ms          BIGINT NOT NULL,
    version        TEXT NOT NULL,
    queue_depth    BIGINT NOT NULL,
    last_error     TEXT,
    help_requested BOOLEAN NOT NULL DEFAULT FALSE
);

-- Signed content bundles published for the kiosks; the newest is served. `seq` orders bundles
-- published in the same millisecond (SQLite uses its rowid).
CREATE TABLE content_bundles (
    seq          BIGSERIAL UNIQUE,
    version      TEXT PRIMARY KEY NOT NULL,
    signed       TEXT NOT NULL,
    published_ms BIGINT NOT NULL
);
