//! The kiosk's controller: turns what the visitor does into changes of the [`Session`], saves finished
//! requests, and describes what the screen must show as a plain [`View`].
//!
//! It owns the catalog, the texts, the session and the store connection. Every text on the screen is
//! chosen here, through Fluent, so the `.slint` files only draw. It knows nothing of Slint: [`crate::ui`]
//! copies the [`View`] into the window, and tests can drive the whole kiosk through [`App::handle`].

mod staff;

use std::path::PathBuf;
use std::time::Instant;

pub use staff::{DeadView, PanelView, PinView, StaffAction};

use fluent_bundle::FluentValue;

use crate::content::{Catalog, Direction, FieldKind, Step};
use crate::i18n::I18n;
use crate::protocol::Submission;
use crate::reference;
use crate::seal::SealingKey;
use crate::session::{Answer, Dialog, IdleTimes, Screen, Session, option_values};
use crate::speech::{Command, Pronunciation, Speech};
use crate::store::{OutboxItem, Store, StoreError, StoreOptions};
use crate::sync::{ContentHandle, StatusHandle};
use crate::validate::{self, FieldError};
use std::collections::BTreeMap;

/// Something the visitor did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Start,
    OpenLanguages,
    ChooseLanguage(usize),
    OpenService(usize),
    OpenInfo(usize),
    Back,
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
    /// Closes the "where staff are" card.
    CloseStaffCall,
    /// Something staff do (PIN page, staff panel).
    Staff(StaffAction),
}

/// Which page is on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Page {
    #[default]
    Attract,
    Language,
    Home,
    Question,
    Review,
    Receipt,
    Info,
    SaveFailed,
    /// Staff mode: the PIN pad.
    StaffPin,
    /// Staff mode: queue, dead letters, kiosk health.
    Staff,
}

/// How a question is answered on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Input {
    #[default]
    Line,
    Lines,
    Options,
}

/// Labels of the buttons around every page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Labels {
    pub language: String,
    pub back: String,
    pub next: String,
    pub cancel: String,
    pub send: String,
    pub change: String,
    pub done: String,
    pub selected: String,
    pub not_selected: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tile {
    pub title: String,
    pub pictogram: PathBuf,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Choice {
    pub label: String,
    pub selected: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuestionView {
    /// Id of the question, so the screen knows when a new field opens.
    pub field: String,
    pub service_title: String,
    pub progress: String,
    pub text: String,
    pub help: String,
    pub input: Input,
    pub multi: bool,
    pub value: String,
    pub masked: bool,
    /// Label of the show/hide button of a sensitive field; empty when the field is not sensitive.
    pub reveal: String,
    pub hint: String,
    pub error: String,
    pub optional: String,
    pub options: Vec<Choice>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReviewRow {
    pub question: String,
    pub answer: String,
    /// Never read aloud, whatever the screen shows, unless the visitor listens on headphones.
    pub sensitive: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DialogView {
    pub title: String,
    pub body: String,
    pub yes: String,
    /// Empty when the dialog has one button.
    pub no: String,
}

/// The speech controls: their labels, and whether speech is on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpeechView {
    pub on: bool,
    /// The big "Listen" button of the attract and language pages, in the greeting's language.
    pub listen: String,
    pub toggle: String,
    pub repeat: String,
    pub stop: String,
    pub slower: String,
    pub faster: String,
    pub quieter: String,
    pub louder: String,
    /// The headphones toggle; empty when the kiosk has no headphone jack or speech is off.
    pub private: String,
    pub private_on: bool,
    /// "Speech is not available in this language", when that is so; else empty.
    pub notice: String,
    /// "Listen in Svenska": the nearest language with a voice, offered with the notice; else empty.
    pub fallback: String,
    /// Index of that language (for `Action::ChooseLanguage`).
    pub fallback_index: usize,
}

/// The text size and contrast panel.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DisplayView {
    pub title: String,
    /// Normal, large, extra large; the chosen one selected.
    pub sizes: Vec<Choice>,
    pub contrast: String,
    pub contrast_on: bool,
    pub close: String,
}

/// How much larger than normal each text size step is.
pub const TEXT_SCALES: [f32; 3] = [1.0, 1.5, 2.0];

/// One key of the on-screen keyboard, placed in key units.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyView {
    /// What the key shows ("å", "⌫", "АБВ").
    pub label: String,
    /// Its accessible and spoken name ("Backspace", "Keyboard: English").
    pub name: String,
    pub row: usize,
    /// Left edge and width in key units, the row centred.
    pub x: f32,
    pub units: f32,
    /// Shift or the other digits are on.
    pub on: bool,
}

/// The on-screen keyboard of the question on screen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyboardView {
    pub keys: Vec<KeyView>,
    pub rows: usize,
    /// The widest row in key units: the keyboard's width.
    pub units: f32,
}

