//! The service desk's page: every kiosk, what needs a person first (help calls, kiosks out of
//! contact, something broken), answering help calls and saying where a kiosk stands.

use askama::Template;
use axum::extract::{Form, Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::BTreeSet;
use torget_common::protocol::HelpAnswer;

use torget_common::sqlite::now_ms;

use super::layout::{Chrome, Tr, html, minutes};
use super::signed_in::{Desk, SignedIn};
use super::{LangQuery, Web, remember_language};
use crate::changes::Changed;
use crate::store::KioskBeat;

/// The longest place a kiosk can be given, in characters.
pub const MAX_PLACE_CHARS: usize = 80;

/// Below this much free disk a kiosk needs a look: its queue could soon have no room.
pub const LOW_DISK_MB: u64 = 500;

#[derive(Template)]
#[template(path = "desk.html")]
struct DeskPage<'a> {
    chrome: Chrome,
    tr: Tr<'a>,
    csrf: String,
    rows: Vec<Row>,
    max_place: usize,
    /// A wall display: the calls and kiosks, no forms.
    read_only: bool,
    /// Where the page's script asks for the table.
    source: String,
    /// Where the page hears that the table changed (server-sent events).
    events: String,
    /// Today's booked times, by place.
    bookings: Vec<(String, Vec<BookingRow>)>,
    /// The words the page's script keeps "8 min ago" and "waiting 3 minutes" true with, by its own
    /// clock, between the hub's answers.
    clock: Vec<(&'static str, String)>,
}

/// "… min ago" and "waiting … minutes" for 0, for 1 and for any other number (`{n}`): the forms
/// Swedish, Norwegian and English tell apart.
fn clock_words(tr: Tr) -> Vec<(&'static str, String)> {
    let any = |key: &str| tr.args(key, &[("minutes", "{n}".into())]);
    vec![
        ("ago-0", tr.n("ago-minutes", "minutes", 0u64)),
        ("ago-1", tr.n("ago-minutes", "minutes", 1u64)),
        ("ago-n", any("ago-minutes")),
        ("waited-0", tr.n("help-waited", "minutes", 0u64)),
        ("waited-1", tr.n("help-waited", "minutes", 1u64)),
        ("waited-n", any("help-waited")),
    ]
}

impl DeskPage<'_> {
    /// The rows whose visitor asks for help now, longest waiting first.
    fn calls(&self) -> Vec<&Row> {
        calls(&self.rows)
    }

    fn shows(&self, _row: &Row) -> bool {
        true
    }

    fn partial(&self) -> bool {
        false
    }
}

impl DeskTable<'_> {
    fn calls(&self) -> Vec<&Row> {
        calls(&self.rows)
    }

    /// Whether the row is in this fragment: every row, or the ones the page asked for.
    fn shows(&self, row: &Row) -> bool {
        self.only.as_ref().is_none_or(|only| only.contains(&row.anchor))
    }

    fn partial(&self) -> bool {
        self.only.is_some()
    }
}

/// The rows a page asked for with `?only=` (the kiosks' names in hex, `.` between them, as the
/// page's events name them), as row anchors; `None`: every row.
fn only_rows(only: &Option<String>) -> Option<BTreeSet<String>> {
    let only = only.as_deref()?;
    let rows: BTreeSet<String> = only
        .split('.')
        .filter(|hex| !hex.is_empty() && hex.len() <= 512 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|hex| format!("kiosk-{}", hex.to_ascii_lowercase()))
        .collect();
    (rows.len() <= crate::changes::MOST_ROWS).then_some(rows)
}

fn calls(rows: &[Row]) -> Vec<&Row> {
    rows.iter().filter(|r| r.help.as_ref().is_some_and(|h| h.alert.is_some())).collect()
}

/// The part of the page that changes, for the page's own script (`?fragment=1`).
#[derive(Template)]
#[template(path = "desk_table.html")]
struct DeskTable<'a> {
    tr: Tr<'a>,
    csrf: String,
    rows: Vec<Row>,
    max_place: usize,
    read_only: bool,
    /// Only these rows (their anchors), with the list of calls whole; `None`: the whole table.
    only: Option<BTreeSet<String>>,
    bookings: Vec<(String, Vec<BookingRow>)>,
}

