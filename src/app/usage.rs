//! What a visit did, as counters that identify nobody ([`torget_common::usage`]): the controller
//! shows this room the visit as it was before and after each action or tick, and it names what
//! happened. It remembers, for the visit under way only, which questions were already counted, so
//! going back and forth counts a question once; it forgets that when the visit ends.

use std::collections::BTreeSet;

use torget_common::usage::{Counter, MAX_QUESTION, Stage};

use crate::session::{Screen, Session};

/// The visit at one moment, as far as the counters care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moment {
    screen: Screen,
    /// The service under way (on a question, the review or the "could not save" page).
    service: Option<String>,
    /// The question on screen, 1 for the first one shown.
    question: u32,
    lang: String,
    speech: bool,
    larger_text: bool,
    high_contrast: bool,
}

impl Moment {
    pub fn of(session: &Session) -> Moment {
        let in_service = matches!(session.screen(), Screen::Question | Screen::Review | Screen::SaveFailed);
        Moment {
            screen: session.screen().clone(),
            service: session.service().filter(|_| in_service).map(|s| s.id.clone()),
            question: (session.progress().0 as u32).min(MAX_QUESTION),
            lang: session.lang().to_string(),
            speech: session.speech().is_some(),
            larger_text: session.text_size() > 0,
            high_contrast: session.high_contrast(),
        }
    }

    fn stage(&self) -> Stage {
        match self.screen {
            Screen::Review | Screen::SaveFailed => Stage::Review,
            _ => Stage::Question(self.question.max(1)),
        }
    }
}

/// What moved the visit from one moment to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    ChooseLanguage,
    OpenService,
    OpenInfo,
    /// "Yes, stop" in the cancel dialog.
    ConfirmCancel,
    CallStaff,
    PrintReceipt,
    Rate(u8),
    /// Any other action of the visitor.
    Other,
    /// The clock (the idle wipe).
    Clock,
}

/// One count: the service ("" for none), the language and the counter.
pub type Count = (String, String, Counter);

/// The counting memory of the visit under way.
#[derive(Debug, Default)]
pub struct Tally {
    started: bool,
    reached: BTreeSet<(String, u32)>,
    reviewed: BTreeSet<String>,
    rated: bool,
}

impl Tally {
    /// What happened between `before` and `after`.
    pub fn observe(&mut self, before: &Moment, after: &Moment, cause: Cause) -> Vec<Count> {
        let mut out = Vec::new();
        let lang = after.lang.clone();
        let here = after.service.clone().unwrap_or_default();
        let mut count = |service: &str, lang: &str, c: Counter| out.push((service.to_string(), lang.to_string(), c));
        match cause {
            Cause::ChooseLanguage if !self.started => {
                self.started = true;
                count("", &lang, Counter::VisitStarted);
            }
            Cause::ChooseLanguage if before.lang != after.lang && after.service.is_some() => {
                count(&here, &lang, Counter::LanguageChanged);
            }
            Cause::OpenService if after.service.is_some() => count(&here, &lang, Counter::ServiceOpened),
            Cause::OpenInfo if matches!(after.screen, Screen::Info(_)) => count("", &lang, Counter::InfoOpened),
            Cause::CallStaff => count(&here, &lang, Counter::HelpCalled),
            Cause::PrintReceipt => count("", &lang, Counter::ReceiptPrinted),
            Cause::Rate(n) if !self.rated && (1..=5).contains(&n) => {
                self.rated = true;
                count("", &lang, Counter::Satisfaction(n));
            }
            _ => {}
        }
        if cause != Cause::Clock {
            if after.speech && !before.speech {
                count(&here, &lang, Counter::SpeechOn);
            }
            if after.larger_text && !before.larger_text {
                count(&here, &lang, Counter::LargerText);
            }
            if after.high_contrast && !before.high_contrast {
                count(&here, &lang, Counter::HighContrast);
            }
        }
        if let Some(service) = &after.service {
            if after.screen == Screen::Question && self.reached.insert((service.clone(), after.question)) {
                count(service, &lang, Counter::QuestionReached(after.question.max(1)));
            }
            if after.screen == Screen::Review && self.reviewed.insert(service.clone()) {
                count(service, &lang, Counter::ReviewReached);
            }
        }
        if after.screen == Screen::Receipt && before.screen != Screen::Receipt {
            count(before.service.as_deref().unwrap_or_default(), &before.lang, Counter::Sent);
        }
        if after.screen == Screen::Attract && before.screen != Screen::Attract {
            if let Some(service) = &before.service {
                match cause {
                    Cause::ConfirmCancel => count(service, &before.lang, Counter::Cancelled(before.stage())),
                    Cause::Clock => count(service, &before.lang, Counter::TimedOut(before.stage())),
                    _ => {}
                }
            }
            *self = Tally::default();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moment(screen: Screen, service: Option<&str>, question: u32, lang: &str) -> Moment {
        Moment {
            screen,
            service: service.map(str::to_string),
            question,
            lang: lang.into(),
            speech: false,
            larger_text: false,
            high_contrast: false,
        }
    }

    #[test]
    fn a_question_counts_once_per_visit_and_a_visit_ending_on_it_says_where() {
        let mut t = Tally::default();
        let attract = moment(Screen::Attract, None, 0, "sv");
        let home = moment(Screen::Home, None, 0, "ar");
        let q1 = moment(Screen::Question, Some("permit"), 1, "ar");
        let q2 = moment(Screen::Question, Some("permit"), 2, "ar");
        let names = |v: Vec<Count>| v.into_iter().map(|(s, l, c)| format!("{s}/{l}/{}", c.name())).collect::<Vec<_>>();
        assert_eq!(names(t.observe(&attract, &home, Cause::ChooseLanguage)), ["/ar/visit-started"]);
        assert_eq!(
            names(t.observe(&home, &q1, Cause::OpenService)),
            ["permit/ar/service-opened", "permit/ar/question-1"]
        );
        assert_eq!(names(t.observe(&q1, &q2, Cause::Other)), ["permit/ar/question-2"]);
        assert!(t.observe(&q2, &q1, Cause::Other).is_empty(), "back: already counted");
        assert!(t.observe(&q1, &q2, Cause::Other).is_empty(), "forward again: already counted");
        assert_eq!(names(t.observe(&q2, &attract, Cause::Clock)), ["permit/ar/timed-out-at-question-2"]);
        // A new visit counts afresh.
        assert_eq!(names(t.observe(&attract, &home, Cause::ChooseLanguage)), ["/ar/visit-started"]);
        assert_eq!(
            names(t.observe(&home, &q1, Cause::OpenService)),
            ["permit/ar/service-opened", "permit/ar/question-1"]
        );
        assert_eq!(names(t.observe(&q1, &attract, Cause::ConfirmCancel)), ["permit/ar/cancelled-at-question-1"]);
    }
}
