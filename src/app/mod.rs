//! The kiosk's controller: routes what the visitor and staff do to the room that owns it.
//!
//! The rooms, each testable alone: the visit itself ([`Session`], pure), page building
//! ([`view`], a pure function of the visit, content and texts), narration ([`narration`], what is
//! read aloud and when), on-screen typing ([`crate::keyboard`]), seal-then-enqueue
//! ([`crate::outbox`]) and staff mode ([`staff`]). The controller holds them, swaps content between
//! visits, and knows nothing of Slint: [`crate::ui`] copies the [`View`] into the window, and tests
//! can drive the whole kiosk through [`App::handle`].

mod booking;
mod narration;
pub mod paper;
mod staff;
mod usage;
pub mod view;

use std::path::PathBuf;
use std::time::Instant;

pub use booking::Offer;
pub use narration::{Narrator, Reading};
pub use staff::{IDLE_CHOICES, SETTINGS, StaffAction, StaffMode};
pub use view::{
    Choice, DayView, DeadView, DialogView, DisplayView, Input, KeyView, KeyboardView, Labels, Nav, Page, PanelView,
    PinView, PrintProgress, QuestionView, RatingView, ReviewRow, SpeechView, TEXT_SCALES, Tile, TimeView, View,
};

use crate::content::Catalog;
use crate::i18n::I18n;
use crate::outbox::Outbox;
use crate::print::{JobOutcome, Printer, PrinterState};
use crate::protocol::HelpAnswer;
use crate::seal::SealingKey;
use crate::session::{IdleTimes, Screen, Session};
use crate::speech::{Command, Speech};
use crate::store::{Condition, StoreOptions};
use crate::sync::{ContentHandle, SendNow, StatusHandle};

/// Something the visitor did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Start,
    OpenLanguages,
    ChooseLanguage(usize),
    OpenService(usize),
    OpenInfo(usize),
    Back,
    /// The way forward from this page (Next, Send or Done, as [`Nav::forward`] says).
    Forward,
    Next,
    Edit(String),
    Choose(usize),
    Change(usize),
    Send,
    Done,
    Cancel,
    DialogYes,
    DialogNo,
    ToggleReveal,
    /// Turn speech on (and read the page) or off.
    ToggleSpeech,
    /// Read the page again.
    Listen,
    StopSpeech,
    Slower,
    Faster,
    Quieter,
    Louder,
    /// Read one paragraph of an information page (its speaker button), speech on or not.
    ListenParagraph(usize),
    /// Read one row of the review page, question and answer (its speaker button), speech on or
    /// not; a sensitive answer is said as "hidden".
    ListenAnswer(usize),
    /// Headphones in: sensitive answers may be read aloud too.
    TogglePrivateListening,
    /// The keypad focus moved to the control with this label: say it, when speech is on.
    Focused(String),
    /// High contrast on or off, for this visit.
    ToggleContrast,
    /// Key `n` (counted row by row) of the on-screen keyboard.
    Key(usize),
    /// Open or close the text size and contrast panel.
    OpenDisplay,
    CloseDisplay,
    /// Text size 0 (normal), 1 (large) or 2 (extra large, 200 %), for this visit.
    TextSize(usize),
    /// The Help key of a keyboard or keypad: say what this page is and how the keys work, and turn
    /// speech on for the visit.
    Help,
    /// "Get help from staff": the visitor is shown where staff are, and staff see the request.
    CallStaff,
    /// Print the receipt or the information page on screen.
    Print,
    /// "How was it to use the kiosk?": face 1 (very bad) to 5 (very good), on the receipt.
    Rate(u8),
    /// Closes the "where staff are" card.
    CloseStaffCall,
    /// Something staff do (PIN page, staff panel).
    Staff(StaffAction),
}

