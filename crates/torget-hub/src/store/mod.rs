//! The hub's store: which kiosks may send, and the sealed submissions they sent.
//!
//! Idempotent by submission id: the same id with the same payload hash is "already stored"; the
//! same id with another payload is a conflict and is never overwritten. A batch is committed in one
//! transaction before the hub answers, so an acknowledgement always means "on the hub's disk".
//! Kiosk credentials are stored only as SHA-256 hashes. The hub never holds the private key.
//!
//! Two engines behind one [`Database`]: SQLite ([`HubStore`], one file, the embedded default) and
//! PostgreSQL ([`PgStore`], for a database server the municipality already runs, and for several
//! hub instances on one database). All SQL of the hub lives in these two modules.

mod postgres;
mod sqlite;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};
use torget_common::protocol::{Heartbeat, HelpAnswer, ItemStatus};
use torget_common::sqlite::StoreError;
use torget_common::usage::UsageRow;

use crate::accounts::{AuditEntry, AuditKind, Role, User};
use crate::content::DraftState;

pub use postgres::{PgError, PgStore};
pub use sqlite::HubStore;

/// A kiosk's last heartbeat, as the hub keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KioskBeat {
    pub kiosk: String,
    /// Where it stands, in the staff's words; `None` until someone says.
    pub place: Option<String>,
    pub at_ms: i64,
    pub queue_depth: u64,
    pub last_error: Option<String>,
    /// A visitor there asked for help from staff.
    pub help_requested: bool,
    /// "ready" or "not working: …"; `None` when the kiosk has no printer.
    pub printer: Option<String>,
    /// Since when the visitor has waited for help.
    pub help_since_ms: Option<i64>,
    /// Staff's answer to the help call and who gave it.
    pub help_answer: Option<HelpAnswer>,
    pub help_answered_by: Option<String>,
    /// The content it shows, whether reading aloud works, free disk (MiB), requests refused.
    pub content_version: Option<String>,
    pub speech: Option<String>,
    pub free_disk_mb: Option<u64>,
    pub could_not_send: u64,
    /// Its credential was revoked: it can no longer send anything.
    pub revoked: bool,
}

/// Which audit entries to list: by whom, an action containing some words, from and until when
/// (milliseconds); `None` lets any through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub who: Option<String>,
    pub action: Option<String>,
    pub from_ms: Option<i64>,
    pub until_ms: Option<i64>,
}

/// A case handler's note on a request: who and when in the clear, the words sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub at_ms: i64,
    pub by: String,
    pub sealed: Vec<u8>,
}

/// A kiosk as the accounts page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KioskListed {
    pub name: String,
    pub created_ms: i64,
    pub revoked_ms: Option<i64>,
    pub place: Option<String>,
}

/// A sealed item to store, already decoded from base64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    pub id: String,
    pub service_id: String,
    pub created_at_ms: i64,
    pub sealed: Vec<u8>,
}

/// A stored submission, for export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub id: String,
    pub kiosk: String,
    pub service_id: String,
    pub created_at_ms: i64,
    pub received_ms: i64,
    pub sealed: Vec<u8>,
    /// When a case handler marked it handled, and who.
    pub handled_ms: Option<i64>,
    pub handled_by: Option<String>,
}

/// A request as the archive bridge gets it: still sealed, with what the hub knows beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForArchive {
    pub id: String,
    /// 0 for the first send, one more each time a refused request is sent again.
    pub round: i64,
    pub kiosk: String,
    pub place: Option<String>,
    pub received_ms: i64,
    pub sealed: Vec<u8>,
}

/// What the archive said of a request, as the bridge reports it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArchiveOutcome {
    /// Registered (or found already registered) as journal entry `journal` ("2026/123").
    Registered { journal: String, system_id: String },
    /// Refused, with the archive's message.
    Refused { message: String },
}

/// A usage figure summed over the days of a period and the kiosks of a place ("" when a kiosk
/// has none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageTotal {
    pub place: String,
    pub service: String,
    pub lang: String,
    pub counter: String,
    pub value: u64,
}

/// A usage counter summed over the kiosks of a place on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyFigure {
    pub day: String,
    pub place: String,
    pub service: String,
    pub value: u64,
}

/// Where a request stands with the archive, for the inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveStatus {
    pub round: i64,
    /// `delivered`, `registered`, `refused` or `again`.
    pub state: String,
    pub at_ms: i64,
    pub journal: Option<String>,
    pub message: Option<String>,
}

/// Content brought to the hub to be reviewed, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub id: i64,
    /// The `assets/` and `locales/` tree as in a bundle: path → base64 of the file.
    pub files: std::collections::BTreeMap<String, String>,
    pub note: String,
    pub state: DraftState,
    pub created_by: String,
    pub created_ms: i64,
    pub submitted_by: Option<String>,
    pub published_by: Option<String>,
    pub published_version: Option<String>,
    /// Everyone who brought, edited or sent it, by name: none of them may publish it.
    pub editors: Vec<String>,
    /// Sent back by a reviewer (who, and their comment) since it was last sent for review.
    pub returned: Option<(String, String)>,
}