/// Everything the screen shows, in the visitor's language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct View {
    pub page: Page,
    pub rtl: bool,
    pub lang: String,
    pub labels: Labels,
    pub title: String,
    /// Attract screen: the greeting and "touch to start", cycling through the languages.
    pub greeting: String,
    pub touch: String,
    pub greeting_rtl: bool,
    pub languages: Vec<Choice>,
    pub services_heading: String,
    pub info_heading: String,
    pub services: Vec<Tile>,
    pub info_tiles: Vec<Tile>,
    pub question: QuestionView,
    pub review: Vec<ReviewRow>,
    pub reveal: String,
    pub reference_label: String,
    pub reference: String,
    pub body: Vec<String>,
    pub next_title: String,
    pub next_text: String,
    pub pictogram: PathBuf,
    pub dialog: Option<DialogView>,
    pub speech: SpeechView,
    pub high_contrast: bool,
    /// Spoken and accessible label of the contrast button (which shows a symbol only).
    pub contrast_label: String,
    /// "Online" / "Offline", for the small indicator.
    pub connection: String,
    pub online: bool,
    /// Shown while a question asks for typed text.
    pub keyboard: Option<KeyboardView>,
    /// 1.0, 1.5 or 2.0: every text on screen is this much larger.
    pub text_scale: f32,
    /// Label of the button that opens the text size and contrast panel.
    pub display_label: String,
    pub display: Option<DisplayView>,
    pub pin: PinView,
    pub panel: PanelView,
    /// "Assisted by staff" while staff help this visit; empty otherwise.
    pub assisted: String,
    /// The "Get help from staff" button on every visitor page.
    pub call_staff: String,
    /// Where staff are, after the visitor asked; empty when the card is closed.
    pub staff_call: Option<DialogView>,
}

/// How long each language's greeting stays on the attract screen, in ticks (seconds).
const GREETING_TICKS: usize = 3;

