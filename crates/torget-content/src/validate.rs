//! Field rules: is this answer acceptable for this question?
//!
//! Pure functions from a step and raw input to either the normalised answer or a [`FieldError`] that
//! names the problem in a way the visitor can fix (the UI turns it into words through Fluent). Knows the
//! Swedish personnummer and samordningsnummer (date + Luhn), the Norwegian fødselsnummer and D-number
//! (two mod-11 check digits), phone numbers, e-mail addresses, postcodes and dates. No I/O, no Slint.

use time::{Date, Duration, Month};

use crate::content::{Country, FieldKind, Step};

/// Why an answer was not accepted. Each variant maps to one Fluent message (see [`FieldError::key`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldError {
    Required,
    TooShort {
        min: usize,
    },
    TooLong {
        max: usize,
    },
    NotANumber,
    NumberOutOfRange {
        min: i64,
        max: i64,
    },
    NotADate,
    DateOutOfRange {
        first: Date,
        last: Date,
    },
    Phone,
    Email,
    Postcode {
        digits: usize,
    },
    PersonalId,
    /// The time chosen was taken by another visit meanwhile: choose another.
    TimeTaken,
}

impl FieldError {
    pub fn key(&self) -> &'static str {
        match self {
            FieldError::Required => "error-required",
            FieldError::TooShort { .. } => "error-too-short",
            FieldError::TooLong { .. } => "error-too-long",
            FieldError::NotANumber => "error-number",
            FieldError::NumberOutOfRange { .. } => "error-number-range",
            FieldError::NotADate => "error-date-format",
            FieldError::DateOutOfRange { .. } => "error-date-range",
            FieldError::Phone => "error-phone",
            FieldError::Email => "error-email",
            FieldError::Postcode { .. } => "error-postcode",
            FieldError::PersonalId => "error-personal-id",
            FieldError::TimeTaken => "appointment-taken",
        }
    }
}

/// Checks a typed answer. `today` is passed in so that tests and the kiosk agree on the date.
/// Returns the answer as it will be stored (trimmed, dates as ISO 8601, numbers without spaces),
/// or `Ok(None)` for an optional question left empty.
pub fn check_text(step: &Step, raw: &str, today: Date) -> Result<Option<String>, FieldError> {
    let western;
    let value = if matches!(step.kind, FieldKind::Text | FieldKind::LongText) {
        raw.trim()
    } else {
        // Numbers typed with Arabic-Indic or Persian digits (an Arabic keyboard) count as 0–9.
        western = western_digits(raw.trim());
        western.as_str()
    };
    if value.is_empty() {
        return if step.required { Err(FieldError::Required) } else { Ok(None) };
    }
    let length = value.chars().count();
    match step.kind {
        FieldKind::Text | FieldKind::LongText => {
            if let Some(min) = step.min_length
                && length < min
            {
                return Err(FieldError::TooShort { min });
            }
            let max = step.max_length.unwrap_or(if step.kind == FieldKind::Text { 200 } else { 2000 });
            if length > max {
                return Err(FieldError::TooLong { max });
            }
            Ok(Some(value.to_string()))
        }
        FieldKind::Number => {
            let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
            let n: i64 = compact.parse().map_err(|_| FieldError::NotANumber)?;
            let (min, max) = (step.min.unwrap_or(i64::MIN), step.max.unwrap_or(i64::MAX));
            if n < min || n > max {
                return Err(FieldError::NumberOutOfRange { min, max });
            }
            Ok(Some(n.to_string()))
        }
        FieldKind::Date => {
            let date = parse_date(value).ok_or(FieldError::NotADate)?;
            let first = today + Duration::days(step.min_days_ahead.unwrap_or(-365 * 150));
            let last = today + Duration::days(step.max_days_ahead.unwrap_or(365 * 10));
            if date < first || date > last {
                return Err(FieldError::DateOutOfRange { first, last });
            }
            Ok(Some(iso(date)))
        }
        FieldKind::Phone => phone(value).map(Some).ok_or(FieldError::Phone),
        FieldKind::Email => email(value).map(Some).ok_or(FieldError::Email),
        FieldKind::Postcode => {
            let country = step.countries.first().copied().unwrap_or(Country::Se);
            postcode(value, country).map(Some).ok_or(FieldError::Postcode { digits: postcode_digits(country) })
        }
        FieldKind::PersonalId => step
            .countries
            .iter()
            .find_map(|c| match c {
                Country::Se => swedish_personnummer(value),
                Country::No => norwegian_fodselsnummer(value),
                Country::Fi => None,
            })
            .map(Some)
            .ok_or(FieldError::PersonalId),
        FieldKind::Choice | FieldKind::MultiChoice | FieldKind::YesNo | FieldKind::Appointment => {
            Ok(Some(value.to_string()))
        }
    }
}

