//! Page building: what the screen shows, as a pure function of the visit, the content and the texts.
//!
//! [`Context::build`] turns the [`Session`] (and the few facts around it: whether the hub answers,
//! which voices exist, whether staff are helping) into a [`View`] with every text chosen through
//! Fluent. It does no I/O and holds no state, so a test can build any page without a window, a store
//! or a speech engine. [`crate::ui`] copies the [`View`] into Slint; `narration` reads it aloud.

use std::path::PathBuf;
use std::time::Instant;

use fluent_bundle::FluentValue;

use crate::appointment;
use crate::content::{CALL_TO_AGREE, Catalog, Direction, FieldKind, Language, Step, option_values, text_id};
use crate::i18n::I18n;
use crate::keyboard::KeyAction;
use crate::session::{Answer, Dialog, Screen, Session};
use crate::validate::{self, FieldError};

/// How long each language's greeting stays on the attract screen, in ticks (seconds).
const GREETING_TICKS: usize = 3;

/// Which page is on screen (the visitor's [`Screen`], or a staff page).
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
    /// Free times to touch, by day (an appointment question).
    Times,
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

/// A day of free times on an appointment question.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayView {
    /// "Tuesday 8 December".
    pub heading: String,
    /// How many of [`QuestionView::times`] are on this day.
    pub count: usize,
}

/// A free time on an appointment question.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TimeView {
    /// "10:30", on the button.
    pub label: String,
    /// "Tuesday 8 December, 10:30": its accessible and spoken name.
    pub name: String,
    /// Its day in [`QuestionView::days`], and its place among the day's times.
    pub day: usize,
    pub place: usize,
    pub selected: bool,
    /// The hub is being asked to hold it.
    pub busy: bool,
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
    /// An appointment question: where the visitor stands ("Keeping the time for you …", "The time
    /// is yours …", "We will call you to agree on a time").
    pub notice: String,
    pub days: Vec<DayView>,
    pub times: Vec<TimeView>,
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

/// The buttons around a page: decided here, drawn by Slint.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Nav {
    pub back: bool,
    pub cancel: bool,
    /// The label of the way forward (Next, Send, Done, Try again); empty when the page has none.
    pub forward: String,
    /// The page takes the discreet staff entry (a long press in its corner, Ctrl+Alt+S).
    pub staff_entry: bool,
}

/// How long the attract screen's corner must be held to open the staff PIN pad.
pub const STAFF_HOLD: std::time::Duration = std::time::Duration::from_secs(3);

/// Everything the screen shows, in the visitor's language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct View {
    pub page: Page,
    pub rtl: bool,
    pub lang: String,
    pub labels: Labels,
    pub nav: Nav,
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
    /// The print button of a receipt or information page; empty when the kiosk has no printer.
    pub print: String,
    /// How printing this page goes ("Printing…", "Take your paper", "The printer is not working");
    /// empty before the visitor presses Print.
    pub print_status: String,
    /// The printer failed: the status is a warning.
    pub print_failed: bool,
    /// The reference code, repeated large under the warning when a receipt could not be printed.
    pub print_code: String,
    /// "How was it to use the kiosk?" on the receipt; absent when staff turned it off.
    pub rating: Option<RatingView>,
}

/// The words of the five faces, from very bad to very good.
const RATING_FACES: [&str; 5] = ["rating-1", "rating-2", "rating-3", "rating-4", "rating-5"];

/// The satisfaction question: five faces from very bad (1) to very good (5), and thanks once one
/// was chosen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RatingView {
    pub question: String,
    /// The words of the faces, 1 to 5.
    pub faces: Vec<String>,
    pub chosen: Option<u8>,
    pub thanks: String,
}

/// Printing the page on screen: whether it was asked for and how it went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PrintProgress {
    #[default]
    NotAsked,
    Printing,
    Printed,
    Failed,
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

/// A staff page, built by staff mode, shown instead of the visitor's.
#[derive(Debug, Clone, PartialEq)]
pub enum StaffPage {
    Pin(PinView),
    Panel(Box<PanelView>),
}

