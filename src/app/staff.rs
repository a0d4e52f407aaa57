//! Staff mode: the PIN page, the staff panel (queue, dead letters, kiosk health) and assisted visits.
//! Every staff action is written to the audit log; no answer is ever shown or logged here.

use std::time::Instant;

use fluent_bundle::FluentValue;

use super::{App, Page};
use crate::session::Screen;
use crate::staff::{FAILURES_BEFORE_LOCK, STAFF_IDLE, lock_for, verify_pin};
use crate::store::now_ms;

/// A PIN is at most this long; the pad ignores more digits.
const PIN_MAX: usize = 8;
/// The PIN page closes by itself after this long without a touch.
const PIN_IDLE: std::time::Duration = std::time::Duration::from_secs(60);

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
pub(super) struct SignedIn {
    pub name: String,
}

/// Staff mode's state, kept apart from the visitor's session.
#[derive(Debug, Clone, Default)]
pub(super) struct StaffState {
    pub signed_in: Option<SignedIn>,
    /// The PIN being typed (the PIN page is open).
    pub pin: Option<String>,
    pub message: String,
    pub last_touch: Option<Instant>,
    /// Index of the dead item being discarded (the confirmation is open).
    pub discarding: Option<usize>,
    /// The account helping the current visitor.
    pub assisting: Option<String>,
    /// A visitor pressed "Get help from staff" and nobody cleared it yet.
    pub help_requested: bool,
    /// The PIN pad asks for an administrator's PIN, to leave the kiosk.
    pub exit_pin: bool,
    /// An administrator chose to leave the kiosk: the window closes.
    pub exit: bool,
}

/// The PIN page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PinView {
    pub title: String,
    /// One dot per digit typed; the digits themselves are never on screen or spoken.
    pub dots: String,
    pub message: String,
    pub ok: String,
    pub cancel: String,
    pub backspace: String,
}

/// One request the hub will never take: what staff may see of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeadView {
    pub text: String,
    pub retry: String,
    pub discard: String,
}

/// The staff panel.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PanelView {
    pub title: String,
    pub queue_title: String,
    pub counts: String,
    pub connection: String,
    pub last_success: String,
    pub last_error: String,
    pub send_now: String,
    pub dead_title: String,
    pub dead: Vec<DeadView>,
    /// The words on the Retry and Discard buttons of each dead item (their accessible names add the reference).
    pub retry_word: String,
    pub discard_word: String,
    pub health_title: String,
    pub health: Vec<String>,
    pub help: String,
    pub clear_help: String,
    pub settings_title: String,
    /// One button per setting, saying its value; pressing moves to the next value.
    pub settings: Vec<String>,
    pub exit: String,
    pub assist: String,
    pub sign_out: String,
    /// The discard confirmation: title, body, reasons and cancel; empty title when closed.
    pub confirm_title: String,
    pub confirm_body: String,
    pub reasons: Vec<String>,
    pub confirm_cancel: String,
}

const REASONS: [&str; 3] = ["staff-reason-duplicate", "staff-reason-test", "staff-reason-undeliverable"];

impl App {
    /// Staff mode is showing (the PIN page or the panel), not a visitor's page.
    pub fn in_staff_mode(&self) -> bool {
        self.staff.pin.is_some() || (self.staff.signed_in.is_some() && self.staff.assisting.is_none())
    }

    /// Whether the current visit is assisted by staff (the band shows).
    pub fn assisted_by(&self) -> Option<&str> {
        self.staff.assisting.as_deref()
    }

    /// A visitor asked for help (the heartbeat tells the hub too).
    pub fn help_requested(&self) -> bool {
        self.staff.help_requested
    }

    pub(super) fn request_help(&mut self) {
        if !self.staff.help_requested {
            self.staff.help_requested = true;
            self.save_help_flag();
            tracing::info!("a visitor asked for help from staff");
        }
    }

    /// The heartbeat tells the hub about the help request; it reads the flag from the store.
    fn save_help_flag(&mut self) {
        let value = if self.staff.help_requested { "yes" } else { "no" };
        if let Some(Err(e)) = self.store.as_mut().map(|s| s.set_setting("help_requested", value)) {
            tracing::error!(error = %e, "could not save the help request");
        }
    }

