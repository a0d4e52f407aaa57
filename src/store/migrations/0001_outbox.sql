-- The outbox: sealed requests waiting to be sent to the back office.
-- `sealed` holds the encrypted submission and is cleared once the hub has acknowledged it;
-- id, reference, service and times stay for staff and audit.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY NOT NULL,
    reference       TEXT NOT NULL,
    service_id      TEXT NOT NULL,
    service_version INTEGER NOT NULL,
    created_at_ms   INTEGER NOT NULL,
    sealed          BLOB,
    state           TEXT NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'sending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    sent_at_ms      INTEGER
) STRICT;

CREATE INDEX outbox_by_state ON outbox (state, created_at_ms);
