-- Content brought to the hub to be reviewed before it is published: the whole assets/ + locales/
-- tree as in a bundle (path -> base64), who brought it, who sent it for review and who published it.
CREATE TABLE content_drafts (
    id                BIGSERIAL PRIMARY KEY,
    files             TEXT NOT NULL,
    note              TEXT NOT NULL,
    state             TEXT NOT NULL,
    created_by        TEXT NOT NULL,
    created_ms        BIGINT NOT NULL,
    submitted_by      TEXT,
    submitted_ms      BIGINT,
    published_by      TEXT,
    published_ms      BIGINT,
    published_version TEXT
);
