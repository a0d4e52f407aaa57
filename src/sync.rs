//! The sync worker: sends sealed requests from the outbox to torget-hub, exactly once, whatever the
//! network does.
//!
//! Runs on its own thread with its own tokio runtime and its own SQLite connection; it is the only
//! uploader. It takes FIFO batches (capped in items and bytes), POSTs them, and writes each item's
//! outcome in one transaction. Every failure is classified by [`UploadError::class`]: network errors,
//! timeouts, 5xx and 429 are retried with exponential backoff and full jitter (a `Retry-After`, at
//! most [`MAX_RETRY_AFTER`], is a floor no "Send now" breaks, with jitter on top); 401/403 and any other refusal of the whole request
//! (a 404 from a proxy, 400, 405, 415) pause the queue with the reason for staff; only 413 splits a
//! batch. Items the hub refuses one by one (conflict, too large, invalid) are dead-lettered so one
//! bad item never blocks the rest. An answer that leaves items out (or names others) is no progress
//! and waits like a failure. Answers are read up to [`MAX_ANSWER_BYTES`]. The hub is idempotent by
//! submission id, so a retry after an answer was lost is harmless.
//!
//! The first heartbeat asks the hub whose credential this is; a kiosk whose `kiosk_id` differs
//! pauses before it sends anything (export would refuse those requests) and says so to staff.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use tokio::sync::Notify;

use crate::protocol::{BatchResult, FreeTimes, Heartbeat, HeartbeatAnswer, ItemStatus, UploadBatch, UploadItem};
use crate::store::{Condition, Outcome, PendingItem, Store, StoreError, StoreOptions};

/// How the worker talks to the hub.
#[derive(Debug, Clone)]
pub struct SyncSettings {
    /// Base address of the hub, e.g. `https://hub.nordvik.se`.
    pub hub_url: String,
    /// This kiosk's credential from `torget-hub kiosk add`.
    pub token: String,
    /// The name this kiosk puts in its requests; checked against the credential's before sending.
    pub kiosk_id: Option<String>,
    pub batch_items: usize,
    pub batch_bytes: usize,
    /// Longest wait for one answer.
    pub timeout: Duration,
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// How often to look for new requests when the queue is empty.
    pub poll: Duration,
    pub heartbeat_every: Duration,
    /// While a visitor waits for help: how often the kiosk asks the hub whether staff answered.
    pub help_heartbeat_every: Duration,
    /// How often the free times are asked for, with the heartbeat that is due ([`crate::times`]).
    pub times_every: Duration,
    /// Sent requests are forgotten entirely after this many days.
    pub keep_sent_days: u32,
    /// Signed content updates, when the kiosk has a verifying key.
    pub content: Option<ContentUpdates>,
    /// A certificate authority (PEM) to trust besides the system's, for a hub with a private CA.
    pub extra_ca_pem: Option<Vec<u8>>,
}

/// Where and how to look for new signed content.
#[derive(Debug, Clone)]
pub struct ContentUpdates {
    /// The municipality's content-verifying key (base64).
    pub verify_key: String,
    /// The kiosk's data folder; bundles go to `<data_dir>/content/`.
    pub data_dir: PathBuf,
    pub check_every: Duration,
}

/// A newly installed content folder, waiting for the current visit to end.
#[derive(Clone, Default)]
pub struct ContentHandle(Arc<Mutex<Option<PathBuf>>>);

impl ContentHandle {
    /// Takes the new content folder, if one is waiting.
    pub fn take(&self) -> Option<PathBuf> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).take()
    }

    /// Whether a new content folder is waiting.
    pub fn is_waiting(&self) -> bool {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).is_some()
    }

    /// Puts a folder back (or offers one).
    pub fn offer(&self, dir: PathBuf) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(dir);
    }
}

impl SyncSettings {
    pub fn new(hub_url: &str, token: &str) -> SyncSettings {
        SyncSettings {
            hub_url: hub_url.trim_end_matches('/').to_string(),
            token: token.to_string(),
            kiosk_id: None,
            batch_items: 100,
            batch_bytes: 4 * 1024 * 1024,
            timeout: Duration::from_secs(30),
            backoff_base: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(300),
            poll: Duration::from_secs(5),
            heartbeat_every: Duration::from_secs(60),
            help_heartbeat_every: Duration::from_secs(3),
            times_every: Duration::from_secs(50),
            keep_sent_days: 30,
            content: None,
            extra_ca_pem: None,
        }
    }
}

/// Why an upload did not get a usable answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    #[error("no connection to the hub")]
    Network,
    #[error("the hub did not answer in time")]
    Timeout,
    #[error("the hub had an error (HTTP {0})")]
    Server(u16),
    #[error("the hub asked us to wait (HTTP 429){}", waited(retry_after))]
    TooManyRequests { retry_after: Option<Duration> },
    #[error("the hub refused this kiosk's credential (HTTP {0}); staff must check the kiosk's registration")]
    Unauthorized(u16),
    #[error("the batch is too large for the hub (HTTP 413)")]
    TooLarge,
    #[error(
        "the hub refused the upload itself (HTTP {0}); check hub_url and any proxy in between, then press Send now"
    )]
    Rejected(u16),
    #[error("the hub's answer could not be read")]
    Garbage,
    #[error("the hub's answer left out requests that were sent")]
    Incomplete,
}

