//! Bookable times from the municipality's own calendars.
//!
//! Each bookable resource (an adviser, a citizen PC) is a CalDAV calendar. The hub reads the
//! events of the next days from it (`REPORT calendar-query` with a time range: servers differ in
//! what they do with free-busy queries and with `expand`, so the hub reads the events themselves
//! and expands their recurrences), cuts the resource's opening hours into meetings of its length,
//! and offers those that no event, hold or booking touches. A booking is written back as an event
//! of its own, named by the request's reference code and the service, never by the visitor.
//!
//! What is read of iCalendar: `VEVENT`s with `DTSTART`, `DTEND` or `DURATION` (UTC, floating in the
//! resource's zone, `TZID=` with an IANA name, or a whole day), `RRULE` with `FREQ` daily, weekly,
//! monthly or yearly, `INTERVAL`, `COUNT`, `UNTIL` and weekly `BYDAY`, `EXDATE`, and
//! `TRANSP:TRANSPARENT` and `STATUS:CANCELLED` (which leave the time free). A rule the hub cannot
//! follow (another `BY…` part) counts as busy for the whole of every day it could touch, so that
//! nothing is offered that might be taken.

use std::collections::BTreeMap;

use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp, ToSpan, ZonedDateTime as Zoned};

/// A busy span of time, start inclusive, end exclusive.
pub type Busy = (Timestamp, Timestamp);

/// One bookable resource, as the bookings file describes it.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// The id a service's question names (`resource = "budget-advice"`).
    pub id: String,
    /// What staff call it on the desk page (`Budget- och skuldrådgivning`); the id otherwise.
    #[serde(default)]
    pub name: Option<String>,
    /// The CalDAV collection's address.
    pub calendar: String,
    #[serde(default)]
    pub user: Option<String>,
    /// A file holding the calendar account's password (kept out of the bookings file).
    #[serde(default)]
    pub password_file: Option<std::path::PathBuf>,
    /// Minutes a meeting lasts.
    pub minutes: u32,
    /// How many days ahead times are offered, today included.
    pub days_ahead: u32,
    /// Opening hours per weekday (`mon` … `sun`): `"09:00-12:00, 13:00-16:00"`.
    pub hours: BTreeMap<String, String>,
    /// The soonest a time is offered, in minutes from now.
    #[serde(default = "default_notice")]
    pub notice_minutes: u32,
}

fn default_notice() -> u32 {
    60
}

/// The bookings file (`torget-hub serve --bookings FILE`).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bookings {
    /// The zone opening hours and floating times are read in; the hub's own by default.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// Minutes a chosen time is held for a visit before anyone else may have it.
    #[serde(default = "default_hold")]
    pub hold_minutes: u32,
    #[serde(default, rename = "resource")]
    pub resources: Vec<Resource>,
}

fn default_hold() -> u32 {
    10
}

impl Bookings {
    /// Reads and checks a bookings file.
    pub fn load(path: &std::path::Path) -> Result<Bookings, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let bookings: Bookings = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        bookings.check().map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(bookings)
    }

    pub fn check(&self) -> Result<(), String> {
        if let Some(zone) = &self.time_zone {
            TimeZone::get(zone).map_err(|_| format!("`{zone}` is not a time zone (e.g. Europe/Stockholm)"))?;
        }
        if !(1..=60).contains(&self.hold_minutes) {
            return Err("hold_minutes must be from 1 to 60".into());
        }
        let mut ids = std::collections::BTreeSet::new();
        for r in &self.resources {
            if r.id.is_empty() || !r.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
                return Err(format!("resource id `{}`: use a-z, 0-9 and -", r.id));
            }
            if !ids.insert(r.id.clone()) {
                return Err(format!("resource `{}` is there twice", r.id));
            }
            if !r.calendar.starts_with("http://") && !r.calendar.starts_with("https://") {
                return Err(format!("resource `{}`: calendar must be an http(s) address", r.id));
            }
            if !(5..=480).contains(&r.minutes) {
                return Err(format!("resource `{}`: minutes must be from 5 to 480", r.id));
            }
            if !(1..=60).contains(&r.days_ahead) {
                return Err(format!("resource `{}`: days_ahead must be from 1 to 60", r.id));
            }
            for (day, hours) in &r.hours {
                weekday(day).ok_or_else(|| format!("resource `{}`: `{day}` is not mon, tue, … sun", r.id))?;
                opening(hours).map_err(|e| format!("resource `{}`, {day}: {e}", r.id))?;
            }
        }
        Ok(())
    }
}

