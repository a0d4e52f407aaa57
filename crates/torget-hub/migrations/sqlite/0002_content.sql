-- Signed content bundles published for the kiosks; the newest is served.
CREATE TABLE content_bundles (
    version      TEXT PRIMARY KEY NOT NULL,
    signed       TEXT NOT NULL,
    published_ms INTEGER NOT NULL
) STRICT;
