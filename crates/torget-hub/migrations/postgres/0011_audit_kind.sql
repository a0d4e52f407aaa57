-- Failed and refused sign-ins (whose name is only what someone typed) are kept apart from people's
-- actions, so that anonymous requests cannot push the rest off the audit page: 205 of them did
-- (issue 28). Entries from before are classified once here by their words; new ones are stored
-- with their kind.
ALTER TABLE audit ADD COLUMN kind TEXT NOT NULL DEFAULT 'person';
UPDATE audit SET kind = 'anonymous'
    WHERE action IN ('sign-in failed', 'sign-in refused (form token)', 'sign-in refused (too many failures)');
CREATE INDEX audit_kind ON audit (kind, id);