fn weekday(name: &str) -> Option<Weekday> {
    Some(match name {
        "mon" => Weekday::Monday,
        "tue" => Weekday::Tuesday,
        "wed" => Weekday::Wednesday,
        "thu" => Weekday::Thursday,
        "fri" => Weekday::Friday,
        "sat" => Weekday::Saturday,
        "sun" => Weekday::Sunday,
        _ => return None,
    })
}

/// `"09:00-12:00, 13:00-16:00"` as spans of the day.
fn opening(hours: &str) -> Result<Vec<(Time, Time)>, String> {
    hours
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|span| {
            let (from, to) = span.split_once('-').ok_or_else(|| format!("`{span}` is not like 09:00-12:00"))?;
            let read = |t: &str| t.trim().parse::<Time>().map_err(|_| format!("`{t}` is not a time like 09:00"));
            let (from, to) = (read(from)?, read(to)?);
            if from >= to {
                return Err(format!("`{span}` ends before it starts"));
            }
            Ok((from, to))
        })
        .collect()
}

/// The times a resource offers from `now` on: its opening hours cut into meetings, less every
/// busy span that touches one, less those `taken` (held or booked, by their start).
pub fn free_times(
    resource: &Resource,
    zone: &TimeZone,
    busy: &[Busy],
    taken: &[Timestamp],
    now: Timestamp,
) -> Vec<Zoned> {
    let length = (resource.minutes as i64).minutes();
    let soonest = now + (resource.notice_minutes as i64).minutes();
    let today = now.to_zoned_datetime(zone.clone()).date();
    let mut times = Vec::new();
    for d in 0..resource.days_ahead as i64 {
        let Ok(day) = today.checked_add(d.days()) else { break };
        let spans = resource
            .hours
            .iter()
            .filter(|(name, _)| weekday(name) == Some(day.weekday()))
            .flat_map(|(_, hours)| opening(hours).unwrap_or_default());
        for (from, to) in spans {
            let (Ok(mut start), Ok(close)) = (
                day.to_datetime(from).to_zoned_datetime(zone.clone()),
                day.to_datetime(to).to_zoned_datetime(zone.clone()),
            ) else {
                continue;
            };
            while let Ok(end) = start.checked_add(length) {
                if end > close {
                    break;
                }
                let (s, e) = (start.timestamp(), end.timestamp());
                let clear = s >= soonest && !busy.iter().any(|(b, f)| *b < e && *f > s) && !taken.contains(&s);
                if clear {
                    times.push(start.clone());
                }
                start = end;
            }
        }
    }
    times.sort();
    times
}

/// One event as read from a calendar.
#[derive(Debug, Clone)]
struct Event {
    start: When,
    end: Option<When>,
    duration: Option<Span>,
    rule: Option<String>,
    exdates: Vec<When>,
    free: bool,
}

/// A time as iCalendar gives it.
#[derive(Debug, Clone, PartialEq)]
enum When {
    Utc(Timestamp),
    Local(DateTime, Option<TimeZone>),
    Day(Date),
}

impl When {
    fn zoned(&self, zone: &TimeZone) -> Option<Zoned> {
        match self {
            When::Utc(t) => Some(t.to_zoned_datetime(zone.clone())),
            When::Local(dt, tz) => dt.to_zoned_datetime(tz.clone().unwrap_or_else(|| zone.clone())).ok(),
            When::Day(d) => d.to_zoned_datetime(zone.clone()).ok(),
        }
    }
}

/// A content line: its name, its parameters, its value.
type Line = (String, Vec<(String, String)>, String);

