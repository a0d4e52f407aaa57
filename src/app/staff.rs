//! Staff mode: the PIN page, the staff panel (queue, dead letters, kiosk health, settings) and
//! assisted visits, kept apart from the visitor's session in [`StaffMode`].
//!
//! Staff mode owns its store calls (accounts, lockout, settings, audit, the queue figures) through
//! the kiosk's [`Outbox`]. The panel's figures are read when staff act and on the once-a-second
//! tick while the panel shows, never while a page is drawn; a store that cannot be read is said on
//! the panel, not shown as an empty queue. Every staff action is written to the audit log; no answer
//! is ever shown or logged here.

use std::time::{Duration, Instant};

use fluent_bundle::FluentValue;

use super::view::{DeadView, PanelView, PinView, StaffPage};
use crate::content::Catalog;
use crate::i18n::I18n;
use crate::outbox::Outbox;
use crate::print::PrinterState;
use crate::session::{Screen, Session};
use crate::staff::{FAILURES_BEFORE_LOCK, STAFF_IDLE, lock_for, verify_pin};
use crate::store::{AuditPurge, OutboxRow, StoreError, SyncStatus, now_ms};
use crate::sync::{LiveStatus, SendNow};

/// A PIN is at most this long; the pad ignores more digits.
const PIN_MAX: usize = 8;
/// The PIN page closes by itself after this long without a touch.
const PIN_IDLE: Duration = Duration::from_secs(60);

/// What staff do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffAction {
    /// The discreet entry: a long press in the attract screen's corner, or Ctrl+Alt+S.
    Enter,
    Digit(u8),
    Backspace,
    Submit,
    Cancel,
    SendNow,
    /// Dead item `n` of the list goes back to the queue.
    Retry(usize),
    /// Asks to discard dead item `n`; a reason must be chosen to confirm.
    Discard(usize),
    /// The reason for the discard asked for (index into the reasons), which confirms it.
    DiscardReason(usize),
    DiscardCancel,
    /// Start a visit with assistance: the same journey, with a band, recorded as assisted.
    Assist,
    /// The visitor asked for help; staff saw to it.
    ClearHelp,
    /// Setting `n` of the panel's list moves to its next value (language, idle time, speech, text
    /// size, contrast).
    Setting(usize),
    /// Leave the kiosk to the desktop: asks for an administrator's PIN.
    Exit,
    SignOut,
}

/// The settings staff may change, in the order the panel lists them.
pub const SETTINGS: [&str; 5] =
    ["default_language", "idle_seconds", "speech_default", "text_size_default", "contrast_default"];
/// The idle times staff may choose, in seconds: long enough to read, short enough to protect the visitor.
pub const IDLE_CHOICES: [u64; 6] = [60, 90, 120, 180, 240, 300];

#[derive(Debug, Clone)]
struct SignedIn {
    pub name: String,
}

/// Staff mode's state, kept apart from the visitor's session.
#[derive(Debug, Clone, Default)]
struct StaffState {
    signed_in: Option<SignedIn>,
    /// The PIN being typed (the PIN page is open).
    pin: Option<String>,
    message: String,
    last_touch: Option<Instant>,
    /// Index of the dead item being discarded (the confirmation is open).
    discarding: Option<usize>,
    /// The account helping the current visitor.
    assisting: Option<String>,
    /// A visitor pressed "Get help from staff" and nobody cleared it yet.
    help_requested: bool,
    /// The PIN pad asks for an administrator's PIN, to leave the kiosk.
    exit_pin: bool,
    /// An administrator chose to leave the kiosk: the window closes.
    exit: bool,
}

/// What the panel shows of the queue and the disk, as last read from the store.
#[derive(Debug, Clone, Default)]
struct Figures {
    status: SyncStatus,
    sent_today: u64,
    dead: Vec<OutboxRow>,
    free_bytes: Option<u64>,
    /// The store could not be read: said on the panel.
    error: Option<String>,
    /// Where the content in use comes from.
    content: String,
}

/// What staff mode works with, lent by the controller for one call.
pub(super) struct Desk<'a> {
    pub session: &'a mut Session,
    pub outbox: &'a mut Outbox,
    pub catalog: &'a Catalog,
    pub i18n: &'a I18n,
    pub send_now: Option<&'a SendNow>,
}

