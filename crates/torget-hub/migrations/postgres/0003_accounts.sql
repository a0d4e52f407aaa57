-- People who sign in to the hub's pages: desk staff, case handlers, administrators.
-- Passwords are kept only as argon2id hashes (PHC strings with their own salt).
CREATE TABLE users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    password_set_ms BIGINT NOT NULL
);

-- Who did what, and when: every sign-in, failed sign-in and action. Only appended to.
CREATE TABLE audit (
    id BIGSERIAL PRIMARY KEY,
    at_ms BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit (at_ms);