/// The longest wait a hub's `Retry-After` can impose.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);
/// The largest answer the worker reads from the hub (a batch result is a few kilobytes).
pub const MAX_ANSWER_BYTES: usize = 1024 * 1024;
/// The largest content bundle the worker downloads.
pub const MAX_BUNDLE_BYTES: usize = 64 * 1024 * 1024;

fn waited(retry_after: &Option<Duration>) -> String {
    match retry_after {
        Some(d) if d.as_secs() >= 120 => format!("; next try in {} minutes", d.as_secs().div_ceil(60)),
        Some(d) => format!("; next try in {} s", d.as_secs()),
        None => String::new(),
    }
}

/// What to do after an [`UploadError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Try again after a backoff (at least `retry_after` when the hub said so).
    Retry { retry_after: Option<Duration> },
    /// Stop sending until staff act.
    Pause,
    /// The batch itself is refused: split it, or dead-letter a single item.
    Refused,
}

impl UploadError {
    pub fn class(&self) -> Class {
        match self {
            UploadError::Network
            | UploadError::Timeout
            | UploadError::Server(_)
            | UploadError::Garbage
            | UploadError::Incomplete => Class::Retry { retry_after: None },
            UploadError::TooManyRequests { retry_after } => Class::Retry { retry_after: *retry_after },
            UploadError::Unauthorized(_) | UploadError::Rejected(_) => Class::Pause,
            UploadError::TooLarge => Class::Refused,
        }
    }

    /// Whether trying again without a change can never help.
    pub fn is_permanent(&self) -> bool {
        !matches!(self.class(), Class::Retry { .. })
    }
}

/// Maps an HTTP status (and Retry-After, capped at [`MAX_RETRY_AFTER`]) to an error, or `None`
/// for success.
pub fn classify_status(status: u16, retry_after: Option<Duration>) -> Option<UploadError> {
    match status {
        200..=299 => None,
        401 | 403 => Some(UploadError::Unauthorized(status)),
        408 => Some(UploadError::Timeout),
        413 => Some(UploadError::TooLarge),
        429 => Some(UploadError::TooManyRequests { retry_after: retry_after.map(|d| d.min(MAX_RETRY_AFTER)) }),
        400..=499 => Some(UploadError::Rejected(status)),
        _ => Some(UploadError::Server(status)),
    }
}

/// Exponential backoff with full jitter: a random wait between 0 and min(cap, base · 2^attempt).
#[derive(Debug, Clone)]
pub struct Backoff {
    base: Duration,
    cap: Duration,
    attempt: u32,
}

impl Backoff {
    pub fn new(base: Duration, cap: Duration) -> Backoff {
        Backoff { base, cap, attempt: 0 }
    }

    pub fn reset(&mut self) {
        self.attempt = 0;
    }

    /// The ceiling of the next wait, before jitter.
    pub fn ceiling(&self) -> Duration {
        self.base.saturating_mul(1u32 << self.attempt.min(20)).min(self.cap)
    }

    /// The next wait; never shorter than what the hub asked for. After a `Retry-After` of `r` the
    /// wait is `r` plus a random part of up to `r` (and up to the ceiling), so that a fleet told the
    /// same by its hub after an outage comes back spread out, not all at once.
    pub fn next(&mut self, retry_after: Option<Duration>, random: u64) -> Duration {
        let ceiling = self.ceiling();
        self.attempt = self.attempt.saturating_add(1);
        let jitter = |up_to: Duration| Duration::from_nanos(random % (up_to.as_nanos() as u64).max(1));
        retry_after.map_or_else(|| jitter(ceiling), |r| r + jitter(ceiling.min(r)))
    }
}

/// When the next upload may go: the backoff after failures, and the hub's `Retry-After` as a
/// floor that no "Send now" or wake-up breaks (heartbeats still go out meanwhile). The worker
/// asks [`Pacing::hold`] before each upload, and waits what [`Pacing::failed`] says after one
/// that failed; a wait cut short by "Send now" only brings the next [`Pacing::hold`] forward.
#[derive(Debug, Clone)]
pub struct Pacing {
    backoff: Backoff,
    /// The hub's `Retry-After`: nothing lifts it.
    not_before: Option<tokio::time::Instant>,
    /// The backoff after a failure: "Send now", or the hub answering again after an outage, ends it.
    resume_at: Option<tokio::time::Instant>,
}

impl Pacing {
    pub fn new(base: Duration, cap: Duration) -> Pacing {
        Pacing { backoff: Backoff::new(base, cap), not_before: None, resume_at: None }
    }

    /// The hub took an upload: the backoff starts over.
    pub fn succeeded(&mut self) {
        self.backoff.reset();
        self.resume_at = None;
    }

    /// The wait after a failure (`retry_after`: the hub's, from a 429), `random` for the jitter.
    /// When the hub said how long, the whole wait becomes the floor; otherwise it is a backoff
    /// ([`Pacing::backing_off`]).
    pub fn failed(&mut self, retry_after: Option<Duration>, random: u64) -> Duration {
        let delay = self.backoff.next(retry_after, random);
        let until = tokio::time::Instant::now() + delay;
        if retry_after.is_some() {
            self.not_before = Some(until);
        } else {
            self.resume_at = Some(until);
        }
        delay
    }

