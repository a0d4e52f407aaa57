//! The hub's store in one SQLite file: the embedded default, nothing to run beside the hub.
//! Numbered migrations in `migrations/sqlite/`, never edited once landed.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use torget_common::protocol::ItemStatus;
use torget_common::sqlite::{StoreError, now_ms, open_database};
use torget_common::usage::UsageRow;

use super::{
    ArchiveOutcome, ArchiveStatus, AuditFilter, Booking, DailyFigure, Draft, DraftListed, FAILURES_FORGOTTEN_MS,
    ForArchive, Hold, HoldOutcome, Incoming, KioskBeat, KioskListed, MOST_HOLDS_PER_KIOSK, Note, Published, Stored,
    UsageTotal, hash_hex, new_token,
};
use crate::accounts::{AuditEntry, AuditKind, User};
use crate::content::DraftState;

const DRAFT: &str = DraftState::Draft.as_str();
const IN_REVIEW: &str = DraftState::InReview.as_str();
const PUBLISHED: &str = DraftState::Published.as_str();

/// Counts `by` among the editors of draft `id` (once).
fn add_editor(tx: &rusqlite::Transaction, id: i64, by: &str) -> Result<(), StoreError> {
    tx.execute("INSERT OR IGNORE INTO content_draft_editors (draft_id, editor) VALUES (?1, ?2)", params![id, by])?;
    Ok(())
}

const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_hub", include_str!("../../migrations/sqlite/0001_hub.sql")),
    ("0002_content", include_str!("../../migrations/sqlite/0002_content.sql")),
    ("0003_help", include_str!("../../migrations/sqlite/0003_help.sql")),
    ("0004_printer", include_str!("../../migrations/sqlite/0004_printer.sql")),
    ("0005_accounts", include_str!("../../migrations/sqlite/0005_accounts.sql")),
    ("0006_web", include_str!("../../migrations/sqlite/0006_web.sql")),
    ("0007_help_answer", include_str!("../../migrations/sqlite/0007_help_answer.sql")),
    ("0008_handled", include_str!("../../migrations/sqlite/0008_handled.sql")),
    ("0009_kiosk_health", include_str!("../../migrations/sqlite/0009_kiosk_health.sql")),
    ("0010_kiosk_place", include_str!("../../migrations/sqlite/0010_kiosk_place.sql")),
    ("0011_content_drafts", include_str!("../../migrations/sqlite/0011_content_drafts.sql")),
    ("0012_draft_editors", include_str!("../../migrations/sqlite/0012_draft_editors.sql")),
    ("0013_audit_kind", include_str!("../../migrations/sqlite/0013_audit_kind.sql")),
    ("0014_draft_returned", include_str!("../../migrations/sqlite/0014_draft_returned.sql")),
    ("0015_desk_displays", include_str!("../../migrations/sqlite/0015_desk_displays.sql")),
    ("0016_request_notes", include_str!("../../migrations/sqlite/0016_request_notes.sql")),
    ("0017_archive", include_str!("../../migrations/sqlite/0017_archive.sql")),
    ("0018_usage", include_str!("../../migrations/sqlite/0018_usage.sql")),
    ("0019_desk_key", include_str!("../../migrations/sqlite/0019_desk_key.sql")),
    ("0020_bookings", include_str!("../../migrations/sqlite/0020_bookings.sql")),
    ("0021_bookings_lost", include_str!("../../migrations/sqlite/0021_bookings_lost.sql")),
];

/// The hub's SQLite store: one connection, used by one thread at a time.
pub struct HubStore {
    conn: Connection,
    /// Tells this hub's open desk pages that what they show has changed.
    desk: crate::changes::DeskChanges,
}

impl HubStore {
    /// The desk pages' changes of this store.
    pub fn desk(&self) -> crate::changes::DeskChanges {
        self.desk.clone()
    }

    pub fn open(path: &Path) -> Result<HubStore, StoreError> {
        Ok(HubStore { conn: open_database(path, MIGRATIONS)?, desk: Default::default() })
    }

    /// Registers a kiosk, or enrols it again after a revocation or a lost credential, and returns its
    /// new credential, shown once; only its hash is kept. Any earlier credential stops working.
    pub fn add_kiosk(&mut self, name: &str) -> Result<String, StoreError> {
        let token = new_token(name);
        self.conn.execute(
            "INSERT INTO kiosks (name, token_hash, created_ms) VALUES (?1, ?2, ?3)
             ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash, revoked_ms = NULL",
            params![name, hash_hex(token.as_bytes()), now_ms()],
        )?;
        Ok(token)
    }

    /// A wall display's link token, new or replacing the one it had (audited by the caller).
    pub fn add_display(&mut self, name: &str) -> Result<String, StoreError> {
        let token = new_token("display");
        self.conn.execute(
            "INSERT INTO desk_displays (name, token_hash, created_ms) VALUES (?1, ?2, ?3)
             ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash, revoked_ms = NULL",
            params![name, hash_hex(token.as_bytes()), now_ms()],
        )?;
        Ok(token)
    }

    /// Revokes a wall display's link; `false` when there was no such link in use.
    pub fn revoke_display(&mut self, name: &str) -> Result<bool, StoreError> {
        Ok(self.conn.execute(
            "UPDATE desk_displays SET revoked_ms = ?2 WHERE name = ?1 AND revoked_ms IS NULL",
            params![name, now_ms()],
        )? > 0)
    }

