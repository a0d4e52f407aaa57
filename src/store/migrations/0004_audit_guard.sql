-- Deleting audit entries is allowed only through the kiosk's own retention purge: the trigger asks
-- audit_may_delete(at_ms), a function that exists only on the kiosk's own connection and answers
-- yes only for entries older than the cutoff the purge set (never younger than 30 days). A flag in
-- an ordinary table (what 0003 used) could be set by anyone who can write to the file.
DROP TRIGGER audit_no_delete;
DROP TABLE audit_purge;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
WHEN NOT audit_may_delete(OLD.at_ms)
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
