-- Signed-in browsers: only the hash of the session cookie is kept, with the form token (CSRF) of
-- the session and when it was last used (sessions end after a time without use).
CREATE TABLE web_sessions (
    token_hash TEXT PRIMARY KEY,
    user_name TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    last_seen_ms INTEGER NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions (user_name);

-- Failed sign-ins per account ("user:NAME") and per address ("addr:IP"), for the growing delay.
CREATE TABLE sign_in_failures (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_ms INTEGER NOT NULL
);