/// A time booked from a kiosk, for the desk: only what the hub knows, nothing of the visitor.
struct BookingRow {
    id: String,
    when: String,
    resource: String,
    reference: String,
    service: String,
    kiosk: String,
    /// Cancelled by staff, or lost to another visit before the request arrived: in words.
    cancelled: Option<String>,
}

/// Today's bookings (in the hub's time zone), grouped by the place of the kiosk they were made
/// at, earliest first.
async fn today_bookings(web: &Web, tr: Tr<'_>, lang: &str, rows: &[Row]) -> Vec<(String, Vec<BookingRow>)> {
    let Some(booking) = &web.settings.booking else { return Vec::new() };
    let zone = booking.zone().clone();
    let today = jiff::Timestamp::now().to_zoned_datetime(zone.clone()).date();
    let (Ok(from), Ok(to)) =
        (today.to_zoned_datetime(zone.clone()), today.tomorrow().and_then(|d| d.to_zoned_datetime(zone.clone())))
    else {
        return Vec::new();
    };
    let found = match web.db.bookings_between(from.timestamp().as_millisecond(), to.timestamp().as_millisecond()).await
    {
        Ok(found) => found,
        Err(e) => {
            tracing::error!(error = %e, "cannot read the bookings");
            return Vec::new();
        }
    };
    let texts = web.content_texts().await;
    let clock = |ms: i64| {
        jiff::Timestamp::from_millisecond(ms)
            .map(|t| t.to_zoned_datetime(zone.clone()).strftime("%H:%M").to_string())
            .unwrap_or_default()
    };
    let mut by_place: std::collections::BTreeMap<String, Vec<BookingRow>> = std::collections::BTreeMap::new();
    for b in found {
        let place = rows.iter().find(|r| r.kiosk == b.kiosk).map(|r| r.place.clone()).unwrap_or_default();
        let place = if place.is_empty() { tr.t("desk-bookings-place-unknown") } else { place };
        let service = b.service.clone().unwrap_or_default();
        let resource = booking.resources().iter().find(|r| r.id == b.resource);
        by_place.entry(place).or_default().push(BookingRow {
            when: format!("{}–{}", clock(b.start_ms), clock(b.end_ms)),
            resource: resource.and_then(|r| r.name.clone()).unwrap_or_else(|| b.resource.clone()),
            reference: uuid::Uuid::parse_str(&b.id).map(torget_common::reference::from_id).unwrap_or_default(),
            service: texts.as_ref().and_then(|t| t.title(lang, &service)).unwrap_or(service),
            kiosk: b.kiosk.clone(),
            cancelled: if b.state == "lost" {
                Some(tr.t("booking-lost"))
            } else {
                b.cancelled_by.as_ref().map(|by| tr.t1("booking-cancelled", "name", by))
            },
            id: b.id,
        });
    }
    by_place.into_iter().collect()
}

/// One kiosk's row, in the page's words.
struct Row {
    /// The row's id: the kiosk's name in hex, which any name gives (for links to the row).
    anchor: String,
    kiosk: String,
    place: String,
    /// The id of the place field: the kiosk's name in hex, which any name gives.
    place_id: String,
    offline: bool,
    revoked: bool,
    /// In how many milliseconds the kiosk counts as out of contact if nothing is heard from it;
    /// 0 when it is already, or revoked. The page looks again then.
    quiet_in: i64,
    last_heard: String,
    /// How long ago, in words.
    ago: String,
    /// Milliseconds since the kiosk was heard, by the hub's clock when the page was made.
    ago_ms: i64,
    queue: u64,
    /// Said of the queue when the kiosk is out of contact: the number is from its last heartbeat.
    queue_note: Option<String>,
    not_sent: Option<String>,
    help: Option<Help>,
    last_error: String,
    /// Lines about content, speech, printer and disk, each with whether it needs a look.
    health: Vec<(String, bool)>,
}

