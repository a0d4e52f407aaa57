//! Usage figures that identify nobody: what kiosks count and send to the hub.
//!
//! A kiosk counts, per day, service and language, how often something happened: visits started,
//! services opened, each question reached, review reached, sent, cancelled and timed out (at which
//! question), help calls, speech and display choices, language changes, information pages,
//! printed receipts and the answers to "How was it to use the kiosk?". Never per visit: a row has no
//! request id, no answer, no time finer than the day and no free text. Every name a row may carry is
//! one of [`Counter`]'s, and the hub refuses any other.
//!
//! A counter only grows. The kiosk sends a row's value as it is now; the hub keeps the largest value
//! it has seen for a kiosk, day and counter, so a send repeated or answered late never counts twice.

use serde::{Deserialize, Serialize};

/// Where a visit stood when it ended without being sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// At question `n` (1 = the first question shown).
    Question(u32),
    /// On the review page.
    Review,
}

/// The most questions a service is counted for; later ones count as this one.
pub const MAX_QUESTION: u32 = 99;

/// One thing counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Counter {
    /// A visitor chose a language: a visit began.
    VisitStarted,
    ServiceOpened,
    /// Question `n` of a service was shown (once per visit).
    QuestionReached(u32),
    ReviewReached,
    Sent,
    Cancelled(Stage),
    TimedOut(Stage),
    HelpCalled,
    SpeechOn,
    LargerText,
    HighContrast,
    /// The language was changed while a service was under way.
    LanguageChanged,
    InfoOpened,
    ReceiptPrinted,
    /// "How was it to use the kiosk?": 1 (very bad) to 5 (very good).
    Satisfaction(u8),
}

fn stage_name(stage: Stage) -> String {
    match stage {
        Stage::Question(n) => format!("question-{n}"),
        Stage::Review => "review".into(),
    }
}

fn parse_stage(text: &str) -> Option<Stage> {
    if text == "review" {
        return Some(Stage::Review);
    }
    question_number(text.strip_prefix("question-")?).map(Stage::Question)
}

fn question_number(digits: &str) -> Option<u32> {
    if digits.is_empty() || digits.len() > 2 || digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|n| (1..=MAX_QUESTION).contains(n))
}

impl Counter {
    /// The counters that do not depend on a number, for listings.
    pub const SIMPLE: [Counter; 11] = [
        Counter::VisitStarted,
        Counter::ServiceOpened,
        Counter::ReviewReached,
        Counter::Sent,
        Counter::HelpCalled,
        Counter::SpeechOn,
        Counter::LargerText,
        Counter::HighContrast,
        Counter::LanguageChanged,
        Counter::InfoOpened,
        Counter::ReceiptPrinted,
    ];

    /// The name on the wire, in both stores and in the open data.
    pub fn name(self) -> String {
        match self {
            Counter::VisitStarted => "visit-started".into(),
            Counter::ServiceOpened => "service-opened".into(),
            Counter::QuestionReached(n) => format!("question-{n}"),
            Counter::ReviewReached => "review".into(),
            Counter::Sent => "sent".into(),
            Counter::Cancelled(stage) => format!("cancelled-at-{}", stage_name(stage)),
            Counter::TimedOut(stage) => format!("timed-out-at-{}", stage_name(stage)),
            Counter::HelpCalled => "help-called".into(),
            Counter::SpeechOn => "speech-on".into(),
            Counter::LargerText => "larger-text".into(),
            Counter::HighContrast => "high-contrast".into(),
            Counter::LanguageChanged => "language-changed".into(),
            Counter::InfoOpened => "info-opened".into(),
            Counter::ReceiptPrinted => "receipt-printed".into(),
            Counter::Satisfaction(n) => format!("satisfaction-{n}"),
        }
    }

    /// The counter a name stands for; `None` for anything else (which the hub refuses).
    pub fn parse(name: &str) -> Option<Counter> {
        if let Some(c) = Counter::SIMPLE.into_iter().find(|c| c.name() == name) {
            return Some(c);
        }
        if let Some(rest) = name.strip_prefix("cancelled-at-") {
            return parse_stage(rest).map(Counter::Cancelled);
        }
        if let Some(rest) = name.strip_prefix("timed-out-at-") {
            return parse_stage(rest).map(Counter::TimedOut);
        }
        if let Some(rest) = name.strip_prefix("satisfaction-") {
            return match rest {
                "1" | "2" | "3" | "4" | "5" => rest.parse().ok().map(Counter::Satisfaction),
                _ => None,
            };
        }
        question_number(name.strip_prefix("question-")?).map(Counter::QuestionReached)
    }
}

