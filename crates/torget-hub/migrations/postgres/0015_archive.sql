-- The archive bridge: a machine account that may only fetch sealed requests and say what became of
-- them in the archive (only the hash of its credential is kept), and where each request stands
-- there. `round` counts sends: a refused request sent again is a new round. The hub keeps the
-- archive's journal number and its refusal message, never a request's content.
CREATE TABLE archive_bridges (
    name        TEXT PRIMARY KEY NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_ms  BIGINT NOT NULL,
    revoked_ms  BIGINT
);

CREATE TABLE archive_state (
    request_id  TEXT PRIMARY KEY NOT NULL REFERENCES submissions (id),
    round       BIGINT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('delivered', 'registered', 'refused', 'again')),
    at_ms       BIGINT NOT NULL,
    journal     TEXT,
    system_id   TEXT,
    message     TEXT
);
