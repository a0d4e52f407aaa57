//! The hub's store on PostgreSQL: for a municipality that runs its services on the database server
//! it already backs up and monitors, and for several hub instances behind one load balancer.
//!
//! The same tables and the same promises as the SQLite store: a batch is one transaction, committed
//! before the hub answers; an id is stored once (`INSERT … ON CONFLICT DO NOTHING`, then the stored
//! payload hash decides between "already stored" and "conflict"), also when two instances receive
//! the same batch at the same moment. Migrations (`migrations/postgres/`) are applied at start under
//! an advisory lock, so instances starting together do not race.

use std::sync::Arc;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::NoTls;
use torget_common::protocol::{Heartbeat, ItemStatus};
use torget_common::sqlite::now_ms;
use torget_common::usage::UsageRow;

use super::{
    Booking, FAILURES_FORGOTTEN_MS, Hold, HoldOutcome, Incoming, KioskBeat, MOST_HOLDS_PER_KIOSK, Stored, hash_hex,
    new_token,
};
use crate::accounts::{AuditEntry, AuditKind, User};
use crate::content::DraftState;

const DRAFT: &str = DraftState::Draft.as_str();
const IN_REVIEW: &str = DraftState::InReview.as_str();
const PUBLISHED: &str = DraftState::Published.as_str();
/// Counts `$2` among the editors of draft `$1` (once).
const EDITOR_INSERT: &str =
    "INSERT INTO content_draft_editors (draft_id, editor) VALUES ($1, $2) ON CONFLICT DO NOTHING";

/// Migrations in order; the position (1-based) is the schema version.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_hub", include_str!("../../migrations/postgres/0001_hub.sql")),
    ("0002_printer", include_str!("../../migrations/postgres/0002_printer.sql")),
    ("0003_accounts", include_str!("../../migrations/postgres/0003_accounts.sql")),
    ("0004_web", include_str!("../../migrations/postgres/0004_web.sql")),
    ("0005_help_answer", include_str!("../../migrations/postgres/0005_help_answer.sql")),
    ("0006_handled", include_str!("../../migrations/postgres/0006_handled.sql")),
    ("0007_kiosk_health", include_str!("../../migrations/postgres/0007_kiosk_health.sql")),
    ("0008_kiosk_place", include_str!("../../migrations/postgres/0008_kiosk_place.sql")),
    ("0009_content_drafts", include_str!("../../migrations/postgres/0009_content_drafts.sql")),
    ("0010_draft_editors", include_str!("../../migrations/postgres/0010_draft_editors.sql")),
    ("0011_audit_kind", include_str!("../../migrations/postgres/0011_audit_kind.sql")),
    ("0012_draft_returned", include_str!("../../migrations/postgres/0012_draft_returned.sql")),
    ("0013_desk_displays", include_str!("../../migrations/postgres/0013_desk_displays.sql")),
    ("0014_request_notes", include_str!("../../migrations/postgres/0014_request_notes.sql")),
    ("0015_archive", include_str!("../../migrations/postgres/0015_archive.sql")),
    ("0016_usage", include_str!("../../migrations/postgres/0016_usage.sql")),
    ("0017_desk_key", include_str!("../../migrations/postgres/0017_desk_key.sql")),
    ("0018_bookings", include_str!("../../migrations/postgres/0018_bookings.sql")),
    ("0019_bookings_lost", include_str!("../../migrations/postgres/0019_bookings_lost.sql")),
];

/// Key of the advisory lock held while migrating ("torget-hub" in ASCII, as a number).
const MIGRATION_LOCK: i64 = 0x746f_7267_6574_6875;

#[derive(Debug, thiserror::Error)]
pub enum PgError {
    #[error("PostgreSQL: {0}")]
    Db(#[from] tokio_postgres::Error),
    #[error("PostgreSQL connection pool: {0}")]
    Pool(String),
    #[error("the database was made by a newer torget-hub (schema {found}, this version knows {known})")]
    TooNew { found: i64, known: i64 },
}

impl From<deadpool_postgres::PoolError> for PgError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        PgError::Pool(e.to_string())
    }
}

/// A pool of connections to one PostgreSQL database.
#[derive(Clone)]
pub struct PgStore {
    pool: Pool,
    /// The connection settings, for the desk listener's own connection.
    config: Arc<tokio_postgres::Config>,
    /// Tells this instance's open desk pages that what they show has changed, here or at another
    /// instance (heard with `LISTEN torget_desk`).
    desk: crate::changes::DeskChanges,
}