/// The content lines of an iCalendar text, unfolded.
fn lines(text: &str) -> Vec<Line> {
    let mut unfolded: Vec<String> = Vec::new();
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(more) = raw.strip_prefix(' ').or_else(|| raw.strip_prefix('\t')) {
            if let Some(last) = unfolded.last_mut() {
                last.push_str(more);
                continue;
            }
        }
        unfolded.push(raw.to_string());
    }
    unfolded
        .into_iter()
        .filter_map(|line| {
            // The value starts after the first colon outside a quoted parameter.
            let mut quoted = false;
            let at = line.char_indices().find(|(_, c)| {
                if *c == '"' {
                    quoted = !quoted;
                }
                *c == ':' && !quoted
            })?;
            let (head, value) = (&line[..at.0], &line[at.0 + 1..]);
            let mut parts = head.split(';');
            let name = parts.next()?.trim().to_ascii_uppercase();
            let params = parts
                .filter_map(|p| p.split_once('='))
                .map(|(k, v)| (k.trim().to_ascii_uppercase(), v.trim_matches('"').to_string()))
                .collect();
            Some((name, params, value.trim().to_string()))
        })
        .collect()
}

fn when(params: &[(String, String)], value: &str) -> Option<When> {
    let param = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    if param("VALUE") == Some("DATE") || (value.len() == 8 && value.bytes().all(|b| b.is_ascii_digit())) {
        return Date::strptime("%Y%m%d", value).ok().map(When::Day);
    }
    if let Some(utc) = value.strip_suffix('Z') {
        let dt = DateTime::strptime("%Y%m%dT%H%M%S", utc).ok()?;
        return dt.to_zoned_datetime(TimeZone::UTC).ok().map(|z| When::Utc(z.timestamp()));
    }
    let dt = DateTime::strptime("%Y%m%dT%H%M%S", value).ok()?;
    // A zone the hub does not know by its IANA name is read as the resource's.
    let zone = param("TZID").and_then(|id| TimeZone::get(id.trim_start_matches('/')).ok());
    Some(When::Local(dt, zone))
}

/// `P1D`, `PT1H30M`, `-PT15M`, `P2W` as a span.
fn duration(value: &str) -> Option<Span> {
    value.parse::<Span>().ok()
}

/// The events of one or more `VCALENDAR` texts.
fn events(text: &str) -> Vec<Event> {
    let mut found = Vec::new();
    let mut current: Option<Event> = None;
    let mut depth = 0;
    for (name, params, value) in lines(text) {
        match (name.as_str(), value.as_str()) {
            ("BEGIN", "VEVENT") => {
                current = Some(Event {
                    start: When::Day(Date::MIN),
                    end: None,
                    duration: None,
                    rule: None,
                    exdates: Vec::new(),
                    free: false,
                });
                depth = 0;
            }
            ("BEGIN", _) if current.is_some() => depth += 1,
            ("END", "VEVENT") => {
                if let Some(event) = current.take().filter(|e| e.start != When::Day(Date::MIN)) {
                    found.push(event);
                }
            }
            ("END", _) if current.is_some() => depth -= 1,
            _ => {
                let Some(event) = current.as_mut().filter(|_| depth == 0) else { continue };
                match name.as_str() {
                    "DTSTART" => {
                        if let Some(w) = when(&params, &value) {
                            event.start = w;
                        }
                    }
                    "DTEND" => event.end = when(&params, &value),
                    "DURATION" => event.duration = duration(&value),
                    "RRULE" => event.rule = Some(value.to_ascii_uppercase()),
                    "EXDATE" => event.exdates.extend(value.split(',').filter_map(|v| when(&params, v))),
                    "TRANSP" if value.eq_ignore_ascii_case("TRANSPARENT") => event.free = true,
                    "STATUS" if value.eq_ignore_ascii_case("CANCELLED") => event.free = true,
                    _ => {}
                }
            }
        }
    }
    found
}