/// What the panel needs besides staff mode's own state, to be drawn.
pub(super) struct PanelFacts<'a> {
    pub catalog: &'a Catalog,
    pub i18n: &'a I18n,
    pub session: &'a Session,
    pub live: Option<LiveStatus>,
    /// A voice for the staff language exists.
    pub speech: bool,
    /// The printer's state; `None` when the kiosk has no printer.
    pub printer: Option<crate::print::PrinterState>,
}

/// Staff texts are in the kiosk's default language, whatever the visitor chose.
struct Texts<'a> {
    i18n: &'a I18n,
    lang: &'a str,
}

impl Texts<'_> {
    fn of<'a>(catalog: &'a Catalog, i18n: &'a I18n) -> Texts<'a> {
        Texts { i18n, lang: &catalog.default_language }
    }
    fn t(&self, key: &str) -> String {
        self.i18n.text(self.lang, key)
    }
    fn f(&self, key: &str, args: &[(&str, FluentValue)]) -> String {
        self.i18n.format(self.lang, key, args)
    }
}

/// Staff mode: who is signed in, the PIN pad, the help request, the settings for the next visitors.
pub struct StaffMode {
    state: StaffState,
    figures: Figures,
    /// The language and idle time of the configuration, before staff settings.
    configured_language: String,
    configured_idle: Duration,
}

const REASONS: [&str; 3] = ["staff-reason-duplicate", "staff-reason-test", "staff-reason-undeliverable"];

impl StaffMode {
    /// Staff mode at start, knowing the configured start language and idle time.
    pub(super) fn new(configured_language: String, configured_idle: Duration) -> StaffMode {
        StaffMode { state: StaffState::default(), figures: Figures::default(), configured_language, configured_idle }
    }

    /// Staff mode is showing (the PIN page or the panel), not a visitor's page.
    pub fn in_staff_mode(&self) -> bool {
        self.state.pin.is_some() || self.panel_open()
    }

    fn panel_open(&self) -> bool {
        self.state.signed_in.is_some() && self.state.assisting.is_none()
    }

    /// The account helping the current visit, if any (the band shows).
    pub fn assisted_by(&self) -> Option<&str> {
        self.state.assisting.as_deref()
    }

    /// A visitor asked for help (the heartbeat tells the hub too).
    pub fn help_requested(&self) -> bool {
        self.state.help_requested
    }

    /// An administrator left the kiosk: the window should close.
    pub fn exit_requested(&self) -> bool {
        self.state.exit
    }

    /// The visitor touched the screen during an assisted visit: the staff session stays alive.
    pub(super) fn visitor_touched(&mut self, now: Instant) {
        self.state.last_touch = self.state.signed_in.as_ref().map(|_| now);
    }

    pub(super) fn request_help(&mut self, outbox: &mut Outbox) {
        if !self.state.help_requested {
            self.state.help_requested = true;
            // A new call: an answer to an earlier one means nothing for it.
            if let Err(e) = outbox.store().and_then(|s| s.set_help_answer(None)) {
                tracing::error!(error = %e, "could not reset the answer to the help call");
            }
            self.save_help_flag(outbox);
            tracing::info!("a visitor asked for help from staff");
        }
    }

    /// Staff closed the help call at the desk (the hub's answer "done").
    pub(super) fn help_closed_at_desk(&mut self, outbox: &mut Outbox) {
        if self.state.help_requested {
            self.state.help_requested = false;
            self.save_help_flag(outbox);
            self.audit(outbox, "help request closed at the desk", "");
        }
    }

    /// The heartbeat tells the hub about the help request; it reads the flag from the store.
    fn save_help_flag(&mut self, outbox: &mut Outbox) {
        let open = self.state.help_requested;
        if let Err(e) = outbox.store().and_then(|s| s.set_help_requested(open)) {
            tracing::error!(error = %e, "could not save the help request");
        }
    }

    fn audit(&self, outbox: &mut Outbox, action: &str, detail: &str) {
        let staff = self.state.signed_in.as_ref().map(|s| s.name.as_str());
        if let Err(e) = outbox.store().and_then(|s| s.audit(now_ms(), staff, action, detail)) {
            tracing::error!(error = %e, action, "could not write the audit log");
        }
    }

