-- Staff accounts, the PIN lockout, the audit log and the settings staff may change.
-- PINs are stored only as argon2id hashes (PHC strings).
CREATE TABLE staff (
    name        TEXT PRIMARY KEY NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('staff', 'admin')),
    pin_hash    TEXT NOT NULL CHECK (pin_hash LIKE '$argon2id$%'),
    created_ms  INTEGER NOT NULL
) STRICT;

-- One row: wrong PINs in a row and until when the entry is locked.
CREATE TABLE pin_lockout (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    failures        INTEGER NOT NULL,
    locked_until_ms INTEGER NOT NULL
) STRICT;

-- Every staff action, never any answer. Append-only: rows cannot be changed, and only the retention
-- purge may delete them (it raises the flag in audit_purge for its own transaction).
CREATE TABLE audit (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms   INTEGER NOT NULL,
    staff   TEXT,
    action  TEXT NOT NULL,
    detail  TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE audit_purge (flag INTEGER NOT NULL) STRICT;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
WHEN NOT EXISTS (SELECT 1 FROM audit_purge)
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- Settings staff may change (default language, idle timeout, speech, text size, contrast).
CREATE TABLE settings (
    key     TEXT PRIMARY KEY NOT NULL,
    value   TEXT NOT NULL
) STRICT;
