//! The visit: one visitor's way through the kiosk, as a pure state machine.
//!
//! Holds the chosen language, where the visitor is, and the answers — in memory only. Answers reach the
//! disk only as a sealed request through [`crate::store`], after [`Session::submission`]. [`Session::wipe`]
//! forgets everything; it runs on "Done", on a confirmed "Cancel" and when the idle time runs out.
//! No Slint, no I/O, no clock of its own: time comes in as arguments, so tests control it.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

pub use crate::content::CALL_TO_AGREE;
pub use crate::content::option_values;
use crate::content::{FieldKind, Service, Step};
pub use crate::keyboard::KeyboardState;
pub use crate::protocol::Answer;
use crate::protocol::Submission;
use crate::validate::{self, FieldError};

/// Where the visitor is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Attract,
    Language,
    Home,
    Question,
    Review,
    Receipt,
    Info(String),
    SaveFailed,
}

/// A dialog over the current screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialog {
    /// "Do you need more time?", with the moment the warning started.
    Idle(Instant),
    /// "Do you want to stop?"
    Cancel,
}

/// Idle timing: after `idle` without a touch the warning shows; after `warning` more the visit is wiped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdleTimes {
    pub idle: Duration,
    pub warning: Duration,
}

/// How each visit starts, as staff set it: speech, text size and contrast before the visitor changes them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VisitDefaults {
    pub speech: bool,
    pub text_size: usize,
    pub high_contrast: bool,
}

#[derive(Debug, Clone)]
pub struct Session {
    lang: String,
    default_lang: String,
    screen: Screen,
    /// Where the language picker returns to.
    before_language: Option<Screen>,
    service: Option<Service>,
    step: usize,
    answers: BTreeMap<String, Answer>,
    /// What the visitor typed, per question, kept so Back, Change and a language switch show it again.
    typed: BTreeMap<String, String>,
    error: Option<FieldError>,
    from_review: bool,
    reference: Option<String>,
    dialog: Option<Dialog>,
    /// Sensitive fields are masked on screen until the visitor asks to see them.
    revealed: bool,
    /// Speech on, and its rate and volume steps (-2..=2). Reset when the visit ends.
    speech: Option<(i32, i32)>,
    /// Headphones in: sensitive answers may be read aloud. Reset when the visit ends.
    private_listening: bool,
    /// The visitor's high-contrast choice. Reset when the visit ends.
    high_contrast: bool,
    /// The on-screen keyboard's state. Reset when the visit ends.
    keyboard: KeyboardState,
    /// Text size step: 0 normal, 1 large, 2 extra large (200 %). Reset when the visit ends.
    text_size: usize,
    /// The text size and contrast panel is open.
    display_open: bool,
    /// The visitor's answer to "How was it to use the kiosk?" (1–5), once. Reset when the visit ends.
    rating: Option<u8>,
    /// The id the request of this visit will have: a time held at the hub is held for it. New with
    /// every visit.
    request_id: uuid::Uuid,
    /// The time booked with the request that was sent (or [`CALL_TO_AGREE`]), for the receipt.
    appointment: Option<String>,
    defaults: VisitDefaults,
    last_touch: Instant,
    times: IdleTimes,
}

impl Session {
    pub fn new(default_lang: &str, times: IdleTimes, now: Instant) -> Session {
        Session {
            lang: default_lang.to_string(),
            default_lang: default_lang.to_string(),
            screen: Screen::Attract,
            before_language: None,
            service: None,
            step: 0,
            answers: BTreeMap::new(),
            typed: BTreeMap::new(),
            error: None,
            from_review: false,
            reference: None,
            dialog: None,
            revealed: false,
            speech: None,
            private_listening: false,
            high_contrast: false,
            keyboard: KeyboardState::default(),
            text_size: 0,
            display_open: false,
            rating: None,
            request_id: uuid::Uuid::now_v7(),
            appointment: None,
            defaults: VisitDefaults::default(),
            last_touch: now,
            times,
        }
    }

