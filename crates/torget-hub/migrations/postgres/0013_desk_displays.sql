-- Wall displays: a read-only desk page opened with a link of its own, so that a screen on the wall
-- shows help calls without keeping anyone's session alive. Only the link's hash is kept.
CREATE TABLE desk_displays (
    name        TEXT PRIMARY KEY NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_ms  BIGINT NOT NULL,
    revoked_ms  BIGINT
);