/// Arabic-Indic (٠–٩) and Persian (۰–۹) digits as 0–9; everything else unchanged.
pub fn western_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            _ => c,
        })
        .collect()
}

/// ISO 8601 (`2026-12-24`), the form dates are stored and sent in.
pub fn iso(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}

/// Accepts `2026-12-24` (Swedish and ISO), `24.12.2026` (Norwegian, Finnish) and `24/12/2026`.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let parts: Vec<&str> = s.split(['-', '.', '/']).map(str::trim).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let (y, m, d) = if parts[0].len() == 4 { (parts[0], parts[1], parts[2]) } else { (parts[2], parts[1], parts[0]) };
    if y.len() != 4 {
        return None;
    }
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

fn digits_only(s: &str, allowed_separators: &[char]) -> Option<String> {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            out.push(c);
        } else if !allowed_separators.contains(&c) {
            return None;
        }
    }
    Some(out)
}

/// A phone number: digits with optional spaces, dashes and a leading `+`; 7 to 15 digits (E.164).
pub fn phone(s: &str) -> Option<String> {
    let (plus, rest) = match s.strip_prefix('+') {
        Some(rest) => ("+", rest),
        None => ("", s),
    };
    let digits = digits_only(rest, &[' ', '-', '(', ')'])?;
    (7..=15).contains(&digits.len()).then(|| format!("{plus}{digits}"))
}

/// An e-mail address: one `@`, something before it, a domain with a dot after it, no spaces.
pub fn email(s: &str) -> Option<String> {
    let (local, domain) = s.split_once('@')?;
    let ok = !local.is_empty()
        && local.len() <= 64
        && !domain.contains('@')
        && !s.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-'));
    ok.then(|| s.to_string())
}

fn postcode_digits(country: Country) -> usize {
    match country {
        Country::Se | Country::Fi => 5,
        Country::No => 4,
    }
}

/// A postcode: Swedish `123 45`, Finnish `00100`, Norwegian `0150`.
pub fn postcode(s: &str, country: Country) -> Option<String> {
    let digits = digits_only(s, &[' '])?;
    if digits.len() != postcode_digits(country) {
        return None;
    }
    Some(match country {
        Country::Se => format!("{} {}", &digits[..3], &digits[3..]),
        _ => digits,
    })
}