    /// How much of the backoff is left; `None`: none.
    pub fn backing_off(&mut self) -> Option<Duration> {
        let now = tokio::time::Instant::now();
        match self.resume_at {
            Some(at) if now < at => Some(at - now),
            _ => {
                self.resume_at = None;
                None
            }
        }
    }

    /// "Send now" was pressed: the backoff ends (a `Retry-After` does not).
    pub fn pressed(&mut self) {
        self.resume_at = None;
    }

    /// A heartbeat reached the hub after it could not be reached: the outage is over, so the
    /// backoff grown during it starts over and ends now (a `Retry-After` does not). Heartbeats are
    /// spread over their interval across a fleet, so the fleet's uploads come back spread too.
    pub fn hub_back(&mut self) {
        self.backoff.reset();
        self.resume_at = None;
    }

    /// How long before an upload may go; `None`: now.
    pub fn hold(&mut self) -> Option<Duration> {
        let now = tokio::time::Instant::now();
        match self.not_before {
            Some(floor) if now < floor => Some(floor - now),
            _ => {
                self.not_before = None;
                None
            }
        }
    }
}

/// What the worker knows right now, for the screen and staff.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LiveStatus {
    /// `Some(true)` after the hub answered, `Some(false)` after it could not be reached.
    pub online: Option<bool>,
    /// The hub refused the credential: nothing is sent until staff act.
    pub paused: bool,
    pub last_error: Option<String>,
    /// Upload attempts so far (each POST of a batch).
    pub attempts: u64,
    /// The wait in progress before the next try, while the worker backs off.
    pub waiting: Option<Duration>,
    /// Rounds of the worker's loop so far (each looks at the queue once, paused or not), so that
    /// a caller can wait for the worker to have had its chance to act.
    pub rounds: u64,
}

/// A read-only view of the worker's status, cheap to clone.
#[derive(Clone, Default)]
pub struct StatusHandle(Arc<Mutex<LiveStatus>>);

impl StatusHandle {
    /// A status that never changes, for a kiosk drawn without a hub (pictures, the studio's
    /// preview): `online` is what its pages show.
    pub fn fixed(online: bool) -> StatusHandle {
        StatusHandle(Arc::new(Mutex::new(LiveStatus { online: Some(online), ..LiveStatus::default() })))
    }

    pub fn get(&self) -> LiveStatus {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn update(&self, f: impl FnOnce(&mut LiveStatus)) {
        f(&mut self.0.lock().unwrap_or_else(|p| p.into_inner()));
    }
}

/// "Send now" for the staff panel: wakes the worker without owning it.
#[derive(Clone)]
pub struct SendNow {
    status: StatusHandle,
    wake: Arc<Notify>,
    beat: Arc<AtomicBool>,
}

impl SendNow {
    /// Cuts short the wait in progress (and lifts a pause). A press while an upload is under way
    /// leaves nothing behind: the wait the hub asks for next is kept.
    pub fn send_now(&self) {
        self.status.update(|s| s.paused = false);
        self.wake.notify_waiters();
    }

    /// Sends a heartbeat now instead of with the next one due: a visitor asked for help, or staff
    /// answered, and the desk must know within seconds, not a minute. Tried again each round
    /// until one reaches the hub.
    pub fn heartbeat_now(&self) {
        self.beat.store(true, Ordering::SeqCst);
        self.wake.notify_waiters();
    }
}

/// The running worker. Dropping it stops the thread.
pub struct SyncWorker {
    status: StatusHandle,
    content: ContentHandle,
    times: crate::times::TimesHandle,
    hub_url: String,
    client: reqwest::Client,
    token: Arc<Mutex<String>>,
    wake: Arc<Notify>,
    beat: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    stopping: Arc<Notify>,
    thread: Option<std::thread::JoinHandle<()>>,
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot start the sync worker: {0}")]
    Start(String),
}

impl SyncWorker {
    /// Starts the worker on its own thread, with its own connection to the store at `database`.
    pub fn start(settings: SyncSettings, database: PathBuf) -> Result<SyncWorker, SyncError> {
        let mut store = Store::open(&database, StoreOptions::default())?;
        store.requeue_interrupted()?;
        // The one TLS provider of the process; a second install is harmless.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = reqwest::Client::builder();
        if let Some(pem) = &settings.extra_ca_pem {
            let ca = reqwest::Certificate::from_pem(pem).map_err(|e| SyncError::Start(format!("hub CA: {e}")))?;
            builder = builder.add_root_certificate(ca);
        }
        let client = builder
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout)
            .user_agent(concat!("torget/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| SyncError::Start(e.to_string()))?;
        let status = StatusHandle::default();
        let wake = Arc::new(Notify::new());
        let beat = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::new(Notify::new());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| SyncError::Start(e.to_string()))?;
        let token = Arc::new(Mutex::new(settings.token.clone()));
        let content = ContentHandle::default();
        let times = crate::times::TimesHandle::default();
        let hub_url = settings.hub_url.clone();
        let worker = Worker {
            content: content.clone(),
            times: times.clone(),
            times_fetched: None,
            settings,
            token: token.clone(),
            client: client.clone(),
            store,
            status: status.clone(),
            wake: wake.clone(),
            beat: beat.clone(),
            stop: stop.clone(),
            stopping: stopping.clone(),
            identity_checked: false,
            database: database.clone(),
        };
        let thread = std::thread::Builder::new()
            .name("sync".into())
            .spawn(move || runtime.block_on(worker.run()))
            .map_err(|e| SyncError::Start(e.to_string()))?;
        Ok(SyncWorker {
            status,
            content,
            times,
            hub_url,
            client,
            token,
            wake,
            beat,
            stop,
            stopping,
            thread: Some(thread),
        })
    }

