-- Case handlers' notes on a request, sealed in their browser to the municipality's key like the
-- request itself: the hub keeps who wrote one and when, never the words.
CREATE TABLE request_notes (
    id          INTEGER PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES submissions (id),
    at_ms       INTEGER NOT NULL,
    by_name     TEXT NOT NULL,
    sealed      BLOB NOT NULL
) STRICT;
CREATE INDEX request_notes_by_request ON request_notes (request_id, id);