/// A draft as the Content page lists it: no files (a list of many drafts must not read them all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftListed {
    pub id: i64,
    pub note: String,
    pub state: DraftState,
    pub created_by: String,
    pub published_version: Option<String>,
}

/// A published bundle, as the content page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub version: String,
    pub signed: String,
    pub published_ms: i64,
}

/// A signed-in browser's session as the store keeps it (only its cookie's hash names it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    /// The form token every form of the session carries.
    pub csrf: String,
    /// When it began (sign-in) and when it was last used.
    pub created_ms: i64,
    pub last_seen_ms: i64,
}

/// Who handled a request and when; both empty while it is not handled.
pub type HandledBy = (Option<String>, Option<i64>);

/// Failed sign-ins older than this (a quarter of an hour) no longer count.
pub const FAILURES_FORGOTTEN_MS: i64 = 15 * 60 * 1000;

/// SHA-256 of `bytes` in hex: how credentials and payloads are compared without keeping them.
/// What the desk shows of a heartbeat, as one text to compare: a change in it is told to the
/// open desk pages. The time of the beat and the free disk (which moves all the time) are not in
/// it; the desk's own clock shows a kiosk going quiet.
pub(crate) fn desk_key(beat: &Heartbeat) -> String {
    serde_json::json!([
        beat.help_requested,
        beat.printer,
        beat.speech,
        beat.content_version,
        beat.queue_depth,
        beat.could_not_send,
        beat.last_error,
        beat.version,
    ])
    .to_string()
}

pub fn hash_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// A new kiosk credential: the kiosk's name and 32 random bytes in hex. Shown once; only its hash is kept.
pub(crate) fn new_token(name: &str) -> String {
    use crypto_box::aead::rand_core::RngCore;
    let mut secret = [0u8; 32];
    crypto_box::aead::OsRng.fill_bytes(&mut secret);
    format!("{name}.{}", secret.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// Where the hub keeps its data: `sqlite:PATH` (or a plain path) or `postgres://user@host/db`.
/// Shown (`Display` and `Debug` alike) without any password the address carries.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl std::str::FromStr for Location {
    type Err = String;

    fn from_str(s: &str) -> Result<Location, String> {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Ok(Location::Postgres(s.to_string()))
        } else if let Some(path) = s.strip_prefix("sqlite:") {
            if path.is_empty() {
                Err("sqlite: needs a file path, e.g. sqlite:/var/lib/torget-hub/hub.db".into())
            } else {
                Ok(Location::Sqlite(path.into()))
            }
        } else if s.contains("://") {
            Err(format!("`{}` is neither sqlite:PATH nor postgres://…", s.split("://").next().unwrap_or(s)))
        } else {
            Ok(Location::Sqlite(s.into()))
        }
    }
}

impl std::fmt::Display for Location {
    /// Never shows a password that the PostgreSQL address may carry, as `user:password@` or as
    /// `?password=` (it would otherwise reach every message and the log at each start).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "sqlite:{}", path.display()),
            Location::Postgres(url) => {
                let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
                let end = rest.find(['/', '?']).unwrap_or(rest.len());
                let (authority, tail) = rest.split_at(end);
                let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
                let who = if authority.contains('@') { "…@" } else { "" };
                let (path, query) = tail.split_once('?').map_or((tail, None), |(p, q)| (p, Some(q)));
                write!(f, "{scheme}://{who}{host}{path}")?;
                if let Some(query) = query {
                    let masked: Vec<String> = query
                        .split('&')
                        .map(|pair| match pair.split_once('=') {
                            Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=…"),
                            _ => pair.to_string(),
                        })
                        .collect();
                    write!(f, "?{}", masked.join("&"))?;
                }
                Ok(())
            }
        }
    }
}