    /// The free times the hub offers, as last heard ([`crate::times`]).
    pub fn times(&self) -> crate::times::TimesHandle {
        self.times.clone()
    }

    /// Holds and lets go of times at the hub, with this kiosk's credential and connection settings.
    pub fn booker(&self) -> std::io::Result<crate::times::Booker> {
        crate::times::Booker::new(&self.hub_url, self.token.clone(), self.client.clone())
    }

    pub fn status(&self) -> StatusHandle {
        self.status.clone()
    }

    /// A handle that can press "Send now" from elsewhere (the staff panel).
    pub fn send_now_handle(&self) -> SendNow {
        SendNow { status: self.status.clone(), wake: self.wake.clone(), beat: self.beat.clone() }
    }

    /// Where newly installed content is offered to the kiosk.
    pub fn content_updates(&self) -> ContentHandle {
        self.content.clone()
    }

    /// A new credential after the kiosk was enrolled again; sending resumes at once.
    pub fn set_token(&self, token: &str) {
        *self.token.lock().unwrap_or_else(|p| p.into_inner()) = token.to_string();
        self.send_now();
    }

    /// "Send now": skip the current wait (also after a pause, so staff can retry a fixed credential).
    pub fn send_now(&self) {
        self.send_now_handle().send_now();
    }
}

impl Drop for SyncWorker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // A stored wake-up: the worker stops even if it was between two waits.
        self.stopping.notify_one();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct Worker {
    content: ContentHandle,
    times: crate::times::TimesHandle,
    /// When the free times were last asked for.
    times_fetched: Option<tokio::time::Instant>,
    settings: SyncSettings,
    token: Arc<Mutex<String>>,
    client: reqwest::Client,
    store: Store,
    status: StatusHandle,
    wake: Arc<Notify>,
    /// A heartbeat is wanted now ([`SendNow::heartbeat_now`]).
    beat: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    stopping: Arc<Notify>,
    /// The hub confirmed that the credential is this kiosk's (or has no opinion).
    identity_checked: bool,
    /// The queue's database: its filesystem's free space goes into the heartbeat.
    database: PathBuf,
}

/// Days a kiosk keeps usage figures the hub already has.
const USAGE_KEEP_DAYS: i64 = 60;

/// The jitter's random number, from the operating system.
pub fn random_u64() -> u64 {
    use crypto_box::aead::rand_core::RngCore;
    crypto_box::aead::OsRng.next_u64()
}

impl Worker {
    fn token(&self) -> String {
        self.token.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    async fn run(mut self) {
        let mut pacing = Pacing::new(self.settings.backoff_base, self.settings.backoff_cap);
        let mut batch_items = self.settings.batch_items;
        // When the next heartbeat is due (`None`: now), the backoff of heartbeats that did not
        // reach the hub (never longer than the interval), and whether the hub could not be
        // reached since the last heartbeat that did (a heartbeat or an upload).
        let mut next_beat: Option<tokio::time::Instant> = None;
        let mut beat_backoff = Backoff::new(self.settings.backoff_base, self.settings.heartbeat_every);
        let mut hub_away = false;
        let mut last_content_check: Option<tokio::time::Instant> = None;
        while !self.stop.load(Ordering::SeqCst) {
            self.status.update(|s| s.rounds += 1);
            if let Some(updates) = self.settings.content.clone()
                && last_content_check.is_none_or(|t| t.elapsed() >= updates.check_every)
            {
                last_content_check = Some(tokio::time::Instant::now());
                self.check_content(&updates).await;
            }
            let urgent = self.beat.swap(false, Ordering::SeqCst);
            let every = if self.help_open() {
                self.settings.heartbeat_every.min(self.settings.help_heartbeat_every)
            } else {
                self.settings.heartbeat_every
            };
            if urgent || next_beat.is_none_or(|t| tokio::time::Instant::now() >= t) {
                if self.heartbeat().await {
                    next_beat = Some(tokio::time::Instant::now() + every);
                    beat_backoff.reset();
                    if std::mem::take(&mut hub_away) {
                        pacing.hub_back();
                    }
                } else {
                    hub_away = true;
                    let again = beat_backoff.next(None, random_u64()).min(every);
                    next_beat = Some(tokio::time::Instant::now() + again);
                    if urgent {
                        // Not delivered: the next round tries again, after its wait.
                        self.beat.store(true, Ordering::SeqCst);
                    }
                }
                self.purge();
            }
            // No wait outlasts the next heartbeat: the desk sees the kiosk in contact, and the
            // kiosk hears when the hub is back, whatever the upload backoff has grown to.
            let beat_in =
                next_beat.map_or(Duration::ZERO, |t| t.saturating_duration_since(tokio::time::Instant::now()));
            if self.status.get().paused {
                self.wait(self.settings.backoff_cap).await;
                continue;
            }
            if !self.identity_checked {
                // Nothing is sent before the hub has said whose credential this is: its next
                // heartbeat's answer ("Send now" asks at once).
                if self.wait(self.settings.poll.min(beat_in)).await {
                    next_beat = None;
                }
                continue;
            }
            if let Some(left) = pacing.hold() {
                self.wait_part(left.min(beat_in), left).await;
                continue;
            }
            if let Some(left) = pacing.backing_off() {
                if self.wait_part(left.min(beat_in), left).await {
                    pacing.pressed();
                    // Pressed while the hub was away: ask it at once whether it is back.
                    if hub_away {
                        next_beat = None;
                    }
                }
                continue;
            }
            let batch = match self.store.next_batch(batch_items, self.settings.batch_bytes) {
                Ok(b) => b,
                Err(e) => {
                    tracing::error!(error = %e, "cannot read the outbox");
                    self.wait(self.settings.poll).await;
                    continue;
                }
            };
            if batch.is_empty() {
                batch_items = self.settings.batch_items;
                self.wait(self.settings.poll.min(beat_in)).await;
                continue;
            }
            let ids: Vec<String> = batch.iter().map(|i| i.id.clone()).collect();
            if let Err(e) = self.store.mark_sending(&ids) {
                tracing::error!(error = %e, "cannot mark requests as sending");
            }
            self.status.update(|s| s.attempts += 1);
            let answer = self.upload(&batch).await;
            let answer = answer.map(|result| (outcomes_of(&batch, &result), answers_exactly(&batch, &result)));
            match answer {
                Ok((outcomes, true)) => {
                    pacing.succeeded();
                    let sent = outcomes.iter().filter(|(_, o)| *o == Outcome::Sent).count();
                    let dead = outcomes.iter().filter(|(_, o)| matches!(o, Outcome::Dead(_))).count();
                    self.record(&outcomes, None);
                    self.status.update(|s| {
                        s.online = Some(true);
                        s.last_error = None;
                    });
                    tracing::info!(sent, dead, "batch uploaded");
                }
                Ok((outcomes, false)) => {
                    // What the hub did answer for is kept; the rest waits like after a failure.
                    let message = UploadError::Incomplete.to_string();
                    tracing::warn!(items = batch.len(), "{message}");
                    self.record(&outcomes, Some(&message));
                    self.status.update(|s| {
                        s.online = Some(true);
                        s.last_error = Some(message.clone());
                    });
                    // Waited in the next round, as a backoff.
                    pacing.failed(None, random_u64());
                }
                Err(e) => {
                    tracing::warn!(error = %e, items = batch.len(), "upload failed");
                    let message = e.to_string();
                    // The whole batch goes back to the queue with the reason.
                    let retry_all =
                        || -> Vec<_> { ids.iter().map(|id| (id.clone(), Outcome::Retry(message.clone()))).collect() };
                    match e.class() {
                        Class::Retry { retry_after } => {
                            self.record(&retry_all(), Some(&message));
                            let reachable = matches!(
                                e,
                                UploadError::Server(_) | UploadError::TooManyRequests { .. } | UploadError::Garbage
                            );
                            // The next heartbeat that reaches the hub ends the backoff.
                            hub_away |= !reachable;
                            self.status.update(|s| {
                                s.online = Some(reachable);
                                s.last_error = Some(message.clone());
                            });
                            // Waited in the next round: a floor or a backoff.
                            pacing.failed(retry_after, random_u64());
                        }
                        Class::Pause => self.pause(&message, &retry_all()),
                        Class::Refused if batch.len() > 1 => {
                            // Send smaller batches until the one item the hub refuses is alone.
                            self.record(&retry_all(), Some(&message));
                            batch_items = (batch.len() / 2).max(1);
                        }
                        Class::Refused => {
                            self.record(&[(ids[0].clone(), Outcome::Dead(message.clone()))], Some(&message));
                        }
                    }
                }
            }
        }
    }

    /// Writes each item's outcome (if any) and the last error, for the staff panel.
    fn record(&mut self, outcomes: &[(String, Outcome)], error: Option<&str>) {
        let saved = if outcomes.is_empty() { Ok(()) } else { self.store.record_outcomes(outcomes) };
        if let Err(e) = saved.and_then(|()| self.store.set_last_error(error)) {
            tracing::error!(error = %e, "cannot record upload outcomes");
        }
    }

    fn purge(&mut self) {
        let keep = i64::from(self.settings.keep_sent_days) * 24 * 3600 * 1000;
        match self.store.purge_sent(crate::store::now_ms() - keep) {
            Ok(0) => {}
            Ok(n) => tracing::info!(purged = n, "forgot old sent requests"),
            Err(e) => tracing::error!(error = %e, "cannot purge old sent requests"),
        }
        // Usage figures the hub confirmed are kept a while for the staff panel, then forgotten.
        let before = time::OffsetDateTime::now_utc().date() - time::Duration::days(USAGE_KEEP_DAYS);
        if let Err(e) = self.store.usage_purge(before) {
            tracing::error!(error = %e, "cannot forget old usage figures");
        }
    }

    /// Waits `delay`, cut short by "Send now" pressed during the wait (then `true`), or by stopping.
    async fn wait(&self, delay: Duration) -> bool {
        self.wait_part(delay, delay).await
    }

    /// Waits `delay`, a part of a wait of `left` in all (what staff are shown), as [`Worker::wait`].
    async fn wait_part(&self, delay: Duration, left: Duration) -> bool {
        if self.stop.load(Ordering::SeqCst) {
            return false;
        }
        // Created before the wait is announced, so a press seen by anyone who sees the wait counts.
        let (pressed, stopping) = (self.wake.notified(), self.stopping.notified());
        self.status.update(|s| s.waiting = Some(left));
        let was_pressed = tokio::select! {
            _ = pressed => true,
            _ = stopping => false,
            _ = tokio::time::sleep(delay) => false,
        };
        self.status.update(|s| s.waiting = None);
        was_pressed
    }

    async fn upload(&self, batch: &[PendingItem]) -> Result<BatchResult, UploadError> {
        let body = UploadBatch {
            items: batch
                .iter()
                .map(|i| UploadItem {
                    id: i.id.clone(),
                    service_id: i.service_id.clone(),
                    created_at_ms: i.created_at_ms,
                    sealed: STANDARD.encode(&i.sealed),
                })
                .collect(),
        };
        let response = self
            .client
            .post(format!("{}/v1/submissions", self.settings.hub_url))
            .bearer_auth(self.token())
            .json(&body)
            .send()
            .await
            .map_err(request_error)?;
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        if let Some(e) = classify_status(response.status().as_u16(), retry_after) {
            return Err(e);
        }
        let bytes = read_limited(response, MAX_ANSWER_BYTES).await?;
        serde_json::from_slice(&bytes).map_err(|_| UploadError::Garbage)
    }

    /// Fetches the newest signed bundle if it is not the one installed, and installs it. Any failure
    /// keeps the content the kiosk has, with the reason in the log.
    async fn check_content(&self, updates: &ContentUpdates) {
        let have = crate::bundle::current_version(&updates.data_dir).unwrap_or_default();
        let response = self
            .client
            // Installed versions are plain names (checked by bundle::install), safe in a query.
            .get(format!("{}/v1/content/latest?have={have}", self.settings.hub_url))
            .bearer_auth(self.token())
            .send()
            .await;
        let signed: crate::bundle::SignedBundle = match response {
            Ok(r) if r.status() == reqwest::StatusCode::NO_CONTENT => return,
            Ok(r) if r.status().is_success() => {
                match read_limited(r, MAX_BUNDLE_BYTES).await.map(|b| serde_json::from_slice(&b)) {
                    Ok(Ok(s)) => s,
                    Ok(Err(e)) => {
                        tracing::warn!(error = %e, "content update unreadable; keeping the current content");
                        return;
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "content update not received; keeping the current content");
                        return;
                    }
                }
            }
            Ok(r) => {
                tracing::debug!(status = %r.status(), "no content update");
                return;
            }
            Err(e) => {
                tracing::debug!(error = %e, "content update not reachable");
                return;
            }
        };
        let version = signed.version.clone();
        let (data_dir, key) = (updates.data_dir.clone(), updates.verify_key.clone());
        let installed =
            tokio::task::spawn_blocking(move || crate::lint::install_bundle(&data_dir, &signed, &key)).await;
        match installed {
            Ok(Ok(dir)) => {
                tracing::info!(%version, "new content installed; it is used when the current visit ends");
                self.content.offer(dir);
            }
            Ok(Err(e)) => tracing::warn!(%version, error = %e, "content update refused; keeping the current content"),
            Err(e) => tracing::error!(error = %e, "content update failed"),
        }
    }