    pub fn lang(&self) -> &str {
        &self.lang
    }
    pub fn screen(&self) -> &Screen {
        &self.screen
    }
    pub fn dialog(&self) -> Option<Dialog> {
        self.dialog
    }
    pub fn service(&self) -> Option<&Service> {
        self.service.as_ref()
    }
    /// The service the visitor is answering (also while the language picker is open over it).
    pub fn service_in_progress(&self) -> Option<&Service> {
        let screen = match self.screen {
            Screen::Language => self.before_language.as_ref()?,
            ref screen => screen,
        };
        // Until the visit ends: the receipt (and its paper) still shows the service's texts.
        matches!(screen, Screen::Question | Screen::Review | Screen::Receipt | Screen::SaveFailed)
            .then_some(self.service.as_ref())
            .flatten()
    }
    pub fn error(&self) -> Option<&FieldError> {
        self.error.as_ref()
    }
    pub fn reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }
    pub fn answers(&self) -> &BTreeMap<String, Answer> {
        &self.answers
    }
    pub fn revealed(&self) -> bool {
        self.revealed
    }
    /// Whether the visitor has given anything that a wipe would remove.
    pub fn holds_personal_data(&self) -> bool {
        !self.answers.is_empty() || !self.typed.is_empty() || self.reference.is_some()
    }

    /// The id the request of this visit will be sent with.
    pub fn request_id(&self) -> uuid::Uuid {
        self.request_id
    }

    /// The time booked with the request on the receipt, or [`CALL_TO_AGREE`].
    pub fn appointment(&self) -> Option<&str> {
        self.appointment.as_deref()
    }

    /// The question on screen, when it asks for a time (an appointment question).
    pub fn current_appointment(&self) -> Option<&Step> {
        self.current_step().filter(|s| s.kind == FieldKind::Appointment)
    }

    /// Sets (or with `None` clears) the answer of the appointment question on screen: a time the
    /// hub holds for this visit, or [`CALL_TO_AGREE`]. Other questions are not answered this way.
    pub fn set_appointment(&mut self, value: Option<&str>) {
        let Some(step) = self.current_appointment() else { return };
        let id = step.id.clone();
        match value {
            Some(v) => {
                self.answers.insert(id, Answer::One(v.to_string()));
                self.error = None;
            }
            None => {
                self.answers.remove(&id);
            }
        }
    }

    /// Forgets the answer of every appointment question whose time is in `lost` (the hub no longer
    /// holds it), and takes the visitor back to that question, told why, to choose again.
    pub fn clear_appointment(&mut self, lost: &[String]) {
        let steps: Vec<String> = self
            .service
            .as_ref()
            .map(|s| s.steps.iter().filter(|st| st.kind == FieldKind::Appointment).map(|st| st.id.clone()).collect())
            .unwrap_or_default();
        for id in steps {
            if self.answers.get(&id).is_some_and(|a| lost.iter().any(|t| a.has(t))) {
                self.answers.remove(&id);
                if matches!(self.screen, Screen::Question | Screen::Review) {
                    self.change(&id);
                    self.error = Some(FieldError::TimeTaken);
                }
            }
        }
    }

    /// A message for the question on screen, shown as its error until the visitor acts.
    pub fn set_error(&mut self, error: FieldError) {
        self.error = Some(error);
    }

    /// The question on screen, if any.
    pub fn current_step(&self) -> Option<&Step> {
        match self.screen {
            Screen::Question => self.service.as_ref().and_then(|s| s.steps.get(self.step)),
            _ => None,
        }
    }

    /// What is in the field of the current question (typed text), or empty.
    pub fn typed(&self, step_id: &str) -> &str {
        self.typed.get(step_id).map_or("", String::as_str)
    }

    /// The questions the visitor will be asked, given the answers so far (`show_if`).
    pub fn visible_steps(&self) -> Vec<&Step> {
        self.service.as_ref().map_or_else(Vec::new, |s| s.steps.iter().filter(|st| self.is_visible(st)).collect())
    }

    fn is_visible(&self, step: &Step) -> bool {
        step.show_if.as_ref().is_none_or(|c| self.answers.get(&c.step).is_some_and(|a| a.has(&c.equals)))
    }

    /// "Question 2 of 5": the position among the visible questions.
    pub fn progress(&self) -> (usize, usize) {
        let visible = self.visible_steps();
        let current = self.current_step().and_then(|c| visible.iter().position(|s| s.id == c.id)).map_or(0, |i| i + 1);
        (current, visible.len())
    }

    /// Any touch or key: the visitor is still there.
    pub fn touch(&mut self, now: Instant) {
        self.last_touch = now;
        if matches!(self.dialog, Some(Dialog::Idle(_))) {
            self.dialog = None;
        }
    }

    /// Called about once a second. Shows the idle warning, and wipes the visit when it runs out.
    /// Returns the seconds left when the warning is showing.
    pub fn tick(&mut self, now: Instant) -> Option<u64> {
        if self.screen == Screen::Attract {
            return None;
        }
        match self.dialog {
            Some(Dialog::Idle(since)) => {
                let shown = now.saturating_duration_since(since);
                if shown >= self.times.warning {
                    self.wipe();
                    None
                } else {
                    Some((self.times.warning - shown).as_secs_f64().ceil() as u64)
                }
            }
            _ if now.saturating_duration_since(self.last_touch) >= self.times.idle => {
                self.dialog = Some(Dialog::Idle(now));
                Some(self.times.warning.as_secs())
            }
            _ => None,
        }
    }

    /// Seconds left on the idle warning at `now`.
    pub fn idle_seconds_left(&self, now: Instant) -> Option<u64> {
        match self.dialog {
            Some(Dialog::Idle(since)) => {
                Some(self.times.warning.saturating_sub(now.saturating_duration_since(since)).as_secs_f64().ceil() as u64)
            }
            _ => None,
        }
    }

    /// Forgets the visitor: answers, language, position. Back to the attract screen.
    pub fn wipe(&mut self) {
        let times = self.times;
        let last_touch = self.last_touch;
        let defaults = self.defaults;
        *self = Session::new(&self.default_lang, times, last_touch);
        self.apply_defaults(defaults);
    }

    /// Staff changed the kiosk's defaults: they hold from the next visit on (and now, between visits).
    pub fn set_defaults(&mut self, default_lang: &str, idle: Duration, defaults: VisitDefaults) {
        self.default_lang = default_lang.to_string();
        self.times.idle = idle;
        if self.screen == Screen::Attract {
            self.lang = default_lang.to_string();
            self.apply_defaults(defaults);
        }
        self.defaults = defaults;
    }

    /// The kiosk's default language, idle time and visit defaults.
    pub fn defaults(&self) -> (String, Duration, VisitDefaults) {
        (self.default_lang.clone(), self.times.idle, self.defaults)
    }

    fn apply_defaults(&mut self, d: VisitDefaults) {
        self.defaults = d;
        self.speech = d.speech.then_some((0, 0));
        self.text_size = d.text_size.min(Self::MAX_TEXT_SIZE);
        self.high_contrast = d.high_contrast;
    }

    /// Touch to start.
    pub fn start(&mut self) {
        self.screen = Screen::Language;
        self.before_language = Some(Screen::Home);
    }

    /// Opens the language picker from any page; choosing returns there.
    pub fn open_languages(&mut self) {
        if self.screen != Screen::Language {
            self.before_language = Some(self.screen.clone());
            self.screen = Screen::Language;
        }
    }

    /// Changes the language. Answers, typed text and position are kept.
    pub fn choose_language(&mut self, code: &str) {
        self.lang = code.to_string();
        if self.screen == Screen::Language {
            self.screen = self.before_language.take().unwrap_or(Screen::Home);
        }
    }

    pub fn open_info(&mut self, id: &str) {
        self.screen = Screen::Info(id.to_string());
    }

    /// Starts a service at its first question. Answers of another service are forgotten.
    pub fn open_service(&mut self, service: &Service) {
        if self.service.as_ref().is_none_or(|s| s.id != service.id) {
            self.answers.clear();
            self.typed.clear();
        }
        self.service = Some(service.clone());
        self.step = 0;
        self.error = None;
        self.from_review = false;
        self.screen = Screen::Question;
    }

    /// The visitor typed in the current field.
    pub fn edit(&mut self, text: &str) {
        if let Some(id) = self.current_step().map(|s| s.id.clone()) {
            self.typed.insert(id, text.to_string());
            self.error = None;
        }
    }

    /// The visitor touched option `index` of a choice, multi-choice or yes/no question.
    /// A single choice is an answer at once; a multi-choice toggles.
    pub fn choose(&mut self, index: usize) {
        let Some(step) = self.current_step().cloned() else { return };
        let options = option_values(&step);
        let Some(value) = options.get(index).cloned() else { return };
        self.error = None;
        if step.kind == FieldKind::MultiChoice {
            let mut chosen = match self.answers.remove(&step.id) {
                Some(Answer::Many(v)) => v,
                _ => Vec::new(),
            };
            if let Some(pos) = chosen.iter().position(|v| *v == value) {
                chosen.remove(pos);
            } else {
                chosen.push(value);
                // Keep the order of the options, whatever the order of touching.
                chosen.sort_by_key(|v| options.iter().position(|o| o == v));
            }
            if !chosen.is_empty() {
                self.answers.insert(step.id, Answer::Many(chosen));
            }
        } else {
            self.answers.insert(step.id, Answer::One(value));
        }
    }

    /// Whether option `index` of the current question is chosen.
    pub fn is_chosen(&self, step: &Step, index: usize) -> bool {
        option_values(step).get(index).is_some_and(|v| self.answers.get(&step.id).is_some_and(|a| a.has(v)))
    }

    /// Next: validates the current question. On an error the visitor stays and the error is shown.
    pub fn next(&mut self, today: time::Date) {
        let Some(step) = self.current_step().cloned() else { return };
        if step.kind.is_typed() {
            match validate::check_text(&step, self.typed(&step.id), today) {
                Ok(Some(v)) => {
                    self.answers.insert(step.id.clone(), Answer::One(v));
                }
                Ok(None) => {
                    self.answers.remove(&step.id);
                }
                Err(e) => {
                    self.error = Some(e);
                    return;
                }
            }
        } else if step.required && !self.answers.contains_key(&step.id) {
            self.error = Some(FieldError::Required);
            return;
        }
        self.error = None;
        self.forget_hidden();
        let service = self.service.as_ref().expect("a question belongs to a service");
        let next = service.steps.iter().enumerate().skip(self.step + 1).find(|(_, s)| self.is_visible(s));
        let next_unanswered = |session: &Session| {
            service
                .steps
                .iter()
                .enumerate()
                .skip(session.step + 1)
                .find(|(_, s)| session.is_visible(s) && !session.is_answered(s))
                .map(|(i, _)| i)
        };
        if self.from_review {
            // After "Change", go back to the summary, unless the change opened a question not yet answered.
            match next_unanswered(self) {
                Some(i) => self.step = i,
                None => {
                    self.from_review = false;
                    self.screen = Screen::Review;
                }
            }
        } else {
            match next {
                Some((i, _)) => self.step = i,
                None => self.screen = Screen::Review,
            }
        }
    }

    fn is_answered(&self, step: &Step) -> bool {
        self.answers.contains_key(&step.id) || (!step.required && self.typed.contains_key(&step.id))
    }

    /// Answers to questions that are no longer shown (a `show_if` changed) are not kept or sent.
    fn forget_hidden(&mut self) {
        let hidden: Vec<String> = self
            .service
            .as_ref()
            .map(|s| s.steps.iter().filter(|st| !self.is_visible(st)).map(|st| st.id.clone()).collect())
            .unwrap_or_default();
        for id in hidden {
            self.answers.remove(&id);
            self.typed.remove(&id);
        }
    }

    /// Back: the previous question, or the page before the service.
    pub fn back(&mut self) {
        self.error = None;
        match &self.screen {
            Screen::Question => {
                let service = self.service.as_ref().expect("a question belongs to a service");
                let previous = service.steps.iter().enumerate().take(self.step).rev().find(|(_, s)| self.is_visible(s));
                if self.from_review {
                    self.from_review = false;
                    self.screen = Screen::Review;
                } else {
                    match previous {
                        Some((i, _)) => self.step = i,
                        None => self.screen = Screen::Home,
                    }
                }
            }
            Screen::Review => {
                if let Some(last) =
                    self.service.as_ref().and_then(|s| s.steps.iter().rposition(|st| self.is_visible(st)))
                {
                    self.step = last;
                    self.screen = Screen::Question;
                }
            }
            Screen::Info(_) => self.screen = Screen::Home,
            Screen::Language => self.screen = self.before_language.take().unwrap_or(Screen::Attract),
            _ => {}
        }
    }

    /// "Change" on the summary: go to that question, then come back to the summary.
    pub fn change(&mut self, step_id: &str) {
        if let Some(i) = self.service.as_ref().and_then(|s| s.steps.iter().position(|st| st.id == step_id)) {
            self.step = i;
            self.from_review = true;
            self.error = None;
            self.screen = Screen::Question;
        }
    }

    /// Speech on with (rate, volume) steps, or `None` when off.
    pub fn speech(&self) -> Option<(i32, i32)> {
        self.speech
    }

    pub fn set_speech(&mut self, on: bool) {
        self.speech = if on { Some(self.speech.unwrap_or((0, 0))) } else { None };
    }

    /// Changes rate or volume by one step, within -2..=2.
    pub fn adjust_speech(&mut self, rate: i32, volume: i32) {
        if let Some((r, v)) = self.speech {
            self.speech = Some(((r + rate).clamp(-2, 2), (v + volume).clamp(-2, 2)));
        }
    }

    pub fn high_contrast(&self) -> bool {
        self.high_contrast
    }

    pub fn toggle_high_contrast(&mut self) {
        self.high_contrast = !self.high_contrast;
    }

    /// The largest text size step (extra large, 200 %).
    pub const MAX_TEXT_SIZE: usize = 2;

    pub fn text_size(&self) -> usize {
        self.text_size
    }

    pub fn set_text_size(&mut self, step: usize) {
        self.text_size = step.min(Self::MAX_TEXT_SIZE);
    }

    pub fn display_open(&self) -> bool {
        self.display_open
    }

    /// Opens or closes the text size and contrast panel (any page, the attract screen included).
    pub fn set_display_open(&mut self, open: bool) {
        self.display_open = open;
    }

    pub fn keyboard(&self) -> &KeyboardState {
        &self.keyboard
    }

    pub fn keyboard_mut(&mut self) -> &mut KeyboardState {
        &mut self.keyboard
    }

    pub fn private_listening(&self) -> bool {
        self.private_listening
    }

    pub fn toggle_private_listening(&mut self) {
        self.private_listening = !self.private_listening;
    }

    pub fn toggle_reveal(&mut self) {
        self.revealed = !self.revealed;
    }

    pub fn ask_cancel(&mut self) {
        self.dialog = Some(Dialog::Cancel);
    }

    pub fn answer_dialog(&mut self, yes: bool) {
        match self.dialog.take() {
            Some(Dialog::Cancel) if yes => self.wipe(),
            _ => {}
        }
    }

    /// The request to seal and store, built from the visible answers only.
    pub fn submission(&self, kiosk_id: &str, now: time::OffsetDateTime) -> Option<Submission> {
        let service = self.service.as_ref()?;
        if self.screen != Screen::Review && self.screen != Screen::SaveFailed {
            return None;
        }
        let answers: BTreeMap<String, Answer> = self
            .visible_steps()
            .iter()
            .filter_map(|s| self.answers.get(&s.id).map(|a| (s.id.clone(), a.clone())))
            .collect();
        let mut submission = Submission::new(&service.id, service.version, &self.lang, answers, kiosk_id, now);
        // The id a held time is held for.
        submission.id = self.request_id;
        Some(submission)
    }

    /// The visitor's answer to "How was it to use the kiosk?", on the receipt: the first one counts.
    pub fn rate(&mut self, rating: u8) {
        if self.screen == Screen::Receipt && self.rating.is_none() && (1..=5).contains(&rating) {
            self.rating = Some(rating);
        }
    }

    pub fn rating(&self) -> Option<u8> {
        self.rating
    }

    /// The request is on disk: show the receipt. The answers are forgotten now; only the reference stays.
    pub fn saved(&mut self, reference: &str) {
        self.appointment = self.visible_steps().iter().filter(|s| s.kind == FieldKind::Appointment).find_map(|s| {
            match self.answers.get(&s.id) {
                Some(Answer::One(v)) => Some(v.clone()),
                _ => None,
            }
        });
        self.answers.clear();
        self.typed.clear();
        self.reference = Some(reference.to_string());
        self.screen = Screen::Receipt;
    }

    /// The request could not be saved: tell the visitor to ask staff, and keep every answer.
    pub fn save_failed(&mut self) {
        self.screen = Screen::SaveFailed;
    }
}