impl std::fmt::Debug for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Location({self})")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(transparent)]
    Sqlite(#[from] StoreError),
    #[error(transparent)]
    Postgres(#[from] PgError),
    #[error("the database task stopped")]
    Stopped,
}

/// The hub's store, whichever the engine; cheap to clone, shared by every request.
#[derive(Clone)]
pub enum Database {
    Sqlite(Arc<Mutex<HubStore>>),
    Postgres(PgStore),
}

impl From<HubStore> for Database {
    fn from(store: HubStore) -> Database {
        Database::Sqlite(Arc::new(Mutex::new(store)))
    }
}

impl From<PgStore> for Database {
    fn from(store: PgStore) -> Database {
        Database::Postgres(store)
    }
}

/// One call on either engine: SQLite's blocking call runs off the async threads.
macro_rules! on_engine {
    ($db:expr, |$sqlite:ident| $on_sqlite:expr, |$pg:ident| $on_pg:expr) => {
        match $db {
            Database::Sqlite(store) => {
                let store = store.clone();
                tokio::task::spawn_blocking(move || {
                    #[allow(unused_mut)]
                    let mut $sqlite = store.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                    $on_sqlite
                })
                .await
                .map_err(|_| DbError::Stopped)?
                .map_err(DbError::from)
            }
            Database::Postgres($pg) => $on_pg.await.map_err(DbError::from),
        }
    };
}

/// A content tree as the store keeps it (JSON), written off the async threads: a tree may hold
/// tens of MiB, and kiosks must be answered meanwhile.
async fn files_json(files: &std::collections::BTreeMap<String, String>) -> Result<String, DbError> {
    let files = files.clone();
    tokio::task::spawn_blocking(move || serde_json::to_string(&files).expect("a map of strings serialises"))
        .await
        .map_err(|_| DbError::Stopped)
}

/// The archive bridge's side of the store.
impl Database {
    /// An archive bridge's credential, new or replacing the one it had (shown once).
    pub async fn add_archive_bridge(&self, name: &str) -> Result<String, DbError> {
        let name = name.to_string();
        on_engine!(self, |s| s.add_archive_bridge(&name), |pg| pg.add_archive_bridge(&name))
    }

    /// Revokes an archive bridge's credential; `false` when none was in use.
    pub async fn revoke_archive_bridge(&self, name: &str) -> Result<bool, DbError> {
        let name = name.to_string();
        on_engine!(self, |s| s.revoke_archive_bridge(&name), |pg| pg.revoke_archive_bridge(&name))
    }

    /// The archive bridge a credential belongs to, unless unknown or revoked.
    pub async fn archive_bridge_named(&self, token: &str) -> Result<Option<String>, DbError> {
        let token = token.to_string();
        on_engine!(self, |s| s.archive_bridge_named(&token), |pg| pg.archive_bridge_named(&token))
    }

    /// Up to `limit` requests the archive has not yet been given (or that are to be sent again),
    /// oldest first.
    pub async fn archive_pending(&self, limit: u32) -> Result<Vec<ForArchive>, DbError> {
        on_engine!(self, |s| s.archive_pending(limit), |pg| pg.archive_pending(limit))
    }

    /// The bridge `by` has put these (request, round) into packages for the archive. A request
    /// already past that round is left as it is; the count of those newly marked is returned.
    pub async fn archive_delivered(&self, by: &str, ids: Vec<(String, i64)>) -> Result<usize, DbError> {
        let by = by.to_string();
        on_engine!(self, |s| s.archive_delivered(&by, &ids), |pg| pg.archive_delivered(&by, &ids))
    }

    /// What the archive said of a request's round; `false` when there is no such request and round.
    pub async fn archive_receipt(
        &self,
        by: &str,
        id: &str,
        round: i64,
        outcome: ArchiveOutcome,
    ) -> Result<bool, DbError> {
        let (by, id) = (by.to_string(), id.to_string());
        on_engine!(self, |s| s.archive_receipt(&by, &id, round, &outcome), |pg| pg
            .archive_receipt(&by, &id, round, &outcome))
    }

    /// A case handler sends a refused request again (a new round); `false` unless it was refused.
    pub async fn archive_again(&self, id: &str, by: &str) -> Result<bool, DbError> {
        let (id, by) = (id.to_string(), by.to_string());
        on_engine!(self, |s| s.archive_again(&id, &by), |pg| pg.archive_again(&id, &by))
    }

    /// Where each request that reached the archive bridge stands.
    pub async fn archive_states(&self) -> Result<Vec<(String, ArchiveStatus)>, DbError> {
        on_engine!(self, |s| s.archive_states(), |pg| pg.archive_states())
    }
}

/// Usage figures from the kiosks ([`torget_common::usage`]).
impl Database {
    /// Keeps, per row, the largest value `kiosk` has sent (rows already checked).
    pub async fn record_usage(&self, kiosk: &str, rows: Vec<UsageRow>) -> Result<(), DbError> {
        if rows.is_empty() {
            return Ok(());
        }
        let kiosk = kiosk.to_string();
        on_engine!(self, |s| s.record_usage(&kiosk, &rows), |pg| pg.record_usage(&kiosk, &rows))
    }

    /// The figures of the days `from..=to`, summed per place, service, language and counter.
    pub async fn usage_totals(&self, from: time::Date, to: time::Date) -> Result<Vec<UsageTotal>, DbError> {
        let (from, to) = (iso_day(from), iso_day(to));
        on_engine!(self, |s| s.usage_totals(&from, &to), |pg| pg.usage_totals(&from, &to))
    }

    /// Per day, place and service, the sum of `counter` over the place's kiosks.
    pub async fn usage_daily(
        &self,
        from: time::Date,
        to: time::Date,
        counter: &str,
    ) -> Result<Vec<DailyFigure>, DbError> {
        let (from, to, counter) = (iso_day(from), iso_day(to), counter.to_string());
        on_engine!(self, |s| s.usage_daily(&from, &to, &counter), |pg| pg.usage_daily(&from, &to, &counter))
    }
}

/// A day as `YYYY-MM-DD`.
pub fn iso_day(day: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", day.year(), u8::from(day.month()), day.day())
}

impl Database {
    /// Opens (creating and migrating as needed) the store at `location`.
    pub async fn open(location: &Location) -> Result<Database, DbError> {
        Ok(match location {
            Location::Sqlite(path) => {
                let path = path.clone();
                let store = tokio::task::spawn_blocking(move || HubStore::open(&path))
                    .await
                    .map_err(|_| DbError::Stopped)??;
                store.into()
            }
            Location::Postgres(url) => PgStore::open(url).await?.into(),
        })
    }

    /// Registers a kiosk, or enrols it again, and returns its new credential (shown once).
    pub async fn add_kiosk(&self, name: &str) -> Result<String, DbError> {
        let name = name.to_string();
        let token = on_engine!(self, |s| s.add_kiosk(&name), |pg| pg.add_kiosk(&name))?;
        self.desk_changed(None).await;
        Ok(token)
    }

    /// Revokes a kiosk's credential. Returns whether the kiosk existed.
    pub async fn revoke_kiosk(&self, name: &str) -> Result<bool, DbError> {
        let name = name.to_string();
        let revoked = on_engine!(self, |s| s.revoke_kiosk(&name), |pg| pg.revoke_kiosk(&name))?;
        if revoked {
            self.desk_changed(None).await;
        }
        Ok(revoked)
    }

    /// The kiosk a credential belongs to, unless unknown or revoked.
    pub async fn authenticate(&self, token: &str) -> Result<Option<String>, DbError> {
        let token = token.to_string();
        on_engine!(self, |s| s.authenticate(&token), |pg| pg.authenticate(&token))
    }

    /// Stores a batch in one transaction and says what happened to each item, in order.
    pub async fn insert_batch(&self, kiosk: &str, items: Vec<Incoming>) -> Result<Vec<ItemStatus>, DbError> {
        let kiosk = kiosk.to_string();
        on_engine!(self, |s| s.insert_batch(&kiosk, &items), |pg| pg.insert_batch(&kiosk, &items))
    }

    /// Keeps a kiosk's heartbeat; returns staff's answer to its help call, if any.
    pub async fn record_heartbeat(&self, kiosk: &str, beat: Heartbeat) -> Result<Option<HelpAnswer>, DbError> {
        Ok(self.record_heartbeat_seen(kiosk, beat).await?.0)
    }

    /// Keeps a kiosk's heartbeat; returns staff's answer to its help call, if any, and whether
    /// what the desk shows of the kiosk changed (its help call, printer, speech, content, queue,
    /// refusals, last error or version).
    pub async fn record_heartbeat_seen(
        &self,
        kiosk: &str,
        beat: Heartbeat,
    ) -> Result<(Option<HelpAnswer>, bool), DbError> {
        let row = kiosk.to_string();
        let kiosk = kiosk.to_string();
        let (answer, changed): (Option<String>, bool) =
            on_engine!(self, |s| s.record_heartbeat(&kiosk, &beat), |pg| pg.record_heartbeat(&kiosk, &beat))?;
        if changed {
            self.desk_changed(Some(&row)).await;
        }
        Ok((answer.and_then(|a| a.parse().ok()), changed))
    }

    /// The open desk pages' changes ([`crate::changes`]).
    pub fn desk(&self) -> crate::changes::DeskChanges {
        match self {
            Database::Sqlite(store) => store.lock().unwrap_or_else(|p| p.into_inner()).desk(),
            Database::Postgres(pg) => pg.desk(),
        }
    }

    /// Something a desk shows changed, in `kiosk`'s row (`None`: possibly any row): this
    /// instance's desks are told, and on PostgreSQL every other instance's too (`NOTIFY`, which
    /// this instance hears as well).
    async fn desk_changed(&self, kiosk: Option<&str>) {
        match self {
            Database::Sqlite(store) => store.lock().unwrap_or_else(|p| p.into_inner()).desk().here(kiosk),
            Database::Postgres(pg) => {
                pg.desk().here(kiosk);
                if let Err(e) = pg.notify_desk(kiosk).await {
                    tracing::warn!(error = %e, "cannot tell the other instances' desks");
                }
            }
        }
    }

    /// Every kiosk's last heartbeat.
    pub async fn heartbeats(&self) -> Result<Vec<KioskBeat>, DbError> {
        on_engine!(self, |s| s.heartbeats(), |pg| pg.heartbeats())
    }

    pub async fn count(&self) -> Result<u64, DbError> {
        on_engine!(self, |s| s.count(), |pg| pg.count())
    }

    /// Every stored submission, oldest first, still sealed.
    pub async fn all(&self) -> Result<Vec<Stored>, DbError> {
        on_engine!(self, |s| s.all(), |pg| pg.all())
    }

    /// Stores a signed content bundle (as its JSON); it becomes the one served.
    pub async fn publish_bundle(&self, version: &str, signed_json: &str) -> Result<(), DbError> {
        let (version, signed_json) = (version.to_string(), signed_json.to_string());
        on_engine!(self, |s| s.publish_bundle(&version, &signed_json), |pg| pg.publish_bundle(&version, &signed_json))
    }

    /// The newest published bundle: (version, signed JSON).
    pub async fn latest_bundle(&self) -> Result<Option<(String, String)>, DbError> {
        on_engine!(self, |s| s.latest_bundle(), |pg| pg.latest_bundle())
    }

    /// Adds an account (the password already hashed); `false` if the name is taken.
    pub async fn add_user(&self, actor: &str, name: &str, role: Role, hash: &str) -> Result<bool, DbError> {
        let (actor, name, role, hash) = (actor.to_string(), name.to_string(), role.as_str(), hash.to_string());
        on_engine!(self, |s| s.add_user(&actor, &name, role, &hash), |pg| pg.add_user(&actor, &name, role, &hash))
    }

    /// Removes an account; `false` if there was none.
    pub async fn remove_user(&self, actor: &str, name: &str) -> Result<bool, DbError> {
        let (actor, name) = (actor.to_string(), name.to_string());
        on_engine!(self, |s| s.remove_user(&actor, &name), |pg| pg.remove_user(&actor, &name))
    }

    /// Gives an account a new password (already hashed); `false` if there is no such account.
    pub async fn set_password(&self, actor: &str, name: &str, hash: &str) -> Result<bool, DbError> {
        let (actor, name, hash) = (actor.to_string(), name.to_string(), hash.to_string());
        on_engine!(self, |s| s.set_password(&actor, &name, &hash), |pg| pg.set_password(&actor, &name, &hash))
    }

    /// Gives an account another role, audited; `false` if there is no such account or it had it.
    pub async fn set_role(&self, actor: &str, name: &str, role: Role) -> Result<bool, DbError> {
        let (actor, name, role) = (actor.to_string(), name.to_string(), role.as_str().to_string());
        on_engine!(self, |s| s.set_role(&actor, &name, &role), |pg| pg.set_role(&actor, &name, &role))
    }

    /// A wall display's link token, new or replacing the one it had.
    pub async fn add_display(&self, name: &str) -> Result<String, DbError> {
        let name = name.to_string();
        on_engine!(self, |s| s.add_display(&name), |pg| pg.add_display(&name))
    }

    /// Revokes a wall display's link; `false` when there was no such link in use.
    pub async fn revoke_display(&self, name: &str) -> Result<bool, DbError> {
        let name = name.to_string();
        on_engine!(self, |s| s.revoke_display(&name), |pg| pg.revoke_display(&name))
    }

    /// The wall display a link token belongs to, unless unknown or revoked.
    pub async fn display_named(&self, token: &str) -> Result<Option<String>, DbError> {
        let token = token.to_string();
        on_engine!(self, |s| s.display_named(&token), |pg| pg.display_named(&token))
    }

    /// Every wall display ever made, by name.
    pub async fn displays(&self) -> Result<Vec<KioskListed>, DbError> {
        on_engine!(self, |s| s.displays(), |pg| pg.displays())
    }

    /// Every kiosk ever added, by name.
    pub async fn kiosks(&self) -> Result<Vec<KioskListed>, DbError> {
        on_engine!(self, |s| s.kiosks(), |pg| pg.kiosks())
    }

    /// Every account, by name.
    pub async fn users(&self) -> Result<Vec<User>, DbError> {
        on_engine!(self, |s| s.users(), |pg| pg.users())
    }

    /// An account and its password hash, to check a sign-in.
    pub async fn user_with_hash(&self, name: &str) -> Result<Option<(User, String)>, DbError> {
        let name = name.to_string();
        on_engine!(self, |s| s.user_with_hash(&name), |pg| pg.user_with_hash(&name))
    }

    /// Appends to the audit log, each text cut to [`crate::accounts::AUDIT_TEXT_MAX`] characters.
    pub async fn audit(&self, actor: &str, action: &str, subject: &str) -> Result<(), DbError> {
        use crate::accounts::audit_text;
        let (actor, action, subject) = (audit_text(actor), audit_text(action), audit_text(subject));
        on_engine!(self, |s| s.audit(&actor, &action, &subject), |pg| pg.audit(&actor, &action, &subject))
    }

    /// Appends a failed or refused sign-in (`name` is only what was typed) to the audit log, apart
    /// from people's actions, each text cut as [`Self::audit`] cuts it.
    pub async fn audit_anonymous(&self, name: &str, action: &str, subject: &str) -> Result<(), DbError> {
        use crate::accounts::audit_text;
        let (name, action, subject) = (audit_text(name), audit_text(action), audit_text(subject));
        on_engine!(self, |s| s.audit_anonymous(&name, &action, &subject), |pg| pg
            .audit_anonymous(&name, &action, &subject))
    }

    /// The newest `limit` audit entries of every kind, newest first.
    pub async fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, DbError> {
        on_engine!(self, |s| s.audit_log(limit), |pg| pg.audit_log(None, limit))
    }

    /// The newest `limit` audit entries of one kind, newest first: people's actions and anonymous
    /// sign-in tries each have their own `limit`, so a flood of one cannot push out the other.
    pub async fn audit_log_of(&self, kind: AuditKind, limit: u32) -> Result<Vec<AuditEntry>, DbError> {
        on_engine!(self, |s| s.audit_log_of(kind, limit), |pg| pg.audit_log(Some(kind), limit))
    }

    /// The newest `limit` entries of `kind` that `filter` lets through.
    pub async fn audit_search(
        &self,
        kind: AuditKind,
        filter: AuditFilter,
        limit: u32,
    ) -> Result<Vec<AuditEntry>, DbError> {
        on_engine!(self, |s| s.audit_search(kind, &filter, limit), |pg| pg.audit_search(Some(kind), &filter, limit))
    }

    /// Starts a browser session (only the cookie's hash is stored).
    pub async fn create_session(&self, token_hash: &str, user: &str, csrf: &str, now: i64) -> Result<(), DbError> {
        let (token_hash, user, csrf) = (token_hash.to_string(), user.to_string(), csrf.to_string());
        on_engine!(self, |s| s.create_session(&token_hash, &user, &csrf, now), |pg| pg.create_session(
            &token_hash,
            &user,
            &csrf,
            now
        ))
    }

    /// The session with this cookie hash, whether or not it has run out.
    pub async fn session(&self, token_hash: &str) -> Result<Option<Session>, DbError> {
        let token_hash = token_hash.to_string();
        on_engine!(self, |s| s.session(&token_hash), |pg| pg.session(&token_hash))
    }

    pub async fn touch_session(&self, token_hash: &str, now: i64) -> Result<(), DbError> {
        let token_hash = token_hash.to_string();
        on_engine!(self, |s| s.touch_session(&token_hash, now), |pg| pg.touch_session(&token_hash, now))
    }

    pub async fn end_session(&self, token_hash: &str) -> Result<(), DbError> {
        let token_hash = token_hash.to_string();
        on_engine!(self, |s| s.end_session(&token_hash), |pg| pg.end_session(&token_hash))
    }

    /// Failed sign-ins under `key` ("user:NAME", "addr:IP") and when the last was.
    pub async fn failures(&self, key: &str) -> Result<Option<(u32, i64)>, DbError> {
        let key = key.to_string();
        on_engine!(self, |s| s.failures(&key), |pg| pg.failures(&key))
    }

    /// Counts a try under `key` if its count is still `seen` (as [`Self::failures`] read it);
    /// `false` when another try counted first. Tries are counted before the password is checked,
    /// so that simultaneous tries cannot all pass on the same count (the review had 11 of 12 checked
    /// where 3 were allowed).
    pub async fn count_try(&self, key: &str, seen: Option<(u32, i64)>, now: i64) -> Result<bool, DbError> {
        let key = key.to_string();
        on_engine!(self, |s| s.count_try(&key, seen, now), |pg| pg.count_try(&key, seen, now))
    }

    /// Takes back one try counted under `key`: it was not a failure after all.
    pub async fn uncount_try(&self, key: &str) -> Result<(), DbError> {
        let key = key.to_string();
        on_engine!(self, |s| s.uncount_try(&key), |pg| pg.uncount_try(&key))
    }

    pub async fn clear_failures(&self, key: &str) -> Result<(), DbError> {
        let key = key.to_string();
        on_engine!(self, |s| s.clear_failures(&key), |pg| pg.clear_failures(&key))
    }

    /// Staff's answer to a kiosk's open help call ("coming" or "done"); `false` when the kiosk has
    /// no open call.
    pub async fn answer_help(&self, kiosk: &str, answer: HelpAnswer, by: &str) -> Result<bool, DbError> {
        let row = kiosk.to_string();
        let (kiosk, answer, by) = (kiosk.to_string(), answer.as_str(), by.to_string());
        let answered =
            on_engine!(self, |s| s.answer_help(&kiosk, answer, &by), |pg| pg.answer_help(&kiosk, answer, &by))?;
        if answered {
            self.desk_changed(Some(&row)).await;
        }
        Ok(answered)
    }

    /// Marks a received request handled by `by` (audited in the same transaction); `false` when
    /// there is no such request or it was handled already.
    /// Adds a note, sealed in the browser, to request `id` (audited); `false` when there is no such
    /// request.
    pub async fn add_note(&self, id: &str, by: &str, sealed: Vec<u8>) -> Result<bool, DbError> {
        let (id, by) = (id.to_string(), by.to_string());
        on_engine!(self, |s| s.add_note(&id, &by, &sealed), |pg| pg.add_note(&id, &by, &sealed))
    }

    /// The notes of request `id`, oldest first.
    pub async fn notes(&self, id: &str) -> Result<Vec<Note>, DbError> {
        let id = id.to_string();
        on_engine!(self, |s| s.notes(&id), |pg| pg.notes(&id))
    }

    /// Undoes "handled" (audited); `false` when the request was not handled.
    pub async fn mark_new(&self, id: &str, by: &str) -> Result<bool, DbError> {
        let (id, by) = (id.to_string(), by.to_string());
        on_engine!(self, |s| s.mark_new(&id, &by), |pg| pg.mark_new(&id, &by))
    }

    pub async fn mark_handled(&self, id: &str, by: &str) -> Result<bool, DbError> {
        let (id, by) = (id.to_string(), by.to_string());
        on_engine!(self, |s| s.mark_handled(&id, &by), |pg| pg.mark_handled(&id, &by))
    }

    /// Who handled request `id` and when; `None` when there is no such request.
    pub async fn handled(&self, id: &str) -> Result<Option<HandledBy>, DbError> {
        let id = id.to_string();
        on_engine!(self, |s| s.handled(&id), |pg| pg.handled(&id))
    }

    /// Says where a kiosk stands (empty: not said), audited; `false` when there is no such kiosk.
    pub async fn set_place(&self, kiosk: &str, place: &str, by: &str) -> Result<bool, DbError> {
        let row = kiosk.to_string();
        let (kiosk, place, by) = (kiosk.to_string(), place.trim().to_string(), by.to_string());
        let set = on_engine!(self, |s| s.set_place(&kiosk, &place, &by), |pg| pg.set_place(&kiosk, &place, &by))?;
        if set {
            self.desk_changed(Some(&row)).await;
        }
        Ok(set)
    }

    /// Keeps a content tree for review; returns its number.
    pub async fn add_draft(
        &self,
        files: &std::collections::BTreeMap<String, String>,
        note: &str,
        by: &str,
    ) -> Result<i64, DbError> {
        let files = files_json(files).await?;
        let (note, by) = (note.to_string(), by.to_string());
        on_engine!(self, |s| s.add_draft(&files, &note, &by), |pg| pg.add_draft(&files, &note, &by))
    }

    /// Every draft, newest first, without its files: for the list.
    pub async fn draft_list(&self) -> Result<Vec<DraftListed>, DbError> {
        on_engine!(self, |s| s.draft_list(), |pg| pg.draft_list())
    }

    /// Every draft with its files, newest first.
    pub async fn drafts(&self) -> Result<Vec<Draft>, DbError> {
        on_engine!(self, |s| s.drafts(None), |pg| pg.drafts(None))
    }

    /// One draft, if there is one numbered `id`.
    pub async fn draft(&self, id: i64) -> Result<Option<Draft>, DbError> {
        let found: Result<Vec<Draft>, DbError> = on_engine!(self, |s| s.drafts(Some(id)), |pg| pg.drafts(Some(id)));
        Ok(found?.pop())
    }

    /// Replaces a draft's files (audited as `what`) and counts `by` among its editors; `false`
    /// unless it is still a draft.
    pub async fn edit_draft(
        &self,
        id: i64,
        files: &std::collections::BTreeMap<String, String>,
        by: &str,
        what: &str,
    ) -> Result<bool, DbError> {
        let files = files_json(files).await?;
        let (by, what) = (by.to_string(), what.to_string());
        on_engine!(self, |s| s.edit_draft(id, &files, &by, &what), |pg| pg.edit_draft(id, &files, &by, &what))
    }

    /// Sends a draft for review (audited); `false` unless it was a draft.
    /// Sends a draft in review back to its editors with a comment (audited); `false` when it was
    /// not in review.
    pub async fn return_draft(&self, id: i64, by: &str, comment: &str) -> Result<bool, DbError> {
        let (by, comment) = (by.to_string(), comment.to_string());
        on_engine!(self, |s| s.return_draft(id, &by, &comment), |pg| pg.return_draft(id, &by, &comment))
    }

    pub async fn submit_draft(&self, id: i64, by: &str) -> Result<bool, DbError> {
        let by = by.to_string();
        on_engine!(self, |s| s.submit_draft(id, &by), |pg| pg.submit_draft(id, &by))
    }

    /// Publishes a draft in review as the signed bundle `signed_json`, marking it published and
    /// auditing it, in one transaction; `false` unless it was in review and `by` is none of its
    /// editors (checked again here, in the transaction, behind [`crate::content::may_publish`]).
    pub async fn publish_draft(&self, id: i64, by: &str, version: &str, signed_json: &str) -> Result<bool, DbError> {
        let (by, version, signed_json) = (by.to_string(), version.to_string(), signed_json.to_string());
        on_engine!(self, |s| s.publish_draft(id, &by, &version, &signed_json), |pg| pg.publish_draft(
            id,
            &by,
            &version,
            &signed_json
        ))
    }

    /// Every published bundle, newest first.
    pub async fn published(&self) -> Result<Vec<Published>, DbError> {
        on_engine!(self, |s| s.published(), |pg| pg.published())
    }
}

/// A visit's wish to hold a time.
#[derive(Debug, Clone)]
pub struct Hold {
    /// The request's id, which the sealed request will carry.
    pub id: String,
    pub resource: String,
    pub start_ms: i64,
    pub end_ms: i64,
    pub kiosk: String,
    pub now_ms: i64,
    pub until_ms: i64,
}

/// Times one kiosk may hold at once: a kiosk has one visit at a time, so a credential cannot
/// keep a resource's every time from the others.
pub const MOST_HOLDS_PER_KIOSK: i64 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldOutcome {
    Held,
    /// The kiosk holds [`MOST_HOLDS_PER_KIOSK`] times already.
    TooMany,
    /// Another visit holds or has the time.
    Taken,
    /// The request already has a booking (or had one cancelled): nothing to hold.
    AlreadyBooked,
}

/// A time booked from a kiosk, as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    pub id: String,
    pub resource: String,
    pub start_ms: i64,
    pub end_ms: i64,
    pub kiosk: String,
    /// `held`, `booked`, `cancelled`, or `lost` (the hold ran out and another visit took the time).
    pub state: String,
    pub service: Option<String>,
    /// The calendar has been brought up to date with it.
    pub written: bool,
    pub cancelled_by: Option<String>,
}