    /// Tells the hub how the kiosk is doing; whether the hub heard it. The answer names the kiosk
    /// the credential belongs to: a different `kiosk_id` pauses sending with the reason for staff.
    /// A visitor asked for help and staff have not closed the call.
    fn help_open(&self) -> bool {
        self.store.help_requested().unwrap_or(false)
    }

    /// The free times the hub offers, kept for the app, at most once a minute (not with every
    /// 3 s heartbeat of a help call); an older hub without them says 404, and a failure leaves
    /// the last list to grow old.
    async fn fetch_times(&mut self) {
        if self.times_fetched.is_some_and(|t| t.elapsed() < self.settings.times_every) {
            return;
        }
        self.times_fetched = Some(tokio::time::Instant::now());
        let answer =
            self.client.get(format!("{}/v1/times", self.settings.hub_url)).bearer_auth(self.token()).send().await;
        let Ok(answer) = answer.map_err(|e| tracing::debug!(error = %e, "free times not fetched")) else { return };
        if !answer.status().is_success() {
            return;
        }
        match read_limited(answer, MAX_ANSWER_BYTES).await.map(|b| serde_json::from_slice::<FreeTimes>(&b)) {
            Ok(Ok(times)) => self.times.heard(times),
            Ok(Err(e)) => tracing::warn!(error = %e, "the hub's free times are not readable"),
            Err(e) => tracing::warn!(error = %e, "the hub's free times could not be read"),
        }
    }