/// Everything a page is built from.
pub struct Context<'a> {
    pub catalog: &'a Catalog,
    pub i18n: &'a I18n,
    pub session: &'a Session,
    /// Seconds since start: the attract screen's greeting changes language every few.
    pub ticks: usize,
    /// The hub answered last time.
    pub online: bool,
    /// Whether a voice exists for a language.
    pub can_speak: &'a dyn Fn(&str) -> bool,
    pub headphone_jack: bool,
    /// Staff are helping this visit (the band shows).
    pub assisted: bool,
    /// The visitor opened the "where staff are" card.
    pub staff_call_open: bool,
    /// Ask "How was it to use the kiosk?" on the receipt.
    pub ask_rating: bool,
    /// Staff answered from the desk that someone is on the way.
    pub help_coming: bool,
    /// A staff page to show instead of the visitor's.
    pub staff: Option<StaffPage>,
    /// The kiosk has a printer, and how printing the page on screen goes; `None`: no printer.
    pub print: Option<PrintProgress>,
    /// What an appointment question on screen offers; `None` there: no times, "we will call you".
    pub offer: Option<super::booking::Offer>,
}

/// The services a visitor may open on the home screen in the visit's language: those not marked
/// not ready in it. Tiles and `OpenService` count in this list.
pub fn offered_services<'a>(catalog: &'a Catalog, session: &Session) -> Vec<&'a crate::content::Service> {
    catalog.services.iter().filter(|s| s.ready_in(session.lang())).collect()
}

/// The languages the picker offers: all, except while a service is being answered, the ones it is
/// not ready in. The picker's buttons and `ChooseLanguage` count in this list.
pub fn offered_languages<'a>(catalog: &'a Catalog, session: &Session) -> Vec<&'a Language> {
    let service = session.service_in_progress();
    catalog.languages.iter().filter(|l| service.is_none_or(|s| s.ready_in(&l.code))).collect()
}

/// The language the attract screen greets in after `ticks` seconds; it changes every few seconds.
pub fn greeting_language(catalog: &Catalog, ticks: usize) -> &Language {
    let langs = &catalog.languages;
    &langs[(ticks / GREETING_TICKS) % langs.len()]
}

/// The keyboard layout of the question on screen, by its index in the catalog; `None` when nothing
/// is typed there.
pub fn keyboard_layout(catalog: &Catalog, session: &Session) -> Option<usize> {
    let step = session.current_step().filter(|s| s.kind.is_typed())?;
    if *session.screen() != Screen::Question {
        return None;
    }
    catalog.keyboards.layout_for(step.kind, session.lang(), session.keyboard())
}