    pub(super) fn handle(&mut self, action: StaffAction, now: Instant, desk: &mut Desk) {
        if action != StaffAction::Enter {
            self.state.last_touch = Some(now);
        }
        let texts = Texts::of(desk.catalog, desk.i18n);
        match action {
            // Only between visits: staff never see a visitor's page by entering staff mode.
            StaffAction::Enter if *desk.session.screen() == Screen::Attract && !self.in_staff_mode() => {
                self.state.pin = Some(String::new());
                self.state.message.clear();
                self.state.last_touch = Some(now);
            }
            StaffAction::Digit(d) => {
                if let Some(pin) = self.state.pin.as_mut()
                    && pin.len() < PIN_MAX
                    && d < 10
                {
                    pin.push(char::from(b'0' + d));
                }
            }
            StaffAction::Backspace => {
                if let Some(pin) = self.state.pin.as_mut() {
                    pin.pop();
                }
            }
            StaffAction::Submit => self.submit_pin(desk, &texts),
            StaffAction::Cancel => {
                self.state.pin = None;
                self.state.exit_pin = false;
                self.state.message.clear();
            }
            StaffAction::SendNow if self.panel_open() => {
                if let Some(w) = desk.send_now {
                    w.send_now();
                }
                self.audit(desk.outbox, "send now", "");
            }
            StaffAction::Retry(i) if self.panel_open() => {
                if let Some(row) = self.figures.dead.get(i).cloned()
                    && desk.outbox.store().is_ok_and(|s| s.retry_dead(&row.id).unwrap_or(false))
                {
                    self.audit(desk.outbox, "retry", &row.reference);
                    if let Some(w) = desk.send_now {
                        w.send_now();
                    }
                }
            }
            StaffAction::Discard(i) if self.panel_open() && i < self.figures.dead.len() => {
                self.state.discarding = Some(i);
            }
            StaffAction::DiscardReason(r) if self.panel_open() => {
                let (Some(i), Some(reason)) = (self.state.discarding.take(), REASONS.get(r)) else { return };
                if let Some(row) = self.figures.dead.get(i).cloned()
                    && desk.outbox.store().is_ok_and(|s| s.discard_dead(&row.id).unwrap_or(false))
                {
                    let reason = texts.t(reason);
                    self.audit(desk.outbox, "discard", &format!("{} ({}): {reason}", row.reference, row.service_id));
                }
            }
            StaffAction::DiscardCancel => self.state.discarding = None,
            StaffAction::ClearHelp if self.panel_open() => {
                self.state.help_requested = false;
                self.save_help_flag(desk.outbox);
                if let Some(sync) = desk.send_now {
                    sync.heartbeat_now();
                }
                self.audit(desk.outbox, "help request cleared", "");
            }
            StaffAction::Assist if self.panel_open() => {
                let name = self.state.signed_in.as_ref().map(|s| s.name.clone()).unwrap_or_default();
                self.state.assisting = Some(name);
                desk.session.start();
                self.audit(desk.outbox, "assisted visit started", "");
            }
            StaffAction::Setting(i) if self.panel_open() => self.next_setting(i, desk),
            StaffAction::Exit if self.panel_open() => {
                self.state.pin = Some(String::new());
                self.state.exit_pin = true;
                self.state.message.clear();
            }
            StaffAction::SignOut => self.sign_out(desk.outbox, "signed out"),
            _ => {}
        }
        if self.panel_open() {
            self.refresh(desk);
        }
    }

    fn sign_out(&mut self, outbox: &mut Outbox, why: &str) {
        if self.state.signed_in.is_some() {
            self.audit(outbox, why, "");
        }
        let help = self.state.help_requested;
        self.state = StaffState { help_requested: help, ..StaffState::default() };
        self.figures = Figures::default();
    }