    /// The wall display a link token belongs to, unless unknown or revoked.
    pub fn display_named(&self, token: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT name FROM desk_displays WHERE token_hash = ?1 AND revoked_ms IS NULL",
                [hash_hex(token.as_bytes())],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Every wall display ever made, by name.
    pub fn displays(&self) -> Result<Vec<KioskListed>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT name, created_ms, revoked_ms FROM desk_displays ORDER BY name")?;
        let rows = stmt.query_map([], |r| {
            Ok(KioskListed { name: r.get(0)?, created_ms: r.get(1)?, revoked_ms: r.get(2)?, place: None })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Revokes a kiosk's credential. Returns whether the kiosk existed.
    pub fn revoke_kiosk(&mut self, name: &str) -> Result<bool, StoreError> {
        Ok(self.conn.execute(
            "UPDATE kiosks SET revoked_ms = ?2 WHERE name = ?1 AND revoked_ms IS NULL",
            params![name, now_ms()],
        )? > 0)
    }

    /// The kiosk a credential belongs to, unless unknown or revoked.
    pub fn authenticate(&self, token: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT name FROM kiosks WHERE token_hash = ?1 AND revoked_ms IS NULL",
                [hash_hex(token.as_bytes())],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Stores a batch in one transaction and says what happened to each item.
    pub fn insert_batch(&mut self, kiosk: &str, items: &[Incoming]) -> Result<Vec<ItemStatus>, StoreError> {
        let now = now_ms();
        // Take the write lock at the start: a second connection (the CLI, another process) waits for
        // it instead of failing halfway between its read and its write.
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut statuses = Vec::with_capacity(items.len());
        {
            let mut find = tx.prepare("SELECT payload_hash FROM submissions WHERE id = ?1")?;
            let mut insert = tx.prepare(
                "INSERT INTO submissions (id, kiosk, service_id, created_at_ms, received_ms, payload_hash, sealed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for item in items {
                let hash = hash_hex(&item.sealed);
                let existing: Option<String> = find.query_row([&item.id], |r| r.get(0)).optional()?;
                statuses.push(match existing {
                    Some(h) if h == hash => ItemStatus::AlreadyStored,
                    Some(_) => ItemStatus::Conflict,
                    None => {
                        insert.execute(params![
                            item.id,
                            kiosk,
                            item.service_id,
                            item.created_at_ms,
                            now,
                            hash,
                            item.sealed
                        ])?;
                        ItemStatus::Stored
                    }
                });
            }
        }
        tx.commit()?;
        Ok(statuses)
    }

    /// Keeps a kiosk's heartbeat; returns staff's answer to its help call, if any, and whether
    /// what the desk shows of the kiosk changed. A heartbeat without a help request ends the call
    /// (and its answer).
    pub fn record_heartbeat(
        &mut self,
        kiosk: &str,
        beat: &torget_common::protocol::Heartbeat,
    ) -> Result<(Option<String>, bool), StoreError> {
        let key = super::desk_key(beat);
        let tx = self.conn.transaction()?;
        let old: Option<Option<String>> =
            tx.query_row("SELECT desk_key FROM heartbeats WHERE kiosk = ?1", [kiosk], |r| r.get(0)).optional()?;
        let answer: Option<String> = tx.query_row(
            "INSERT INTO heartbeats (kiosk, at_ms, version, queue_depth, last_error, help_requested, printer, help_since_ms,
             content_version, speech, free_disk_mb, could_not_send, desk_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CASE WHEN ?6 THEN ?2 END, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT (kiosk) DO UPDATE SET at_ms = excluded.at_ms, version = excluded.version,
             queue_depth = excluded.queue_depth, last_error = excluded.last_error,
             help_since_ms = CASE WHEN NOT excluded.help_requested THEN NULL
                                  WHEN help_requested THEN help_since_ms ELSE excluded.at_ms END,
             help_answer = CASE WHEN excluded.help_requested THEN help_answer END,
             help_answered_by = CASE WHEN excluded.help_requested THEN help_answered_by END,
             help_requested = excluded.help_requested, printer = excluded.printer,
             content_version = excluded.content_version, speech = excluded.speech,
             free_disk_mb = excluded.free_disk_mb, could_not_send = excluded.could_not_send,
             desk_key = excluded.desk_key
             RETURNING help_answer",
            params![
                kiosk,
                now_ms(),
                beat.version,
                beat.queue_depth as i64,
                beat.last_error,
                beat.help_requested,
                beat.printer,
                beat.content_version,
                beat.speech,
                beat.free_disk_mb.map(|mb| mb.min(i64::MAX as u64) as i64),
                beat.could_not_send.min(i64::MAX as u64) as i64,
                key,
            ],
            |r| r.get(0),
        )?;
        tx.commit()?;
        Ok((answer, old.flatten().as_deref() != Some(key.as_str())))
    }

    /// Staff's answer to a kiosk's open help call; `false` when it has none.
    pub fn answer_help(&mut self, kiosk: &str, answer: &str, by: &str) -> Result<bool, StoreError> {
        Ok(self.conn.execute(
            "UPDATE heartbeats SET help_answer = ?2, help_answered_by = ?3 WHERE kiosk = ?1 AND help_requested",
            params![kiosk, answer, by],
        )? > 0)
    }

    /// Every kiosk's last heartbeat.
    pub fn heartbeats(&self) -> Result<Vec<KioskBeat>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT kiosk, at_ms, queue_depth, last_error, help_requested, printer, help_since_ms, help_answer,
             help_answered_by, content_version, speech, free_disk_mb, could_not_send, kiosks.place,
             kiosks.revoked_ms IS NOT NULL
             FROM heartbeats JOIN kiosks ON kiosks.name = heartbeats.kiosk ORDER BY kiosk",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(KioskBeat {
                kiosk: r.get(0)?,
                at_ms: r.get(1)?,
                queue_depth: r.get::<_, i64>(2)? as u64,
                last_error: r.get(3)?,
                help_requested: r.get::<_, i64>(4)? != 0,
                printer: r.get(5)?,
                help_since_ms: r.get(6)?,
                help_answer: r.get::<_, Option<String>>(7)?.and_then(|a| a.parse().ok()),
                help_answered_by: r.get(8)?,
                content_version: r.get(9)?,
                speech: r.get(10)?,
                free_disk_mb: r.get::<_, Option<i64>>(11)?.map(|mb| mb.max(0) as u64),
                could_not_send: r.get::<_, i64>(12)?.max(0) as u64,
                place: r.get(13)?,
                revoked: r.get::<_, i64>(14)? != 0,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The last heartbeat of a kiosk: (queue depth, last error).
    pub fn heartbeat(&self, kiosk: &str) -> Result<Option<(u64, Option<String>)>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT queue_depth, last_error FROM heartbeats WHERE kiosk = ?1", [kiosk], |r| {
                Ok((r.get::<_, i64>(0)? as u64, r.get(1)?))
            })
            .optional()?)
    }

