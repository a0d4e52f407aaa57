//! The kiosk's durable store: one SQLite file, and the only place in the code that speaks SQL.
//!
//! Owns the schema (numbered migrations in `store/migrations/`, never edited once landed, applied in
//! order and recorded in `PRAGMA user_version`) and the outbox of sealed requests. Every write is one
//! transaction with `synchronous=FULL`, so when [`Store::enqueue`] returns `Ok` the request survives a
//! power cut. `secure_delete=ON` overwrites freed pages, so a cleared payload is gone from the file.
//! It stores only sealed payloads: it never sees an answer in plain text.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OptionalExtension, params};
use torget_common::protocol::HelpAnswer;
use torget_common::sqlite::open_database;
pub use torget_common::sqlite::{StoreError, now_ms};
use torget_common::usage::{Counter, UsageRow};

/// Migrations in order; the position (1-based) is the schema version.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_outbox", include_str!("migrations/0001_outbox.sql")),
    ("0002_sync_state", include_str!("migrations/0002_sync_state.sql")),
    ("0003_staff", include_str!("migrations/0003_staff.sql")),
    ("0004_audit_guard", include_str!("migrations/0004_audit_guard.sql")),
    ("0005_usage", include_str!("migrations/0005_usage.sql")),
];

/// What the kiosk notes of its condition for the hub's heartbeat, each when it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// The visitors' printer: "ready" or "not working: …".
    Printer,
    /// The content shown: an installed bundle's version, or "built-in".
    Content,
    /// Reading aloud: "working" or "not working: …".
    Speech,
}

impl Condition {
    fn key(self) -> &'static str {
        match self {
            Condition::Printer => "printer",
            Condition::Content => "content",
            Condition::Speech => "speech",
        }
    }
}

/// Options that are not part of the schema.
#[derive(Debug, Clone, Copy, Default)]
pub struct StoreOptions {
    /// Largest size the database may grow to, so a full queue can never fill the kiosk's disk.
    pub max_bytes: Option<u64>,
}

/// A sealed request as it goes into the outbox. Only `sealed` carries the visitor's answers, encrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    pub id: String,
    pub reference: String,
    pub service_id: String,
    pub service_version: u32,
    pub created_at_ms: i64,
    pub sealed: Vec<u8>,
}

/// How many requests are in each state, for staff and `torget status`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueCounts {
    pub queued: u64,
    pub sending: u64,
    pub sent: u64,
    pub dead: u64,
}

/// One row of the outbox as staff may see it: never the payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    pub id: String,
    pub reference: String,
    pub service_id: String,
    pub created_at_ms: i64,
    pub state: String,
    pub attempts: u32,
    pub last_error: Option<String>,
}

pub struct Store {
    conn: Connection,
    /// Audit entries stamped before this may be deleted; `i64::MIN` except during a purge.
    purge_cutoff: Arc<AtomicI64>,
}

/// Audit entries younger than this are never purged, whatever the configuration or the CLI asks.
pub const AUDIT_MIN_RETENTION_DAYS: u32 = 30;

/// What an audit purge did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditPurge {
    Purged(usize),
    /// The clock is more than a year past the newest entry: a jumped clock is more likely than a
    /// kiosk switched off for that long, so nothing is deleted.
    ClockAhead,
}