    fn submit_pin(&mut self, desk: &mut Desk, texts: &Texts) {
        let Some(pin) = self.state.pin.clone() else { return };
        // OK on an empty pad is not a guess: it never counts towards the lockout, so visitors
        // pressing it cannot lock staff out.
        if pin.is_empty() {
            return;
        }
        let Ok(store) = desk.outbox.store() else {
            self.state.message = texts.t("staff-pin-no-store");
            return;
        };
        let now = now_ms();
        let (failures, locked_until) = store.pin_lockout().unwrap_or((0, 0));
        if locked_until > now {
            let seconds = (locked_until - now + 999) / 1000;
            self.state.message = texts.f("staff-pin-locked", &[("seconds", seconds.into())]);
            self.state.pin = Some(String::new());
            return;
        }
        let exit = self.state.exit_pin;
        // Leaving the kiosk takes an administrator's PIN; signing in takes anyone's.
        let accounts: Vec<_> = store.staff().unwrap_or_default().into_iter().filter(|a| a.admin || !exit).collect();
        match accounts.into_iter().find(|a| verify_pin(&a.pin_hash, &pin)) {
            Some(account) if exit => {
                let _ = store.set_pin_lockout(0, 0);
                let name = account.name;
                let _ = store.audit(now, Some(&name), "left the kiosk to the desktop", "");
                self.state.pin = None;
                self.state.exit = true;
            }
            Some(account) => {
                let _ = store.set_pin_lockout(0, 0);
                self.state.signed_in = Some(SignedIn { name: account.name });
                self.state.pin = None;
                self.state.message.clear();
                self.audit(desk.outbox, "signed in", "");
            }
            None => {
                let failures = failures + 1;
                let lock = lock_for(failures);
                let _ = store.set_pin_lockout(failures, now + lock.as_millis() as i64);
                self.state.pin = Some(String::new());
                self.state.message = if lock.is_zero() {
                    let left = i64::from(FAILURES_BEFORE_LOCK - failures);
                    texts.f("staff-pin-wrong", &[("left", left.into())])
                } else {
                    texts.f("staff-pin-locked", &[("seconds", (lock.as_secs() as i64).into())])
                };
                self.audit(desk.outbox, "wrong PIN", &format!("{failures} in a row"));
            }
        }
    }

    /// The once-a-second check: a staff session or PIN page left alone ends by itself, and the
    /// panel's figures are read again while it shows.
    /// A visit was wiped after idle time. If staff were assisting it, they have walked away too:
    /// their session ends rather than reopening the panel for whoever touches the kiosk next.
    pub(super) fn visit_left_idle(&mut self, desk: &mut Desk) {
        if self.state.assisting.take().is_some() {
            self.sign_out(desk.outbox, "signed out: the assisted visit was left idle");
        }
    }

    pub(super) fn tick(&mut self, now: Instant, desk: &mut Desk) {
        // An assisted visit that ended (Done, Cancel or the idle wipe) returns to the panel.
        if self.state.assisting.is_some() && *desk.session.screen() == Screen::Attract {
            self.state.assisting = None;
            self.state.last_touch = Some(now);
        }
        if let Some(last) = self.state.last_touch {
            let idle = now.saturating_duration_since(last);
            if self.state.pin.is_some() && self.state.signed_in.is_none() && idle >= PIN_IDLE {
                self.state.pin = None;
                self.state.message.clear();
            }
            if self.panel_open() && idle >= STAFF_IDLE {
                self.sign_out(desk.outbox, "signed out after idle time");
            }
        }
        if self.panel_open() {
            self.refresh(desk);
        }
    }

    /// Reads the panel's figures from the store. A store that cannot be read keeps the last figures
    /// and says why.
    fn refresh(&mut self, desk: &mut Desk) {
        let outbox = &mut *desk.outbox;
        let today = time::OffsetDateTime::now_utc().replace_time(time::Time::MIDNIGHT);
        let since = (today.unix_timestamp_nanos() / 1_000_000) as i64;
        let read = outbox
            .store()
            .and_then(|s| -> Result<_, StoreError> { Ok((s.sync_status()?, s.sent_since(since)?, s.dead()?)) });
        match read {
            Ok((status, sent_today, dead)) => {
                self.figures.status = status;
                self.figures.sent_today = sent_today;
                self.figures.dead = dead;
                self.figures.error = None;
            }
            Err(e) => {
                tracing::error!(error = %e, "the staff panel cannot read the store");
                self.figures.error = Some(e.to_string());
            }
        }
        self.figures.free_bytes = crate::store::free_bytes(outbox.database());
        self.figures.content = content_version(desk.catalog);
    }

    /// At start: the settings staff changed, and a help request no staff member has cleared yet.
    pub(super) fn load(&mut self, desk: &mut Desk) {
        self.load_settings(desk);
        self.state.help_requested = desk.outbox.open_store().and_then(|s| s.help_requested().ok()).unwrap_or(false);
    }

    /// Deletes audit entries older than `retention_days`; the purge is itself logged.
    pub(super) fn purge_audit(&self, outbox: &mut Outbox, retention_days: u32) {
        match outbox.store().and_then(|s| s.audit_purge(retention_days, now_ms())) {
            Ok(AuditPurge::Purged(n)) => tracing::info!(purged = n, "audit entries past the retention period purged"),
            Ok(AuditPurge::ClockAhead) => tracing::warn!(
                "the clock is more than a year past the newest audit entry: no audit entry purged (check the clock)"
            ),
            Err(e) => tracing::error!(error = %e, "could not purge old audit entries"),
        }
    }

