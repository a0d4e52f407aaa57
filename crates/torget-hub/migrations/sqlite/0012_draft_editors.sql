-- Everyone who brought, edited or sent a draft: none of them may publish it (the two-person rule;
-- an edit by the publisher, sent on by the one who brought it, was not read by a second person).
CREATE TABLE content_draft_editors (
    draft_id INTEGER NOT NULL REFERENCES content_drafts (id),
    editor   TEXT NOT NULL,
    PRIMARY KEY (draft_id, editor)
) STRICT;

INSERT OR IGNORE INTO content_draft_editors (draft_id, editor) SELECT id, created_by FROM content_drafts;
INSERT OR IGNORE INTO content_draft_editors (draft_id, editor)
    SELECT id, submitted_by FROM content_drafts WHERE submitted_by IS NOT NULL;