impl PgStore {
    /// Connects to `url` (`postgres://user:password@host:port/database`), checks the schema and
    /// applies the migrations not yet applied.
    pub async fn open(url: &str) -> Result<PgStore, PgError> {
        let config: tokio_postgres::Config = url.parse()?;
        let manager =
            Manager::from_config(config.clone(), NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        let pool = Pool::builder(manager).max_size(16).build().map_err(|e| PgError::Pool(e.to_string()))?;
        let store = PgStore { pool, config: Arc::new(config), desk: Default::default() };
        store.migrate().await?;
        let heard = store.desk.clone();
        store.listen_desk(move |kiosk| heard.here(kiosk));
        Ok(store)
    }

    async fn migrate(&self) -> Result<(), PgError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // Held until the transaction ends: a second instance starting now waits here, then sees
        // the migrations done.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).await?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                 version    BIGINT PRIMARY KEY,
                 name       TEXT NOT NULL,
                 applied_ms BIGINT NOT NULL
             )",
        )
        .await?;
        let found: i64 = tx.query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &[]).await?.get(0);
        let known = MIGRATIONS.len() as i64;
        if found > known {
            return Err(PgError::TooNew { found, known });
        }
        for (i, (name, sql)) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            tx.batch_execute(sql).await?;
            tx.execute(
                "INSERT INTO schema_migrations (version, name, applied_ms) VALUES ($1, $2, $3)",
                &[&(i as i64 + 1), name, &now_ms()],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn schema_version(&self) -> Result<i64, PgError> {
        let client = self.pool.get().await?;
        Ok(client.query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &[]).await?.get(0))
    }

    pub async fn add_kiosk(&self, name: &str) -> Result<String, PgError> {
        let token = new_token(name);
        let client = self.pool.get().await?;
        client
            .execute(
                "INSERT INTO kiosks (name, token_hash, created_ms) VALUES ($1, $2, $3)
                 ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash, revoked_ms = NULL",
                &[&name, &hash_hex(token.as_bytes()), &now_ms()],
            )
            .await?;
        Ok(token)
    }

    pub async fn revoke_kiosk(&self, name: &str) -> Result<bool, PgError> {
        let client = self.pool.get().await?;
        let n = client
            .execute("UPDATE kiosks SET revoked_ms = $2 WHERE name = $1 AND revoked_ms IS NULL", &[&name, &now_ms()])
            .await?;
        Ok(n > 0)
    }

    /// A wall display's link token, new or replacing the one it had.
    pub async fn add_display(&self, name: &str) -> Result<String, PgError> {
        let token = new_token("display");
        let client = self.pool.get().await?;
        client
            .execute(
                "INSERT INTO desk_displays (name, token_hash, created_ms) VALUES ($1, $2, $3)
                 ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash, revoked_ms = NULL",
                &[&name, &hash_hex(token.as_bytes()), &now_ms()],
            )
            .await?;
        Ok(token)
    }

    /// Revokes a wall display's link; `false` when there was no such link in use.
    pub async fn revoke_display(&self, name: &str) -> Result<bool, PgError> {
        let client = self.pool.get().await?;
        Ok(client
            .execute(
                "UPDATE desk_displays SET revoked_ms = $2 WHERE name = $1 AND revoked_ms IS NULL",
                &[&name, &now_ms()],
            )
            .await?
            > 0)
    }

    /// The wall display a link token belongs to, unless unknown or revoked.
    pub async fn display_named(&self, token: &str) -> Result<Option<String>, PgError> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                "SELECT name FROM desk_displays WHERE token_hash = $1 AND revoked_ms IS NULL",
                &[&hash_hex(token.as_bytes())],
            )
            .await?;
        Ok(row.map(|r| r.get(0)))
    }

    /// Every wall display ever made, by name.
    pub async fn displays(&self) -> Result<Vec<super::KioskListed>, PgError> {
        let client = self.pool.get().await?;
        let rows = client.query("SELECT name, created_ms, revoked_ms FROM desk_displays ORDER BY name", &[]).await?;
        Ok(rows
            .iter()
            .map(|r| super::KioskListed { name: r.get(0), created_ms: r.get(1), revoked_ms: r.get(2), place: None })
            .collect())
    }

    pub async fn authenticate(&self, token: &str) -> Result<Option<String>, PgError> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                "SELECT name FROM kiosks WHERE token_hash = $1 AND revoked_ms IS NULL",
                &[&hash_hex(token.as_bytes())],
            )
            .await?;
        Ok(row.map(|r| r.get(0)))
    }

    /// Stores a batch in one transaction and says what happened to each item.
    pub async fn insert_batch(&self, kiosk: &str, items: &[Incoming]) -> Result<Vec<ItemStatus>, PgError> {
        let now = now_ms();
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
        let services: Vec<&str> = items.iter().map(|i| i.service_id.as_str()).collect();
        let created: Vec<i64> = items.iter().map(|i| i.created_at_ms).collect();
        let hashes: Vec<String> = items.iter().map(|i| hash_hex(&i.sealed)).collect();
        let sealed: Vec<&[u8]> = items.iter().map(|i| i.sealed.as_slice()).collect();
        // One statement for the whole batch. An id already there (from an earlier try, or from
        // another instance at this very moment) is skipped, never overwritten; a batch naming an id
        // twice stores its first copy.
        let inserted = tx
            .query(
                "INSERT INTO submissions (id, kiosk, service_id, created_at_ms, received_ms, payload_hash, sealed)
                 SELECT DISTINCT ON (id) id, $2, service_id, created_at_ms, $3, payload_hash, sealed
                 FROM unnest($1::text[], $4::text[], $5::bigint[], $6::text[], $7::bytea[])
                      WITH ORDINALITY AS t (id, service_id, created_at_ms, payload_hash, sealed, n)
                 ORDER BY id, n
                 ON CONFLICT (id) DO NOTHING
                 RETURNING id",
                &[&ids, &kiosk, &now, &services, &created, &hashes, &sealed],
            )
            .await?;
        let mut fresh: std::collections::HashSet<String> = inserted.iter().map(|r| r.get(0)).collect();
        let stored: std::collections::HashMap<String, String> = tx
            .query("SELECT id, payload_hash FROM submissions WHERE id = ANY($1)", &[&ids])
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        tx.commit().await?;
        Ok(items
            .iter()
            .zip(&hashes)
            .map(|(item, hash)| {
                if fresh.remove(&item.id) {
                    ItemStatus::Stored
                } else if stored.get(&item.id) == Some(hash) {
                    ItemStatus::AlreadyStored
                } else {
                    ItemStatus::Conflict
                }
            })
            .collect())
    }

    /// Keeps a kiosk's heartbeat; returns staff's answer to its help call, if any. A heartbeat
    /// without a help request ends the call (and its answer).
    pub async fn record_heartbeat(&self, kiosk: &str, beat: &Heartbeat) -> Result<(Option<String>, bool), PgError> {
        let key = super::desk_key(beat);
        let client = self.pool.get().await?;
        // `old` sees the row as it was before this statement changed it.
        let row = client
            .query_one(
                "WITH old AS (SELECT desk_key FROM heartbeats WHERE kiosk = $1)
                 INSERT INTO heartbeats (kiosk, at_ms, version, queue_depth, last_error, help_requested, printer, help_since_ms,
                 content_version, speech, free_disk_mb, could_not_send, desk_key)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $6::BOOLEAN THEN $2::BIGINT END, $8, $9, $10, $11, $12)
                 ON CONFLICT (kiosk) DO UPDATE SET at_ms = excluded.at_ms, version = excluded.version,
                 queue_depth = excluded.queue_depth, last_error = excluded.last_error,
                 help_since_ms = CASE WHEN NOT excluded.help_requested THEN NULL
                                      WHEN heartbeats.help_requested THEN heartbeats.help_since_ms ELSE excluded.at_ms END,
                 help_answer = CASE WHEN excluded.help_requested THEN heartbeats.help_answer END,
                 help_answered_by = CASE WHEN excluded.help_requested THEN heartbeats.help_answered_by END,
                 help_requested = excluded.help_requested, printer = excluded.printer,
                 content_version = excluded.content_version, speech = excluded.speech,
                 free_disk_mb = excluded.free_disk_mb, could_not_send = excluded.could_not_send,
                 desk_key = excluded.desk_key
                 RETURNING help_answer, (SELECT desk_key FROM old)",
                &[
                    &kiosk,
                    &now_ms(),
                    &beat.version,
                    &(beat.queue_depth.min(i64::MAX as u64) as i64),
                    &beat.last_error,
                    &beat.help_requested,
                    &beat.printer,
                    &beat.content_version,
                    &beat.speech,
                    &beat.free_disk_mb.map(|mb| mb.min(i64::MAX as u64) as i64),
                    &(beat.could_not_send.min(i64::MAX as u64) as i64),
                    &key,
                ],
            )
            .await?;
        let old: Option<String> = row.get(1);
        Ok((row.get(0), old.as_deref() != Some(key.as_str())))
    }

    pub fn desk(&self) -> crate::changes::DeskChanges {
        self.desk.clone()
    }

    /// Tells every instance listening (`LISTEN torget_desk`) that what a desk shows has changed,
    /// in `kiosk`'s row (the payload; empty: possibly any row).
    pub async fn notify_desk(&self, kiosk: Option<&str>) -> Result<(), PgError> {
        let client = self.pool.get().await?;
        client.execute("SELECT pg_notify('torget_desk', $1)", &[&kiosk.unwrap_or_default()]).await?;
        Ok(())
    }

    /// Calls `heard` for every `NOTIFY torget_desk`, from any instance, with the kiosk it names,
    /// on a connection of its own that is opened again after a failure. Runs until the process
    /// ends.
    fn listen_desk(&self, heard: impl Fn(Option<&str>) + Send + 'static) {
        let config = self.config.clone();
        tokio::spawn(async move {
            loop {
                match config.connect(NoTls).await {
                    Ok((client, mut connection)) => {
                        // The connection is driven by a task of its own, which passes notifications on.
                        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
                        let driver = tokio::spawn(async move {
                            let messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
                            let mut messages = std::pin::pin!(messages);
                            while let Some(message) = futures_util::StreamExt::next(&mut messages).await {
                                match message {
                                    Ok(tokio_postgres::AsyncMessage::Notification(n)) => {
                                        if tx.send(n.payload().to_string()).is_err() {
                                            break;
                                        }
                                    }
                                    Ok(_) => {}
                                    Err(e) => {
                                        tracing::warn!(error = %e, "the desk listener lost its connection");
                                        break;
                                    }
                                }
                            }
                        });
                        match client.batch_execute("LISTEN torget_desk").await {
                            Ok(()) => {
                                // What changed while nobody listened: the desks look at everything again.
                                heard(None);
                                while let Some(kiosk) = rx.recv().await {
                                    heard(Some(kiosk.as_str()).filter(|k| !k.is_empty()));
                                }
                            }
                            Err(e) => tracing::warn!(error = %e, "cannot listen for desk changes"),
                        }
                        driver.abort();
                    }
                    Err(e) => tracing::warn!(error = %e, "cannot connect to listen for desk changes"),
                }
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
        });
    }

    /// Staff's answer to a kiosk's open help call; `false` when it has none.
    pub async fn answer_help(&self, kiosk: &str, answer: &str, by: &str) -> Result<bool, PgError> {
        let client = self.pool.get().await?;
        Ok(client
            .execute(
                "UPDATE heartbeats SET help_answer = $2, help_answered_by = $3 WHERE kiosk = $1 AND help_requested",
                &[&kiosk, &answer, &by],
            )
            .await?
            > 0)
    }

    pub async fn heartbeats(&self) -> Result<Vec<KioskBeat>, PgError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT kiosk, at_ms, queue_depth, last_error, help_requested, printer, help_since_ms, help_answer,
                 help_answered_by, content_version, speech, free_disk_mb, could_not_send, kiosks.place,
             kiosks.revoked_ms IS NOT NULL
                 FROM heartbeats JOIN kiosks ON kiosks.name = heartbeats.kiosk ORDER BY kiosk",
                &[],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| KioskBeat {
                kiosk: r.get(0),
                at_ms: r.get(1),
                queue_depth: r.get::<_, i64>(2) as u64,
                last_error: r.get(3),
                help_requested: r.get(4),
                printer: r.get(5),
                help_since_ms: r.get(6),
                help_answer: r.get::<_, Option<String>>(7).and_then(|a| a.parse().ok()),
                help_answered_by: r.get(8),
                content_version: r.get(9),
                speech: r.get(10),
                free_disk_mb: r.get::<_, Option<i64>>(11).map(|mb| mb.max(0) as u64),
                could_not_send: r.get::<_, i64>(12).max(0) as u64,
                place: r.get(13),
                revoked: r.get(14),
            })
            .collect())
    }

    pub async fn count(&self) -> Result<u64, PgError> {
        let client = self.pool.get().await?;
        Ok(client.query_one("SELECT COUNT(*) FROM submissions", &[]).await?.get::<_, i64>(0) as u64)
    }

    pub async fn all(&self) -> Result<Vec<Stored>, PgError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT id, kiosk, service_id, created_at_ms, received_ms, sealed, handled_ms, handled_by
                 FROM submissions ORDER BY received_ms, id",
                &[],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| Stored {
                id: r.get(0),
                kiosk: r.get(1),
                service_id: r.get(2),
                created_at_ms: r.get(3),
                received_ms: r.get(4),
                sealed: r.get(5),
                handled_ms: r.get(6),
                handled_by: r.get(7),
            })
            .collect())
    }

    pub async fn publish_bundle(&self, version: &str, signed_json: &str) -> Result<(), PgError> {
        let client = self.pool.get().await?;
        client
            .execute(
                "INSERT INTO content_bundles (version, signed, published_ms) VALUES ($1, $2, $3)",
                &[&version, &signed_json, &now_ms()],
            )
            .await?;
        Ok(())
    }

    pub async fn add_draft(&self, files: &str, note: &str, by: &str) -> Result<i64, PgError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let now = now_ms();
        let row = tx
            .query_one(
                "INSERT INTO content_drafts (files, note, state, created_by, created_ms) VALUES ($1, $2, $3, $4, $5)
                 RETURNING id",
                &[&files, &note, &DRAFT, &by, &now],
            )
            .await?;
        let id: i64 = row.get(0);
        tx.execute(EDITOR_INSERT, &[&id, &by]).await?;
        tx.execute(AUDIT_INSERT, &[&now, &by, &"content brought for review", &format!("draft {id}: {note}")]).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn draft_list(&self) -> Result<Vec<super::DraftListed>, PgError> {
        let client = self.pool.get().await?;
        let rows = client
            .query("SELECT id, note, state, created_by, published_version FROM content_drafts ORDER BY id DESC", &[])
            .await?;
        Ok(rows
            .iter()
            .map(|r| super::DraftListed {
                id: r.get(0),
                note: r.get(1),
                state: r.get::<_, &str>(2).parse().unwrap_or(DraftState::Published),
                created_by: r.get(3),
                published_version: r.get(4),
            })
            .collect())
    }

    pub async fn drafts(&self, only: Option<i64>) -> Result<Vec<super::Draft>, PgError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT id, files, note, state, created_by, created_ms, submitted_by, published_by, published_version,
                        ARRAY(SELECT editor FROM content_draft_editors WHERE draft_id = content_drafts.id ORDER BY editor),
                        returned_by, return_comment
                 FROM content_drafts WHERE $1::BIGINT IS NULL OR id = $1 ORDER BY id DESC",
                &[&only],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| super::Draft {
                id: r.get(0),
                files: serde_json::from_str(r.get::<_, &str>(1)).unwrap_or_default(),
                note: r.get(2),
                state: r.get::<_, &str>(3).parse().unwrap_or(DraftState::Published),
                created_by: r.get(4),
                created_ms: r.get(5),
                submitted_by: r.get(6),
                published_by: r.get(7),
                published_version: r.get(8),
                editors: r.get(9),
                returned: r.get::<_, Option<String>>(10).zip(r.get::<_, Option<String>>(11)),
            })
            .collect())
    }

    pub async fn edit_draft(&self, id: i64, files: &str, by: &str, what: &str) -> Result<bool, PgError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let edited = tx
            .execute("UPDATE content_drafts SET files = $2 WHERE id = $1 AND state = $3", &[&id, &files, &DRAFT])
            .await?
            > 0;
        if edited {
            tx.execute(EDITOR_INSERT, &[&id, &by]).await?;
            tx.execute(AUDIT_INSERT, &[&now_ms(), &by, &what, &format!("draft {id}")]).await?;
        }
        tx.commit().await?;
        Ok(edited)
    }

    /// Sends a draft in review back to its editors with `comment`: a draft again, audited.
    pub async fn return_draft(&self, id: i64, by: &str, comment: &str) -> Result<bool, PgError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let returned = tx
            .execute(
                "UPDATE content_drafts SET state = $2, submitted_by = NULL, submitted_ms = NULL, returned_by = $3,
                 return_comment = $4 WHERE id = $1 AND state = $5",
                &[&id, &DRAFT, &by, &comment, &IN_REVIEW],
            )
            .await?
            > 0;
        if returned {
            tx.execute(AUDIT_INSERT, &[&now_ms(), &by, &"content sent back", &format!("draft {id}")]).await?;
        }
        tx.commit().await?;
        Ok(returned)
    }

    pub async fn submit_draft(&self, id: i64, by: &str) -> Result<bool, PgError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let now = now_ms();
        let sent = tx
            .execute(
                "UPDATE content_drafts SET state = $2, submitted_by = $3, submitted_ms = $4, returned_by = NULL,
                 return_comment = NULL WHERE id = $1 AND state = $5",
                &[&id, &IN_REVIEW, &by, &now, &DRAFT],
            )
            .await?
            > 0;
        if sent {
            tx.execute(EDITOR_INSERT, &[&id, &by]).await?;
            tx.execute(AUDIT_INSERT, &[&now, &by, &"content sent for review", &format!("draft {id}")]).await?;
        }
        tx.commit().await?;
        Ok(sent)
    }

    pub async fn publish_draft(&self, id: i64, by: &str, version: &str, signed: &str) -> Result<bool, PgError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let now = now_ms();
        let marked = tx
            .execute(
                "UPDATE content_drafts SET state = $2, published_by = $3, published_ms = $4, published_version = $5
                 WHERE id = $1 AND state = $6
                   AND NOT EXISTS (SELECT 1 FROM content_draft_editors WHERE draft_id = $1 AND editor = $3)",
                &[&id, &PUBLISHED, &by, &now, &version, &IN_REVIEW],
            )
            .await?
            > 0;
        if marked {
            tx.execute(
                "INSERT INTO content_bundles (version, signed, published_ms) VALUES ($1, $2, $3)",
                &[&version, &signed, &now],
            )
            .await?;
            tx.execute(AUDIT_INSERT, &[&now, &by, &"content published", &format!("draft {id} as {version}")]).await?;
        }
        tx.commit().await?;
        Ok(marked)
    }

    pub async fn published(&self) -> Result<Vec<super::Published>, PgError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT version, signed, published_ms FROM content_bundles ORDER BY published_ms DESC, version DESC",
                &[],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| super::Published { version: r.get(0), signed: r.get(1), published_ms: r.get(2) })
            .collect())
    }

    pub async fn latest_bundle(&self) -> Result<Option<(String, String)>, PgError> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt("SELECT version, signed FROM content_bundles ORDER BY published_ms DESC, seq DESC LIMIT 1", &[])
            .await?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }
}