    async fn heartbeat(&mut self) -> bool {
        let status = self.store.sync_status().unwrap_or_default();
        let beat = Heartbeat {
            version: env!("CARGO_PKG_VERSION").into(),
            queue_depth: status.counts.queued + status.counts.sending,
            last_error: status.last_error,
            help_requested: self.help_open(),
            printer: self.store.condition(Condition::Printer).ok().flatten(),
            content_version: self.store.condition(Condition::Content).ok().flatten(),
            speech: self.store.condition(Condition::Speech).ok().flatten(),
            free_disk_mb: free_disk_mb(&self.database),
            could_not_send: status.counts.dead,
            usage: self.store.usage_unsent(torget_common::usage::MAX_ROWS_PER_BEAT).unwrap_or_default(),
        };
        let sent = self
            .client
            .post(format!("{}/v1/heartbeat", self.settings.hub_url))
            .bearer_auth(self.token())
            .json(&beat)
            .send()
            .await;
        // A heartbeat that reaches the hub is enough to show "online" while the queue is empty.
        let response = match sent {
            Ok(response) if response.status().is_success() => response,
            Ok(response) => {
                let status = response.status().as_u16();
                self.status.update(|s| s.online = Some(true));
                if let Some(refused @ UploadError::Unauthorized(_)) = classify_status(status, None) {
                    self.pause(&refused.to_string(), &[]);
                    return false;
                }
                // Any other refusal says nothing about whose credential this is.
                tracing::warn!(status, "heartbeat refused");
                self.identity_checked = true;
                return true;
            }
            Err(e) => {
                tracing::debug!(error = %e, "heartbeat not delivered");
                let message = request_error(e).to_string();
                self.record(&[], Some(&message));
                self.status.update(|s| {
                    s.online = Some(false);
                    s.last_error = Some(message);
                });
                return false;
            }
        };
        self.status.update(|s| s.online = Some(true));
        self.fetch_times().await;
        // The hub keeps these values now: they are not sent again unless they grow.
        if let Err(e) = self.store.usage_confirmed(&beat.usage) {
            tracing::warn!(error = %e, "cannot note that the hub has the usage figures");
        }
        // A hub that answers without a name (an older one) has no opinion.
        let named = read_limited(response, MAX_ANSWER_BYTES)
            .await
            .ok()
            .and_then(|b| serde_json::from_slice::<HeartbeatAnswer>(&b).ok());
        // Staff's answer to an open help call, for the app to show (never for a call already closed).
        if beat.help_requested
            && let Some(answer) = &named
            && self.store.help_answer().ok().flatten() != answer.help
            && let Err(e) = self.store.set_help_answer(answer.help)
        {
            tracing::error!(error = %e, "cannot keep staff's answer to the help call");
        }
        match (named, &self.settings.kiosk_id) {
            (Some(answer), Some(mine)) if answer.kiosk != *mine => {
                let message = format!(
                    "this kiosk is set up as \"{mine}\" but its hub credential belongs to \"{}\": \
                     requests are kept here until kiosk_id or the credential is corrected",
                    answer.kiosk
                );
                self.identity_checked = false;
                self.pause(&message, &[]);
                false
            }
            _ => {
                self.identity_checked = true;
                true
            }
        }
    }