/// The busy spans of the events in `text` that touch `[from, to)`, recurrences expanded.
pub fn busy(text: &str, zone: &TimeZone, from: Timestamp, to: Timestamp) -> Vec<Busy> {
    let mut spans = Vec::new();
    for event in events(text).into_iter().filter(|e| !e.free) {
        let Some(start) = event.start.zoned(zone) else { continue };
        let length = match (&event.end, event.duration) {
            (Some(end), _) => match end.zoned(zone) {
                Some(end) if end > start => start.until(&end).unwrap_or_else(|_| Span::new()),
                _ => Span::new(),
            },
            (None, Some(d)) => d,
            (None, None) if matches!(event.start, When::Day(_)) => 1.day(),
            (None, None) => Span::new(),
        };
        let excluded: Vec<Timestamp> =
            event.exdates.iter().filter_map(|w| w.zoned(start.time_zone())).map(|z| z.timestamp()).collect();
        let mut add = |s: &Zoned| {
            let Ok(e) = s.checked_add(length) else { return };
            let (s, e) = (s.timestamp(), e.timestamp().max(s.timestamp() + 1.second()));
            if s < to && e > from && !excluded.contains(&s) {
                spans.push((s, e));
            }
        };
        match &event.rule {
            None => add(&start),
            Some(rule) => {
                if !expand(rule, &start, to, &mut add) {
                    // A rule the hub cannot follow: every day from its start on is busy.
                    let mut day = from.to_zoned_datetime(zone.clone()).date().max(start.date());
                    while let Ok(z) = day.to_zoned_datetime(zone.clone()) {
                        if z.timestamp() >= to {
                            break;
                        }
                        let Ok(next) = day.tomorrow() else { break };
                        let end = next.to_zoned_datetime(zone.clone()).map(|n| n.timestamp()).unwrap_or(to);
                        spans.push((z.timestamp(), end));
                        day = next;
                    }
                }
            }
        }
    }
    spans
}

/// Calls `add` for each occurrence of `rule` from `start` until `to`; `false` when the rule has a
/// part the hub does not follow.
fn expand(rule: &str, start: &Zoned, to: Timestamp, add: &mut impl FnMut(&Zoned)) -> bool {
    let mut freq = None;
    let mut interval = 1i64;
    let mut count: Option<u32> = None;
    let mut until: Option<Timestamp> = None;
    let mut by_day: Vec<Weekday> = Vec::new();
    for part in rule.split(';') {
        let Some((key, value)) = part.split_once('=') else { continue };
        match key {
            "FREQ" => freq = Some(value.to_string()),
            "INTERVAL" => interval = value.parse().unwrap_or(1).max(1),
            "COUNT" => count = value.parse().ok(),
            "UNTIL" => {
                until = when(&[], value).and_then(|w| w.zoned(start.time_zone())).map(|z| z.timestamp());
            }
            "BYDAY" => {
                for d in value.split(',') {
                    let Some(day) = ical_weekday(d) else {
                        return false;
                    };
                    by_day.push(day);
                }
            }
            "WKST" => {}
            _ => return false,
        }
    }
    let step: Span = match freq.as_deref() {
        Some("DAILY") => interval.days(),
        Some("WEEKLY") => interval.weeks(),
        Some("MONTHLY") if by_day.is_empty() => interval.months(),
        Some("YEARLY") if by_day.is_empty() => interval.years(),
        _ => return false,
    };
    let days: Vec<Weekday> = if freq.as_deref() == Some("WEEKLY") && !by_day.is_empty() {
        by_day
    } else if by_day.is_empty() {
        Vec::new()
    } else {
        // BYDAY with a daily rule: only those days.
        by_day
    };
    let weekly_days = freq.as_deref() == Some("WEEKLY") && !days.is_empty();
    let mut made = 0u32;
    let mut n = 0i64;
    // Bounded: at most ten years of occurrences, however the rule is written.
    while n < 3700 {
        let Ok(anchor) = start.checked_add(step * n) else { break };
        n += 1;
        let candidates: Vec<Zoned> = if weekly_days {
            // The week of the anchor, from its Monday, on each listed day.
            let monday = anchor.date() - (anchor.date().weekday().to_monday_zero_offset() as i64).days();
            let mut week: Vec<Zoned> = days
                .iter()
                .filter_map(|d| {
                    let date = monday + (d.to_monday_zero_offset() as i64).days();
                    date.to_datetime(start.time()).to_zoned_datetime(start.time_zone().clone()).ok()
                })
                .filter(|z| z >= start)
                .collect();
            week.sort();
            week
        } else if !days.is_empty() {
            if days.contains(&anchor.date().weekday()) { vec![anchor] } else { Vec::new() }
        } else {
            vec![anchor]
        };
        for occurrence in candidates {
            if until.is_some_and(|u| occurrence.timestamp() > u) || count.is_some_and(|c| made >= c) {
                return true;
            }
            if occurrence.timestamp() >= to {
                return true;
            }
            made += 1;
            add(&occurrence);
        }
    }
    true
}