    fn staff_text(&self, key: &str) -> String {
        self.i18n.text(&self.catalog.default_language, key)
    }

    fn staff_format(&self, key: &str, args: &[(&str, FluentValue)]) -> String {
        self.i18n.format(&self.catalog.default_language, key, args)
    }

    fn audit(&mut self, action: &str, detail: &str) {
        let staff = self.staff.signed_in.as_ref().map(|s| s.name.clone());
        if let Err(e) = self.open_store().and_then(|s| s.audit(now_ms(), staff.as_deref(), action, detail)) {
            tracing::error!(error = %e, action, "could not write the audit log");
        }
    }

    pub(super) fn handle_staff(&mut self, action: StaffAction, now: Instant) {
        if action != StaffAction::Enter {
            self.staff.last_touch = Some(now);
        }
        match action {
            // Only between visits: staff never see a visitor's page by entering staff mode.
            StaffAction::Enter if *self.session.screen() == Screen::Attract && !self.in_staff_mode() => {
                self.staff.pin = Some(String::new());
                self.staff.message.clear();
                self.staff.last_touch = Some(now);
            }
            StaffAction::Digit(d) => {
                if let Some(pin) = self.staff.pin.as_mut()
                    && pin.len() < PIN_MAX
                    && d < 10
                {
                    pin.push(char::from(b'0' + d));
                }
            }
            StaffAction::Backspace => {
                if let Some(pin) = self.staff.pin.as_mut() {
                    pin.pop();
                }
            }
            StaffAction::Submit => self.submit_pin(),
            StaffAction::Cancel => {
                self.staff.pin = None;
                self.staff.exit_pin = false;
                self.staff.message.clear();
            }
            StaffAction::SendNow if self.staff_can_act() => {
                if let Some(w) = &self.send_now {
                    w.send_now();
                }
                self.audit("send now", "");
            }
            StaffAction::Retry(i) if self.staff_can_act() => {
                if let Some(row) = self.dead_rows().get(i).cloned() {
                    if self.store.as_mut().is_some_and(|s| s.retry_dead(&row.id).unwrap_or(false)) {
                        self.audit("retry", &row.reference);
                        if let Some(w) = &self.send_now {
                            w.send_now();
                        }
                    }
                }
            }
            StaffAction::Discard(i) if self.staff_can_act() && i < self.dead_rows().len() => {
                self.staff.discarding = Some(i);
            }
            StaffAction::DiscardReason(r) if self.staff_can_act() => {
                let (Some(i), Some(reason)) = (self.staff.discarding.take(), REASONS.get(r)) else { return };
                if let Some(row) = self.dead_rows().get(i).cloned() {
                    if self.store.as_mut().is_some_and(|s| s.discard_dead(&row.id).unwrap_or(false)) {
                        let reason = self.staff_text(reason);
                        self.audit("discard", &format!("{} ({}): {reason}", row.reference, row.service_id));
                    }
                }
            }
            StaffAction::DiscardCancel => self.staff.discarding = None,
            StaffAction::ClearHelp if self.staff_can_act() => {
                self.staff.help_requested = false;
                self.save_help_flag();
                self.audit("help request cleared", "");
            }
            StaffAction::Assist if self.staff_can_act() => {
                let name = self.staff.signed_in.as_ref().map(|s| s.name.clone()).unwrap_or_default();
                self.staff.assisting = Some(name);
                self.session.start();
                self.audit("assisted visit started", "");
            }
            StaffAction::Setting(i) if self.staff_can_act() => self.next_setting(i),
            StaffAction::Exit if self.staff_can_act() => {
                self.staff.pin = Some(String::new());
                self.staff.exit_pin = true;
                self.staff.message.clear();
            }
            StaffAction::SignOut => self.sign_out("signed out"),
            _ => {}
        }
    }

    /// Signed in and on the panel (not mid-assisted visit).
    fn staff_can_act(&self) -> bool {
        self.staff.signed_in.is_some() && self.staff.assisting.is_none()
    }