    /// Reads the settings staff changed from the store and applies them to the next visits.
    fn load_settings(&self, desk: &mut Desk) {
        let store = desk.outbox.open_store();
        let get = |key: &str| store.and_then(|s| s.setting(key).ok().flatten());
        let lang = get(SETTINGS[0])
            .filter(|l| desk.catalog.language(l).is_some())
            .unwrap_or_else(|| self.configured_language.clone());
        let idle = get(SETTINGS[1])
            .and_then(|v| v.parse::<u64>().ok())
            .filter(|v| IDLE_CHOICES.contains(v))
            .map_or(self.configured_idle, Duration::from_secs);
        let defaults = crate::session::VisitDefaults {
            speech: get(SETTINGS[2]).as_deref() == Some("on"),
            text_size: get(SETTINGS[3]).and_then(|v| v.parse().ok()).unwrap_or(0),
            high_contrast: get(SETTINGS[4]).as_deref() == Some("on"),
        };
        desk.session.set_defaults(&lang, idle, defaults);
    }

    fn next_setting(&mut self, i: usize, desk: &mut Desk) {
        let Some(key) = SETTINGS.get(i) else { return };
        let (lang, idle, d) = desk.session.defaults();
        let value = match i {
            0 => {
                let langs = &desk.catalog.languages;
                let at = langs.iter().position(|l| l.code == lang).unwrap_or(0);
                langs[(at + 1) % langs.len()].code.clone()
            }
            1 => {
                let at = IDLE_CHOICES.iter().position(|&s| s == idle.as_secs()).map_or(0, |p| p + 1);
                IDLE_CHOICES[at % IDLE_CHOICES.len()].to_string()
            }
            2 => if d.speech { "off" } else { "on" }.to_string(),
            3 => ((d.text_size + 1) % 3).to_string(),
            _ => if d.high_contrast { "off" } else { "on" }.to_string(),
        };
        match desk.outbox.store().and_then(|s| s.set_setting(key, &value)) {
            Ok(()) => {
                self.load_settings(desk);
                self.audit(desk.outbox, "setting changed", &format!("{key} = {value}"));
            }
            Err(e) => tracing::error!(setting = key, error = %e, "could not save a setting"),
        }
    }

    /// The staff page to show instead of the visitor's, if any. Builds from what staff mode holds
    /// and the facts given; reads nothing from disk.
    pub(super) fn page(&self, facts: &PanelFacts) -> Option<StaffPage> {
        let texts = Texts::of(facts.catalog, facts.i18n);
        if self.state.pin.is_some() {
            Some(StaffPage::Pin(self.pin_view(&texts)))
        } else if self.panel_open() {
            Some(StaffPage::Panel(Box::new(self.panel_view(facts, &texts))))
        } else {
            None
        }
    }

    fn pin_view(&self, texts: &Texts) -> PinView {
        PinView {
            title: texts.t(if self.state.exit_pin { "staff-exit-pin-title" } else { "staff-pin-title" }),
            dots: "●".repeat(self.state.pin.as_ref().map_or(0, |p| p.chars().count())),
            message: self.state.message.clone(),
            ok: texts.t("staff-pin-ok"),
            cancel: texts.t("staff-cancel"),
            backspace: texts.t("key-backspace"),
        }
    }

    fn settings_view(&self, facts: &PanelFacts, texts: &Texts) -> Vec<String> {
        let (lang, idle, d) = facts.session.defaults();
        let on_off = |on: bool| texts.t(if on { "staff-on" } else { "staff-off" });
        let endonym = facts.catalog.language(&lang).map_or(lang.clone(), |l| l.endonym.clone());
        let size = ["text-size-normal", "text-size-large", "text-size-extra"][d.text_size.min(2)];
        vec![
            texts.f("staff-setting-language", &[("value", endonym.into())]),
            texts.f("staff-setting-idle", &[("seconds", (idle.as_secs() as i64).into())]),
            texts.f("staff-setting-speech", &[("value", on_off(d.speech).into())]),
            texts.f("staff-setting-text-size", &[("value", texts.t(size).into())]),
            texts.f("staff-setting-contrast", &[("value", on_off(d.high_contrast).into())]),
        ]
    }