pub struct App {
    catalog: Catalog,
    i18n: I18n,
    session: Session,
    outbox: Outbox,
    narrator: Narrator,
    staff: StaffMode,
    /// Seconds since start, for the attract screen's greeting.
    ticks: usize,
    sync: Option<StatusHandle>,
    content_updates: Option<ContentHandle>,
    send_now: Option<SendNow>,
    headphone_jack: bool,
    /// The visitor opened the "where staff are" card.
    staff_call_open: bool,
    /// Staff answered the visitor's help call from the desk: someone is on the way.
    help_coming: bool,
    /// A visit is under way (or ended less than a tick ago): the speech thread forgets it at the end.
    visit_open: bool,
    /// A newer version of the kiosk is installed: it takes over between two visits.
    upgrade_installed: bool,
    printer: Option<Printer>,
    /// The page being printed (or printed), its job and how it went.
    print_job: Option<PrintJob>,
    /// When the request on the receipt was saved, for its paper.
    saved_at: Option<time::OffsetDateTime>,
    /// The printer's state as last written for the heartbeat.
    printer_reported: Option<String>,
    /// What the heartbeat was last told of the content and of reading aloud.
    health_reported: [Option<String>; 2],
    /// What the visit under way was already counted for, and counts not yet written to the store
    /// (written on the next tick, in one transaction, so a tap never waits for the disk).
    tally: usage::Tally,
    counts: Vec<usage::Count>,
    /// Ask "How was it to use the kiosk?" on the receipt (the kiosk's configuration may turn it off).
    ask_rating: bool,
    /// Free times from the hub, and holding them; `None`: appointment questions say "we will call you".
    booking: Option<booking::Booking>,
}

/// One press of Print, on one page.
struct PrintJob {
    screen: Screen,
    ticket: u64,
    progress: PrintProgress,
}

/// What is needed to start the kiosk, already loaded and checked.
pub struct AppParts {
    pub catalog: Catalog,
    pub i18n: I18n,
    pub key: SealingKey,
    pub kiosk_id: String,
    pub database: PathBuf,
    pub store_options: StoreOptions,
    pub idle: IdleTimes,
    pub default_language: Option<String>,
}

impl App {
    /// Builds the kiosk. A store that cannot be opened is not fatal here: the visitor can still read
    /// information, and sending shows the "ask the staff" page until the store works again.
    pub fn new(parts: AppParts, now: Instant) -> App {
        let default = parts.default_language.unwrap_or_else(|| parts.catalog.default_language.clone());
        let mut app = App {
            session: Session::new(&default, parts.idle, now),
            outbox: Outbox::open(parts.key, parts.kiosk_id, parts.database, parts.store_options),
            staff: StaffMode::new(default, parts.idle.idle),
            catalog: parts.catalog,
            i18n: parts.i18n,
            narrator: Narrator::default(),
            ticks: 0,
            sync: None,
            content_updates: None,
            send_now: None,
            headphone_jack: false,
            staff_call_open: false,
            help_coming: false,
            visit_open: false,
            upgrade_installed: false,
            printer: None,
            print_job: None,
            saved_at: None,
            printer_reported: None,
            health_reported: [None, None],
            tally: usage::Tally::default(),
            counts: Vec::new(),
            ask_rating: true,
            booking: None,
        };
        let (staff, mut desk) = app.staff_and_desk();
        staff.load(&mut desk);
        app
    }

    /// Staff mode, and what it works with lent for one call.
    fn staff_and_desk(&mut self) -> (&mut StaffMode, staff::Desk<'_>) {
        let desk = staff::Desk {
            session: &mut self.session,
            outbox: &mut self.outbox,
            catalog: &self.catalog,
            i18n: &self.i18n,
            send_now: self.send_now.as_ref(),
        };
        (&mut self.staff, desk)
    }

    /// Lets the kiosk read pages aloud. Pronunciations come from the content's `speech.toml` files.
    pub fn set_speech(&mut self, speech: Speech) {
        self.narrator.set_speech(speech, &self.catalog);
    }

    /// The kiosk has a headphone jack: visitors may choose private listening.
    pub fn set_headphone_jack(&mut self, present: bool) {
        self.headphone_jack = present;
    }

    /// New signed content is taken from here, between visits.
    pub fn set_content_updates(&mut self, updates: ContentHandle) {
        self.content_updates = Some(updates);
    }