/// Times booked from kiosks ([`crate::booking`]).
impl Database {
    pub async fn hold_time(&self, hold: Hold) -> Result<HoldOutcome, DbError> {
        on_engine!(self, |s| s.hold_time(&hold), |pg| pg.hold_time(&hold))
    }

    pub async fn release_hold(&self, id: &str, kiosk: &str) -> Result<bool, DbError> {
        let (id, kiosk) = (id.to_string(), kiosk.to_string());
        on_engine!(self, |s| s.release_hold(&id, &kiosk), |pg| pg.release_hold(&id, &kiosk))
    }

    /// The request `id` arrived: its held time is booked. The booking, if it had a hold.
    pub async fn confirm_booking(&self, id: &str, service: &str) -> Result<Option<Booking>, DbError> {
        let (id, service, now) = (id.to_string(), service.to_string(), torget_common::sqlite::now_ms());
        let booked =
            on_engine!(self, |s| s.confirm_booking(&id, &service, now), |pg| pg.confirm_booking(&id, &service, now))?;
        // The desk lists today's bookings.
        if let Some(b) = &booked {
            self.desk_changed(Some(&b.kiosk)).await;
        }
        Ok(booked)
    }

    pub async fn taken_times(&self, resource: &str, from_ms: i64) -> Result<Vec<i64>, DbError> {
        let (resource, now) = (resource.to_string(), torget_common::sqlite::now_ms());
        on_engine!(self, |s| s.taken_times(&resource, from_ms, now), |pg| pg.taken_times(&resource, from_ms, now))
    }