fn ical_weekday(d: &str) -> Option<Weekday> {
    Some(match d.trim() {
        "MO" => Weekday::Monday,
        "TU" => Weekday::Tuesday,
        "WE" => Weekday::Wednesday,
        "TH" => Weekday::Thursday,
        "FR" => Weekday::Friday,
        "SA" => Weekday::Saturday,
        "SU" => Weekday::Sunday,
        _ => return None,
    })
}

/// The `calendar-data` texts of a CalDAV multistatus answer.
pub fn calendar_data(xml: &str) -> Result<Vec<String>, String> {
    use quick_xml::events::Event as Xml;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut found = Vec::new();
    let mut inside: Option<String> = None;
    loop {
        match reader.read_event().map_err(|e| format!("not a CalDAV answer: {e}"))? {
            Xml::Start(e) if e.local_name().as_ref() == b"calendar-data" => inside = Some(String::new()),
            Xml::End(e) if e.local_name().as_ref() == b"calendar-data" => {
                if let Some(text) = inside.take() {
                    found.push(text);
                }
            }
            Xml::Text(t) => {
                if let Some(text) = inside.as_mut() {
                    let decoded = t.decode().map_err(|e| format!("not a CalDAV answer: {e}"))?;
                    text.push_str(
                        &quick_xml::escape::unescape(&decoded).map_err(|e| format!("not a CalDAV answer: {e}"))?,
                    );
                }
            }
            Xml::GeneralRef(r) => {
                if let Some(text) = inside.as_mut() {
                    let name = r.decode().map_err(|e| format!("not a CalDAV answer: {e}"))?;
                    let entity = format!("&{name};");
                    text.push_str(
                        &quick_xml::escape::unescape(&entity).map_err(|e| format!("not a CalDAV answer: {e}"))?,
                    );
                }
            }
            Xml::CData(c) => {
                if let Some(text) = inside.as_mut() {
                    text.push_str(&String::from_utf8_lossy(&c));
                }
            }
            Xml::Eof => break,
            _ => {}
        }
    }
    Ok(found)
}

/// The body of a `calendar-query` for the events touching `[from, to)`.
pub fn query(from: Timestamp, to: Timestamp) -> String {
    let stamp = |t: Timestamp| t.strftime("%Y%m%dT%H%M%SZ").to_string();
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><C:calendar-data/></D:prop><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:time-range start="{}" end="{}"/></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>"#,
        stamp(from),
        stamp(to)
    )
}