pub struct App {
    catalog: Catalog,
    i18n: I18n,
    session: Session,
    key: SealingKey,
    kiosk_id: String,
    database: PathBuf,
    store_options: StoreOptions,
    store: Option<Store>,
    ticks: usize,
    sync: Option<StatusHandle>,
    content_updates: Option<ContentHandle>,
    speech: Option<Speech>,
    pronunciations: BTreeMap<String, Pronunciation>,
    /// What was last read aloud, to read again only when the page changes.
    spoken_key: String,
    headphone_jack: bool,
    staff: staff::StaffState,
    send_now: Option<crate::sync::SendNow>,
    /// The visitor opened the "where staff are" card.
    staff_call_open: bool,
    /// The language and idle time of the configuration, before staff settings.
    configured_language: String,
    configured_idle: std::time::Duration,
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
        let store = match Store::open(&parts.database, parts.store_options) {
            Ok(s) => Some(s),
            Err(e) => {
                tracing::error!(error = %e, path = %parts.database.display(), "cannot open the store");
                None
            }
        };
        let mut app = App {
            session: Session::new(&default, parts.idle, now),
            catalog: parts.catalog,
            i18n: parts.i18n,
            key: parts.key,
            kiosk_id: parts.kiosk_id,
            database: parts.database,
            store_options: parts.store_options,
            store,
            ticks: 0,
            sync: None,
            content_updates: None,
            speech: None,
            pronunciations: BTreeMap::new(),
            spoken_key: String::new(),
            headphone_jack: false,
            staff: staff::StaffState::default(),
            send_now: None,
            staff_call_open: false,
            configured_language: default.clone(),
            configured_idle: parts.idle.idle,
        };
        app.load_staff_state();
        app
    }

    /// Lets the kiosk read pages aloud. Pronunciations come from the content's `speech.toml` files.
    pub fn set_speech(&mut self, speech: Speech) {
        self.pronunciations = self
            .catalog
            .languages
            .iter()
            .filter_map(|l| Pronunciation::load(&self.catalog.root, &l.code).ok().map(|p| (l.code.clone(), p)))
            .collect();
        self.speech = Some(speech);
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
    pub fn set_send_now(&mut self, send_now: crate::sync::SendNow) {
        self.send_now = Some(send_now);
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

    /// Handles one action of the visitor. Every action also counts as "still there".
    pub fn handle(&mut self, action: Action, now: Instant) {
        if let Action::Staff(a) = action {
            self.handle_staff(a, now);
            return;
        }
        if self.in_staff_mode() {
            // The PIN pad and the panel take no visitor actions, and nothing of them is spoken.
            return;
        }
        self.session.touch(now);
        self.staff.last_touch = self.staff.signed_in.as_ref().map(|_| now);
        let adjusts_speech = matches!(action, Action::Slower | Action::Faster | Action::Quieter | Action::Louder);
        let stops_speech = action == Action::StopSpeech;
        let today = time::OffsetDateTime::now_utc().date();
        let s = &mut self.session;
        match action {
            Action::Start => s.start(),
            Action::OpenLanguages => s.open_languages(),
            Action::ChooseLanguage(i) => {
                if let Some(l) = self.catalog.languages.get(i) {
                    s.choose_language(&l.code);
                }
            }
            Action::OpenService(i) => {
                if let Some(svc) = self.catalog.services.get(i) {
                    s.open_service(svc);
                }
            }
            Action::OpenInfo(i) => {
                if let Some(p) = self.catalog.info_pages.get(i) {
                    s.open_info(&p.id);
                }
            }
            Action::Back => s.back(),
            Action::Next => s.next(today),
            Action::Edit(text) => s.edit(&text),
            Action::Choose(i) => s.choose(i),
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
                    self.say(Command::Stop);
                }
                self.spoken_key.clear();
            }
            Action::Listen => self.spoken_key.clear(),
            Action::StopSpeech => self.say(Command::Stop),
            Action::Slower => s.adjust_speech(-1, 0),
            Action::Faster => s.adjust_speech(1, 0),
            Action::Quieter => s.adjust_speech(0, -1),
            Action::Louder => s.adjust_speech(0, 1),
            Action::TogglePrivateListening => {
                if self.headphone_jack {
                    s.toggle_private_listening();
                    self.spoken_key.clear();
                }
            }
            Action::ToggleContrast => s.toggle_high_contrast(),
            Action::Key(i) => self.press_key(i),
            Action::OpenDisplay => s.set_display_open(true),
            Action::CloseDisplay => s.set_display_open(false),
            Action::TextSize(step) => s.set_text_size(step),
            Action::CallStaff => {
                self.request_help();
                self.staff_call_open = true;
            }
            Action::CloseStaffCall => self.staff_call_open = false,
            Action::Staff(_) => {}
            Action::Help => {
                // Someone who asks for help by key wants to hear the kiosk: speech stays on for the visit.
                if s.speech().is_none() {
                    s.set_speech(true);
                }
                let view = self.view(now);
                let title = if view.title.is_empty() { view.touch.clone() } else { view.title.clone() };
                let text = format!("{}. {}", title.trim_end_matches('.'), self.t("help-keys"));
                let lang = view.lang.clone();
                let text = self.prepare(&lang, &text);
                self.apply_speech_settings();
                self.say(Command::Say(vec![(text, lang)]));
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
                    let text = self.prepare(&lang, &label);
                    self.say(Command::Say(vec![(text, lang)]));
                }
                return;
            }
            Action::ListenParagraph(i) => {
                let view = self.view(now);
                if let Some(p) = view.body.get(i) {
                    let text = self.prepare(&view.lang, p);
                    self.apply_speech_settings();
                    self.say(Command::Say(vec![(text, view.lang.clone())]));
                }
                return;
            }
        }
        if adjusts_speech {
            self.apply_speech_settings();
            self.spoken_key.clear();
        }
        if stops_speech {
            return;
        }
        self.speak_page_if_changed(now);
    }

    /// The layout of the question on screen, by its index in the catalog; `None` when nothing is typed.
    fn layout(&self) -> Option<usize> {
        let step = self.session.current_step().filter(|s| s.kind.is_typed())?;
        if *self.session.screen() != Screen::Question {
            return None;
        }
        let lang = self.session.lang();
        let keyboards = &self.catalog.keyboards;
        let start = keyboards.for_field(step.kind, lang)?;
        if keyboards.layouts[start].kind != crate::keyboard::LayoutKind::Text {
            return Some(start);
        }
        // A text layout the visitor switched to stays for this language's text questions.
        match &self.session.keyboard().layout {
            Some((for_lang, id)) if for_lang == lang => {
                keyboards.layouts.iter().position(|l| &l.id == id).or(Some(start))
            }
            _ => Some(start),
        }
    }

    /// Whether `label` names a key of the keyboard on screen that types something (not shift, space …).
    fn is_typing_key(&self, label: &str) -> bool {
        let Some(layout) = self.layout().map(|i| &self.catalog.keyboards.layouts[i]) else { return false };
        let state = self.session.keyboard();
        layout.keys().any(|k| layout.typed(k, state.shift, state.alternate_digits).is_some_and(|t| t == label))
    }

    /// A key of the on-screen keyboard: types into the field on screen, or shifts or switches layout.
    fn press_key(&mut self, index: usize) {
        use crate::keyboard::KeyAction;
        let Some(layout_index) = self.layout() else { return };
        let layout = &self.catalog.keyboards.layouts[layout_index];
        let Some(key) = layout.keys().nth(index) else { return };
        let Some(step_id) = self.session.current_step().map(|s| s.id.clone()) else { return };
        let state = self.session.keyboard().clone();
        let mut text = self.session.typed(&step_id).to_string();
        match &key.action {
            KeyAction::Type(_) => {
                text.push_str(&layout.typed(key, state.shift, state.alternate_digits).unwrap_or_default());
                // Shift is for one letter, as on a phone.
                self.session.keyboard_mut().shift = false;
            }
            KeyAction::Space => text.push(' '),
            KeyAction::Backspace => {
                text.pop();
            }
            KeyAction::Shift => {
                self.session.keyboard_mut().shift = !state.shift;
                return;
            }
            KeyAction::Digits => {
                self.session.keyboard_mut().alternate_digits = !state.alternate_digits;
                return;
            }
            KeyAction::Layout => {
                let lang = self.session.lang().to_string();
                let next = self.next_layout(layout_index);
                let id = self.catalog.keyboards.layouts[next].id.clone();
                let k = self.session.keyboard_mut();
                k.layout = Some((lang, id));
                k.shift = false;
                return;
            }
        }
        self.session.edit(&text);
    }

    /// The text layout after this one, the language's own first.
    fn next_layout(&self, current: usize) -> usize {
        let order = self.catalog.keyboards.text_layouts(self.session.lang());
        let at = order.iter().position(|&i| i == current).unwrap_or(0);
        order.get((at + 1) % order.len().max(1)).copied().unwrap_or(current)
    }

    fn keyboard_view(&self) -> Option<KeyboardView> {
        use crate::keyboard::KeyAction;
        let layout_index = self.layout()?;
        let layout = &self.catalog.keyboards.layouts[layout_index];
        let state = self.session.keyboard();
        let units = layout.units();
        let mut keys = Vec::new();
        for (row, row_keys) in layout.rows.iter().enumerate() {
            let mut x = (units - row_keys.iter().map(|k| k.units).sum::<f32>()) / 2.0;
            for key in row_keys {
                let (label, name, on) = match &key.action {
                    KeyAction::Type(_) => {
                        let t = layout.typed(key, state.shift, state.alternate_digits).unwrap_or_default();
                        (t.clone(), t, false)
                    }
                    KeyAction::Shift => ("⇧".into(), self.t("key-shift"), state.shift),
                    KeyAction::Backspace => ("⌫".into(), self.t("key-backspace"), false),
                    KeyAction::Space => (self.t("key-space"), self.t("key-space"), false),
                    KeyAction::Layout => {
                        let next = &self.catalog.keyboards.layouts[self.next_layout(layout_index)];
                        (next.short.clone(), self.tf("key-layout", &[("layout", next.name.clone().into())]), false)
                    }
                    KeyAction::Digits => {
                        let shown = if state.alternate_digits {
                            "123".to_string()
                        } else {
                            layout.alternate_digits[1..4].concat()
                        };
                        (shown, self.t("key-digits"), state.alternate_digits)
                    }
                };
                keys.push(KeyView { label, name, row, x, units: key.units, on });
                x += key.units;
            }
        }
        Some(KeyboardView { keys, rows: layout.rows.len(), units })
    }

    fn say(&self, command: Command) {
        if let Some(speech) = &self.speech {
            speech.send(command);
        }
    }

    fn apply_speech_settings(&self) {
        let (rate, volume) = self.session.speech().unwrap_or((0, 0));
        self.say(Command::Rate(rate));
        self.say(Command::Volume(volume));
    }

    /// Reads the page aloud when speech is on and the page (or its language, error or dialog) changed.
    fn speak_page_if_changed(&mut self, now: Instant) {
        if self.session.speech().is_none() {
            if !self.spoken_key.is_empty() {
                // The visit ended or speech was turned off: silence, and default settings next time.
                self.spoken_key.clear();
                self.say(Command::Stop);
                self.say(Command::Rate(0));
                self.say(Command::Volume(0));
            }
            return;
        }
        let view = self.view(now);
        let parts = self.spoken_page(&view);
        let key = format!("{:?}|{}|{}|{:?}", view.page, view.lang, view.title, parts);
        if key != self.spoken_key {
            self.spoken_key = key;
            self.apply_speech_settings();
            self.say(Command::Say(parts));
        }
    }

    /// The once-a-second clock: idle warning and wipe, and the attract screen's greeting.
    pub fn tick(&mut self, now: Instant) {
        self.ticks = self.ticks.wrapping_add(1);
        let dialog_before = self.session.dialog().is_some();
        self.session.tick(now);
        if *self.session.screen() == Screen::Attract {
            self.staff_call_open = false;
        }
        self.staff_tick(now);
        self.swap_content_between_visits();
        // The idle warning is spoken when it appears (not every second of its countdown), and
        // speech stops when the visit is wiped.
        if self.session.dialog().is_some() != dialog_before || self.session.speech().is_none() {
            self.speak_page_if_changed(now);
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

    /// Seals the request, writes it durably, and only then shows the receipt.
    fn send(&mut self) {
        let Some(mut submission) = self.session.submission(&self.kiosk_id, time::OffsetDateTime::now_utc()) else {
            return;
        };
        submission.assisted = self.staff.assisting.is_some();
        submission.assisted_by = self.staff.assisting.clone();
        match self.persist(&submission) {
            Ok(reference) => {
                tracing::info!(service = %submission.service_id, "request saved");
                self.session.saved(&reference);
            }
            Err(e) => {
                // The error names the cause (disk full, damaged file), never an answer.
                tracing::error!(service = %submission.service_id, error = %e, "could not save a request");
                self.store = None;
                self.session.save_failed();
            }
        }
    }

    /// The store, opened again if it was not there (at start, or after a failed save).
    fn open_store(&mut self) -> Result<&mut Store, StoreError> {
        if self.store.is_none() {
            self.store = Some(Store::open(&self.database, self.store_options)?);
        }
        Ok(self.store.as_mut().expect("opened above"))
    }

    fn persist(&mut self, submission: &Submission) -> Result<String, SaveError> {
        let json = serde_json::to_vec(submission).map_err(|_| SaveError::Seal)?;
        let sealed = self.key.seal(&json).map_err(|_| SaveError::Seal)?;
        let reference = reference::from_id(submission.id);
        self.open_store()?.enqueue(&OutboxItem {
            id: submission.id.to_string(),
            reference: reference.clone(),
            service_id: submission.service_id.clone(),
            service_version: submission.service_version,
            created_at_ms: submission.created_at_ms(),
            sealed,
        })?;
        Ok(reference)
    }

    fn t(&self, key: &str) -> String {
        self.i18n.text(self.session.lang(), key)
    }

    fn tf(&self, key: &str, args: &[(&str, FluentValue)]) -> String {
        self.i18n.format(self.session.lang(), key, args)
    }

    fn rtl(&self, code: &str) -> bool {
        self.catalog.language(code).is_some_and(|l| l.direction == Direction::Rtl)
    }

    /// What the screen must show now.
    pub fn view(&self, now: Instant) -> View {
        let lang = self.session.lang().to_string();
        let mut v = View {
            rtl: self.rtl(&lang),
            labels: Labels {
                language: self.t("button-language"),
                back: self.t("button-back"),
                next: self.t("button-next"),
                cancel: self.t("button-cancel"),
                send: self.t("button-send"),
                change: self.t("button-change"),
                done: self.t("button-done"),
                selected: self.t("selected"),
                not_selected: self.t("not-selected"),
            },
            lang,
            ..View::default()
        };
        match self.session.screen() {
            Screen::Attract => {
                v.page = Page::Attract;
                let shown = self.greeting_language();
                v.greeting = self.i18n.text(&shown.code, "attract-greeting");
                v.touch = self.i18n.text(&shown.code, "attract-touch");
                v.greeting_rtl = shown.direction == Direction::Rtl;
            }
            Screen::Language => {
                v.page = Page::Language;
                v.title = self.t("language-title");
                v.languages = self
                    .catalog
                    .languages
                    .iter()
                    .map(|l| Choice { label: l.endonym.clone(), selected: l.code == self.session.lang() })
                    .collect();
            }
            Screen::Home => {
                v.page = Page::Home;
                v.title = self.t("home-title");
                v.services_heading = self.t("home-services");
                v.info_heading = self.t("home-info");
                let tile = |id: &str, pictogram: &str| Tile {
                    title: self.t(&format!("{id}-title")),
                    pictogram: self.catalog.pictogram_path(pictogram),
                };
                v.services = self.catalog.services.iter().map(|s| tile(&s.id, &s.pictogram)).collect();
                v.info_tiles = self.catalog.info_pages.iter().map(|p| tile(&p.id, &p.pictogram)).collect();
            }
            Screen::Question => {
                v.page = Page::Question;
                v.question = self.question_view();
                v.title = v.question.service_title.clone();
            }
            Screen::Review => {
                v.page = Page::Review;
                v.title = self.t("review-title");
                v.review = self.review_rows();
                if self.session.visible_steps().iter().any(|s| s.sensitive) {
                    v.reveal = self.t(if self.session.revealed() { "button-hide" } else { "button-show" });
                }
            }
            Screen::Receipt => {
                v.page = Page::Receipt;
                v.title = self.t("receipt-title");
                v.reference_label = self.t("receipt-reference");
                v.reference = self.session.reference().unwrap_or_default().to_string();
                v.body = vec![self.t("receipt-keep")];
                if !self.online() {
                    v.body.push(self.t("receipt-offline"));
                }
                v.next_title = self.t("receipt-next-title");
                if let Some(s) = self.session.service() {
                    v.next_text = self.t(&format!("{}-next", s.id));
                }
            }
            Screen::Info(id) => {
                v.page = Page::Info;
                if let Some(p) = self.catalog.info_page(id) {
                    v.title = self.t(&format!("{}-title", p.id));
                    v.body = p.paragraphs.iter().map(|para| self.t(&format!("{}-{}", p.id, para))).collect();
                    v.pictogram = self.catalog.pictogram_path(&p.pictogram);
                }
            }
            Screen::SaveFailed => {
                v.page = Page::SaveFailed;
                v.title = self.t("save-failed-title");
                v.body = vec![self.t("save-failed-body")];
                v.labels.send = self.t("save-failed-retry");
            }
        }
        if let Some(page) = self.staff_page() {
            v.page = page;
            v.rtl = self.rtl(&self.catalog.default_language);
            v.text_scale = 1.0;
            match page {
                Page::StaffPin => v.pin = self.pin_view(),
                _ => v.panel = self.panel_view(),
            }
            return v;
        }
        if self.staff.assisting.is_some() {
            v.assisted = self.t("staff-assisted-band");
        }
        v.call_staff = self.t("call-staff");
        if self.staff_call_open {
            v.staff_call = Some(DialogView {
                title: self.t("call-staff-title"),
                body: self.t("call-staff-where"),
                yes: self.t("call-staff-close"),
                no: String::new(),
            });
        }
        v.speech = self.speech_view(&v);
        v.high_contrast = self.session.high_contrast();
        v.contrast_label = self.t("display-contrast");
        v.online = self.online();
        v.keyboard = self.keyboard_view();
        v.text_scale = TEXT_SCALES[self.session.text_size().min(TEXT_SCALES.len() - 1)];
        v.display_label = self.t("display-button");
        if self.session.display_open() {
            v.display = Some(DisplayView {
                title: self.t("display-title"),
                sizes: ["text-size-normal", "text-size-large", "text-size-extra"]
                    .iter()
                    .enumerate()
                    .map(|(i, k)| Choice { label: self.t(k), selected: i == self.session.text_size() })
                    .collect(),
                contrast: self.t("display-contrast"),
                contrast_on: self.session.high_contrast(),
                close: self.t("display-close"),
            });
        }
        v.connection = self.t(if v.online { "status-online" } else { "status-offline" });
        v.dialog = match self.session.dialog() {
            Some(Dialog::Idle(_)) => {
                let seconds = self.session.idle_seconds_left(now).unwrap_or(0);
                Some(DialogView {
                    title: self.t("idle-title"),
                    body: self.tf("idle-countdown", &[("seconds", seconds.into())]),
                    yes: self.t("idle-continue"),
                    no: String::new(),
                })
            }
            Some(Dialog::Cancel) => Some(DialogView {
                title: self.t("cancel-title"),
                body: self.t("cancel-body"),
                yes: self.t("cancel-yes"),
                no: self.t("cancel-no"),
            }),
            None => None,
        };
        v
    }

    /// The language the attract screen greets in right now; it changes every few ticks.
    fn greeting_language(&self) -> &crate::content::Language {
        let langs = &self.catalog.languages;
        &langs[(self.ticks / GREETING_TICKS) % langs.len()]
    }

    fn speech_view(&self, v: &View) -> SpeechView {
        let lang = self.session.lang();
        let greeting_lang = match v.page {
            Page::Attract => self.greeting_language().code.clone(),
            _ => lang.to_string(),
        };
        let on = self.session.speech().is_some();
        let can_speak = self.speech.as_ref().is_some_and(|s| s.can_speak(lang));
        let fallback = self
            .catalog
            .language(lang)
            .map(|l| l.speech_fallback.as_str())
            .filter(|f| on && !can_speak && self.speech.as_ref().is_some_and(|s| s.can_speak(f)))
            .and_then(|f| self.catalog.languages.iter().position(|l| l.code == f));
        SpeechView {
            on,
            listen: self.i18n.text(&greeting_lang, "speech-listen"),
            toggle: self.t(if on { "speech-off" } else { "speech-listen" }),
            repeat: self.t("speech-repeat"),
            stop: self.t("speech-stop"),
            slower: self.t("speech-slower"),
            faster: self.t("speech-faster"),
            quieter: self.t("speech-quieter"),
            louder: self.t("speech-louder"),
            private: if on && self.headphone_jack { self.t("speech-headphones") } else { String::new() },
            private_on: self.session.private_listening(),
            notice: if on && !can_speak { self.t("speech-unavailable") } else { String::new() },
            fallback: fallback.map_or_else(String::new, |i| {
                self.tf("speech-fallback", &[("language", self.catalog.languages[i].endonym.clone().into())])
            }),
            fallback_index: fallback.unwrap_or(0),
        }
    }

    /// What is read aloud for a page, in order, each part with its language: title, question, help,
    /// options, error, then the buttons. Typed answers are never read, and sensitive ones are "hidden".
    pub fn spoken_page(&self, v: &View) -> Vec<(String, String)> {
        let lang = v.lang.clone();
        let mut texts: Vec<String> = Vec::new();
        let mut parts: Vec<(String, String)> = Vec::new();
        if let Some(d) = &v.dialog {
            texts.extend([d.title.clone(), d.body.clone(), d.yes.clone(), d.no.clone()]);
        } else if let Some(d) = &v.staff_call {
            texts.extend([d.title.clone(), d.body.clone(), d.yes.clone()]);
        } else if let Some(d) = &v.display {
            texts.push(d.title.clone());
            let mark =
                |label: &str, on: bool| if on { format!("{label}, {}", v.labels.selected) } else { label.to_string() };
            texts.extend(d.sizes.iter().map(|c| mark(&c.label, c.selected)));
            texts.push(mark(&d.contrast, d.contrast_on));
            texts.push(d.close.clone());
        } else {
            match v.page {
                Page::Attract => {
                    parts.push((format!("{}. {}", v.greeting, v.touch), self.greeting_language().code.clone()));
                }
                Page::Language => {
                    texts.push(v.title.clone());
                    // Each language says its own name, so a visitor can pick by listening.
                    parts.push((self.prepare(&lang, &texts.join(". ")), lang.clone()));
                    texts.clear();
                    for l in &self.catalog.languages {
                        parts.push((l.endonym.clone(), l.code.clone()));
                    }
                    texts.push(v.labels.back.clone());
                }
                Page::Home => {
                    texts.push(v.title.clone());
                    texts.push(v.services_heading.clone());
                    texts.extend(v.services.iter().map(|t| t.title.clone()));
                    texts.push(v.info_heading.clone());
                    texts.extend(v.info_tiles.iter().map(|t| t.title.clone()));
                }
                Page::Question => {
                    let q = &v.question;
                    texts.extend([q.service_title.clone(), q.progress.clone(), q.text.clone(), q.help.clone()]);
                    texts.push(q.optional.clone());
                    texts.push(q.hint.clone());
                    for o in &q.options {
                        texts.push(if o.selected {
                            format!("{}, {}", o.label, v.labels.selected)
                        } else {
                            o.label.clone()
                        });
                    }
                    if !q.error.is_empty() {
                        texts.push(q.error.clone());
                    }
                    texts.extend([v.labels.back.clone(), v.labels.next.clone()]);
                }
                Page::Review => {
                    texts.push(v.title.clone());
                    let hidden = self.t("field-hidden");
                    for row in &v.review {
                        let answer =
                            if row.sensitive && !self.session.private_listening() { &hidden } else { &row.answer };
                        texts.push(format!("{}: {answer}", row.question));
                    }
                    texts.extend([v.labels.back.clone(), v.labels.send.clone()]);
                }
                Page::Receipt => {
                    texts.extend([v.title.clone(), v.reference_label.clone()]);
                    let spelled =
                        self.pronunciations.get(&lang).map_or_else(|| v.reference.clone(), |p| p.spell(&v.reference));
                    texts.push(spelled);
                    texts.extend(v.body.iter().cloned());
                    texts.extend([v.next_title.clone(), v.next_text.clone(), v.labels.done.clone()]);
                }
                Page::Info => {
                    texts.push(v.title.clone());
                    texts.extend(v.body.iter().cloned());
                    texts.push(v.labels.back.clone());
                }
                Page::SaveFailed => {
                    texts.push(v.title.clone());
                    texts.extend(v.body.iter().cloned());
                    texts.push(v.labels.send.clone());
                }
                // Staff pages are never read aloud (a PIN is being typed there).
                Page::StaffPin | Page::Staff => {}
            }
        }
        let rest: Vec<String> = texts.into_iter().filter(|t| !t.trim().is_empty()).collect();
        if !rest.is_empty() {
            let joined = rest.iter().map(|t| t.trim_end_matches(['.', ':']).to_string()).collect::<Vec<_>>().join(". ");
            parts.push((self.prepare(&lang, &joined), lang));
        }
        parts
    }

    fn prepare(&self, lang: &str, text: &str) -> String {
        self.pronunciations.get(lang).map_or_else(|| text.to_string(), |p| p.prepare(text))
    }

    fn step_key(&self, step: &Step, suffix: &str) -> String {
        let service = self.session.service().map_or("", |s| s.id.as_str());
        if suffix.is_empty() { format!("{service}-{}", step.id) } else { format!("{service}-{}-{suffix}", step.id) }
    }

    fn question_view(&self) -> QuestionView {
        let (Some(service), Some(step)) = (self.session.service(), self.session.current_step()) else {
            return QuestionView::default();
        };
        let (current, total) = self.session.progress();
        let mut q = QuestionView {
            field: format!("{}/{}", service.id, step.id),
            service_title: self.t(&format!("{}-title", service.id)),
            progress: self.tf("progress", &[("current", current.into()), ("total", total.into())]),
            text: self.t(&self.step_key(step, "")),
            help: self.t(&self.step_key(step, "help")),
            optional: if step.required { String::new() } else { self.t("question-optional") },
            error: self.session.error().map(|e| self.error_text(e)).unwrap_or_default(),
            ..QuestionView::default()
        };
        match step.kind {
            FieldKind::Choice | FieldKind::MultiChoice | FieldKind::YesNo => {
                q.input = Input::Options;
                q.multi = step.kind == FieldKind::MultiChoice;
                q.options = option_values(step)
                    .iter()
                    .enumerate()
                    .map(|(i, o)| Choice {
                        label: self.option_label(step, o),
                        selected: self.session.is_chosen(step, i),
                    })
                    .collect();
            }
            FieldKind::LongText => q.input = Input::Lines,
            _ => q.input = Input::Line,
        }
        q.value = self.session.typed(&step.id).to_string();
        if step.sensitive {
            q.masked = !self.session.revealed();
            q.reveal = self.t(if self.session.revealed() { "button-hide" } else { "button-show" });
        }
        if step.kind == FieldKind::Date {
            q.hint = self.tf("date-hint", &[("example", self.date_example().into())]);
        }
        q
    }

    /// How dates are typed, shown in the form the visitor's language uses.
    fn date_example(&self) -> String {
        match self.session.lang() {
            "sv" | "en" | "ar" => "2026-12-24".into(),
            _ => "24.12.2026".into(),
        }
    }

    fn option_label(&self, step: &Step, value: &str) -> String {
        match step.kind {
            FieldKind::YesNo => self.t(if value == "yes" { "answer-yes" } else { "answer-no" }),
            _ => self.t(&self.step_key(step, value)),
        }
    }

    fn error_text(&self, e: &FieldError) -> String {
        let lang = self.session.lang();
        let args: Vec<(&str, FluentValue)> = match e {
            FieldError::TooShort { min } => vec![("min", (*min).into())],
            FieldError::TooLong { max } => vec![("max", (*max).into())],
            FieldError::NumberOutOfRange { min, max } => vec![("min", (*min).into()), ("max", (*max).into())],
            FieldError::NotADate => vec![("example", self.date_example().into())],
            FieldError::DateOutOfRange { first, last } => {
                vec![("first", self.i18n.date(lang, *first).into()), ("last", self.i18n.date(lang, *last).into())]
            }
            FieldError::Postcode { digits } => vec![("digits", (*digits).into())],
            _ => vec![],
        };
        self.tf(e.key(), &args)
    }

    fn review_rows(&self) -> Vec<ReviewRow> {
        let no_answer = self.t("review-no-answer");
        self.session
            .visible_steps()
            .into_iter()
            .map(|step| {
                let answer = match self.session.answers().get(&step.id) {
                    None => no_answer.clone(),
                    Some(_) if step.sensitive && !self.session.revealed() => self.t("field-hidden"),
                    Some(Answer::Many(values)) => {
                        values.iter().map(|v| self.option_label(step, v)).collect::<Vec<_>>().join(", ")
                    }
                    Some(Answer::One(value)) => match step.kind {
                        FieldKind::Choice | FieldKind::YesNo => self.option_label(step, value),
                        FieldKind::Date => validate::parse_date(value)
                            .map_or_else(|| value.clone(), |d| self.i18n.date(self.session.lang(), d)),
                        _ => value.clone(),
                    },
                };
                // An answer keeps its own direction inside a page of the other (a Swedish address on an
                // Arabic page): first-strong isolate, U+2068 … U+2069.
                let answer = format!("\u{2068}{answer}\u{2069}");
                ReviewRow { question: self.t(&self.step_key(step, "")), answer, sensitive: step.sensitive }
            })
            .collect()
    }
}

#[derive(Debug, thiserror::Error)]
enum SaveError {
    #[error("the request could not be sealed")]
    Seal,
    #[error(transparent)]
    Store(#[from] StoreError),
}