    /// Lets staff press "Send now".
    pub fn set_send_now(&mut self, send_now: SendNow) {
        self.send_now = Some(send_now);
    }

    /// Lets visitors print receipts and information pages.
    pub fn set_printer(&mut self, printer: Printer) {
        self.printer = Some(printer);
    }

    pub fn printer(&self) -> Option<&Printer> {
        self.printer.as_ref()
    }

    /// Whether the receipt asks "How was it to use the kiosk?".
    pub fn set_ask_rating(&mut self, ask: bool) {
        self.ask_rating = ask;
    }

    /// Lets appointment questions offer the hub's free times (heard by the sync worker) and hold
    /// the one a visitor touches.
    pub fn set_booking(&mut self, times: crate::times::TimesHandle, booker: crate::times::Booker) {
        self.booking = Some(booking::Booking::new(times, booker));
    }

    /// Takes in the hub's answer to a hold and lets go of holds no visit wants; says the news when
    /// speech is on. Called on every action and tick, and often while a hold is asked for. Whether
    /// the screen changed.
    pub fn poll_booking(&mut self) -> bool {
        let Some(booking) = self.booking.as_mut() else { return false };
        let Some(news) = booking.poll(&mut self.session) else { return false };
        let key = match news {
            booking::News::Held => "appointment-held",
            booking::News::Taken => "appointment-taken",
            booking::News::Unreachable => "appointment-call",
        };
        let lang = self.session.lang().to_string();
        if self.session.speech().is_some() {
            self.narrator.say_now(self.session.speech(), &lang, &self.t(key));
        }
        true
    }

    /// What the appointment question on screen offers, if one is on screen and times can be booked.
    pub fn booking_offer(&self) -> Option<Offer> {
        self.booking.as_ref().and_then(|b| b.offer(&self.session))
    }

    /// A hold has been asked for and not answered yet.
    pub fn booking_pending(&self) -> bool {
        self.booking_offer().is_some_and(|o| o.asking.is_some())
    }

    /// Lets the screen show whether the hub is reachable.
    pub fn set_sync_status(&mut self, status: StatusHandle) {
        self.sync = Some(status);
    }

    fn online(&self) -> bool {
        self.sync.as_ref().is_some_and(|s| s.get().online == Some(true))
    }