/// A booking as an event of its own: the reference code and the service, nothing of the visitor.
pub fn booking_event(uid: &str, start: Timestamp, end: Timestamp, summary: &str, now: Timestamp) -> String {
    let stamp = |t: Timestamp| t.strftime("%Y%m%dT%H%M%SZ").to_string();
    // Text values escape backslash, semicolon, comma and line breaks.
    let text = summary.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n");
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Torget//Torget hub//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:{}\r\nDTSTART:{}\r\nDTEND:{}\r\nSUMMARY:{text}\r\nTRANSP:OPAQUE\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        stamp(now),
        stamp(start),
        stamp(end)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone() -> TimeZone {
        TimeZone::get("Europe/Stockholm").unwrap()
    }

    fn at(s: &str) -> Timestamp {
        let dt: DateTime = s.parse().unwrap();
        dt.to_zoned_datetime(zone()).unwrap().timestamp()
    }

    fn calendar(events: &str) -> String {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n")
    }

    #[test]
    fn events_in_utc_in_a_named_zone_floating_and_whole_days_are_busy_where_they_are() {
        let text = calendar(
            "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261208T090000Z\r\nDTEND:20261208T093000Z\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:b\r\nDTSTART;TZID=Europe/Stockholm:20261208T130000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:c\r\nDTSTART:20261209T080000\r\nDTEND:20261209T083000\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:d\r\nDTSTART;VALUE=DATE:20261210\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:e\r\nDTSTART:20261211T090000Z\r\nDTEND:20261211T100000Z\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\n",
        );
        let spans = busy(&text, &zone(), at("2026-12-07T00:00"), at("2026-12-14T00:00"));
        assert_eq!(
            spans,
            vec![
                (at("2026-12-08T10:00"), at("2026-12-08T10:30")),
                (at("2026-12-08T13:00"), at("2026-12-08T14:00")),
                (at("2026-12-09T08:00"), at("2026-12-09T08:30")),
                (at("2026-12-10T00:00"), at("2026-12-11T00:00")),
            ]
        );
    }

    #[test]
    fn recurring_events_are_expanded_with_their_exceptions_and_an_unknown_rule_blocks_whole_days() {
        let text = calendar(
            "BEGIN:VEVENT\r\nUID:weekly\r\nDTSTART;TZID=Europe/Stockholm:20261130T100000\r\nDTEND;TZID=Europe/Stockholm:20261130T110000\r\n\
             RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20261231T000000Z\r\nEXDATE;TZID=Europe/Stockholm:20261209T100000\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:daily\r\nDTSTART:20261207T120000Z\r\nDTEND:20261207T123000Z\r\nRRULE:FREQ=DAILY;COUNT=2\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:odd\r\nDTSTART:20261201T080000Z\r\nDTEND:20261201T083000Z\r\nRRULE:FREQ=MONTHLY;BYSETPOS=1;BYDAY=FR\r\nEND:VEVENT\r\n",
        );
        let spans = busy(&text, &zone(), at("2026-12-07T00:00"), at("2026-12-09T00:00"));
        assert!(spans.contains(&(at("2026-12-07T10:00"), at("2026-12-07T11:00"))), "Monday: {spans:?}");
        assert!(spans.contains(&(at("2026-12-07T13:00"), at("2026-12-07T13:30"))));
        assert!(spans.contains(&(at("2026-12-08T13:00"), at("2026-12-08T13:30"))));
        assert!(spans.contains(&(at("2026-12-07T00:00"), at("2026-12-08T00:00"))), "the rule it cannot follow");
        let wednesday = busy(&text, &zone(), at("2026-12-09T00:00"), at("2026-12-10T00:00"));
        assert!(!wednesday.iter().any(|(s, _)| *s == at("2026-12-09T10:00")), "EXDATE: {wednesday:?}");
        assert!(!wednesday.iter().any(|(s, _)| *s == at("2026-12-09T13:00")), "COUNT=2 ended");
        let later = busy(&text, &zone(), at("2026-12-14T00:00"), at("2026-12-15T00:00"));
        assert!(later.contains(&(at("2026-12-14T10:00"), at("2026-12-14T11:00"))), "{later:?}");
    }

    #[test]
    fn opening_hours_are_cut_into_meetings_less_what_is_busy_taken_or_too_soon() {
        let resource = Resource {
            id: "budget-advice".into(),
            name: None,
            calendar: "http://127.0.0.1/cal/".into(),
            user: None,
            password_file: None,
            minutes: 30,
            days_ahead: 2,
            hours: BTreeMap::from([("tue".into(), "09:00-11:00".into()), ("wed".into(), "13:00-14:00".into())]),
            notice_minutes: 60,
        };
        let now = at("2026-12-08T08:45"); // a Tuesday
        let busy = [(at("2026-12-08T10:15"), at("2026-12-08T10:20"))];
        let taken = [at("2026-12-09T13:00")];
        let times: Vec<String> =
            free_times(&resource, &zone(), &busy, &taken, now).iter().map(|z| z.datetime().to_string()).collect();
        assert_eq!(times, ["2026-12-08T10:30:00", "2026-12-09T13:30:00"]);
    }

    #[test]
    fn calendar_data_is_read_from_any_prefix_with_entities() {
        let xml = r#"<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav"><d:response><d:propstat><d:prop><cal:calendar-data>BEGIN:VCALENDAR&#13;
SUMMARY:A &amp; B
END:VCALENDAR</cal:calendar-data></d:prop></d:propstat></d:response></d:multistatus>"#;
        let found = calendar_data(xml).unwrap();
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("SUMMARY:A & B"), "{found:?}");
        assert!(calendar_data("<a><b></a>").is_err());
    }
}