const AUDIT_INSERT: &str = "INSERT INTO audit (at_ms, actor, action, subject) VALUES ($1, $2, $3, $4)";

/// Accounts and the audit log.
impl PgStore {
    /// Adds an account; `false` if the name is taken. Logged as done by `actor`.
    pub async fn set_place(&self, kiosk: &str, place: &str, by: &str) -> Result<bool, PgError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let value = (!place.is_empty()).then_some(place);
        let set = tx.execute("UPDATE kiosks SET place = $2 WHERE name = $1", &[&kiosk, &value]).await? > 0;
        if set {
            tx.execute(AUDIT_INSERT, &[&now_ms(), &by, &format!("kiosk place set: {place}"), &kiosk]).await?;
        }
        tx.commit().await?;
        Ok(set)
    }

    /// Adds a sealed note to request `id` (audited); `false` when there is no such request.
    pub async fn add_note(&self, id: &str, by: &str, sealed: &[u8]) -> Result<bool, PgError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let exists = tx.query_opt("SELECT 1 FROM submissions WHERE id = $1", &[&id]).await?.is_some();
        if exists {
            let now = now_ms();
            tx.execute(
                "INSERT INTO request_notes (request_id, at_ms, by_name, sealed) VALUES ($1, $2, $3, $4)",
                &[&id, &now, &by, &sealed],
            )
            .await?;
            tx.execute(AUDIT_INSERT, &[&now, &by, &"request note added", &id]).await?;
        }
        tx.commit().await?;
        Ok(exists)
    }

    /// The notes of request `id`, oldest first.
    pub async fn notes(&self, id: &str) -> Result<Vec<super::Note>, PgError> {
        let client = self.pool.get().await?;
        let rows = client
            .query("SELECT at_ms, by_name, sealed FROM request_notes WHERE request_id = $1 ORDER BY id", &[&id])
            .await?;
        Ok(rows.iter().map(|r| super::Note { at_ms: r.get(0), by: r.get(1), sealed: r.get(2) }).collect())
    }

    /// Undoes "handled": the request is new again (audited); `false` when it was not handled.
    pub async fn mark_new(&self, id: &str, by: &str) -> Result<bool, PgError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let marked = tx
            .execute(
                "UPDATE submissions SET handled_ms = NULL, handled_by = NULL WHERE id = $1 AND handled_ms IS NOT NULL",
                &[&id],
            )
            .await?
            > 0;
        if marked {
            tx.execute(AUDIT_INSERT, &[&now_ms(), &by, &"request marked new", &id]).await?;
        }
        tx.commit().await?;
        Ok(marked)
    }

    pub async fn add_archive_bridge(&self, name: &str) -> Result<String, PgError> {
        let token = new_token("archive");
        let client = self.pool.get().await?;
        client
            .execute(
                "INSERT INTO archive_bridges (name, token_hash, created_ms) VALUES ($1, $2, $3)
                 ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash, revoked_ms = NULL",
                &[&name, &hash_hex(token.as_bytes()), &now_ms()],
            )
            .await?;
        Ok(token)
    }

    pub async fn revoke_archive_bridge(&self, name: &str) -> Result<bool, PgError> {
        let client = self.pool.get().await?;
        Ok(client
            .execute(
                "UPDATE archive_bridges SET revoked_ms = $2 WHERE name = $1 AND revoked_ms IS NULL",
                &[&name, &now_ms()],
            )
            .await?
            > 0)
    }

    pub async fn archive_bridge_named(&self, token: &str) -> Result<Option<String>, PgError> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                "SELECT name FROM archive_bridges WHERE token_hash = $1 AND revoked_ms IS NULL",
                &[&hash_hex(token.as_bytes())],
            )
            .await?;
        Ok(row.map(|r| r.get(0)))
    }

    pub async fn archive_pending(&self, limit: u32) -> Result<Vec<super::ForArchive>, PgError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT s.id, COALESCE(a.round, 0), s.kiosk, k.place, s.received_ms, s.sealed
                 FROM submissions s LEFT JOIN archive_state a ON a.request_id = s.id JOIN kiosks k ON k.name = s.kiosk
                 WHERE a.request_id IS NULL OR a.state = 'again'
                 ORDER BY s.received_ms, s.id LIMIT $1",
                &[&i64::from(limit)],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| super::ForArchive {
                id: r.get(0),
                round: r.get(1),
                kiosk: r.get(2),
                place: r.get(3),
                received_ms: r.get(4),
                sealed: r.get(5),
            })
            .collect())
    }

    pub async fn archive_delivered(&self, by: &str, ids: &[(String, i64)]) -> Result<usize, PgError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let now = now_ms();
        let mut marked = 0;
        for (id, round) in ids {
            let changed = tx
                .execute(
                    "INSERT INTO archive_state (request_id, round, state, at_ms)
                     SELECT $1, $2, 'delivered', $3 WHERE EXISTS (SELECT 1 FROM submissions WHERE id = $1)
                     ON CONFLICT (request_id) DO UPDATE SET state = 'delivered', at_ms = excluded.at_ms
                     WHERE archive_state.state = 'again' AND archive_state.round = excluded.round",
                    &[id, round, &now],
                )
                .await?;
            if changed > 0 {
                tx.execute(AUDIT_INSERT, &[&now, &by, &"request delivered to the archive", id]).await?;
                marked += 1;
            }
        }
        tx.commit().await?;
        Ok(marked)
    }

    pub async fn archive_receipt(
        &self,
        by: &str,
        id: &str,
        round: i64,
        outcome: &super::ArchiveOutcome,
    ) -> Result<bool, PgError> {
        let (state, journal, system_id, message, action) = match outcome {
            super::ArchiveOutcome::Registered { journal, system_id } => {
                ("registered", Some(journal), Some(system_id), None, "request registered in the archive")
            }
            super::ArchiveOutcome::Refused { message } => {
                ("refused", None, None, Some(message), "request refused by the archive")
            }
        };
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let now = now_ms();
        let changed = tx
            .execute(
                "UPDATE archive_state SET state = $3, at_ms = $4, journal = $5, system_id = $6, message = $7
                 WHERE request_id = $1 AND round = $2 AND state IN ('delivered', 'registered', 'refused')",
                &[&id, &round, &state, &now, &journal, &system_id, &message],
            )
            .await?
            > 0;
        if changed {
            tx.execute(AUDIT_INSERT, &[&now, &by, &action, &id]).await?;
        }
        tx.commit().await?;
        Ok(changed)
    }

    pub async fn archive_again(&self, id: &str, by: &str) -> Result<bool, PgError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let now = now_ms();
        let changed = tx
            .execute(
                "UPDATE archive_state SET state = 'again', round = round + 1, at_ms = $2, message = NULL
                 WHERE request_id = $1 AND state = 'refused'",
                &[&id, &now],
            )
            .await?
            > 0;
        if changed {
            tx.execute(AUDIT_INSERT, &[&now, &by, &"request sent to the archive again", &id]).await?;
        }
        tx.commit().await?;
        Ok(changed)
    }

    pub async fn record_usage(&self, kiosk: &str, rows: &[UsageRow]) -> Result<(), PgError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let stmt = tx
            .prepare(
                "INSERT INTO usage (kiosk, day, service, lang, counter, value) VALUES ($1, $2::text::date, $3, $4, $5, $6)
                 ON CONFLICT (kiosk, day, service, lang, counter) DO UPDATE SET value = GREATEST(usage.value, excluded.value)",
            )
            .await?;
        for r in rows {
            let value = r.value.min(i64::MAX as u64) as i64;
            tx.execute(&stmt, &[&kiosk, &r.day, &r.service, &r.lang, &r.counter, &value]).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn usage_totals(&self, from: &str, to: &str) -> Result<Vec<super::UsageTotal>, PgError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT COALESCE(k.place, ''), u.service, u.lang, u.counter, SUM(u.value)::BIGINT FROM usage u
                 LEFT JOIN kiosks k ON k.name = u.kiosk WHERE u.day BETWEEN $1::text::date AND $2::text::date
                 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
                &[&from, &to],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| super::UsageTotal {
                place: r.get(0),
                service: r.get(1),
                lang: r.get(2),
                counter: r.get(3),
                value: r.get::<_, i64>(4).max(0) as u64,
            })
            .collect())
    }

    pub async fn usage_daily(&self, from: &str, to: &str, counter: &str) -> Result<Vec<super::DailyFigure>, PgError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT to_char(u.day, 'YYYY-MM-DD'), COALESCE(k.place, ''), u.service, SUM(u.value)::BIGINT FROM usage u
                 LEFT JOIN kiosks k ON k.name = u.kiosk
                 WHERE u.day BETWEEN $1::text::date AND $2::text::date AND u.counter = $3
                 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
                &[&from, &to, &counter],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| super::DailyFigure {
                day: r.get(0),
                place: r.get(1),
                service: r.get(2),
                value: r.get::<_, i64>(3).max(0) as u64,
            })
            .collect())
    }

    pub async fn archive_states(&self) -> Result<Vec<(String, super::ArchiveStatus)>, PgError> {
        let client = self.pool.get().await?;
        let rows =
            client.query("SELECT request_id, round, state, at_ms, journal, message FROM archive_state", &[]).await?;
        Ok(rows
            .iter()
            .map(|r| {
                (
                    r.get(0),
                    super::ArchiveStatus {
                        round: r.get(1),
                        state: r.get(2),
                        at_ms: r.get(3),
                        journal: r.get(4),
                        message: r.get(5),
                    },
                )
            })
            .collect())
    }

    pub async fn mark_handled(&self, id: &str, by: &str) -> Result<bool, PgError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let now = now_ms();
        let marked = tx
            .execute(
                "UPDATE submissions SET handled_ms = $2, handled_by = $3 WHERE id = $1 AND handled_ms IS NULL",
                &[&id, &now, &by],
            )
            .await?
            > 0;
        if marked {
            tx.execute(AUDIT_INSERT, &[&now, &by, &"request marked handled", &id]).await?;
        }
        tx.commit().await?;
        Ok(marked)
    }

    pub async fn handled(&self, id: &str) -> Result<Option<super::HandledBy>, PgError> {
        let client = self.pool.get().await?;
        let row = client.query_opt("SELECT handled_by, handled_ms FROM submissions WHERE id = $1", &[&id]).await?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }

    pub async fn add_user(&self, actor: &str, name: &str, role: &str, hash: &str) -> Result<bool, PgError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let now = now_ms();
        let added = tx
            .execute(
                "INSERT INTO users (name, role, password_hash, created_ms, password_set_ms) VALUES ($1, $2, $3, $4, $4)
                 ON CONFLICT (name) DO NOTHING",
                &[&name, &role, &hash, &now],
            )
            .await?
            > 0;
        if added {
            tx.execute(AUDIT_INSERT, &[&now, &actor, &format!("user added ({role})"), &name]).await?;
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Removes an account; `false` if there was none.
    pub async fn remove_user(&self, actor: &str, name: &str) -> Result<bool, PgError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let removed = tx.execute("DELETE FROM users WHERE name = $1", &[&name]).await? > 0;
        if removed {
            tx.execute(AUDIT_INSERT, &[&now_ms(), &actor, &"user removed", &name]).await?;
        }
        tx.commit().await?;
        Ok(removed)
    }

    /// Gives an account a new password hash; `false` if there is no such account.
    pub async fn set_password(&self, actor: &str, name: &str, hash: &str) -> Result<bool, PgError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let now = now_ms();
        let set = tx
            .execute("UPDATE users SET password_hash = $2, password_set_ms = $3 WHERE name = $1", &[&name, &hash, &now])
            .await?
            > 0;
        if set {
            // Signed-in browsers sign in again with the new password.
            tx.execute("DELETE FROM web_sessions WHERE user_name = $1", &[&name]).await?;
            tx.execute(AUDIT_INSERT, &[&now, &actor, &"password reset", &name]).await?;
        }
        tx.commit().await?;
        Ok(set)
    }

    /// Gives an account another role, audited; `false` if there is no such account.
    pub async fn set_role(&self, actor: &str, name: &str, role: &str) -> Result<bool, PgError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let set = tx.execute("UPDATE users SET role = $2 WHERE name = $1 AND role <> $2", &[&name, &role]).await? > 0;
        if set {
            tx.execute(AUDIT_INSERT, &[&now_ms(), &actor, &format!("role changed ({role})"), &name]).await?;
        }
        tx.commit().await?;
        Ok(set)
    }

    /// Every kiosk ever added, by name.
    pub async fn kiosks(&self) -> Result<Vec<super::KioskListed>, PgError> {
        let client = self.pool.get().await?;
        let rows = client.query("SELECT name, created_ms, revoked_ms, place FROM kiosks ORDER BY name", &[]).await?;
        Ok(rows
            .iter()
            .map(|r| super::KioskListed { name: r.get(0), created_ms: r.get(1), revoked_ms: r.get(2), place: r.get(3) })
            .collect())
    }

    /// Every account, by name.
    pub async fn users(&self) -> Result<Vec<User>, PgError> {
        let client = self.pool.get().await?;
        let rows = client.query("SELECT name, role, created_ms, password_set_ms FROM users ORDER BY name", &[]).await?;
        Ok(rows
            .iter()
            .map(|r| User { name: r.get(0), role: r.get(1), created_ms: r.get(2), password_set_ms: r.get(3) })
            .collect())
    }

    /// An account and its password hash, to check a sign-in.
    pub async fn user_with_hash(&self, name: &str) -> Result<Option<(User, String)>, PgError> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                "SELECT name, role, created_ms, password_set_ms, password_hash FROM users WHERE name = $1",
                &[&name],
            )
            .await?;
        Ok(row.map(|r| {
            (User { name: r.get(0), role: r.get(1), created_ms: r.get(2), password_set_ms: r.get(3) }, r.get(4))
        }))
    }

    /// Appends to the audit log.
    pub async fn audit(&self, actor: &str, action: &str, subject: &str) -> Result<(), PgError> {
        let client = self.pool.get().await?;
        client.execute(AUDIT_INSERT, &[&now_ms(), &actor, &action, &subject]).await?;
        Ok(())
    }

    /// Appends a failed or refused sign-in to the audit log, apart from people's actions.
    pub async fn audit_anonymous(&self, name: &str, action: &str, subject: &str) -> Result<(), PgError> {
        let client = self.pool.get().await?;
        client
            .execute(
                "INSERT INTO audit (at_ms, actor, action, subject, kind) VALUES ($1, $2, $3, $4, $5)",
                &[&now_ms(), &name, &action, &subject, &AuditKind::Anonymous.as_str()],
            )
            .await?;
        Ok(())
    }

    /// The newest `limit` audit entries of one kind (or of every kind), newest first.
    pub async fn audit_log(&self, kind: Option<AuditKind>, limit: u32) -> Result<Vec<AuditEntry>, PgError> {
        self.audit_search(kind, &super::AuditFilter::default(), limit).await
    }

    /// The newest `limit` entries of `kind` that `filter` lets through.
    pub async fn audit_search(
        &self,
        kind: Option<AuditKind>,
        filter: &super::AuditFilter,
        limit: u32,
    ) -> Result<Vec<AuditEntry>, PgError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT at_ms, actor, action, subject, kind FROM audit WHERE ($1::TEXT IS NULL OR kind = $1)
                 AND ($3::TEXT IS NULL OR actor = $3) AND ($4::TEXT IS NULL OR strpos(action, $4) > 0)
                 AND ($5::BIGINT IS NULL OR at_ms >= $5) AND ($6::BIGINT IS NULL OR at_ms < $6)
                 ORDER BY id DESC LIMIT $2",
                &[
                    &kind.map(AuditKind::as_str),
                    &i64::from(limit),
                    &filter.who,
                    &filter.action,
                    &filter.from_ms,
                    &filter.until_ms,
                ],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| AuditEntry {
                at_ms: r.get(0),
                actor: r.get(1),
                action: r.get(2),
                subject: r.get(3),
                kind: AuditKind::stored(r.get(4)),
            })
            .collect())
    }
}