    fn panel_view(&self, facts: &PanelFacts, texts: &Texts) -> PanelView {
        let lang = texts.lang;
        let time_of = |ms: i64| {
            time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
                .map(|t| super::paper::date_and_time(facts.i18n, lang, t))
                .unwrap_or_default()
        };
        let status = &self.figures.status;
        let c = status.counts;
        let online = facts.live.as_ref().and_then(|l| l.online);
        let last_error = facts.live.as_ref().and_then(|l| l.last_error.clone()).or(status.last_error.clone());
        let dead = &self.figures.dead;
        let name = self.state.signed_in.as_ref().map(|s| s.name.clone()).unwrap_or_default();
        let free = self.figures.free_bytes.map_or_else(|| "?".to_string(), |b| format!("{} MB", b / 1_000_000));
        let mut v = PanelView {
            title: texts.f("staff-title", &[("name", name.into())]),
            queue_title: texts.t("staff-queue"),
            counts: texts.f(
                "staff-counts",
                &[
                    ("queued", (c.queued as i64).into()),
                    ("sending", (c.sending as i64).into()),
                    ("sent", (self.figures.sent_today as i64).into()),
                    ("dead", (c.dead as i64).into()),
                ],
            ),
            connection: texts.t(match online {
                Some(true) => "staff-online",
                Some(false) => "staff-offline",
                None => "staff-no-hub",
            }),
            last_success: texts.f(
                "staff-last-success",
                &[("time", status.last_success_ms.map_or_else(|| texts.t("staff-never"), time_of).into())],
            ),
            last_error: match (&self.figures.error, last_error) {
                (Some(e), _) => texts.f("staff-store-error", &[("error", e.clone().into())]),
                (None, Some(e)) => texts.f("staff-last-error", &[("error", e.into())]),
                (None, None) => texts.t("staff-no-error"),
            },
            send_now: texts.t("staff-send-now"),
            dead_title: texts.t("staff-dead-title"),
            dead: dead
                .iter()
                .map(|r| DeadView {
                    text: format!(
                        "{} · {} · {} · {}",
                        r.reference,
                        facts.i18n.text(lang, &crate::content::text_id(&[&r.service_id, "title"])),
                        time_of(r.created_at_ms),
                        r.last_error.clone().unwrap_or_default()
                    ),
                    retry: format!("{}: {}", texts.t("staff-retry"), r.reference),
                    discard: format!("{}: {}", texts.t("staff-discard"), r.reference),
                })
                .collect(),
            retry_word: texts.t("staff-retry"),
            discard_word: texts.t("staff-discard"),
            health_title: texts.t("staff-health"),
            health: vec![
                texts.f("staff-version", &[("version", env!("CARGO_PKG_VERSION").into())]),
                texts.f("staff-content", &[("content", self.figures.content.clone().into())]),
                texts.f("staff-disk", &[("free", free.into())]),
                texts.t(if facts.speech { "staff-speech-on" } else { "staff-speech-off" }),
            ]
            .into_iter()
            .chain(facts.printer.as_ref().map(|p| match p {
                PrinterState::Ready => texts.t("staff-printer-ready"),
                PrinterState::Unknown => texts.t("staff-printer-unknown"),
                PrinterState::NotWorking(why) => texts.f("staff-printer-failed", &[("reason", why.to_string().into())]),
            }))
            .collect(),
            help: if self.state.help_requested { texts.t("staff-help-requested") } else { String::new() },
            clear_help: texts.t("staff-clear-help"),
            settings_title: texts.t("staff-settings"),
            settings: self.settings_view(facts, texts),
            exit: texts.t("staff-exit"),
            assist: texts.t("staff-assist"),
            sign_out: texts.t("staff-sign-out"),
            ..PanelView::default()
        };
        if let Some(row) = self.state.discarding.and_then(|i| dead.get(i)) {
            v.confirm_title = texts.f("staff-discard-title", &[("reference", row.reference.clone().into())]);
            v.confirm_body = texts.t("staff-discard-body");
            v.reasons = REASONS.iter().map(|k| texts.t(k)).collect();
            v.confirm_cancel = texts.t("staff-cancel");
        }
        v
    }
}

/// Where the content in use comes from: an installed bundle's folder names its version.
fn content_version(catalog: &Catalog) -> String {
    let root = std::fs::canonicalize(&catalog.root).unwrap_or_else(|_| catalog.root.clone());
    root.display().to_string()
}