    /// Stops sending until staff press "Send now": `requeue` goes back to the queue, and the
    /// reason is kept for the staff panel.
    fn pause(&mut self, message: &str, requeue: &[(String, Outcome)]) {
        tracing::error!(error = %message, "sync paused until staff press Send now");
        self.record(requeue, Some(message));
        self.status.update(|s| {
            s.online = Some(true);
            s.paused = true;
            s.last_error = Some(message.to_string());
        });
    }
}

/// An answer's body, at most `limit` bytes: a hub (or something pretending) cannot make the kiosk
/// hold more.
async fn read_limited(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>, UploadError> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(UploadError::Garbage);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(request_error)? {
        if body.len() + chunk.len() > limit {
            return Err(UploadError::Garbage);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn request_error(e: reqwest::Error) -> UploadError {
    if e.is_timeout() { UploadError::Timeout } else { UploadError::Network }
}

/// Whether the answer names every item of the batch exactly once, and nothing else.
pub fn answers_exactly(batch: &[PendingItem], result: &BatchResult) -> bool {
    let mut named: Vec<&str> = result.results.iter().map(|r| r.id.as_str()).collect();
    let mut sent: Vec<&str> = batch.iter().map(|i| i.id.as_str()).collect();
    named.sort_unstable();
    sent.sort_unstable();
    named == sent
}

/// Each item's fate from the hub's answer; an item the hub did not mention is retried.
pub fn outcomes_of(batch: &[PendingItem], result: &BatchResult) -> Vec<(String, Outcome)> {
    batch
        .iter()
        .map(|item| {
            let status = result.results.iter().find(|r| r.id == item.id).map(|r| r.status);
            let outcome = match status {
                Some(s) if s.is_stored() => Outcome::Sent,
                Some(ItemStatus::Conflict) => {
                    Outcome::Dead("the hub has different data under this id (conflict)".into())
                }
                Some(ItemStatus::TooLarge) => Outcome::Dead("the request is too large for the hub".into()),
                Some(_) => Outcome::Dead("the hub says the request is invalid".into()),
                None => Outcome::Retry("the hub did not answer for this request".into()),
            };
            (item.id.clone(), outcome)
        })
        .collect()
}

/// Free space, in MiB, on the filesystem that holds `file` (what an unprivileged writer may use).
pub fn free_disk_mb(file: &Path) -> Option<u64> {
    let dir = file.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let stat = rustix::fs::statvfs(dir).ok()?;
    Some(stat.f_bavail.saturating_mul(stat.f_frsize) / (1024 * 1024))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_are_classified_by_one_rule() {
        assert_eq!(classify_status(200, None), None);
        assert_eq!(classify_status(500, None).unwrap().class(), Class::Retry { retry_after: None });
        assert_eq!(classify_status(503, None).unwrap().class(), Class::Retry { retry_after: None });
        let wait = Some(Duration::from_secs(7));
        assert_eq!(classify_status(429, wait).unwrap().class(), Class::Retry { retry_after: wait });
        assert_eq!(classify_status(401, None).unwrap().class(), Class::Pause);
        assert_eq!(classify_status(403, None).unwrap().class(), Class::Pause);
        assert_eq!(classify_status(413, None).unwrap().class(), Class::Refused);
        for whole_request in [400, 404, 405, 415] {
            assert_eq!(classify_status(whole_request, None).unwrap().class(), Class::Pause, "{whole_request}");
        }
        let asked = Some(Duration::from_secs(99_999_999));
        assert_eq!(
            classify_status(429, asked).unwrap().class(),
            Class::Retry { retry_after: Some(MAX_RETRY_AFTER) },
            "a hub cannot stop the kiosk for years"
        );
        assert!(
            classify_status(429, Some(MAX_RETRY_AFTER)).unwrap().to_string().contains("60 minutes"),
            "staff see how long"
        );
        assert!(UploadError::Unauthorized(401).is_permanent());
        assert!(!UploadError::Network.is_permanent());
        assert!(!UploadError::Garbage.is_permanent());
    }

    #[test]
    fn backoff_doubles_to_the_cap_with_full_jitter_and_honours_retry_after() {
        let mut b = Backoff::new(Duration::from_secs(1), Duration::from_secs(300));
        let ceilings: Vec<u64> = (0..12)
            .map(|_| {
                let c = b.ceiling().as_secs();
                let d = b.next(None, u64::MAX - 1);
                assert!(d.as_secs() <= c);
                c
            })
            .collect();
        assert_eq!(ceilings, vec![1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]);
        assert_eq!(b.next(None, 0), Duration::ZERO, "full jitter reaches zero");
        assert_eq!(b.next(Some(Duration::from_secs(30)), 0), Duration::from_secs(30));
        b.reset();
        assert_eq!(b.ceiling(), Duration::from_secs(1));
        // A fleet told "Retry-After: 30" comes back over the next 30 s, never before.
        b.attempt = 10;
        let waits: Vec<Duration> = (0..1000u64)
            .map(|k| b.next(Some(Duration::from_secs(30)), k.wrapping_mul(0x9e37_79b9_7f4a_7c15)))
            .collect();
        assert!(waits.iter().all(|w| *w >= Duration::from_secs(30) && *w < Duration::from_secs(60)));
        let seconds: std::collections::BTreeSet<u64> = waits.iter().map(|w| w.as_secs()).collect();
        assert!(seconds.len() >= 25, "spread over the 30 s, not bunched: {seconds:?}");
        b.reset();
        assert_eq!(b.ceiling(), Duration::from_secs(1));
    }

    #[test]
    fn only_the_hubs_retry_after_becomes_a_floor_and_success_starts_the_backoff_over() {
        let mut pacing = Pacing::new(Duration::from_secs(1), Duration::from_secs(300));
        assert_eq!(pacing.hold(), None, "nothing failed yet");
        pacing.failed(None, 0);
        assert_eq!(pacing.hold(), None, "a failure without Retry-After sets no floor: Send now may try at once");
        let wait = pacing.failed(Some(Duration::from_secs(20)), 12_345);
        assert!(wait >= Duration::from_secs(20), "{wait:?}");
        let left = pacing.hold().expect("a floor after a 429");
        assert!(left > Duration::from_secs(19) && left <= wait, "{left:?} of {wait:?}");
        assert!(pacing.hold().is_some(), "asking again does not lift it");
        pacing.hub_back();
        pacing.pressed();
        assert!(pacing.hold().is_some(), "neither the hub's return nor Send now lifts it");
        pacing.succeeded();
        assert_eq!(pacing.backoff.ceiling(), Duration::from_secs(1));
    }

    #[test]
    fn a_backoff_ends_with_send_now_or_when_the_hub_is_back_and_starts_over() {
        let mut pacing = Pacing::new(Duration::from_secs(10), Duration::from_secs(300));
        // 10^12 ns modulo the fifth ceiling (160 s) is a wait of 40 s.
        for _ in 0..5 {
            pacing.failed(None, 1_000_000_000_000);
        }
        assert_eq!(pacing.backoff.ceiling(), Duration::from_secs(300), "grown to the cap");
        assert!(pacing.backing_off().is_some_and(|left| left > Duration::from_secs(30)), "{pacing:?}");
        assert_eq!(pacing.hold(), None, "a backoff is no floor");
        pacing.pressed();
        assert_eq!(pacing.backing_off(), None, "Send now ends it");
        pacing.failed(None, 1_000_000_000_000);
        assert!(pacing.backing_off().is_some());
        pacing.hub_back();
        assert_eq!(pacing.backing_off(), None, "the hub answering again ends it");
        assert_eq!(pacing.backoff.ceiling(), Duration::from_secs(10), "and it starts over");
    }
}