    pub async fn bookings_to_write(&self) -> Result<Vec<Booking>, DbError> {
        on_engine!(self, |s| s.bookings_to_write(), |pg| pg.bookings_to_write())
    }

    pub async fn booking_written(&self, id: &str) -> Result<(), DbError> {
        let (id, now) = (id.to_string(), torget_common::sqlite::now_ms());
        on_engine!(self, |s| s.booking_written(&id, now), |pg| pg.booking_written(&id, now))
    }

    /// Requests that arrived after the time held for them went to another visit, earliest time first.
    pub async fn bookings_lost(&self) -> Result<Vec<Booking>, DbError> {
        on_engine!(self, |s| s.bookings_lost(), |pg| pg.bookings_lost())
    }

    /// Times booked, cancelled, or lost by a request that arrived, starting in `[from_ms, to_ms)`.
    pub async fn bookings_between(&self, from_ms: i64, to_ms: i64) -> Result<Vec<Booking>, DbError> {
        on_engine!(self, |s| s.bookings_between(from_ms, to_ms), |pg| pg.bookings_between(from_ms, to_ms))
    }

    /// Cancels a booking, audited; `false` when it was not booked.
    pub async fn cancel_booking(&self, id: &str, by: &str) -> Result<bool, DbError> {
        let (id, by, now) = (id.to_string(), by.to_string(), torget_common::sqlite::now_ms());
        let cancelled = on_engine!(self, |s| s.cancel_booking(&id, &by, now), |pg| pg.cancel_booking(&id, &by, now))?;
        if cancelled {
            self.desk_changed(None).await;
        }
        Ok(cancelled)
    }
}
