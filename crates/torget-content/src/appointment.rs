//! Booked times in words: "Tuesday 8 December, 10:30" in the visitor's language, and free times
//! grouped by day for the kiosk's page.
//!
//! A time travels as the hub gives it: RFC 3339 with the offset of the resource's own time zone
//! (`2026-12-08T10:30:00+01:00`), so it is shown as the adviser's clock reads, whatever the kiosk's
//! zone. The stored answer is that text, or [`CALL_TO_AGREE`] when no time could be offered.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

pub use crate::content::CALL_TO_AGREE;
use crate::i18n::I18n;

/// The names of the days, Monday first.
const WEEKDAYS: [&str; 7] = ["weekday-1", "weekday-2", "weekday-3", "weekday-4", "weekday-5", "weekday-6", "weekday-7"];

/// A start as the hub sends it, read; `None` when it is not RFC 3339.
pub fn parse(start: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(start, &Rfc3339).ok()
}

/// "10:30": the time of day on the resource's clock.
pub fn clock(at: OffsetDateTime) -> String {
    format!("{:02}:{:02}", at.hour(), at.minute())
}

/// "Tuesday 8 December" in `lang`.
pub fn day(i18n: &I18n, lang: &str, at: OffsetDateTime) -> String {
    let weekday = i18n.text(lang, WEEKDAYS[usize::from(at.weekday().number_days_from_monday())]);
    let month = i18n.text(lang, &format!("month-{}", u8::from(at.month())));
    i18n.format(
        lang,
        "appointment-day",
        &[("weekday", weekday.into()), ("day", at.day().into()), ("month", month.into())],
    )
}

/// "Tuesday 8 December, 10:30" in `lang`; "We will call you to agree on a time" for
/// [`CALL_TO_AGREE`]; a start that cannot be read as it is.
pub fn words(i18n: &I18n, lang: &str, answer: &str) -> String {
    if answer == CALL_TO_AGREE {
        return i18n.text(lang, "appointment-call");
    }
    match parse(answer) {
        Some(at) => {
            i18n.format(lang, "appointment-at", &[("day", day(i18n, lang, at).into()), ("time", clock(at).into())])
        }
        None => answer.to_string(),
    }
}

/// The starts grouped by their day, in the order given; each with its index in `starts`. Starts
/// that cannot be read are left out.
pub fn by_day(starts: &[String]) -> Vec<Vec<(usize, OffsetDateTime)>> {
    let mut days: Vec<Vec<(usize, OffsetDateTime)>> = Vec::new();
    for (i, at) in starts.iter().enumerate().filter_map(|(i, s)| parse(s).map(|at| (i, at))) {
        match days.last_mut() {
            Some(day) if day[0].1.date() == at.date() => day.push((i, at)),
            _ => days.push(vec![(i, at)]),
        }
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts() -> I18n {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let catalog = crate::content::Catalog::load(&root).unwrap();
        I18n::load(&root, &catalog).unwrap()
    }

    #[test]
    fn a_time_reads_as_the_adviser_s_clock_in_every_language() {
        let i18n = texts();
        let start = "2026-12-08T10:30:00+01:00";
        assert_eq!(words(&i18n, "en", start), "Tuesday 8 December, 10:30");
        assert_eq!(words(&i18n, "sv", start), "tisdag 8 december klockan 10:30");
        assert_eq!(words(&i18n, "nb", start), "tirsdag 8. desember klokka 10:30");
        assert_eq!(words(&i18n, "fi", start), "tiistai 8. joulukuuta kello 10:30");
        assert_eq!(words(&i18n, "uk", start), "вівторок, 8 грудня, о 10:30");
        assert_eq!(words(&i18n, "ar", start), "الثلاثاء 8 ديسمبر، الساعة 10:30");
        // The offset is the resource's: the same instant in UTC is still half past ten there.
        assert_eq!(words(&i18n, "en", "2026-12-08T09:30:00Z"), "Tuesday 8 December, 09:30");
        assert_eq!(words(&i18n, "en", CALL_TO_AGREE), i18n.text("en", "appointment-call"));
        assert_eq!(words(&i18n, "en", "not a time"), "not a time");
    }

    #[test]
    fn free_times_are_grouped_by_their_day() {
        let starts: Vec<String> =
            ["2026-12-08T09:00:00+01:00", "2026-12-08T13:30:00+01:00", "bad", "2026-12-09T09:00:00+01:00"]
                .map(String::from)
                .to_vec();
        let days = by_day(&starts);
        let indexes: Vec<Vec<usize>> = days.iter().map(|d| d.iter().map(|(i, _)| *i).collect()).collect();
        assert_eq!(indexes, [vec![0, 1], vec![3]]);
        assert_eq!(clock(days[0][1].1), "13:30");
    }
}