/// Luhn check over digits (the last one is the check digit).
fn luhn_ok(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// Swedish personnummer or samordningsnummer (day + 60), 10 or 12 digits, with or without `-`/`+`.
/// Returns the 12-digit form `YYYYMMDD-NNNN`. A 10-digit number uses `+` for people aged 100 or more.
pub fn swedish_personnummer(s: &str) -> Option<String> {
    let s = s.trim();
    let plus = s.contains('+');
    let digits = digits_only(s, &['-', '+', ' '])?;
    let bytes: Vec<u8> = digits.bytes().map(|b| b - b'0').collect();
    let (century, ten) = match bytes.len() {
        12 => (Some(u16::from(bytes[0]) * 10 + u16::from(bytes[1])), &bytes[2..]),
        10 => (None, &bytes[..]),
        _ => return None,
    };
    if !luhn_ok(ten) {
        return None;
    }
    let yy = i32::from(ten[0]) * 10 + i32::from(ten[1]);
    let month = ten[2] * 10 + ten[3];
    let mut day = ten[4] * 10 + ten[5];
    if day > 60 {
        day -= 60; // samordningsnummer
    }
    let year = match century {
        Some(c) => i32::from(c) * 100 + yy,
        None => {
            let this_year = time::OffsetDateTime::now_utc().year();
            let mut year = (this_year / 100) * 100 + yy;
            if year > this_year {
                year -= 100;
            }
            if plus {
                year -= 100;
            }
            year
        }
    };
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()?;
    let rest: String = ten[6..].iter().map(|d| char::from(b'0' + d)).collect();
    Some(format!("{year:04}{month:02}{:02}-{rest}", ten[4] * 10 + ten[5]))
}

/// Norwegian fødselsnummer or D-number (day + 40): 11 digits, two mod-11 check digits, a real date.
pub fn norwegian_fodselsnummer(s: &str) -> Option<String> {
    let digits = digits_only(s.trim(), &[' '])?;
    let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    if d.len() != 11 {
        return None;
    }
    let check = |weights: &[u32]| {
        let sum: u32 = weights.iter().zip(&d).map(|(w, x)| w * x).sum();
        match 11 - sum % 11 {
            11 => Some(0),
            10 => None,
            k => Some(k),
        }
    };
    let k1 = check(&[3, 7, 6, 1, 8, 9, 4, 5, 2])?;
    if k1 != d[9] {
        return None;
    }
    let k2 = check(&[5, 4, 3, 2, 7, 6, 5, 4, 3, 2])?;
    if k2 != d[10] {
        return None;
    }
    let mut day = d[0] * 10 + d[1];
    if day > 40 {
        day -= 40; // D-number
    }
    let month = d[2] * 10 + d[3];
    let yy = (d[4] * 10 + d[5]) as i32;
    let individual = d[6] * 100 + d[7] * 10 + d[8];
    let year = match individual {
        0..=499 => 1900 + yy,
        500..=749 if yy >= 54 => 1800 + yy,
        500..=999 if yy < 40 => 2000 + yy,
        900..=999 => 1900 + yy,
        _ => return None,
    };
    Date::from_calendar_date(year, Month::try_from(month as u8).ok()?, day as u8).ok()?;
    Some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_indic_digits_count_as_digits() {
        assert_eq!(western_digits("٠٧٠ ١٢٣ ۴۵"), "070 123 45");
        assert_eq!(phone(&western_digits("٠٧٠١٢٣٤٥٦٧")), phone("0701234567"));
        assert!(phone("0701234567").is_some());
    }

    fn date(y: i32, m: u8, d: u8) -> Date {
        Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap()
    }

    #[test]
    fn swedish_personnummer_accepts_valid_numbers_in_every_written_form() {
        // Skatteverket's published test numbers.
        assert_eq!(swedish_personnummer("811218-9876").as_deref(), Some("19811218-9876"));
        assert_eq!(swedish_personnummer("198112189876").as_deref(), Some("19811218-9876"));
        assert_eq!(swedish_personnummer("19811218-9876").as_deref(), Some("19811218-9876"));
        assert_eq!(swedish_personnummer("20000229-0005").as_deref(), Some("20000229-0005"), "leap day");
    }

    #[test]
    fn swedish_samordningsnummer_has_day_plus_sixty() {
        assert_eq!(swedish_personnummer("701063-2391").as_deref(), Some("19701063-2391"));
    }

    #[test]
    fn swedish_personnummer_rejects_wrong_check_digit_date_or_length() {
        assert_eq!(swedish_personnummer("811218-9875"), None, "check digit off by one");
        assert_eq!(swedish_personnummer("811318-9870"), None, "month 13");
        assert_eq!(swedish_personnummer("81121898"), None, "too short");
        assert_eq!(swedish_personnummer("81121a-9876"), None, "letter");
        assert_eq!(swedish_personnummer("20010229-0003"), None, "no leap day in 2001");
    }

    #[test]
    fn norwegian_fodselsnummer_and_d_number_check_both_digits() {
        assert_eq!(norwegian_fodselsnummer("01010750160").as_deref(), Some("01010750160"));
        assert_eq!(norwegian_fodselsnummer("41010750154").as_deref(), Some("41010750154"), "D-number");
        assert_eq!(norwegian_fodselsnummer("01010750161"), None, "second check digit wrong");
        assert_eq!(norwegian_fodselsnummer("01010750170"), None, "first check digit wrong");
        assert_eq!(norwegian_fodselsnummer("0101075016"), None, "10 digits");
    }

    #[test]
    fn phone_numbers_keep_digits_and_plus() {
        assert_eq!(phone("070-123 45 67").as_deref(), Some("0701234567"));
        assert_eq!(phone("+46 70 123 45 67").as_deref(), Some("+46701234567"));
        assert_eq!(phone("12345"), None);
        assert_eq!(phone("070 123 ab"), None);
    }

    #[test]
    fn email_needs_at_and_domain() {
        assert!(email("anna@nordvik.se").is_some());
        assert!(email("anna.nordvik.se").is_none());
        assert!(email("anna@localhost").is_none());
        assert!(email("an na@nordvik.se").is_none());
        assert!(email("@nordvik.se").is_none());
    }

    #[test]
    fn postcodes_per_country() {
        assert_eq!(postcode("12345", Country::Se).as_deref(), Some("123 45"));
        assert_eq!(postcode("123 45", Country::Se).as_deref(), Some("123 45"));
        assert_eq!(postcode("0150", Country::No).as_deref(), Some("0150"));
        assert_eq!(postcode("1234", Country::Se), None);
        assert_eq!(postcode("00100", Country::Fi).as_deref(), Some("00100"));
    }

    #[test]
    fn dates_in_nordic_and_iso_forms() {
        assert_eq!(parse_date("2026-12-24"), Some(date(2026, 12, 24)));
        assert_eq!(parse_date("24.12.2026"), Some(date(2026, 12, 24)));
        assert_eq!(parse_date("1.2.2027"), Some(date(2027, 2, 1)));
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("24.12.26"), None);
        assert_eq!(parse_date("tomorrow"), None);
    }

    fn step(kind: FieldKind) -> Step {
        Step {
            id: "q".into(),
            kind,
            required: true,
            sensitive: false,
            options: vec![],
            min_length: None,
            max_length: None,
            min: None,
            max: None,
            min_days_ahead: None,
            max_days_ahead: None,
            countries: vec![Country::Se, Country::No],
            resource: None,
            show_if: None,
        }
    }

    #[test]
    fn booking_date_must_be_inside_the_window() {
        let mut s = step(FieldKind::Date);
        s.min_days_ahead = Some(1);
        s.max_days_ahead = Some(60);
        let today = date(2026, 11, 24);
        assert_eq!(check_text(&s, "2026-11-25", today), Ok(Some("2026-11-25".into())));
        assert_eq!(
            check_text(&s, "2026-11-24", today),
            Err(FieldError::DateOutOfRange { first: date(2026, 11, 25), last: date(2027, 1, 23) })
        );
    }

    #[test]
    fn required_optional_and_limits() {
        let mut s = step(FieldKind::Text);
        s.min_length = Some(3);
        assert_eq!(check_text(&s, "  ", date(2026, 1, 1)), Err(FieldError::Required));
        assert_eq!(check_text(&s, "ab", date(2026, 1, 1)), Err(FieldError::TooShort { min: 3 }));
        s.required = false;
        assert_eq!(check_text(&s, "", date(2026, 1, 1)), Ok(None));
        let mut n = step(FieldKind::Number);
        n.min = Some(0);
        n.max = Some(120);
        assert_eq!(check_text(&n, "121", date(2026, 1, 1)), Err(FieldError::NumberOutOfRange { min: 0, max: 120 }));
        assert_eq!(check_text(&n, "8 4", date(2026, 1, 1)), Ok(Some("84".into())));
        assert_eq!(check_text(&n, "eighty", date(2026, 1, 1)), Err(FieldError::NotANumber));
    }

    #[test]
    fn personal_id_accepts_either_country_listed() {
        let s = step(FieldKind::PersonalId);
        let today = date(2026, 1, 1);
        assert!(check_text(&s, "811218-9876", today).is_ok());
        assert!(check_text(&s, "01010750160", today).is_ok());
        assert_eq!(check_text(&s, "01010750161", today), Err(FieldError::PersonalId));
    }
}