    pub fn count(&self) -> Result<u64, StoreError> {
        Ok(self.conn.query_row("SELECT COUNT(*) FROM submissions", [], |r| r.get::<_, i64>(0))? as u64)
    }

    /// Every stored submission, oldest first, still sealed.
    pub fn all(&self) -> Result<Vec<Stored>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, kiosk, service_id, created_at_ms, received_ms, sealed, handled_ms, handled_by FROM submissions
             ORDER BY received_ms, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Stored {
                id: r.get(0)?,
                kiosk: r.get(1)?,
                service_id: r.get(2)?,
                created_at_ms: r.get(3)?,
                received_ms: r.get(4)?,
                sealed: r.get(5)?,
                handled_ms: r.get(6)?,
                handled_by: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl HubStore {
    /// Stores a signed content bundle (as its JSON); it becomes the one served.
    pub fn publish_bundle(&mut self, version: &str, signed_json: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO content_bundles (version, signed, published_ms) VALUES (?1, ?2, ?3)",
            params![version, signed_json, now_ms()],
        )?;
        Ok(())
    }

    pub fn add_draft(&mut self, files: &str, note: &str, by: &str) -> Result<i64, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO content_drafts (files, note, state, created_by, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![files, note, DRAFT, by, now_ms()],
        )?;
        let id = tx.last_insert_rowid();
        add_editor(&tx, id, by)?;
        audit_in(&tx, by, "content brought for review", &format!("draft {id}: {note}"))?;
        tx.commit()?;
        Ok(id)
    }