    pub fn session(&self) -> &Session {
        &self.session
    }
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }
    pub fn i18n(&self) -> &I18n {
        &self.i18n
    }

    /// Staff mode is showing (the PIN page or the panel), not a visitor's page.
    pub fn in_staff_mode(&self) -> bool {
        self.staff.in_staff_mode()
    }

    /// Whether the current visit is assisted by staff (the band shows).
    pub fn assisted_by(&self) -> Option<&str> {
        self.staff.assisted_by()
    }

    /// A visitor asked for help (the heartbeat tells the hub too).
    pub fn help_requested(&self) -> bool {
        self.staff.help_requested()
    }

    /// An administrator left the kiosk: the window should close.
    pub fn exit_requested(&self) -> bool {
        self.staff.exit_requested()
    }

    /// A newer version of the kiosk was installed (its program file replaced).
    pub fn note_upgrade_installed(&mut self) {
        if !self.upgrade_installed {
            tracing::info!("a newer version is installed: it starts when no visit is under way");
        }
        self.upgrade_installed = true;
    }

    /// The kiosk should close now to let the newer version start: never during a visit, a dialog or
    /// staff mode.
    pub fn restart_requested(&self) -> bool {
        self.upgrade_installed
            && *self.session.screen() == Screen::Attract
            && self.session.dialog().is_none()
            && !self.in_staff_mode()
    }

    /// Deletes audit entries older than `retention_days`; the purge is itself logged.
    pub fn purge_audit(&mut self, retention_days: u32) {
        self.staff.purge_audit(&mut self.outbox, retention_days);
    }

    /// Handles one action of the visitor. Every action also counts as "still there".
    pub fn handle(&mut self, action: Action, now: Instant) {
        if let Action::Staff(a) = action {
            let (staff, mut desk) = self.staff_and_desk();
            staff.handle(a, now, &mut desk);
            return;
        }
        if self.in_staff_mode() {
            // The PIN pad and the panel take no visitor actions, and nothing of them is spoken.
            return;
        }
        let before = usage::Moment::of(&self.session);
        let ticket = self.print_job.as_ref().map(|j| j.ticket);
        let cause = match action {
            Action::ChooseLanguage(_) => usage::Cause::ChooseLanguage,
            Action::OpenService(_) => usage::Cause::OpenService,
            Action::OpenInfo(_) => usage::Cause::OpenInfo,
            Action::DialogYes if self.session.dialog() == Some(crate::session::Dialog::Cancel) => {
                usage::Cause::ConfirmCancel
            }
            Action::CallStaff => usage::Cause::CallStaff,
            Action::Rate(n)
                if self.ask_rating && self.session.rating().is_none() && *self.session.screen() == Screen::Receipt =>
            {
                usage::Cause::Rate(n)
            }
            _ => usage::Cause::Other,
        };
        let printing = action == Action::Print;
        self.visitor_action(action, now);
        let cause = match (printing, self.print_job.as_ref()) {
            (true, Some(job)) if Some(job.ticket) != ticket && job.screen == Screen::Receipt => {
                usage::Cause::PrintReceipt
            }
            _ => cause,
        };
        let after = usage::Moment::of(&self.session);
        let counts = self.tally.observe(&before, &after, cause);
        self.counts.extend(counts);
    }

    fn visitor_action(&mut self, action: Action, now: Instant) {
        self.session.touch(now);
        self.staff.visitor_touched(now);
        let action = if action == Action::Forward { self.forward() } else { action };
        let adjusts_speech = matches!(action, Action::Slower | Action::Faster | Action::Quieter | Action::Louder);
        let stops_speech = action == Action::StopSpeech;
        let today = time::OffsetDateTime::now_utc().date();
        let s = &mut self.session;
        match action {
            Action::Start => s.start(),
            Action::OpenLanguages => s.open_languages(),
            Action::ChooseLanguage(i) => {
                if let Some(l) = view::offered_languages(&self.catalog, s).get(i) {
                    s.choose_language(&l.code);
                }
            }
            Action::OpenService(i) => {
                if let Some(svc) = view::offered_services(&self.catalog, s).get(i).copied() {
                    s.open_service(svc);
                }
            }
            Action::OpenInfo(i) => {
                if let Some(p) = self.catalog.info_pages.get(i) {
                    s.open_info(&p.id);
                }
            }
            Action::Back => s.back(),
            // A page without a way forward: nothing to do.
            Action::Forward => {}
            Action::Next => {
                let on_time = s.current_appointment().is_some();
                match self.booking.as_mut() {
                    Some(booking) if on_time => {
                        if booking.before_next(s) {
                            s.next(today);
                        }
                    }
                    None if on_time => {
                        s.set_appointment(Some(crate::session::CALL_TO_AGREE));
                        s.next(today);
                    }
                    _ => s.next(today),
                }
            }
            Action::Edit(text) => s.edit(&text),
            Action::Choose(i) => {
                let on_time = s.current_appointment().is_some();
                match self.booking.as_mut() {
                    Some(booking) if on_time => booking.choose(s, i),
                    _ => s.choose(i),
                }
            }
            Action::Change(i) => {
                if let Some(id) = s.visible_steps().get(i).map(|st| st.id.clone()) {
                    s.change(&id);
                }
            }
            Action::Send => self.send(),
            Action::Done => s.wipe(),
            Action::Cancel => s.ask_cancel(),
            Action::DialogYes => s.answer_dialog(true),
            Action::DialogNo => s.answer_dialog(false),
            Action::ToggleReveal => s.toggle_reveal(),
            Action::ToggleSpeech => {
                let on = s.speech().is_none();
                s.set_speech(on);
                if !on {
                    self.narrator.say(Command::Stop);
                }
                self.narrator.forget_page();
            }
            Action::Listen => self.narrator.forget_page(),
            Action::StopSpeech => self.narrator.say(Command::Stop),
            Action::Slower => s.adjust_speech(-1, 0),
            Action::Faster => s.adjust_speech(1, 0),
            Action::Quieter => s.adjust_speech(0, -1),
            Action::Louder => s.adjust_speech(0, 1),
            Action::TogglePrivateListening => {
                if self.headphone_jack {
                    s.toggle_private_listening();
                    self.narrator.forget_page();
                }
            }
            Action::ToggleContrast => s.toggle_high_contrast(),
            Action::Key(i) => self.press_key(i),
            Action::OpenDisplay => s.set_display_open(true),
            Action::CloseDisplay => s.set_display_open(false),
            Action::TextSize(step) => s.set_text_size(step),
            Action::CallStaff => {
                self.staff.request_help(&mut self.outbox);
                if let Some(sync) = &self.send_now {
                    sync.heartbeat_now();
                }
                self.staff_call_open = true;
            }
            Action::CloseStaffCall => self.staff_call_open = false,
            Action::Print => self.print_page(),
            Action::Rate(n) => {
                if self.ask_rating {
                    s.rate(n);
                }
            }
            Action::Staff(_) => {}
            Action::Help => {
                // Someone who asks for help by key wants to hear the kiosk: speech stays on for the visit.
                if s.speech().is_none() {
                    s.set_speech(true);
                }
                let view = self.view(now);
                let title = if view.title.is_empty() { view.touch.clone() } else { view.title.clone() };
                let text = format!("{}. {}", title.trim_end_matches('.'), self.t("help-keys"));
                self.narrator.say_now(self.session.speech(), &view.lang, &text);
                return;
            }
            Action::Focused(label) => {
                if s.speech().is_some() && !label.is_empty() {
                    let lang = s.lang().to_string();
                    // On a masked field, the keys a keypad user walks over would say the entry aloud:
                    // without headphones they are "hidden", like the answer itself.
                    let masked = self.session.current_step().is_some_and(|st| st.sensitive)
                        && !self.session.revealed()
                        && !self.session.private_listening()
                        && self.is_typing_key(&label);
                    let label = if masked { self.t("field-hidden") } else { label };
                    self.narrator.say_focus(&lang, &label);
                }
                return;
            }
            Action::ListenParagraph(i) => {
                let view = self.view(now);
                if let Some(p) = view.body.get(i) {
                    self.narrator.say_now(self.session.speech(), &view.lang, p);
                }
                return;
            }
            Action::ListenAnswer(i) => {
                let view = self.view(now);
                if let Some(row) = view.review.get(i) {
                    let answer = if row.sensitive { self.t("field-hidden") } else { row.answer.clone() };
                    self.narrator.say_now(self.session.speech(), &view.lang, &format!("{}: {answer}", row.question));
                }
                return;
            }
        }
        self.forget_print_job_off_screen();
        self.poll_booking();
        if adjusts_speech {
            self.narrator.apply_settings(self.session.speech());
            self.narrator.forget_page();
        }
        if stops_speech {
            return;
        }
        self.speak_page_if_changed(now);
    }

    /// Where the bottom bar's way forward leads from the page on screen.
    fn forward(&self) -> Action {
        match self.session.screen() {
            Screen::Question => Action::Next,
            Screen::Review | Screen::SaveFailed => Action::Send,
            Screen::Receipt => Action::Done,
            _ => Action::Forward,
        }
    }

    /// Whether `label` names a key of the keyboard on screen that types something (not shift, space …).
    fn is_typing_key(&self, label: &str) -> bool {
        view::keyboard_layout(&self.catalog, &self.session)
            .is_some_and(|l| self.catalog.keyboards.is_typing_key(l, self.session.keyboard(), label))
    }

    /// A key of the on-screen keyboard: types into the field on screen, or shifts or switches layout.
    fn press_key(&mut self, index: usize) {
        let Some(layout) = view::keyboard_layout(&self.catalog, &self.session) else { return };
        let Some(step_id) = self.session.current_step().map(|s| s.id.clone()) else { return };
        let typed = self.session.typed(&step_id).to_string();
        let lang = self.session.lang().to_string();
        let mut state = self.session.keyboard().clone();
        let text = self.catalog.keyboards.press(layout, index, &lang, &mut state, &typed);
        *self.session.keyboard_mut() = state;
        if let Some(text) = text {
            self.session.edit(&text);
        }
    }

    /// Reads the page aloud when speech is on and the page (or its language, error or dialog) changed.
    fn speak_page_if_changed(&mut self, now: Instant) {
        let page = self.session.speech().map(|_| {
            let view = self.view(now);
            let parts = self.spoken_page(&view);
            (view, parts)
        });
        self.narrator.page_shown(self.session.speech(), page);
    }

    /// What is read aloud for a page, in order, each part with its language.
    pub fn spoken_page(&self, v: &View) -> Vec<(String, String)> {
        let hidden = self.t("field-hidden");
        let reading = Reading {
            catalog: &self.catalog,
            languages: view::offered_languages(&self.catalog, &self.session),
            greeting_lang: &view::greeting_language(&self.catalog, self.ticks).code,
            hidden: &hidden,
            private_listening: self.session.private_listening(),
        };
        self.narrator.spoken_page(v, &reading)
    }

    /// The once-a-second clock: idle warning and wipe, the attract screen's greeting, staff mode's
    /// time-outs and figures.
    pub fn tick(&mut self, now: Instant) {
        self.ticks = self.ticks.wrapping_add(1);
        if self.ticks % 5 == 0 && crate::systemd::upgraded() {
            self.note_upgrade_installed();
        }
        let dialog_before = self.session.dialog().is_some();
        let visiting = *self.session.screen() != Screen::Attract;
        let before = usage::Moment::of(&self.session);
        self.session.tick(now);
        let counts = self.tally.observe(&before, &usage::Moment::of(&self.session), usage::Cause::Clock);
        self.counts.extend(counts);
        self.write_counts();
        let at_attract = *self.session.screen() == Screen::Attract;
        if at_attract {
            self.staff_call_open = false;
        }
        let (staff, mut desk) = self.staff_and_desk();
        if visiting && at_attract {
            // Only the idle wipe ends a visit on the clock: nobody is at the kiosk any more.
            staff.visit_left_idle(&mut desk);
        }
        staff.tick(now, &mut desk);
        if at_attract && self.visit_open {
            self.narrator.say(crate::speech::Command::Forget);
        }
        self.visit_open = !at_attract;
        let answered = self.follow_help_answer();
        self.poll_booking();
        self.swap_content_between_visits();
        self.forget_print_job_off_screen();
        self.poll_printer();
        self.report_health();
        // The idle warning is spoken when it appears (not every second of its countdown), and
        // speech stops when the visit is wiped.
        if answered || self.session.dialog().is_some() != dialog_before || self.session.speech().is_none() {
            self.speak_page_if_changed(now);
        }
    }

    /// Writes the counts of the last second to the store, in one transaction. A store that cannot
    /// take them loses them (the figures are a little low), never the visit.
    fn write_counts(&mut self) {
        if self.counts.is_empty() {
            return;
        }
        let today = time::OffsetDateTime::now_utc().date();
        let counts = std::mem::take(&mut self.counts);
        if let Err(e) = self.outbox.store().and_then(|s| s.count_all(today, &counts)) {
            tracing::warn!(error = %e, "usage figures could not be written");
        }
    }

    /// Writes the counts not yet written (tests, and before the kiosk closes).
    pub fn flush_counts(&mut self) {
        self.write_counts();
    }

    /// Staff's answer to the help call, which the sync worker heard in a heartbeat's answer: "coming"
    /// shows (and says) that someone is on the way; "done" closes the call. Whether anything changed.
    fn follow_help_answer(&mut self) -> bool {
        if !self.staff.help_requested() {
            let changed = self.help_coming;
            self.help_coming = false;
            return changed;
        }
        let answer = self.outbox.store().ok().and_then(|s| s.help_answer().ok().flatten());
        match answer {
            Some(HelpAnswer::Coming) if !self.help_coming => {
                tracing::info!("staff are on their way to the visitor");
                self.help_coming = true;
                self.staff_call_open = *self.session.screen() != Screen::Attract;
                true
            }
            Some(HelpAnswer::Done) => {
                self.staff.help_closed_at_desk(&mut self.outbox);
                if let Some(sync) = &self.send_now {
                    sync.heartbeat_now();
                }
                self.help_coming = false;
                self.staff_call_open = false;
                true
            }
            _ => false,
        }
    }

    /// Never mid-visit: new content replaces the old only while the attract screen shows.
    fn swap_content_between_visits(&mut self) {
        if *self.session.screen() != Screen::Attract || self.in_staff_mode() {
            return;
        }
        let Some(dir) = self.content_updates.as_ref().and_then(ContentHandle::take) else { return };
        match crate::lint::load_checked(&dir) {
            Ok((catalog, i18n)) => {
                tracing::info!(dir = %dir.display(), "now using new content");
                self.catalog = catalog;
                self.i18n = i18n;
            }
            Err(problems) => tracing::error!(%problems, "new content could not be loaded; keeping the current content"),
        }
    }

    /// Notes for the heartbeat which content the kiosk shows (an installed bundle's version, or
    /// "built-in") and whether reading aloud works, each when it changed.
    fn report_health(&mut self) {
        let content = std::fs::read_to_string(self.catalog.root.join("VERSION"))
            .map(|v| v.trim().to_string())
            .unwrap_or_else(|_| "built-in".to_string());
        let speech = self.narrator.state(&self.catalog.default_language);
        for (i, (of, value)) in
            [(Condition::Content, Some(content)), (Condition::Speech, speech)].into_iter().enumerate()
        {
            if value.is_none() || value == self.health_reported[i] {
                continue;
            }
            let text = value.clone().unwrap_or_default();
            match self.outbox.store().and_then(|s| s.note_condition(of, &text)) {
                Ok(()) => self.health_reported[i] = value,
                Err(e) => tracing::warn!(error = %e, ?of, "the kiosk's state could not be noted for the heartbeat"),
            }
        }
    }

    /// Seals the request, writes it durably, and only then shows the receipt.
    fn send(&mut self) {
        let Some(mut submission) = self.session.submission(self.outbox.kiosk_id(), time::OffsetDateTime::now_utc())
        else {
            return;
        };
        submission.assisted = self.staff.assisted_by().is_some();
        submission.assisted_by = self.staff.assisted_by().map(str::to_string);
        match self.outbox.save(&submission) {
            Ok(reference) => {
                tracing::info!(service = %submission.service_id, "request saved");
                if let Some(booking) = self.booking.as_mut() {
                    booking.sent();
                }
                self.saved_at = Some(time::OffsetDateTime::now_utc());
                self.session.saved(&reference);
            }
            Err(e) => {
                // The error names the cause (disk full, damaged file), never an answer.
                tracing::error!(service = %submission.service_id, error = %e, "could not save a request");
                self.session.save_failed();
            }
        }
    }

    /// The job of the page on screen, if Print was pressed there.
    fn print_progress(&self) -> Option<PrintProgress> {
        self.printer.as_ref()?;
        let job = self.print_job.as_ref().filter(|j| j.screen == *self.session.screen());
        Some(job.map_or(PrintProgress::NotAsked, |j| j.progress))
    }

    /// The paper of the page on screen, when it has one (a receipt or an information page).
    pub fn sheet(&self) -> Option<crate::print::Sheet> {
        paper::sheet(&self.catalog, &self.i18n, &self.session, self.saved_at)
    }

    /// A print job belongs to its page: leaving the page (or the visit) forgets how it went.
    fn forget_print_job_off_screen(&mut self) {
        if self.print_job.as_ref().is_some_and(|j| j.screen != *self.session.screen()) {
            self.print_job = None;
        }
        if *self.session.screen() == Screen::Attract {
            self.saved_at = None;
        }
    }

    /// Sends the page on screen to the printer (once at a time), after the request is on disk.
    fn print_page(&mut self) {
        if matches!(self.print_progress(), None | Some(PrintProgress::Printing)) {
            return;
        }
        let Some(sheet) = self.sheet() else { return };
        let Some(printer) = self.printer.as_mut() else { return };
        let ticket = printer.print(sheet);
        self.print_job =
            Some(PrintJob { screen: self.session.screen().clone(), ticket, progress: PrintProgress::Printing });
    }

    /// Takes in how print jobs ended and how the printer is: the visitor hears whether to take the
    /// paper or write the code down; the heartbeat carries the printer's state. Called on every
    /// tick and when the printer thread has news. Returns whether the screen changed.
    pub fn poll_printer(&mut self) -> bool {
        let Some(printer) = &self.printer else { return false };
        let finished = printer.finished();
        let state = match printer.state() {
            PrinterState::Unknown => None,
            PrinterState::Ready => Some("ready".to_string()),
            PrinterState::NotWorking(why) => Some(format!("not working: {why}")),
        };
        if state.is_some() && state != self.printer_reported {
            let value = state.clone().unwrap_or_default();
            match self.outbox.store().and_then(|s| s.note_condition(Condition::Printer, &value)) {
                Ok(()) => self.printer_reported = state,
                Err(e) => tracing::warn!(error = %e, "the printer's state could not be noted for the heartbeat"),
            }
        }
        let mut changed = false;
        for (ticket, outcome) in finished {
            let on_screen = self.print_job.as_ref().is_some_and(|j| j.screen == *self.session.screen());
            let Some(job) = self.print_job.as_mut().filter(|j| j.ticket == ticket) else { continue };
            job.progress = if outcome == JobOutcome::Printed { PrintProgress::Printed } else { PrintProgress::Failed };
            changed = true;
            if !on_screen {
                continue;
            }
            let lang = self.session.lang().to_string();
            match (outcome, self.session.screen()) {
                // Said whether speech is on or not: the visitor expects paper and gets none.
                (JobOutcome::Failed(_), Screen::Receipt) => {
                    let code = self.session.reference().unwrap_or_default().to_string();
                    let text = format!("{} {}", self.t("print-failed-receipt"), self.narrator.spell(&lang, &code));
                    self.narrator.say_now(self.session.speech(), &lang, &text);
                }
                (JobOutcome::Failed(_), _) => {
                    self.narrator.say_now(self.session.speech(), &lang, &self.t("print-failed-page"))
                }
                (JobOutcome::Printed, _) if self.session.speech().is_some() => {
                    self.narrator.say_now(self.session.speech(), &lang, &self.t("print-done"))
                }
                (JobOutcome::Printed, _) => {}
            }
        }
        changed
    }

    fn t(&self, key: &str) -> String {
        self.i18n.text(self.session.lang(), key)
    }

    /// What the screen must show now.
    pub fn view(&self, now: Instant) -> View {
        let staff = self.staff.page(&staff::PanelFacts {
            catalog: &self.catalog,
            i18n: &self.i18n,
            session: &self.session,
            live: self.sync.as_ref().map(StatusHandle::get),
            speech: self.narrator.can_speak(&self.catalog.default_language),
            printer: self.printer.as_ref().map(Printer::state),
        });
        view::Context {
            catalog: &self.catalog,
            i18n: &self.i18n,
            session: &self.session,
            ticks: self.ticks,
            online: self.online(),
            can_speak: &|lang| self.narrator.can_speak(lang),
            headphone_jack: self.headphone_jack,
            assisted: self.staff.assisted_by().is_some(),
            staff_call_open: self.staff_call_open,
            help_coming: self.help_coming,
            staff,
            print: self.print_progress(),
            ask_rating: self.ask_rating,
            offer: self.booking_offer(),
        }
        .build(now)
    }
}