/// Browser sessions and the sign-in delay.
impl PgStore {
    pub async fn create_session(&self, token_hash: &str, user: &str, csrf: &str, now: i64) -> Result<(), PgError> {
        let client = self.pool.get().await?;
        client
            .execute(
                "INSERT INTO web_sessions (token_hash, user_name, csrf, created_ms, last_seen_ms) VALUES ($1, $2, $3, $4, $4)",
                &[&token_hash, &user, &csrf, &now],
            )
            .await?;
        Ok(())
    }

    /// The session with this cookie hash, whether or not it has run out.
    pub async fn session(&self, token_hash: &str) -> Result<Option<super::Session>, PgError> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                "SELECT u.name, u.role, u.created_ms, u.password_set_ms, s.csrf, s.created_ms, s.last_seen_ms
                 FROM web_sessions s JOIN users u ON u.name = s.user_name WHERE s.token_hash = $1",
                &[&token_hash],
            )
            .await?;
        Ok(row.map(|r| {
            let user = User { name: r.get(0), role: r.get(1), created_ms: r.get(2), password_set_ms: r.get(3) };
            super::Session { user, csrf: r.get(4), created_ms: r.get(5), last_seen_ms: r.get(6) }
        }))
    }

    pub async fn touch_session(&self, token_hash: &str, now: i64) -> Result<(), PgError> {
        let client = self.pool.get().await?;
        client.execute("UPDATE web_sessions SET last_seen_ms = $2 WHERE token_hash = $1", &[&token_hash, &now]).await?;
        Ok(())
    }

    pub async fn end_session(&self, token_hash: &str) -> Result<(), PgError> {
        let client = self.pool.get().await?;
        client.execute("DELETE FROM web_sessions WHERE token_hash = $1", &[&token_hash]).await?;
        Ok(())
    }

    /// Failed sign-ins under `key` and when the last was.
    pub async fn failures(&self, key: &str) -> Result<Option<(u32, i64)>, PgError> {
        let client = self.pool.get().await?;
        let row = client.query_opt("SELECT failures, last_ms FROM sign_in_failures WHERE key = $1", &[&key]).await?;
        Ok(row.map(|r| (r.get::<_, i32>(0).max(0) as u32, r.get(1))))
    }

    /// Counts a sign-in try under `key` if the count is still `seen` (see `HubStore::count_try`).
    pub async fn count_try(&self, key: &str, seen: Option<(u32, i64)>, now: i64) -> Result<bool, PgError> {
        let client = self.pool.get().await?;
        let changed = match seen {
            None => {
                client
                    .execute(
                        "INSERT INTO sign_in_failures (key, failures, last_ms) VALUES ($1, 1, $2)
                         ON CONFLICT (key) DO NOTHING",
                        &[&key, &now],
                    )
                    .await?
            }
            Some((failures, last_ms)) => {
                let failures = failures.min(i32::MAX as u32) as i32;
                let forgotten_before = now - FAILURES_FORGOTTEN_MS;
                client
                    .execute(
                        "UPDATE sign_in_failures SET last_ms = $2,
                             failures = CASE WHEN last_ms < $3 THEN 1 ELSE failures + 1 END
                         WHERE key = $1 AND failures = $4 AND last_ms = $5",
                        &[&key, &now, &forgotten_before, &failures, &last_ms],
                    )
                    .await?
            }
        };
        Ok(changed == 1)
    }

    /// Takes back one counted try under `key`.
    pub async fn uncount_try(&self, key: &str) -> Result<(), PgError> {
        let client = self.pool.get().await?;
        client
            .execute("UPDATE sign_in_failures SET failures = failures - 1 WHERE key = $1 AND failures > 0", &[&key])
            .await?;
        Ok(())
    }

    pub async fn clear_failures(&self, key: &str) -> Result<(), PgError> {
        let client = self.pool.get().await?;
        client.execute("DELETE FROM sign_in_failures WHERE key = $1", &[&key]).await?;
        Ok(())
    }
}