impl Context<'_> {
    /// What the screen must show now.
    pub fn build(mut self, now: Instant) -> View {
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
                v.languages = offered_languages(self.catalog, self.session)
                    .into_iter()
                    .map(|l| Choice { label: l.endonym.clone(), selected: l.code == self.session.lang() })
                    .collect();
            }
            Screen::Home => {
                v.page = Page::Home;
                v.title = self.t("home-title");
                v.services_heading = self.t("home-services");
                v.info_heading = self.t("home-info");
                let tile = |id: &str, pictogram: &str| Tile {
                    title: self.t(&text_id(&[id, "title"])),
                    pictogram: self.catalog.pictogram_path(pictogram),
                };
                v.services =
                    offered_services(self.catalog, self.session).iter().map(|s| tile(&s.id, &s.pictogram)).collect();
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
                if let Some(time) = self.session.appointment() {
                    let words = appointment::words(self.i18n, self.session.lang(), time);
                    v.body.insert(
                        0,
                        if time == CALL_TO_AGREE {
                            words
                        } else {
                            self.tf("receipt-appointment", &[("time", words.into())])
                        },
                    );
                }
                if !self.online {
                    v.body.push(self.t("receipt-offline"));
                }
                v.next_title = self.t("receipt-next-title");
                if let Some(s) = self.session.service() {
                    v.next_text = self.t(&text_id(&[&s.id, "next"]));
                }
                self.print_view(&mut v, "button-print-receipt", "print-failed-receipt");
                if v.print_failed {
                    v.print_code = v.reference.clone();
                }
                if self.ask_rating {
                    v.rating = Some(RatingView {
                        question: self.t("rating-question"),
                        faces: RATING_FACES.iter().map(|key| self.t(key)).collect(),
                        chosen: self.session.rating(),
                        thanks: self.t("rating-thanks"),
                    });
                }
            }
            Screen::Info(id) => {
                v.page = Page::Info;
                if let Some(p) = self.catalog.info_page(id) {
                    v.title = self.t(&text_id(&[&p.id, "title"]));
                    v.body = p.paragraphs.iter().map(|para| self.t(&text_id(&[&p.id, para]))).collect();
                    v.pictogram = self.catalog.pictogram_path(&p.pictogram);
                }
                self.print_view(&mut v, "button-print-page", "print-failed-page");
            }
            Screen::SaveFailed => {
                v.page = Page::SaveFailed;
                v.title = self.t("save-failed-title");
                v.body = vec![self.t("save-failed-body")];
                v.labels.send = self.t("save-failed-retry");
            }
        }
        v.nav = Nav {
            back: matches!(v.page, Page::Question | Page::Review | Page::Info | Page::Language),
            cancel: matches!(v.page, Page::Question | Page::Review | Page::SaveFailed),
            forward: match v.page {
                Page::Question => v.labels.next.clone(),
                Page::Review | Page::SaveFailed => v.labels.send.clone(),
                Page::Receipt => v.labels.done.clone(),
                _ => String::new(),
            },
            staff_entry: v.page == Page::Attract && self.staff.is_none(),
        };
        if let Some(staff) = self.staff.take() {
            v.nav = Nav::default();
            v.rtl = self.rtl(&self.catalog.default_language);
            v.text_scale = 1.0;
            match staff {
                StaffPage::Pin(pin) => {
                    v.page = Page::StaffPin;
                    v.pin = pin;
                }
                StaffPage::Panel(panel) => {
                    v.page = Page::Staff;
                    v.panel = *panel;
                }
            }
            return v;
        }
        if self.assisted {
            v.assisted = self.t("staff-assisted-band");
        }
        v.call_staff = self.t("call-staff");
        if self.staff_call_open {
            v.staff_call = Some(DialogView {
                title: self.t("call-staff-title"),
                body: self.t(if self.help_coming { "call-staff-coming" } else { "call-staff-where" }),
                yes: self.t("call-staff-close"),
                no: String::new(),
            });
        }
        v.speech = self.speech_view(&v);
        v.high_contrast = self.session.high_contrast();
        v.contrast_label = self.t("display-contrast");
        v.online = self.online;
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

    /// The language the attract screen greets in right now.
    fn greeting_language(&self) -> &Language {
        greeting_language(self.catalog, self.ticks)
    }

    fn speech_view(&self, v: &View) -> SpeechView {
        let lang = self.session.lang();
        let greeting_lang = match v.page {
            Page::Attract => self.greeting_language().code.clone(),
            _ => lang.to_string(),
        };
        let on = self.session.speech().is_some();
        let can_speak = (self.can_speak)(lang);
        let offered = offered_languages(self.catalog, self.session);
        let fallback = self
            .catalog
            .language(lang)
            .map(|l| l.speech_fallback.as_str())
            .filter(|f| on && !can_speak && (self.can_speak)(f))
            .and_then(|f| offered.iter().position(|l| l.code == f));
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
                self.tf("speech-fallback", &[("language", offered[i].endonym.clone().into())])
            }),
            fallback_index: fallback.unwrap_or(0),
        }
    }

    fn t(&self, key: &str) -> String {
        self.i18n.text(self.session.lang(), key)
    }

    fn tf(&self, key: &str, args: &[(&str, FluentValue)]) -> String {
        self.i18n.format(self.session.lang(), key, args)
    }

    /// The print button and how printing goes, on a page that can be printed.
    fn print_view(&self, v: &mut View, button: &str, failed: &str) {
        let Some(progress) = self.print else { return };
        v.print = self.t(button);
        v.print_failed = progress == PrintProgress::Failed;
        v.print_status = match progress {
            PrintProgress::NotAsked => String::new(),
            PrintProgress::Printing => self.t("print-working"),
            PrintProgress::Printed => self.t("print-done"),
            PrintProgress::Failed => self.t(failed),
        };
    }

    fn rtl(&self, code: &str) -> bool {
        self.catalog.language(code).is_some_and(|l| l.direction == Direction::Rtl)
    }

    fn keyboard_view(&self) -> Option<KeyboardView> {
        let layout_index = keyboard_layout(self.catalog, self.session)?;
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
                        let next = &self.catalog.keyboards.layouts
                            [self.catalog.keyboards.next_text_layout(layout_index, self.session.lang())];
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

    fn step_key(&self, step: &Step, suffix: &str) -> String {
        let service = self.session.service().map_or("", |s| s.id.as_str());
        if suffix.is_empty() { text_id(&[service, &step.id]) } else { text_id(&[service, &step.id, suffix]) }
    }

    fn question_view(&self) -> QuestionView {
        let (Some(service), Some(step)) = (self.session.service(), self.session.current_step()) else {
            return QuestionView::default();
        };
        let (current, total) = self.session.progress();
        let mut q = QuestionView {
            field: format!("{}/{}", service.id, step.id),
            service_title: self.t(&text_id(&[&service.id, "title"])),
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
            FieldKind::Appointment => {
                q.input = Input::Times;
                self.times_view(&mut q);
            }
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

    /// The free times by day, how fresh they are and where the visitor stands; with none to offer,
    /// "We will call you to agree on a time".
    fn times_view(&self, q: &mut QuestionView) {
        let lang = self.session.lang();
        let offer = self.offer.clone().unwrap_or_default();
        for (d, day) in appointment::by_day(&offer.times).into_iter().enumerate() {
            q.days.push(DayView { heading: appointment::day(self.i18n, lang, day[0].1), count: day.len() });
            for (place, (i, at)) in day.into_iter().enumerate() {
                let start = &offer.times[i];
                q.times.push(TimeView {
                    label: appointment::clock(at),
                    name: appointment::words(self.i18n, lang, start),
                    day: d,
                    place,
                    selected: offer.held.as_ref() == Some(start),
                    busy: offer.asking.as_ref() == Some(start),
                });
            }
        }
        q.notice = if offer.asking.is_some() {
            self.t("appointment-holding")
        } else if offer.held.is_some() {
            self.t("appointment-held")
        } else if q.times.is_empty() {
            // "Touch a time" would ask for what is not there.
            q.help.clear();
            self.t("appointment-call")
        } else {
            String::new()
        };
        if let Some(read) = offer.read_at_ms.filter(|_| !q.times.is_empty()) {
            let read = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(read) * 1_000_000)
                .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
            let local = super::paper::local_time(read);
            q.hint = self.tf("appointment-fresh", &[("time", appointment::clock(local).into())]);
        }
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
                        FieldKind::Appointment => appointment::words(self.i18n, self.session.lang(), value),
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::session::IdleTimes;

    fn content() -> (Catalog, I18n) {
        crate::lint::load_checked(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    fn build(catalog: &Catalog, i18n: &I18n, session: &Session, staff: Option<StaffPage>) -> View {
        Context {
            catalog,
            i18n,
            session,
            ticks: 0,
            online: false,
            can_speak: &|_| false,
            headphone_jack: false,
            assisted: false,
            staff_call_open: false,
            help_coming: false,
            staff,
            print: None,
            ask_rating: true,
            offer: None,
        }
        .build(Instant::now())
    }

    #[test]
    fn each_page_has_the_way_forward_rust_decided() {
        let (catalog, i18n) = content();
        let idle = IdleTimes { idle: Duration::from_secs(90), warning: Duration::from_secs(30) };
        let mut session = Session::new("en", idle, Instant::now());
        let attract = build(&catalog, &i18n, &session, None);
        assert_eq!(attract.page, Page::Attract);
        assert!(attract.nav.staff_entry && !attract.nav.back && attract.nav.forward.is_empty());

        session.start();
        session.open_service(catalog.service("report-fault").unwrap());
        let question = build(&catalog, &i18n, &session, None);
        assert_eq!(question.page, Page::Question);
        assert_eq!(question.nav.forward, i18n.text("en", "button-next"));
        assert!(question.nav.back && question.nav.cancel && !question.nav.staff_entry);

        session.saved("K7Q-3F9-XA2");
        let receipt = build(&catalog, &i18n, &session, None);
        assert_eq!(receipt.page, Page::Receipt);
        assert_eq!(receipt.nav.forward, i18n.text("en", "button-done"));
        assert!(!receipt.nav.back && !receipt.nav.cancel, "no way back from a sent request");
        assert_eq!(receipt.reference, "K7Q-3F9-XA2");
    }

    #[test]
    fn a_staff_page_replaces_the_visitors_without_their_buttons() {
        let (catalog, i18n) = content();
        let idle = IdleTimes { idle: Duration::from_secs(90), warning: Duration::from_secs(30) };
        let session = Session::new("ar", idle, Instant::now());
        let pin = PinView { title: "PIN".into(), dots: "●●".into(), ..PinView::default() };
        let v = build(&catalog, &i18n, &session, Some(StaffPage::Pin(pin.clone())));
        assert_eq!(v.page, Page::StaffPin);
        assert_eq!(v.pin, pin);
        assert_eq!(v.nav, Nav::default(), "no Back, Cancel or staff entry on the PIN pad");
        assert!(!v.rtl, "staff pages are in the kiosk's default language");
    }
}
