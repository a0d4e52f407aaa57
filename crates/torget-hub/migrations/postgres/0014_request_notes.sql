-- Case handlers' notes on a request, sealed in their browser to the municipality's key like the
-- request itself: the hub keeps who wrote one and when, never the words.
CREATE TABLE request_notes (
    id          BIGSERIAL PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES submissions (id),
    at_ms       BIGINT NOT NULL,
    by_name     TEXT NOT NULL,
    sealed      BYTEA NOT NULL
);
CREATE INDEX request_notes_by_request ON request_notes (request_id, id);