    pub fn draft_list(&self) -> Result<Vec<DraftListed>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, note, state, created_by, published_version FROM content_drafts ORDER BY id DESC")?;
        let rows = stmt.query_map([], |r| {
            let state: String = r.get(2)?;
            Ok(DraftListed {
                id: r.get(0)?,
                note: r.get(1)?,
                state: state.parse().map_err(|e: String| {
                    rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, e.into())
                })?,
                created_by: r.get(3)?,
                published_version: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every draft, newest first, or only the one numbered `only`.
    pub fn drafts(&self, only: Option<i64>) -> Result<Vec<Draft>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, files, note, state, created_by, created_ms, submitted_by, published_by, published_version,
                    (SELECT json_group_array(editor) FROM
                        (SELECT editor FROM content_draft_editors WHERE draft_id = content_drafts.id ORDER BY editor)),
                    returned_by, return_comment
             FROM content_drafts WHERE ?1 IS NULL OR id = ?1 ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([only], |r| {
            let files: String = r.get(1)?;
            let state: String = r.get(3)?;
            let editors: String = r.get(9)?;
            Ok(Draft {
                id: r.get(0)?,
                files: serde_json::from_str(&files).unwrap_or_default(),
                note: r.get(2)?,
                state: state.parse().map_err(|e: String| {
                    rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, e.into())
                })?,
                created_by: r.get(4)?,
                created_ms: r.get(5)?,
                submitted_by: r.get(6)?,
                published_by: r.get(7)?,
                published_version: r.get(8)?,
                editors: serde_json::from_str(&editors).unwrap_or_default(),
                returned: r.get::<_, Option<String>>(10)?.zip(r.get::<_, Option<String>>(11)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn edit_draft(&mut self, id: i64, files: &str, by: &str, what: &str) -> Result<bool, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let edited = tx
            .execute("UPDATE content_drafts SET files = ?2 WHERE id = ?1 AND state = ?3", params![id, files, DRAFT])?
            > 0;
        if edited {
            add_editor(&tx, id, by)?;
            audit_in(&tx, by, what, &format!("draft {id}"))?;
        }
        tx.commit()?;
        Ok(edited)
    }

    pub fn submit_draft(&mut self, id: i64, by: &str) -> Result<bool, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let sent = tx.execute(
            "UPDATE content_drafts SET state = ?2, submitted_by = ?3, submitted_ms = ?4, returned_by = NULL,
             return_comment = NULL WHERE id = ?1 AND state = ?5",
            params![id, IN_REVIEW, by, now_ms(), DRAFT],
        )? > 0;
        if sent {
            add_editor(&tx, id, by)?;
            audit_in(&tx, by, "content sent for review", &format!("draft {id}"))?;
        }
        tx.commit()?;
        Ok(sent)
    }

    /// Sends a draft in review back to its editors with `comment`: a draft again, audited;
    /// `false` when it was not in review.
    pub fn return_draft(&mut self, id: i64, by: &str, comment: &str) -> Result<bool, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let returned = tx.execute(
            "UPDATE content_drafts SET state = ?2, submitted_by = NULL, submitted_ms = NULL, returned_by = ?3,
             return_comment = ?4 WHERE id = ?1 AND state = ?5",
            params![id, DRAFT, by, comment, IN_REVIEW],
        )? > 0;
        if returned {
            audit_in(&tx, by, "content sent back", &format!("draft {id}"))?;
        }
        tx.commit()?;
        Ok(returned)
    }

    pub fn publish_draft(&mut self, id: i64, by: &str, version: &str, signed: &str) -> Result<bool, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let now = now_ms();
        let marked = tx.execute(
            "UPDATE content_drafts SET state = ?2, published_by = ?3, published_ms = ?4, published_version = ?5
             WHERE id = ?1 AND state = ?6
               AND NOT EXISTS (SELECT 1 FROM content_draft_editors WHERE draft_id = ?1 AND editor = ?3)",
            params![id, PUBLISHED, by, now, version, IN_REVIEW],
        )? > 0;
        if marked {
            tx.execute(
                "INSERT INTO content_bundles (version, signed, published_ms) VALUES (?1, ?2, ?3)",
                params![version, signed, now],
            )?;
            audit_in(&tx, by, "content published", &format!("draft {id} as {version}"))?;
        }
        tx.commit()?;
        Ok(marked)
    }

    pub fn published(&self) -> Result<Vec<Published>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT version, signed, published_ms FROM content_bundles ORDER BY published_ms DESC, rowid DESC",
        )?;
        let rows =
            stmt.query_map([], |r| Ok(Published { version: r.get(0)?, signed: r.get(1)?, published_ms: r.get(2)? }))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The newest published bundle: (version, signed JSON).
    pub fn latest_bundle(&self) -> Result<Option<(String, String)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT version, signed FROM content_bundles ORDER BY published_ms DESC, rowid DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }
}

/// Accounts and the audit log.
impl HubStore {
    /// Adds an account; `false` if the name is taken. Logged as done by `actor`.
    pub fn add_user(&mut self, actor: &str, name: &str, role: &str, hash: &str) -> Result<bool, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let now = now_ms();
        let added = tx.execute(
            "INSERT INTO users (name, role, password_hash, created_ms, password_set_ms) VALUES (?1, ?2, ?3, ?4, ?4)
             ON CONFLICT (name) DO NOTHING",
            params![name, role, hash, now],
        )? > 0;
        if added {
            audit_in(&tx, actor, &format!("user added ({role})"), name)?;
        }
        tx.commit()?;
        Ok(added)
    }