/// Times booked from kiosks ([`crate::booking`]).
impl PgStore {
    /// As [`crate::store::HubStore::hold_time`]: in one transaction; two instances holding the
    /// same time at once are decided by the unique index, and the one that loses hears `Taken`.
    pub async fn hold_time(&self, hold: &Hold) -> Result<HoldOutcome, PgError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let state: Option<String> =
            tx.query_opt("SELECT state FROM bookings WHERE id = $1", &[&hold.id]).await?.map(|r| r.get(0));
        if state.as_deref().is_some_and(|s| s != "held" && s != "lost") {
            return Ok(HoldOutcome::AlreadyBooked);
        }
        // The visit holds one time: the one it had (or had lost) is let go.
        tx.execute("DELETE FROM bookings WHERE id = $1 AND state IN ('held', 'lost')", &[&hold.id]).await?;
        let holding: i64 = tx
            .query_one(
                "SELECT count(*) FROM bookings WHERE kiosk = $1 AND state = 'held' AND held_until_ms >= $2",
                &[&hold.kiosk, &hold.now_ms],
            )
            .await?
            .get(0);
        if holding >= MOST_HOLDS_PER_KIOSK {
            return Ok(HoldOutcome::TooMany);
        }
        // A hold that ran out is lost to this visit, and its request is told so if it arrives.
        tx.execute(
            "UPDATE bookings SET state = 'lost'
             WHERE resource = $1 AND start_ms = $2 AND state = 'held' AND held_until_ms < $3",
            &[&hold.resource, &hold.start_ms, &hold.now_ms],
        )
        .await?;
        let inserted = tx
            .execute(
                "INSERT INTO bookings (id, resource, start_ms, end_ms, kiosk, state, held_until_ms)
                 VALUES ($1, $2, $3, $4, $5, 'held', $6) ON CONFLICT DO NOTHING",
                &[&hold.id, &hold.resource, &hold.start_ms, &hold.end_ms, &hold.kiosk, &hold.until_ms],
            )
            .await?;
        if inserted == 0 {
            // Taken: nothing changes, and the visit keeps the time it held before.
            tx.rollback().await?;
            return Ok(HoldOutcome::Taken);
        }
        tx.commit().await?;
        Ok(HoldOutcome::Held)
    }

    pub async fn release_hold(&self, id: &str, kiosk: &str) -> Result<bool, PgError> {
        let client = self.pool.get().await?;
        Ok(client
            .execute("DELETE FROM bookings WHERE id = $1 AND kiosk = $2 AND state IN ('held', 'lost')", &[&id, &kiosk])
            .await?
            > 0)
    }

    pub async fn confirm_booking(&self, id: &str, service: &str, now: i64) -> Result<Option<Booking>, PgError> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                &format!(
                    "UPDATE bookings SET state = CASE state WHEN 'lost' THEN 'lost' ELSE 'booked' END, service = $2,
                     booked_ms = $3 WHERE id = $1 AND (state = 'held' OR (state = 'lost' AND booked_ms IS NULL))
                     RETURNING {BOOKING_COLUMNS}"
                ),
                &[&id, &service, &now],
            )
            .await?;
        Ok(row.map(|r| booking_row(&r)))
    }

    pub async fn bookings_lost(&self) -> Result<Vec<Booking>, PgError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                &format!(
                    "SELECT {BOOKING_COLUMNS} FROM bookings WHERE state = 'lost' AND booked_ms IS NOT NULL
                     ORDER BY start_ms"
                ),
                &[],
            )
            .await?;
        Ok(rows.iter().map(booking_row).collect())
    }

    pub async fn taken_times(&self, resource: &str, from_ms: i64, now: i64) -> Result<Vec<i64>, PgError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT start_ms FROM bookings WHERE resource = $1 AND start_ms >= $2
                 AND (state = 'booked' OR (state = 'held' AND held_until_ms >= $3))",
                &[&resource, &from_ms, &now],
            )
            .await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    pub async fn bookings_to_write(&self) -> Result<Vec<Booking>, PgError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                &format!(
                    "SELECT {BOOKING_COLUMNS} FROM bookings WHERE state IN ('booked', 'cancelled') AND written_ms IS NULL
                     ORDER BY start_ms"
                ),
                &[],
            )
            .await?;
        Ok(rows.iter().map(booking_row).collect())
    }

    pub async fn booking_written(&self, id: &str, now: i64) -> Result<(), PgError> {
        let client = self.pool.get().await?;
        client.execute("UPDATE bookings SET written_ms = $2 WHERE id = $1", &[&id, &now]).await?;
        Ok(())
    }

    pub async fn bookings_between(&self, from_ms: i64, to_ms: i64) -> Result<Vec<Booking>, PgError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                &format!(
                    "SELECT {BOOKING_COLUMNS} FROM bookings
                     WHERE (state IN ('booked', 'cancelled') OR (state = 'lost' AND booked_ms IS NOT NULL))
                     AND start_ms >= $1 AND start_ms < $2 ORDER BY start_ms, resource"
                ),
                &[&from_ms, &to_ms],
            )
            .await?;
        Ok(rows.iter().map(booking_row).collect())
    }

    pub async fn cancel_booking(&self, id: &str, by: &str, now: i64) -> Result<bool, PgError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let done = tx
            .execute(
                "UPDATE bookings SET state = 'cancelled', cancelled_by = $2, cancelled_ms = $3, written_ms = NULL
                 WHERE id = $1 AND state = 'booked'",
                &[&id, &by, &now],
            )
            .await?
            > 0;
        if done {
            tx.execute(AUDIT_INSERT, &[&now, &by, &"booking cancelled", &id]).await?;
        }
        tx.commit().await?;
        Ok(done)
    }
}

const BOOKING_COLUMNS: &str = "id, resource, start_ms, end_ms, kiosk, state, service, written_ms, cancelled_by";

fn booking_row(r: &tokio_postgres::Row) -> Booking {
    Booking {
        id: r.get(0),
        resource: r.get(1),
        start_ms: r.get(2),
        end_ms: r.get(3),
        kiosk: r.get(4),
        state: r.get(5),
        service: r.get(6),
        written: r.get::<_, Option<i64>>(7).is_some(),
        cancelled_by: r.get(8),
    }
}