/// A help call: since when and how long, who is on the way, and the answers still to give. One
/// marked done is shown as done until the kiosk confirms; it is no longer a call.
struct Help {
    /// What screen readers and the page's title announce; `None` once it is marked done.
    alert: Option<String>,
    since: String,
    waited: String,
    /// Milliseconds since the call, by the hub's clock when the page was made.
    waited_ms: i64,
    coming_by: Option<String>,
    done_by: Option<String>,
    answers: Vec<(&'static str, String)>,
}

pub(super) async fn kiosks(State(web): State<Web>, who: SignedIn<Desk>, Query(q): Query<LangQuery>) -> Response {
    let SignedIn { user, csrf, lang, .. } = who;
    let tr = web.tr(lang);
    let rows = match rows(&web, tr).await {
        Ok(rows) => rows,
        Err(response) => return response,
    };
    let bookings = today_bookings(&web, tr, lang, &rows).await;
    if q.fragment.as_deref() == Some("1") {
        let only = only_rows(&q.only);
        let table = DeskTable { tr, csrf, rows, max_place: MAX_PLACE_CHARS, read_only: false, only, bookings };
        return html(StatusCode::OK, &table);
    }
    let page = DeskPage {
        chrome: Chrome::new(tr, &web.settings.municipality, tr.t("page-kiosks"), Some((&user, &csrf))),
        tr,
        csrf: csrf.clone(),
        rows,
        max_place: MAX_PLACE_CHARS,
        read_only: false,
        source: "/kiosks?fragment=1".into(),
        events: "/kiosks/events".into(),
        bookings,
        clock: clock_words(tr),
    };
    remember_language(html(StatusCode::OK, &page), &web, &q.lang, lang)
}

/// A wall display: the desk page without forms, opened with a link an administrator made
/// (`/display/TOKEN`) instead of a session, so that it keeps nobody signed in. Its language is
/// the hub's staff language unless the link asks for another (`?lang=`).
pub(super) async fn display(
    State(web): State<Web>,
    UrlPath(token): UrlPath<String>,
    Query(q): Query<LangQuery>,
) -> Response {
    match web.db.display_named(&token).await {
        Ok(Some(_)) => {}
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot read the displays");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    let lang = web.language(&axum::http::HeaderMap::new(), q.lang.as_deref());
    let tr = web.tr(lang);
    let rows = match rows(&web, tr).await {
        Ok(rows) => rows,
        Err(response) => return response,
    };
    let bookings = today_bookings(&web, tr, lang, &rows).await;
    if q.fragment.as_deref() == Some("1") {
        let only = only_rows(&q.only);
        let table = DeskTable { tr, csrf: String::new(), rows, max_place: 0, read_only: true, only, bookings };
        return html(StatusCode::OK, &table);
    }
    let title = tr.t("page-display");
    let page = DeskPage {
        chrome: Chrome::new(tr, &web.settings.municipality, title, None),
        tr,
        csrf: String::new(),
        rows,
        max_place: 0,
        read_only: true,
        source: format!("/display/{token}?lang={lang}&fragment=1"),
        events: format!("/display/{token}/events"),
        bookings,
        clock: clock_words(tr),
    };
    html(StatusCode::OK, &page)
}

/// Every kiosk's row, what needs a person first.
async fn rows(web: &Web, tr: Tr<'_>) -> Result<Vec<Row>, Response> {
    let mut beats = match web.db.heartbeats().await {
        Ok(beats) => beats,
        Err(e) => {
            tracing::error!(error = %e, "cannot read the kiosks");
            return Err(StatusCode::SERVICE_UNAVAILABLE.into_response());
        }
    };
    // What needs a person comes first: help calls (longest waiting first), then kiosks out of
    // contact, then kiosks with something broken, then kiosks with requests waiting.
    let now = now_ms();
    let offline = |b: &KioskBeat| now - b.at_ms > web.settings.offline_after.as_millis() as i64;
    beats.sort_by_key(|b| {
        (
            b.revoked,
            !b.help_requested,
            b.help_since_ms.unwrap_or(i64::MAX),
            !offline(b),
            !needs_look(b),
            b.queue_depth == 0,
            b.kiosk.clone(),
        )
    });
    let offline_after = web.settings.offline_after.as_millis() as i64;
    Ok(beats.iter().map(|b| row(tr, b, offline(b), now, offline_after)).collect())
}

/// A kiosk's name in hex, which any name gives: for row anchors and the page's events.
fn hex(name: &str) -> String {
    name.bytes().map(|c| format!("{c:02x}")).collect()
}

fn row(tr: Tr, b: &KioskBeat, offline: bool, now: i64, offline_after: i64) -> Row {
    let place = b.place.clone().unwrap_or_default();
    let named = if place.is_empty() { b.kiosk.clone() } else { format!("{}, {place}", b.kiosk) };
    let hex = hex(&b.kiosk);
    let done = b.help_answer == Some(HelpAnswer::Done);
    let by = b.help_answered_by.as_deref().unwrap_or_default();
    let help = b.help_requested.then(|| Help {
        alert: (!done).then(|| tr.t1("help-alert", "kiosk", &named)),
        since: tr.t1("help-since", "time", b.help_since_ms.map(|ms| tr.time(ms)).unwrap_or_default()),
        waited: tr.n("help-waited", "minutes", minutes(b.help_since_ms.unwrap_or(now), now)),
        waited_ms: (now - b.help_since_ms.unwrap_or(now)).max(0),
        coming_by: (b.help_answer == Some(HelpAnswer::Coming)).then(|| tr.t1("help-coming-by", "name", by)),
        done_by: done.then(|| tr.t1("help-done-by", "name", by)),
        answers: if done {
            Vec::new()
        } else {
            [(HelpAnswer::Coming, "button-coming"), (HelpAnswer::Done, "button-done")]
                .into_iter()
                .filter(|(answer, _)| b.help_answer != Some(*answer))
                .map(|(answer, key)| (answer.as_str(), tr.t(key)))
                .collect()
        },
    });
    Row {
        anchor: format!("kiosk-{hex}"),
        kiosk: b.kiosk.clone(),
        place,
        place_id: format!("place-{hex}"),
        offline,
        revoked: b.revoked,
        quiet_in: if offline || b.revoked { 0 } else { (b.at_ms + offline_after - now).max(1) },
        last_heard: tr.time(b.at_ms),
        ago: tr.n("ago-minutes", "minutes", minutes(b.at_ms, now)),
        ago_ms: (now - b.at_ms).max(0),
        queue: b.queue_depth,
        queue_note: (offline || b.revoked).then(|| tr.n("kiosk-queue-at-contact", "count", b.queue_depth)),
        not_sent: (b.could_not_send > 0).then(|| tr.n("kiosk-not-sent", "count", b.could_not_send)),
        help,
        last_error: b.last_error.clone().unwrap_or_default(),
        health: health(tr, b),
    }
}

/// Something at the kiosk is broken or running out, so staff should look at it.
fn needs_look(b: &KioskBeat) -> bool {
    let broken = |state: &Option<String>| state.as_deref().is_some_and(|s| s.starts_with("not working"));
    b.last_error.is_some()
        || b.could_not_send > 0
        || broken(&b.speech)
        || broken(&b.printer)
        || b.free_disk_mb.is_some_and(|mb| mb < LOW_DISK_MB)
}

/// The kiosk's condition in words: content, reading aloud, printer and free disk, each as known.
fn health(tr: Tr, b: &KioskBeat) -> Vec<(String, bool)> {
    let mut lines = Vec::new();
    match b.content_version.as_deref() {
        Some("built-in") => lines.push((tr.t("health-content-built-in"), false)),
        Some(version) => lines.push((tr.t1("health-content", "version", version), false)),
        None => {}
    }
    for (state, working, broken, good) in [
        (&b.speech, "health-speech-working", "health-speech-broken", "working"),
        (&b.printer, "health-printer-ready", "health-printer-broken", "ready"),
    ] {
        match state.as_deref() {
            Some(s) if s == good => lines.push((tr.t(working), false)),
            Some(s) => lines.push((tr.t1(broken, "reason", s.strip_prefix("not working: ").unwrap_or(s)), true)),
            None => {}
        }
    }
    if let Some(mb) = b.free_disk_mb {
        let low = mb < LOW_DISK_MB;
        lines.push((tr.t1(if low { "health-disk-low" } else { "health-disk" }, "mb", mb), low));
    }
    lines
}

#[derive(serde::Deserialize)]
pub(super) struct Place {
    #[serde(default)]
    csrf: String,
    kiosk: String,
    #[serde(default)]
    place: String,
}

/// Where a kiosk stands, as the desk says it: shown on the desk page and in its help alerts.
pub(super) async fn set_place(State(web): State<Web>, who: SignedIn<Desk>, Form(form): Form<Place>) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "kiosk place").await {
        return response;
    }
    let user = who.user;
    let place: String = form.place.trim().chars().filter(|c| !c.is_control()).take(MAX_PLACE_CHARS).collect();
    if let Err(e) = web.db.set_place(&form.kiosk, &place, &user.name).await {
        tracing::error!(error = %e, "cannot set the kiosk's place");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    Redirect::to("/kiosks").into_response()
}

#[derive(serde::Deserialize)]
pub(super) struct HelpForm {
    #[serde(default)]
    csrf: String,
    kiosk: String,
    answer: String,
}

#[derive(serde::Deserialize)]
pub(super) struct CancelForm {
    #[serde(default)]
    csrf: String,
    id: String,
}

/// Cancels a booked time (audited); the calendar is brought up to date at once.
pub(super) async fn cancel_booking(
    State(web): State<Web>,
    who: SignedIn<Desk>,
    Form(form): Form<CancelForm>,
) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "booking").await {
        return response;
    }
    match web.db.cancel_booking(&form.id, &who.user.name).await {
        Ok(true) => {
            if let Some(booking) = &web.settings.booking {
                booking.booked();
            }
        }
        // Cancelled meanwhile by someone else: nothing more to do.
        Ok(false) => {}
        Err(e) => {
            tracing::error!(error = %e, "cannot cancel the booking");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    Redirect::to("/kiosks").into_response()
}

/// "I'm on my way" and "Done" on a help call: the kiosk hears it in its next heartbeat's answer.
pub(super) async fn answer_help(State(web): State<Web>, who: SignedIn<Desk>, Form(form): Form<HelpForm>) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "help call").await {
        return response;
    }
    let user = who.user;
    let Ok(answer) = form.answer.parse::<HelpAnswer>() else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    match web.db.answer_help(&form.kiosk, answer, &user.name).await {
        Ok(true) => {
            let action = match answer {
                HelpAnswer::Coming => "help call: on the way",
                HelpAnswer::Done => "help call: done",
            };
            let _ = web.db.audit(&user.name, action, &form.kiosk).await;
        }
        // The call ended meanwhile (the kiosk's staff cleared it): nothing to answer.
        Ok(false) => {}
        Err(e) => {
            tracing::error!(error = %e, "cannot answer the help call");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    Redirect::to("/kiosks").into_response()
}

/// The desk page's events: one `change` each time what a desk shows changed, here or (on
/// PostgreSQL) at another instance, naming the rows (the kiosks' names in hex, a space between
/// them) or saying `*` for the whole table; a comment every 15 s keeps proxies from closing the
/// stream. Changes that come faster than the page reads them are told together.
fn changes(web: &Web) -> Response {
    let desk = web.db.desk();
    let mut receiver = desk.subscribe();
    let seen = *receiver.borrow_and_update();
    let stream = futures_util::stream::unfold((receiver, seen, desk), |(mut receiver, mut seen, desk)| async move {
        loop {
            receiver.changed().await.ok()?;
            let now = *receiver.borrow_and_update();
            let data = match desk.since(seen, now) {
                Changed::All => "*".to_string(),
                Changed::Kiosks(kiosks) if kiosks.is_empty() => continue,
                Changed::Kiosks(kiosks) => kiosks.iter().map(|k| hex(k)).collect::<Vec<_>>().join(" "),
            };
            seen = now;
            let event = Event::default().event("change").data(data);
            return Some((Ok::<_, std::convert::Infallible>(event), (receiver, seen, desk)));
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(std::time::Duration::from_secs(15))).into_response()
}

pub(super) async fn events(State(web): State<Web>, _who: SignedIn<Desk>) -> Response {
    changes(&web)
}

/// A wall display's events, opened with its link.
pub(super) async fn display_events(State(web): State<Web>, UrlPath(token): UrlPath<String>) -> Response {
    match web.db.display_named(&token).await {
        Ok(Some(_)) => changes(&web),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot read the displays");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