/// One counter's value on one day, for one service (empty for the kiosk as a whole) and language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct UsageRow {
    /// The day, `YYYY-MM-DD`.
    pub day: String,
    /// The service's id, or empty for what belongs to no service (a visit started, an information
    /// page).
    pub service: String,
    /// The language the visitor had chosen.
    pub lang: String,
    /// A [`Counter`]'s name.
    pub counter: String,
    pub value: u64,
}

/// The most rows one heartbeat carries; a kiosk with more sends the rest with the next ones.
pub const MAX_ROWS_PER_BEAT: usize = 500;

/// Why a row is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowError {
    #[error("`{0}` is not a day (YYYY-MM-DD)")]
    Day(String),
    #[error("`{0}` is not a service id")]
    Service(String),
    #[error("`{0}` is not a language code")]
    Language(String),
    #[error("`{0}` is not a counter")]
    Counter(String),
    #[error("a value of {0} is more than a kiosk can count in a day")]
    Value(u64),
}

/// The most a counter can grow in a day (a touch a second, all day, with room to spare).
pub const MAX_VALUE: u64 = 1_000_000;

impl UsageRow {
    /// Checks that the row holds nothing but what a kiosk counts: a real day, an id-shaped service,
    /// a language code, a known counter and a plausible value. The day is returned.
    pub fn check(&self) -> Result<time::Date, RowError> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let day = time::Date::parse(&self.day, format).map_err(|_| RowError::Day(self.day.clone()))?;
        let id_like = |s: &str, max: usize| {
            s.len() <= max
                && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !s.starts_with('-')
        };
        if !id_like(&self.service, 64) {
            return Err(RowError::Service(self.service.clone()));
        }
        if !(2..=3).contains(&self.lang.len()) || !self.lang.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(RowError::Language(self.lang.clone()));
        }
        if Counter::parse(&self.counter).is_none() {
            return Err(RowError::Counter(self.counter.clone()));
        }
        if self.value > MAX_VALUE {
            return Err(RowError::Value(self.value));
        }
        Ok(day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_counter_reads_back_from_its_name_and_nothing_else_is_a_counter() {
        let mut all: Vec<Counter> = Counter::SIMPLE.to_vec();
        for n in [1, 2, 9, 10, MAX_QUESTION] {
            all.extend([
                Counter::QuestionReached(n),
                Counter::Cancelled(Stage::Question(n)),
                Counter::TimedOut(Stage::Question(n)),
            ]);
        }
        all.extend([Counter::Cancelled(Stage::Review), Counter::TimedOut(Stage::Review)]);
        all.extend((1..=5).map(Counter::Satisfaction));
        for c in &all {
            assert_eq!(Counter::parse(&c.name()), Some(*c), "{}", c.name());
        }
        for bad in [
            "",
            "question-0",
            "question-01",
            "question-100",
            "question-1a",
            "satisfaction-0",
            "satisfaction-6",
            "cancelled-at-",
            "cancelled-at-question-",
            "timed-out-at-home",
            "sent ",
            "Sent",
            "visit-started-by-ola",
        ] {
            assert_eq!(Counter::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_row_holds_only_a_day_an_id_a_language_code_a_counter_and_a_count() {
        let row = UsageRow {
            day: "2026-12-03".into(),
            service: "parking-permit".into(),
            lang: "ar".into(),
            counter: "cancelled-at-question-2".into(),
            value: 3,
        };
        assert_eq!(row.check(), Ok(time::macros::date!(2026 - 12 - 03)));
        let with = |f: &dyn Fn(&mut UsageRow)| {
            let mut r = row.clone();
            f(&mut r);
            r.check()
        };
        assert!(matches!(with(&|r| r.day = "2026-12-03T10:15".into()), Err(RowError::Day(_))));
        assert!(matches!(with(&|r| r.day = "2026-02-30".into()), Err(RowError::Day(_))));
        assert!(matches!(with(&|r| r.service = "Ola Nordmann".into()), Err(RowError::Service(_))));
        assert!(matches!(with(&|r| r.lang = "sv-SE".into()), Err(RowError::Language(_))));
        assert!(matches!(with(&|r| r.counter = "answer:yes".into()), Err(RowError::Counter(_))));
        assert!(matches!(with(&|r| r.value = MAX_VALUE + 1), Err(RowError::Value(_))));
        assert_eq!(with(&|r| r.service = String::new()), Ok(time::macros::date!(2026 - 12 - 03)));
    }
}
