-- The bridge's ledger: each (request, round) becomes exactly one package. A package is written
-- whole into the staging folder, recorded here as `staged`, moved into the outgoing folder in one
-- rename, then recorded as `delivered`; the hub is told after that.
CREATE TABLE packages (
    request_id  TEXT NOT NULL,
    round       INTEGER NOT NULL,
    name        TEXT NOT NULL UNIQUE,
    state       TEXT NOT NULL CHECK (state IN ('staged', 'delivered')),
    sha256      TEXT NOT NULL,
    made_ms     INTEGER NOT NULL,
    told_hub    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (request_id, round)
) STRICT;
