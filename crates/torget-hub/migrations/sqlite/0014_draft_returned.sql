-- A reviewer may send a draft back to its editors with a comment; it is a draft again until sent.
ALTER TABLE content_drafts ADD COLUMN returned_by TEXT;
ALTER TABLE content_drafts ADD COLUMN return_comment TEXT;