    /// Says where a kiosk stands (empty: not said), audited; `false` if there is no such kiosk.
    pub fn set_place(&mut self, kiosk: &str, place: &str, by: &str) -> Result<bool, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let value = (!place.is_empty()).then_some(place);
        let set = tx.execute("UPDATE kiosks SET place = ?2 WHERE name = ?1", params![kiosk, value])? > 0;
        if set {
            audit_in(&tx, by, &format!("kiosk place set: {place}"), kiosk)?;
        }
        tx.commit()?;
        Ok(set)
    }

    /// Marks a request handled, audited in the same transaction; `false` if unknown or handled already.
    /// Adds a sealed note to request `id` (audited); `false` when there is no such request.
    pub fn add_note(&mut self, id: &str, by: &str, sealed: &[u8]) -> Result<bool, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let exists = tx.query_row("SELECT 1 FROM submissions WHERE id = ?1", [id], |_| Ok(())).optional()?.is_some();
        if exists {
            tx.execute(
                "INSERT INTO request_notes (request_id, at_ms, by_name, sealed) VALUES (?1, ?2, ?3, ?4)",
                params![id, now_ms(), by, sealed],
            )?;
            audit_in(&tx, by, "request note added", id)?;
        }
        tx.commit()?;
        Ok(exists)
    }

    /// The notes of request `id`, oldest first.
    pub fn notes(&self, id: &str) -> Result<Vec<Note>, StoreError> {
        let mut stmt =
            self.conn.prepare("SELECT at_ms, by_name, sealed FROM request_notes WHERE request_id = ?1 ORDER BY id")?;
        let rows = stmt.query_map([id], |r| Ok(Note { at_ms: r.get(0)?, by: r.get(1)?, sealed: r.get(2)? }))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Undoes "handled": the request is new again (audited); `false` when it was not handled.
    pub fn mark_new(&mut self, id: &str, by: &str) -> Result<bool, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let marked = tx.execute(
            "UPDATE submissions SET handled_ms = NULL, handled_by = NULL WHERE id = ?1 AND handled_ms IS NOT NULL",
            params![id],
        )? > 0;
        if marked {
            audit_in(&tx, by, "request marked new", id)?;
        }
        tx.commit()?;
        Ok(marked)
    }

    pub fn mark_handled(&mut self, id: &str, by: &str) -> Result<bool, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let marked = tx.execute(
            "UPDATE submissions SET handled_ms = ?2, handled_by = ?3 WHERE id = ?1 AND handled_ms IS NULL",
            params![id, now_ms(), by],
        )? > 0;
        if marked {
            audit_in(&tx, by, "request marked handled", id)?;
        }
        tx.commit()?;
        Ok(marked)
    }

    /// Who handled a request and when (`None` when there is no such request).
    pub fn handled(&self, id: &str) -> Result<Option<super::HandledBy>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT handled_by, handled_ms FROM submissions WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?)
    }

    /// Removes an account; `false` if there was none.
    pub fn remove_user(&mut self, actor: &str, name: &str) -> Result<bool, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let removed = tx.execute("DELETE FROM users WHERE name = ?1", [name])? > 0;
        if removed {
            audit_in(&tx, actor, "user removed", name)?;
        }
        tx.commit()?;
        Ok(removed)
    }

    /// Gives an account a new password hash; `false` if there is no such account.
    pub fn set_password(&mut self, actor: &str, name: &str, hash: &str) -> Result<bool, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let set = tx.execute(
            "UPDATE users SET password_hash = ?2, password_set_ms = ?3 WHERE name = ?1",
            params![name, hash, now_ms()],
        )? > 0;
        if set {
            // Signed-in browsers sign in again with the new password.
            tx.execute("DELETE FROM web_sessions WHERE user_name = ?1", [name])?;
            audit_in(&tx, actor, "password reset", name)?;
        }
        tx.commit()?;
        Ok(set)
    }

    /// Gives an account another role, audited; `false` if there is no such account.
    pub fn set_role(&mut self, actor: &str, name: &str, role: &str) -> Result<bool, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let set = tx.execute("UPDATE users SET role = ?2 WHERE name = ?1 AND role <> ?2", params![name, role])? > 0;
        if set {
            audit_in(&tx, actor, &format!("role changed ({role})"), name)?;
        }
        tx.commit()?;
        Ok(set)
    }

    /// Every kiosk ever added, by name: (name, added, revoked).
    pub fn kiosks(&self) -> Result<Vec<KioskListed>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT name, created_ms, revoked_ms, place FROM kiosks ORDER BY name")?;
        let rows = stmt.query_map([], |r| {
            Ok(KioskListed { name: r.get(0)?, created_ms: r.get(1)?, revoked_ms: r.get(2)?, place: r.get(3)? })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every account, by name.
    pub fn users(&self) -> Result<Vec<User>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT name, role, created_ms, password_set_ms FROM users ORDER BY name")?;
        let rows = stmt.query_map([], |r| {
            Ok(User { name: r.get(0)?, role: r.get(1)?, created_ms: r.get(2)?, password_set_ms: r.get(3)? })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// An account and its password hash, to check a sign-in.
    pub fn user_with_hash(&self, name: &str) -> Result<Option<(User, String)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT name, role, created_ms, password_set_ms, password_hash FROM users WHERE name = ?1",
                [name],
                |r| {
                    let user =
                        User { name: r.get(0)?, role: r.get(1)?, created_ms: r.get(2)?, password_set_ms: r.get(3)? };
                    Ok((user, r.get(4)?))
                },
            )
            .optional()?)
    }

    /// Appends to the audit log.
    pub fn audit(&mut self, actor: &str, action: &str, subject: &str) -> Result<(), StoreError> {
        audit_in(&self.conn, actor, action, subject)
    }

    /// Appends a failed or refused sign-in to the audit log, apart from people's actions.
    pub fn audit_anonymous(&mut self, name: &str, action: &str, subject: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO audit (at_ms, actor, action, subject, kind) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![now_ms(), name, action, subject, AuditKind::Anonymous.as_str()],
        )?;
        Ok(())
    }

    /// The newest `limit` audit entries of every kind, newest first.
    pub fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        self.audit_entries(None, &AuditFilter::default(), limit)
    }

    /// The newest `limit` audit entries of one kind, newest first.
    pub fn audit_log_of(&self, kind: AuditKind, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        self.audit_entries(Some(kind), &AuditFilter::default(), limit)
    }

    /// The newest `limit` entries of `kind` that `filter` lets through.
    pub fn audit_search(
        &self,
        kind: AuditKind,
        filter: &AuditFilter,
        limit: u32,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        self.audit_entries(Some(kind), filter, limit)
    }

    fn audit_entries(
        &self,
        kind: Option<AuditKind>,
        filter: &AuditFilter,
        limit: u32,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT at_ms, actor, action, subject, kind FROM audit WHERE (?1 IS NULL OR kind = ?1)
             AND (?3 IS NULL OR actor = ?3) AND (?4 IS NULL OR instr(action, ?4) > 0)
             AND (?5 IS NULL OR at_ms >= ?5) AND (?6 IS NULL OR at_ms < ?6)
             ORDER BY id DESC LIMIT ?2",
        )?;
        let values =
            params![kind.map(AuditKind::as_str), limit, filter.who, filter.action, filter.from_ms, filter.until_ms];
        let rows = stmt.query_map(values, |r| {
            let kind: String = r.get(4)?;
            Ok(AuditEntry {
                at_ms: r.get(0)?,
                actor: r.get(1)?,
                action: r.get(2)?,
                subject: r.get(3)?,
                kind: AuditKind::stored(&kind),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn audit_in(conn: &Connection, actor: &str, action: &str, subject: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO audit (at_ms, actor, action, subject) VALUES (?1, ?2, ?3, ?4)",
        params![now_ms(), actor, action, subject],
    )?;
    Ok(())
}

/// The archive bridge.
impl HubStore {
    pub fn add_archive_bridge(&mut self, name: &str) -> Result<String, StoreError> {
        let token = new_token("archive");
        self.conn.execute(
            "INSERT INTO archive_bridges (name, token_hash, created_ms) VALUES (?1, ?2, ?3)
             ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash, revoked_ms = NULL",
            params![name, hash_hex(token.as_bytes()), now_ms()],
        )?;
        Ok(token)
    }

    pub fn revoke_archive_bridge(&mut self, name: &str) -> Result<bool, StoreError> {
        Ok(self.conn.execute(
            "UPDATE archive_bridges SET revoked_ms = ?2 WHERE name = ?1 AND revoked_ms IS NULL",
            params![name, now_ms()],
        )? > 0)
    }

    pub fn archive_bridge_named(&self, token: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT name FROM archive_bridges WHERE token_hash = ?1 AND revoked_ms IS NULL",
                [hash_hex(token.as_bytes())],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn archive_pending(&self, limit: u32) -> Result<Vec<ForArchive>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT s.id, COALESCE(a.round, 0), s.kiosk, k.place, s.received_ms, s.sealed
             FROM submissions s LEFT JOIN archive_state a ON a.request_id = s.id JOIN kiosks k ON k.name = s.kiosk
             WHERE a.request_id IS NULL OR a.state = 'again'
             ORDER BY s.received_ms, s.id LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok(ForArchive {
                id: r.get(0)?,
                round: r.get(1)?,
                kiosk: r.get(2)?,
                place: r.get(3)?,
                received_ms: r.get(4)?,
                sealed: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn archive_delivered(&mut self, by: &str, ids: &[(String, i64)]) -> Result<usize, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let now = now_ms();
        let mut marked = 0;
        for (id, round) in ids {
            let changed = tx.execute(
                "INSERT INTO archive_state (request_id, round, state, at_ms)
                 SELECT ?1, ?2, 'delivered', ?3 WHERE EXISTS (SELECT 1 FROM submissions WHERE id = ?1)
                 ON CONFLICT (request_id) DO UPDATE SET state = 'delivered', at_ms = excluded.at_ms
                 WHERE archive_state.state = 'again' AND archive_state.round = excluded.round",
                params![id, round, now],
            )?;
            if changed > 0 {
                audit_in(&tx, by, "request delivered to the archive", id)?;
                marked += 1;
            }
        }
        tx.commit()?;
        Ok(marked)
    }

    pub fn archive_receipt(
        &mut self,
        by: &str,
        id: &str,
        round: i64,
        outcome: &ArchiveOutcome,
    ) -> Result<bool, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let (state, journal, system_id, message, action) = match outcome {
            ArchiveOutcome::Registered { journal, system_id } => {
                ("registered", Some(journal), Some(system_id), None, "request registered in the archive")
            }
            ArchiveOutcome::Refused { message } => {
                ("refused", None, None, Some(message), "request refused by the archive")
            }
        };
        let changed = tx.execute(
            "UPDATE archive_state SET state = ?3, at_ms = ?4, journal = ?5, system_id = ?6, message = ?7
             WHERE request_id = ?1 AND round = ?2 AND state IN ('delivered', 'registered', 'refused')",
            params![id, round, state, now_ms(), journal, system_id, message],
        )? > 0;
        if changed {
            audit_in(&tx, by, action, id)?;
        }
        tx.commit()?;
        Ok(changed)
    }

    pub fn archive_again(&mut self, id: &str, by: &str) -> Result<bool, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let changed = tx.execute(
            "UPDATE archive_state SET state = 'again', round = round + 1, at_ms = ?2, message = NULL
             WHERE request_id = ?1 AND state = 'refused'",
            params![id, now_ms()],
        )? > 0;
        if changed {
            audit_in(&tx, by, "request sent to the archive again", id)?;
        }
        tx.commit()?;
        Ok(changed)
    }

    pub fn archive_states(&self) -> Result<Vec<(String, ArchiveStatus)>, StoreError> {
        let mut stmt =
            self.conn.prepare("SELECT request_id, round, state, at_ms, journal, message FROM archive_state")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                ArchiveStatus {
                    round: r.get(1)?,
                    state: r.get(2)?,
                    at_ms: r.get(3)?,
                    journal: r.get(4)?,
                    message: r.get(5)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Usage figures from the kiosks.
impl HubStore {
    /// Keeps the largest value of each row for `kiosk` (rows already checked).
    pub fn record_usage(&mut self, kiosk: &str, rows: &[UsageRow]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare(
                "INSERT INTO usage (kiosk, day, service, lang, counter, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (kiosk, day, service, lang, counter) DO UPDATE SET value = MAX(value, excluded.value)",
            )?;
            for r in rows {
                stmt.execute(params![kiosk, r.day, r.service, r.lang, r.counter, r.value.min(i64::MAX as u64) as i64])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The figures of the days `from..=to` (`YYYY-MM-DD`), summed over days and over the kiosks
    /// of each place.
    pub fn usage_totals(&self, from: &str, to: &str) -> Result<Vec<UsageTotal>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT COALESCE(k.place, ''), u.service, u.lang, u.counter, SUM(u.value) FROM usage u
             LEFT JOIN kiosks k ON k.name = u.kiosk WHERE u.day BETWEEN ?1 AND ?2
             GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
        )?;
        let rows = stmt.query_map([from, to], |r| {
            Ok(UsageTotal {
                place: r.get(0)?,
                service: r.get(1)?,
                lang: r.get(2)?,
                counter: r.get(3)?,
                value: r.get::<_, i64>(4)?.max(0) as u64,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Per day of `from..=to`, place and service, the sum of `counter` over the place's kiosks.
    pub fn usage_daily(&self, from: &str, to: &str, counter: &str) -> Result<Vec<DailyFigure>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT u.day, COALESCE(k.place, ''), u.service, SUM(u.value) FROM usage u
             LEFT JOIN kiosks k ON k.name = u.kiosk WHERE u.day BETWEEN ?1 AND ?2 AND u.counter = ?3
             GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        )?;
        let rows = stmt.query_map([from, to, counter], |r| {
            Ok(DailyFigure {
                day: r.get(0)?,
                place: r.get(1)?,
                service: r.get(2)?,
                value: r.get::<_, i64>(3)?.max(0) as u64,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Browser sessions and the sign-in delay.
impl HubStore {
    pub fn create_session(&mut self, token_hash: &str, user: &str, csrf: &str, now: i64) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO web_sessions (token_hash, user_name, csrf, created_ms, last_seen_ms) VALUES (?1, ?2, ?3, ?4, ?4)",
            params![token_hash, user, csrf, now],
        )?;
        Ok(())
    }

    /// The session with this cookie hash, whether or not it has run out.
    pub fn session(&self, token_hash: &str) -> Result<Option<super::Session>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT u.name, u.role, u.created_ms, u.password_set_ms, s.csrf, s.created_ms, s.last_seen_ms
                 FROM web_sessions s JOIN users u ON u.name = s.user_name WHERE s.token_hash = ?1",
                [token_hash],
                |r| {
                    let user =
                        User { name: r.get(0)?, role: r.get(1)?, created_ms: r.get(2)?, password_set_ms: r.get(3)? };
                    Ok(super::Session { user, csrf: r.get(4)?, created_ms: r.get(5)?, last_seen_ms: r.get(6)? })
                },
            )
            .optional()?)
    }

    pub fn touch_session(&mut self, token_hash: &str, now: i64) -> Result<(), StoreError> {
        self.conn
            .execute("UPDATE web_sessions SET last_seen_ms = ?2 WHERE token_hash = ?1", params![token_hash, now])?;
        Ok(())
    }

    pub fn end_session(&mut self, token_hash: &str) -> Result<(), StoreError> {
        self.conn.execute("DELETE FROM web_sessions WHERE token_hash = ?1", [token_hash])?;
        Ok(())
    }

    /// Failed sign-ins under `key` and when the last was.
    pub fn failures(&self, key: &str) -> Result<Option<(u32, i64)>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT failures, last_ms FROM sign_in_failures WHERE key = ?1", [key], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?)
    }

    /// Counts a sign-in try under `key` (from 1 again when the last was over a quarter of an hour
    /// ago), but only if the count is still `seen`, as [`Self::failures`] read it; `false` when
    /// another try counted meanwhile. The caller decides from `seen` whether a try may be made, so
    /// two tries can never both be let through on the same count.
    pub fn count_try(&mut self, key: &str, seen: Option<(u32, i64)>, now: i64) -> Result<bool, StoreError> {
        let changed = match seen {
            None => self.conn.execute(
                "INSERT INTO sign_in_failures (key, failures, last_ms) VALUES (?1, 1, ?2) ON CONFLICT (key) DO NOTHING",
                params![key, now],
            )?,
            Some((failures, last_ms)) => self.conn.execute(
                "UPDATE sign_in_failures SET last_ms = ?2,
                     failures = CASE WHEN last_ms < ?2 - ?3 THEN 1 ELSE failures + 1 END
                 WHERE key = ?1 AND failures = ?4 AND last_ms = ?5",
                params![key, now, FAILURES_FORGOTTEN_MS, failures, last_ms],
            )?,
        };
        Ok(changed == 1)
    }

    /// Takes back one counted try under `key` (it turned out not to be a failure).
    pub fn uncount_try(&mut self, key: &str) -> Result<(), StoreError> {
        self.conn
            .execute("UPDATE sign_in_failures SET failures = failures - 1 WHERE key = ?1 AND failures > 0", [key])?;
        Ok(())
    }

    pub fn clear_failures(&mut self, key: &str) -> Result<(), StoreError> {
        self.conn.execute("DELETE FROM sign_in_failures WHERE key = ?1", [key])?;
        Ok(())
    }
}

/// Times booked from kiosks ([`crate::booking`]).
impl HubStore {
    /// Holds `resource`'s time at `start_ms` for request `id` until `until_ms`, in one
    /// transaction: the request's earlier hold is let go, a lapsed hold of that time is cleared,
    /// and the time is held unless another visit holds or has it (then nothing changes: the
    /// earlier hold stands).
    pub fn hold_time(&mut self, hold: &Hold) -> Result<HoldOutcome, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let state: Option<String> =
            tx.query_row("SELECT state FROM bookings WHERE id = ?1", [&hold.id], |r| r.get(0)).optional()?;
        if state.as_deref().is_some_and(|s| s != "held" && s != "lost") {
            return Ok(HoldOutcome::AlreadyBooked);
        }
        // The visit holds one time: the one it had (or had lost) is let go.
        tx.execute("DELETE FROM bookings WHERE id = ?1 AND state IN ('held', 'lost')", [&hold.id])?;
        let holding: i64 = tx.query_row(
            "SELECT count(*) FROM bookings WHERE kiosk = ?1 AND state = 'held' AND held_until_ms >= ?2",
            params![hold.kiosk, hold.now_ms],
            |r| r.get(0),
        )?;
        if holding >= MOST_HOLDS_PER_KIOSK {
            return Ok(HoldOutcome::TooMany);
        }
        // A hold that ran out is lost to this visit, and its request is told so if it arrives.
        tx.execute(
            "UPDATE bookings SET state = 'lost'
             WHERE resource = ?1 AND start_ms = ?2 AND state = 'held' AND held_until_ms < ?3",
            params![hold.resource, hold.start_ms, hold.now_ms],
        )?;
        let inserted = tx.execute(
            "INSERT INTO bookings (id, resource, start_ms, end_ms, kiosk, state, held_until_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, 'held', ?6) ON CONFLICT DO NOTHING",
            params![hold.id, hold.resource, hold.start_ms, hold.end_ms, hold.kiosk, hold.until_ms],
        )?;
        if inserted == 0 {
            // Taken: nothing changes, and the visit keeps the time it held before (the
            // transaction is rolled back as it is dropped).
            return Ok(HoldOutcome::Taken);
        }
        tx.commit()?;
        Ok(HoldOutcome::Held)
    }

    /// Lets go of request `id`'s hold (the visit ended); `false` when it had none.
    pub fn release_hold(&mut self, id: &str, kiosk: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .execute("DELETE FROM bookings WHERE id = ?1 AND kiosk = ?2 AND state IN ('held', 'lost')", [id, kiosk])?
            > 0)
    }

    /// The request `id` arrived: its held time becomes booked, or, when another visit took it
    /// after the hold ran out, its loss is noted with the request's arrival. The booking, if the
    /// request had a time held and had not arrived before.
    pub fn confirm_booking(&mut self, id: &str, service: &str, now: i64) -> Result<Option<Booking>, StoreError> {
        let changed = self.conn.execute(
            "UPDATE bookings SET state = CASE state WHEN 'lost' THEN 'lost' ELSE 'booked' END, service = ?2,
             booked_ms = ?3 WHERE id = ?1 AND (state = 'held' OR (state = 'lost' AND booked_ms IS NULL))",
            params![id, service, now],
        )?;
        if changed == 0 {
            return Ok(None);
        }
        self.booking(id)
    }

    /// Requests that arrived after the time held for them went to another visit.
    pub fn bookings_lost(&mut self) -> Result<Vec<Booking>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {BOOKING_COLUMNS} FROM bookings WHERE state = 'lost' AND booked_ms IS NOT NULL ORDER BY start_ms"
        ))?;
        let rows = stmt.query_map([], booking_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn booking(&mut self, id: &str) -> Result<Option<Booking>, StoreError> {
        Ok(self
            .conn
            .query_row(&format!("SELECT {BOOKING_COLUMNS} FROM bookings WHERE id = ?1"), [id], booking_row)
            .optional()?)
    }

    /// The starts of `resource`'s times held (and not lapsed) or booked from `from_ms` on.
    pub fn taken_times(&mut self, resource: &str, from_ms: i64, now: i64) -> Result<Vec<i64>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT start_ms FROM bookings WHERE resource = ?1 AND start_ms >= ?2
             AND (state = 'booked' OR (state = 'held' AND held_until_ms >= ?3))",
        )?;
        let rows = stmt.query_map(params![resource, from_ms, now], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Bookings (booked or cancelled) whose calendar is not yet up to date with them.
    pub fn bookings_to_write(&mut self) -> Result<Vec<Booking>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {BOOKING_COLUMNS} FROM bookings WHERE state IN ('booked', 'cancelled') AND written_ms IS NULL ORDER BY start_ms"
        ))?;
        let rows = stmt.query_map([], booking_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn booking_written(&mut self, id: &str, now: i64) -> Result<(), StoreError> {
        self.conn.execute("UPDATE bookings SET written_ms = ?2 WHERE id = ?1", params![id, now])?;
        Ok(())
    }

    /// Bookings (not holds) starting in `[from_ms, to_ms)`, earliest first.
    pub fn bookings_between(&mut self, from_ms: i64, to_ms: i64) -> Result<Vec<Booking>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {BOOKING_COLUMNS} FROM bookings
             WHERE (state IN ('booked', 'cancelled') OR (state = 'lost' AND booked_ms IS NOT NULL))
             AND start_ms >= ?1 AND start_ms < ?2 ORDER BY start_ms, resource"
        ))?;
        let rows = stmt.query_map(params![from_ms, to_ms], booking_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Cancels a booking (audited in the same transaction); the calendar is written again.
    pub fn cancel_booking(&mut self, id: &str, by: &str, now: i64) -> Result<bool, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let done = tx.execute(
            "UPDATE bookings SET state = 'cancelled', cancelled_by = ?2, cancelled_ms = ?3, written_ms = NULL
             WHERE id = ?1 AND state = 'booked'",
            params![id, by, now],
        )? > 0;
        if done {
            audit_in(&tx, by, "booking cancelled", id)?;
        }
        tx.commit()?;
        Ok(done)
    }
}

const BOOKING_COLUMNS: &str = "id, resource, start_ms, end_ms, kiosk, state, service, written_ms, cancelled_by";

fn booking_row(r: &rusqlite::Row) -> rusqlite::Result<Booking> {
    Ok(Booking {
        id: r.get(0)?,
        resource: r.get(1)?,
        start_ms: r.get(2)?,
        end_ms: r.get(3)?,
        kiosk: r.get(4)?,
        state: r.get(5)?,
        service: r.get(6)?,
        written: r.get::<_, Option<i64>>(7)?.is_some(),
        cancelled_by: r.get(8)?,
    })
}