    fn sign_out(&mut self, why: &str) {
        if self.staff.signed_in.is_some() {
            self.audit(why, "");
        }
        let help = self.staff.help_requested;
        self.staff = Default::default();
        self.staff.help_requested = help;
    }

    fn submit_pin(&mut self) {
        let Some(pin) = self.staff.pin.clone() else { return };
        if self.open_store().is_err() {
            self.staff.message = self.staff_text("staff-pin-no-store");
            return;
        }
        let Some(store) = self.store.as_mut() else { return };
        let now = now_ms();
        let (failures, locked_until) = store.pin_lockout().unwrap_or((0, 0));
        if locked_until > now {
            let seconds = (locked_until - now + 999) / 1000;
            self.staff.message = self.staff_format("staff-pin-locked", &[("seconds", seconds.into())]);
            self.staff.pin = Some(String::new());
            return;
        }
        let exit = self.staff.exit_pin;
        // Leaving the kiosk takes an administrator's PIN; signing in takes anyone's.
        let accounts: Vec<_> = store.staff().unwrap_or_default().into_iter().filter(|a| a.admin || !exit).collect();
        match accounts.into_iter().find(|a| verify_pin(&a.pin_hash, &pin)) {
            Some(account) if exit => {
                let _ = store.set_pin_lockout(0, 0);
                let name = account.name;
                let _ = store.audit(now, Some(&name), "left the kiosk to the desktop", "");
                self.staff.pin = None;
                self.staff.exit = true;
            }
            Some(account) => {
                let _ = store.set_pin_lockout(0, 0);
                self.staff.signed_in = Some(SignedIn { name: account.name });
                self.staff.pin = None;
                self.staff.message.clear();
                self.audit("signed in", "");
            }
            None => {
                let failures = failures + 1;
                let lock = lock_for(failures);
                let _ = store.set_pin_lockout(failures, now + lock.as_millis() as i64);
                self.staff.pin = Some(String::new());
                self.staff.message = if lock.is_zero() {
                    let left = i64::from(FAILURES_BEFORE_LOCK - failures);
                    self.staff_format("staff-pin-wrong", &[("left", left.into())])
                } else {
                    self.staff_format("staff-pin-locked", &[("seconds", (lock.as_secs() as i64).into())])
                };
                self.audit("wrong PIN", &format!("{failures} in a row"));
            }
        }
    }

    /// The once-a-second check: a staff session or PIN page left alone ends by itself.
    pub(super) fn staff_tick(&mut self, now: Instant) {
        // An assisted visit that ended (Done, Cancel or the idle wipe) returns to the panel.
        if self.staff.assisting.is_some() && *self.session.screen() == Screen::Attract {
            self.staff.assisting = None;
            self.staff.last_touch = Some(now);
        }
        let Some(last) = self.staff.last_touch else { return };
        let idle = now.saturating_duration_since(last);
        if self.staff.pin.is_some() && self.staff.signed_in.is_none() && idle >= PIN_IDLE {
            self.staff.pin = None;
            self.staff.message.clear();
        }
        if self.staff.signed_in.is_some() && self.staff.assisting.is_none() && idle >= STAFF_IDLE {
            self.sign_out("signed out after idle time");
        }
    }

    /// An administrator left the kiosk: the window should close.
    pub fn exit_requested(&self) -> bool {
        self.staff.exit
    }

    /// At start: the settings staff changed, and a help request no staff member has cleared yet.
    pub(super) fn load_staff_state(&mut self) {
        self.load_settings();
        self.staff.help_requested =
            self.store.as_ref().and_then(|s| s.setting("help_requested").ok().flatten()).as_deref() == Some("yes");
    }

    /// Deletes audit entries older than `retention_days`; the purge is itself logged.
    pub fn purge_audit(&mut self, retention_days: u32) {
        let now = now_ms();
        let before = now - i64::from(retention_days) * 86_400_000;
        match self.open_store().and_then(|s| s.audit_purge(before, now)) {
            Ok(n) => tracing::info!(purged = n, "audit entries past the retention period purged"),
            Err(e) => tracing::error!(error = %e, "could not purge old audit entries"),
        }
    }