impl Store {
    /// Opens (creating if needed) the store at `path`, checks that the file is sound and migrates it.
    pub fn open(path: &Path, options: StoreOptions) -> Result<Store, StoreError> {
        let conn = open_database(path, MIGRATIONS)?;
        // The kiosk reads a few pages at a time (the queue's head, its counts, settings). SQLite's
        // default page cache of 2 MB per connection would let each connection grow by that much as
        // the file grows with sent requests; 512 KiB keeps the kiosk's memory flat.
        conn.execute_batch("PRAGMA cache_size = -512;")?;
        let purge_cutoff = Arc::new(AtomicI64::new(i64::MIN));
        let cutoff = purge_cutoff.clone();
        conn.create_scalar_function("audit_may_delete", 1, FunctionFlags::SQLITE_UTF8, move |ctx| {
            Ok(ctx.get::<i64>(0)? < cutoff.load(Ordering::SeqCst))
        })?;
        if let Some(max) = options.max_bytes {
            let page_size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
            let pages = (max as i64 / page_size).max(1);
            let _: i64 = conn.query_row(&format!("PRAGMA max_page_count = {pages}"), [], |r| r.get(0))?;
        }
        Ok(Store { conn, purge_cutoff })
    }

    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Writes a sealed request durably. When this returns `Ok`, the request is on disk (fsync'd).
    pub fn enqueue(&mut self, item: &OutboxItem) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO outbox (id, reference, service_id, service_version, created_at_ms, sealed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![item.id, item.reference, item.service_id, item.service_version, item.created_at_ms, item.sealed],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Writes many sealed requests in one transaction (importing a queue, preparing benchmarks).
    pub fn enqueue_all(&mut self, items: &[OutboxItem]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut insert = tx.prepare(
                "INSERT INTO outbox (id, reference, service_id, service_version, created_at_ms, sealed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for item in items {
                insert.execute(params![
                    item.id,
                    item.reference,
                    item.service_id,
                    item.service_version,
                    item.created_at_ms,
                    item.sealed
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    pub fn counts(&self) -> Result<QueueCounts, StoreError> {
        let mut counts = QueueCounts::default();
        let mut stmt = self.conn.prepare("SELECT state, COUNT(*) FROM outbox GROUP BY state")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)))?;
        for row in rows {
            let (state, n) = row?;
            match state.as_str() {
                "queued" => counts.queued = n,
                "sending" => counts.sending = n,
                "sent" => counts.sent = n,
                _ => counts.dead = n,
            }
        }
        Ok(counts)
    }

    /// The newest rows first, without payloads.
    pub fn recent(&self, limit: usize) -> Result<Vec<OutboxRow>, StoreError> {
        self.rows("", Some(limit))
    }

    /// Rows newest first, without payloads; `state` narrows to one state when not empty.
    fn rows(&self, state: &str, limit: Option<usize>) -> Result<Vec<OutboxRow>, StoreError> {
        // SQLite reads a negative LIMIT as no limit.
        let limit = limit.map_or(-1, |l| l as i64);
        let mut stmt = self.conn.prepare(
            "SELECT id, reference, service_id, created_at_ms, state, attempts, last_error
             FROM outbox WHERE ?1 = '' OR state = ?1 ORDER BY created_at_ms DESC, id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(rusqlite::params![state, limit], |r| {
            Ok(OutboxRow {
                id: r.get(0)?,
                reference: r.get(1)?,
                service_id: r.get(2)?,
                created_at_ms: r.get(3)?,
                state: r.get(4)?,
                attempts: r.get(5)?,
                last_error: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The sealed payload of a request still waiting to be sent.
    pub fn sealed(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT sealed FROM outbox WHERE id = ?1", [id], |r| r.get::<_, Option<Vec<u8>>>(0))
            .optional()?
            .flatten())
    }

    /// `PRAGMA integrity_check`, for `torget status` and tests after a crash.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
    /// The oldest requests still to send, at most `max_items` and about `max_bytes` of payload (always
    /// at least one, so a single large item cannot block the queue).
    pub fn next_batch(&self, max_items: usize, max_bytes: usize) -> Result<Vec<PendingItem>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, service_id, created_at_ms, sealed FROM outbox
             WHERE state IN ('queued', 'sending') AND sealed IS NOT NULL
             ORDER BY created_at_ms, id LIMIT ?1",
        )?;
        let rows = stmt.query_map([max_items as i64], |r| {
            Ok(PendingItem { id: r.get(0)?, service_id: r.get(1)?, created_at_ms: r.get(2)?, sealed: r.get(3)? })
        })?;
        let mut batch = Vec::new();
        let mut bytes = 0;
        for row in rows {
            let item = row?;
            bytes += item.sealed.len();
            if !batch.is_empty() && bytes > max_bytes {
                break;
            }
            batch.push(item);
        }
        Ok(batch)
    }

    /// Marks requests as being sent, so staff see them move.
    pub fn mark_sending(&mut self, ids: &[String]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for id in ids {
            tx.execute("UPDATE outbox SET state = 'sending' WHERE id = ?1 AND state = 'queued'", [id])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Records what happened to each request of a batch, all in one transaction. A sent request
    /// loses its payload (overwritten on disk, `secure_delete`) and keeps its id, reference and times.
    pub fn record_outcomes(&mut self, outcomes: &[(String, Outcome)]) -> Result<(), StoreError> {
        let now = now_ms();
        let any_sent = outcomes.iter().any(|(_, o)| *o == Outcome::Sent);
        let tx = self.conn.transaction()?;
        for (id, outcome) in outcomes {
            match outcome {
                Outcome::Sent => tx.execute(
                    "UPDATE outbox SET state = 'sent', sealed = NULL, sent_at_ms = ?2, attempts = attempts + 1,
                     last_error = NULL WHERE id = ?1",
                    params![id, now],
                )?,
                Outcome::Retry(error) => tx.execute(
                    "UPDATE outbox SET state = 'queued', attempts = attempts + 1, last_error = ?2 WHERE id = ?1",
                    params![id, error],
                )?,
                Outcome::Dead(reason) => tx.execute(
                    "UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_error = ?2 WHERE id = ?1",
                    params![id, reason],
                )?,
            };
        }
        if any_sent {
            tx.execute(
                "INSERT INTO sync_state (key, value) VALUES ('last_success_ms', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [now.to_string()],
            )?;
        }
        tx.commit()?;
        if any_sent {
            self.checkpoint();
        }
        Ok(())
    }

    /// Copies the write-ahead log into the database and empties the log file, so that cleared
    /// payloads do not linger in the log's old pages. Best effort: a reader that holds an old
    /// snapshot leaves the log for the next time.
    fn checkpoint(&self) {
        let done = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get::<_, i64>(0));
        match done {
            Ok(0) => {}
            Ok(_) => tracing::debug!("write-ahead log still in use; truncated next time"),
            Err(e) => tracing::warn!(error = %e, "cannot checkpoint the write-ahead log"),
        }
    }

    /// Remembers the last sync error (or clears it), in plain words without personal data.
    pub fn set_last_error(&mut self, error: Option<&str>) -> Result<(), StoreError> {
        match error {
            Some(e) => self.conn.execute(
                "INSERT INTO sync_state (key, value) VALUES ('last_error', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [e],
            )?,
            None => self.conn.execute("DELETE FROM sync_state WHERE key = 'last_error'", [])?,
        };
        Ok(())
    }

    /// Requests left in `sending` by a stopped kiosk go back to the queue.
    pub fn requeue_interrupted(&mut self) -> Result<usize, StoreError> {
        Ok(self.conn.execute("UPDATE outbox SET state = 'queued' WHERE state = 'sending'", [])?)
    }

    /// Forgets sent requests older than `before_ms` entirely (their payload is long gone).
    pub fn purge_sent(&mut self, before_ms: i64) -> Result<usize, StoreError> {
        Ok(self.conn.execute("DELETE FROM outbox WHERE state = 'sent' AND sent_at_ms < ?1", [before_ms])?)
    }

    /// Queue counts, last success and last error, for staff and `torget status`.
    pub fn sync_status(&self) -> Result<SyncStatus, StoreError> {
        let get = |key: &str| -> Result<Option<String>, StoreError> {
            Ok(self.conn.query_row("SELECT value FROM sync_state WHERE key = ?1", [key], |r| r.get(0)).optional()?)
        };
        Ok(SyncStatus {
            counts: self.counts()?,
            last_success_ms: get("last_success_ms")?.and_then(|v| v.parse().ok()),
            last_error: get("last_error")?,
        })
    }
}

/// A staff account as the kiosk knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffAccount {
    pub name: String,
    pub admin: bool,
    /// argon2id, PHC string format.
    pub pin_hash: String,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at_ms: i64,
    pub staff: Option<String>,
    pub action: String,
    pub detail: String,
}

impl Store {
    pub fn staff_add(&mut self, account: &StaffAccount, now_ms: i64) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO staff (name, role, pin_hash, created_ms) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (name) DO UPDATE SET role = excluded.role, pin_hash = excluded.pin_hash",
            rusqlite::params![account.name, if account.admin { "admin" } else { "staff" }, account.pin_hash, now_ms],
        )?;
        Ok(())
    }

    /// Removes an account; `false` when there was none of that name.
    pub fn staff_remove(&mut self, name: &str) -> Result<bool, StoreError> {
        Ok(self.conn.execute("DELETE FROM staff WHERE name = ?1", [name])? > 0)
    }

    pub fn staff(&self) -> Result<Vec<StaffAccount>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT name, role, pin_hash FROM staff ORDER BY name")?;
        let rows = stmt.query_map([], |r| {
            Ok(StaffAccount { name: r.get(0)?, admin: r.get::<_, String>(1)? == "admin", pin_hash: r.get(2)? })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Wrong PINs in a row, and until when the entry is locked (ms since the epoch).
    pub fn pin_lockout(&self) -> Result<(u32, i64), StoreError> {
        Ok(self
            .conn
            .query_row("SELECT failures, locked_until_ms FROM pin_lockout WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?
            .unwrap_or((0, 0)))
    }

    pub fn set_pin_lockout(&mut self, failures: u32, locked_until_ms: i64) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO pin_lockout (id, failures, locked_until_ms) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET failures = excluded.failures, locked_until_ms = excluded.locked_until_ms",
            rusqlite::params![failures, locked_until_ms],
        )?;
        Ok(())
    }

    /// Appends to the audit log. `detail` names things (a reference, a setting), never an answer.
    pub fn audit(&mut self, now_ms: i64, staff: Option<&str>, action: &str, detail: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO audit (at_ms, staff, action, detail) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![now_ms, staff, action, detail],
        )?;
        Ok(())
    }

    /// The audit log, oldest first.
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT at_ms, staff, action, detail FROM audit ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(AuditEntry { at_ms: r.get(0)?, staff: r.get(1)?, action: r.get(2)?, detail: r.get(3)? })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Deletes audit entries older than `retention_days` (never fewer than
    /// [`AUDIT_MIN_RETENTION_DAYS`]) and logs that it did. Age is counted from `now_ms` or from the
    /// newest entry, whichever is earlier, so a clock that jumps ahead does not age the log; a clock
    /// more than a year past the newest entry deletes nothing. Only this method can delete entries:
    /// the table's trigger asks a function that exists on this connection alone.
    pub fn audit_purge(&mut self, retention_days: u32, now_ms: i64) -> Result<AuditPurge, StoreError> {
        const DAY_MS: i64 = 86_400_000;
        let newest: Option<i64> = self.conn.query_row("SELECT MAX(at_ms) FROM audit", [], |r| r.get(0))?;
        let Some(newest) = newest else { return Ok(AuditPurge::Purged(0)) };
        if now_ms > newest.saturating_add(365 * DAY_MS) {
            return Ok(AuditPurge::ClockAhead);
        }
        let retention = i64::from(retention_days.max(AUDIT_MIN_RETENTION_DAYS)) * DAY_MS;
        let cutoff = now_ms.min(newest).saturating_sub(retention);
        let tx = self.conn.transaction()?;
        self.purge_cutoff.store(cutoff, Ordering::SeqCst);
        let purged = tx.execute("DELETE FROM audit WHERE at_ms < ?1", [cutoff]);
        self.purge_cutoff.store(i64::MIN, Ordering::SeqCst);
        let purged = purged?;
        if purged > 0 {
            tx.execute(
                "INSERT INTO audit (at_ms, staff, action, detail) VALUES (?1, NULL, 'audit purged', ?2)",
                rusqlite::params![now_ms, format!("{purged} entries older than the retention period")],
            )?;
        }
        tx.commit()?;
        Ok(AuditPurge::Purged(purged))
    }

    /// Requests the hub will never take, newest first, without payloads.
    pub fn dead(&self) -> Result<Vec<OutboxRow>, StoreError> {
        self.rows("dead", None)
    }

    /// Sent since `since_ms` (e.g. midnight), for the staff panel.
    pub fn sent_since(&self, since_ms: i64) -> Result<u64, StoreError> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM outbox WHERE state = 'sent' AND sent_at_ms >= ?1",
            [since_ms],
            |r| r.get::<_, i64>(0),
        )? as u64)
    }

    /// Puts a dead request back in the queue (staff pressed Retry). `false` if it was not dead.
    pub fn retry_dead(&mut self, id: &str) -> Result<bool, StoreError> {
        Ok(self.conn.execute(
            "UPDATE outbox SET state = 'queued', attempts = 0, last_error = NULL WHERE id = ?1 AND state = 'dead'",
            [id],
        )? > 0)
    }

    /// Deletes a dead request with its sealed payload (staff discarded it, with a reason in the audit log).
    pub fn discard_dead(&mut self, id: &str) -> Result<bool, StoreError> {
        Ok(self.conn.execute("DELETE FROM outbox WHERE id = ?1 AND state = 'dead'", [id])? > 0)
    }

    /// Whether a visitor's help call is open (staff have not closed it yet).
    pub fn help_requested(&self) -> Result<bool, StoreError> {
        Ok(self.setting("help_requested")?.as_deref() == Some("yes"))
    }

    pub fn set_help_requested(&mut self, open: bool) -> Result<(), StoreError> {
        self.set_setting("help_requested", if open { "yes" } else { "no" })
    }

    /// Staff's answer to the open help call, as the last heartbeat heard it.
    pub fn help_answer(&self) -> Result<Option<HelpAnswer>, StoreError> {
        Ok(self.setting("help_answer")?.and_then(|a| a.parse().ok()))
    }

    pub fn set_help_answer(&mut self, answer: Option<HelpAnswer>) -> Result<(), StoreError> {
        self.set_setting("help_answer", answer.map_or("", HelpAnswer::as_str))
    }

    /// What the kiosk noted of its condition for the heartbeat; `None` before anything was noted.
    pub fn condition(&self, of: Condition) -> Result<Option<String>, StoreError> {
        Ok(self.setting(of.key())?.filter(|v| !v.is_empty()))
    }

    pub fn note_condition(&mut self, of: Condition, value: &str) -> Result<(), StoreError> {
        self.set_setting(of.key(), value)
    }

    /// A setting staff changed on the panel (`default_language`, `idle_seconds`, …).
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    /// Changes a setting staff may change on the panel.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
}

/// Usage figures ([`torget_common::usage`]): counted on the kiosk, sent with the heartbeat.
impl Store {
    /// One more of each `(service, lang, counter)` on `day` (service "" for none), in one
    /// transaction.
    pub fn count_all(&mut self, day: time::Date, counts: &[(String, String, Counter)]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare(
                "INSERT INTO usage (day, service, lang, counter, value) VALUES (?1, ?2, ?3, ?4, 1)
                 ON CONFLICT (day, service, lang, counter) DO UPDATE SET value = value + 1",
            )?;
            let day = usage_day(day);
            for (service, lang, counter) in counts {
                stmt.execute(params![day, service, lang, counter.name()])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Every row, oldest day first.
    pub fn usage(&self) -> Result<Vec<UsageRow>, StoreError> {
        self.usage_where("1", usize::MAX)
    }

    /// Rows whose value the hub has not confirmed yet, oldest day first, at most `limit`.
    pub fn usage_unsent(&self, limit: usize) -> Result<Vec<UsageRow>, StoreError> {
        self.usage_where("value > sent", limit)
    }

    fn usage_where(&self, condition: &str, limit: usize) -> Result<Vec<UsageRow>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT day, service, lang, counter, value FROM usage WHERE {condition}
             ORDER BY day, service, lang, counter LIMIT ?1"
        ))?;
        let rows = stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
            let value: i64 = r.get(4)?;
            Ok(UsageRow {
                day: r.get(0)?,
                service: r.get(1)?,
                lang: r.get(2)?,
                counter: r.get(3)?,
                value: value.max(0) as u64,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The hub has these values; counts made since stay unsent.
    pub fn usage_confirmed(&mut self, rows: &[UsageRow]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare(
                "UPDATE usage SET sent = MAX(sent, ?5) WHERE day = ?1 AND service = ?2 AND lang = ?3 AND counter = ?4",
            )?;
            for r in rows {
                stmt.execute(params![r.day, r.service, r.lang, r.counter, r.value.min(i64::MAX as u64) as i64])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Forgets confirmed rows of days before `before`; unsent ones stay until the hub has them.
    pub fn usage_purge(&mut self, before: time::Date) -> Result<usize, StoreError> {
        Ok(self.conn.execute("DELETE FROM usage WHERE day < ?1 AND sent >= value", [usage_day(before)])?)
    }
}

fn usage_day(day: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", day.year(), u8::from(day.month()), day.day())
}

/// Free space on the disk holding `database`, in bytes (for the staff panel's health line).
pub fn free_bytes(database: &Path) -> Option<u64> {
    let dir = database.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    rustix::fs::statvfs(dir).ok().map(|s| s.f_bavail.saturating_mul(s.f_frsize))
}

/// A request waiting to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingItem {
    pub id: String,
    pub service_id: String,
    pub created_at_ms: i64,
    pub sealed: Vec<u8>,
}

/// What became of one request after an upload attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The hub has it.
    Sent,
    /// Try again later; the error in plain words.
    Retry(String),
    /// The hub will never take it; staff decide (the reason in plain words).
    Dead(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncStatus {
    pub counts: QueueCounts,
    pub last_success_ms: Option<i64>,
    pub last_error: Option<String>,
}