    /// Reads the settings staff changed from the store and applies them to the next visits.
    pub(super) fn load_settings(&mut self) {
        let get = |key: &str| self.store.as_ref().and_then(|s| s.setting(key).ok().flatten());
        let lang = get(SETTINGS[0])
            .filter(|l| self.catalog.language(l).is_some())
            .unwrap_or_else(|| self.configured_language.clone());
        let idle = get(SETTINGS[1])
            .and_then(|v| v.parse::<u64>().ok())
            .filter(|v| IDLE_CHOICES.contains(v))
            .map_or(self.configured_idle, std::time::Duration::from_secs);
        let defaults = crate::session::VisitDefaults {
            speech: get(SETTINGS[2]).as_deref() == Some("on"),
            text_size: get(SETTINGS[3]).and_then(|v| v.parse().ok()).unwrap_or(0),
            high_contrast: get(SETTINGS[4]).as_deref() == Some("on"),
        };
        self.session.set_defaults(&lang, idle, defaults);
    }

    fn next_setting(&mut self, i: usize) {
        let Some(key) = SETTINGS.get(i) else { return };
        let (lang, idle, d) = self.session.defaults();
        let value = match i {
            0 => {
                let langs = &self.catalog.languages;
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
        let saved = self.store.as_mut().map(|s| s.set_setting(key, &value));
        if let Some(Ok(())) = saved {
            self.load_settings();
            self.audit("setting changed", &format!("{key} = {value}"));
        } else {
            tracing::error!(setting = key, "could not save a setting");
        }
    }

    fn settings_view(&self) -> Vec<String> {
        let (lang, idle, d) = self.session.defaults();
        let on_off = |on: bool| self.staff_text(if on { "staff-on" } else { "staff-off" });
        let endonym = self.catalog.language(&lang).map_or(lang.clone(), |l| l.endonym.clone());
        let size = ["text-size-normal", "text-size-large", "text-size-extra"][d.text_size.min(2)];
        vec![
            self.staff_format("staff-setting-language", &[("value", endonym.into())]),
            self.staff_format("staff-setting-idle", &[("seconds", (idle.as_secs() as i64).into())]),
            self.staff_format("staff-setting-speech", &[("value", on_off(d.speech).into())]),
            self.staff_format("staff-setting-text-size", &[("value", self.staff_text(size).into())]),
            self.staff_format("staff-setting-contrast", &[("value", on_off(d.high_contrast).into())]),
        ]
    }

    fn dead_rows(&self) -> Vec<crate::store::OutboxRow> {
        self.store.as_ref().and_then(|s| s.dead().ok()).unwrap_or_default()
    }

    pub(super) fn staff_page(&self) -> Option<Page> {
        if self.staff.pin.is_some() {
            Some(Page::StaffPin)
        } else if self.staff.signed_in.is_some() && self.staff.assisting.is_none() {
            Some(Page::Staff)
        } else {
            None
        }
    }

    pub(super) fn pin_view(&self) -> PinView {
        PinView {
            title: self.staff_text(if self.staff.exit_pin { "staff-exit-pin-title" } else { "staff-pin-title" }),
            dots: "●".repeat(self.staff.pin.as_ref().map_or(0, |p| p.chars().count())),
            message: self.staff.message.clone(),
            ok: self.staff_text("staff-pin-ok"),
            cancel: self.staff_text("staff-cancel"),
            backspace: self.staff_text("key-backspace"),
        }
    }

    pub(super) fn panel_view(&self) -> PanelView {
        let lang = &self.catalog.default_language;
        let time_of = |ms: i64| {
            time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
                .map(|t| format!("{} {:02}:{:02}", self.i18n.date(lang, t.date()), t.hour(), t.minute()))
                .unwrap_or_default()
        };
        let store = self.store.as_ref();
        let status = store.and_then(|s| s.sync_status().ok()).unwrap_or_default();
        let today = time::OffsetDateTime::now_utc().replace_time(time::Time::MIDNIGHT);
        let sent_today = store.and_then(|s| s.sent_since((today.unix_timestamp_nanos() / 1_000_000) as i64).ok());
        let c = status.counts;
        let live = self.sync.as_ref().map(|s| s.get());
        let online = live.as_ref().and_then(|l| l.online);
        let last_error = live.as_ref().and_then(|l| l.last_error.clone()).or(status.last_error);
        let dead = self.dead_rows();
        let name = self.staff.signed_in.as_ref().map(|s| s.name.clone()).unwrap_or_default();
        let speech = self.speech.as_ref().is_some_and(|s| s.can_speak(lang));
        let free = crate::store::free_bytes(&self.database)
            .map_or_else(|| "?".to_string(), |b| format!("{} MB", b / 1_000_000));
        let mut v = PanelView {
            title: self.staff_format("staff-title", &[("name", name.into())]),
            queue_title: self.staff_text("staff-queue"),
            counts: self.staff_format(
                "staff-counts",
                &[
                    ("queued", (c.queued as i64).into()),
                    ("sending", (c.sending as i64).into()),
                    ("sent", (sent_today.unwrap_or(0) as i64).into()),
                    ("dead", (c.dead as i64).into()),
                ],
            ),
            connection: self.staff_text(match online {
                Some(true) => "staff-online",
                Some(false) => "staff-offline",
                None => "staff-no-hub",
            }),
            last_success: self.staff_format(
                "staff-last-success",
                &[("time", status.last_success_ms.map_or_else(|| self.staff_text("staff-never"), time_of).into())],
            ),
            last_error: match last_error {
                Some(e) => self.staff_format("staff-last-error", &[("error", e.into())]),
                None => self.staff_text("staff-no-error"),
            },
            send_now: self.staff_text("staff-send-now"),
            dead_title: self.staff_text("staff-dead-title"),
            dead: dead
                .iter()
                .map(|r| DeadView {
                    text: format!(
                        "{} · {} · {} · {}",
                        r.reference,
                        self.i18n.text(lang, &format!("{}-title", r.service_id)),
                        time_of(r.created_at_ms),
                        r.last_error.clone().unwrap_or_default()
                    ),
                    retry: format!("{}: {}", self.staff_text("staff-retry"), r.reference),
                    discard: format!("{}: {}", self.staff_text("staff-discard"), r.reference),
                })
                .collect(),
            retry_word: self.staff_text("staff-retry"),
            discard_word: self.staff_text("staff-discard"),
            health_title: self.staff_text("staff-health"),
            health: vec![
                self.staff_format("staff-version", &[("version", env!("CARGO_PKG_VERSION").into())]),
                self.staff_format("staff-content", &[("content", self.content_version().into())]),
                self.staff_format("staff-disk", &[("free", free.into())]),
                self.staff_text(if speech { "staff-speech-on" } else { "staff-speech-off" }),
            ],
            help: if self.staff.help_requested { self.staff_text("staff-help-requested") } else { String::new() },
            clear_help: self.staff_text("staff-clear-help"),
            settings_title: self.staff_text("staff-settings"),
            settings: self.settings_view(),
            exit: self.staff_text("staff-exit"),
            assist: self.staff_text("staff-assist"),
            sign_out: self.staff_text("staff-sign-out"),
            ..PanelView::default()
        };
        if let Some(row) = self.staff.discarding.and_then(|i| dead.get(i)) {
            v.confirm_title = self.staff_format("staff-discard-title", &[("reference", row.reference.clone().into())]);
            v.confirm_body = self.staff_text("staff-discard-body");
            v.reasons = REASONS.iter().map(|k| self.staff_text(k)).collect();
            v.confirm_cancel = self.staff_text("staff-cancel");
        }
        v
    }

    /// Where the content in use comes from: an installed bundle's folder names its version.
    fn content_version(&self) -> String {
        let root = std::fs::canonicalize(&self.catalog.root).unwrap_or_else(|_| self.catalog.root.clone());
        root.display().to_string()
    }
}
