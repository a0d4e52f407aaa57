//! The case handlers' inbox: the received requests, still sealed. The page's script opens them
//! with the key file the case handler chooses; the key and what it opens stay in the browser.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use super::layout::{Choice, Chrome, Tr, html, query_value};
use super::signed_in::{CaseHandlers, SignedIn};
use super::{Web, remember_language};
use torget_content::texts::ContentTexts;

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage<'a> {
    chrome: Chrome,
    tr: Tr<'a>,
    csrf: String,
    /// Everything the script says, in the page's language, as `data-t-NAME` attributes.
    messages: Vec<(&'static str, String)>,
    /// How many requests the hub holds, sealed.
    count: u32,
    find: Finder,
    list: Listed,
}

/// The list alone, for the page's script (`?fragment=1`): the filters are applied without leaving
/// the page, so the key the case handler opened stays open.
#[derive(Template)]
#[template(path = "inbox_list.html")]
struct InboxList<'a> {
    tr: Tr<'a>,
    list: Listed,
}

/// The filter form as it was sent.
struct Finder {
    states: Vec<Choice>,
    services: Vec<Choice>,
    kiosks: Vec<Choice>,
    from: String,
    to: String,
    q: String,
}

/// One page of the requests that match.
struct Listed {
    total: usize,
    first: usize,
    last: usize,
    rows: Vec<Row>,
    /// An archive bridge has taken requests: the list says where each stands there.
    archive: bool,
    /// The form token, for "send to the archive again".
    csrf: String,
    /// The query of the page before and after this one, when there is one.
    previous: Option<String>,
    next: Option<String>,
}

/// What the filter form asks (`GET /requests?…`): state (`new`, the default, `handled` or
/// `all`), service, kiosk, received from and until (days, in the hub's time zone), a reference
/// code or part of one, and the page.
#[derive(serde::Deserialize, Default)]
pub(super) struct Find {
    lang: Option<String>,
    fragment: Option<String>,
    #[serde(default)]
    state: String,
    #[serde(default)]
    service: String,
    #[serde(default)]
    kiosk: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    q: String,
    page: Option<usize>,
}

/// Requests listed per page.
pub const REQUESTS_PER_PAGE: usize = 50;

impl Find {
    /// The query that asks for the same requests on `page`.
    fn query(&self, page: usize) -> String {
        let enc = query_value;
        format!(
            "state={}&service={}&kiosk={}&from={}&to={}&q={}&page={page}",
            enc(self.state()),
            enc(&self.service),
            enc(&self.kiosk),
            enc(&self.from),
            enc(&self.to),
            enc(&self.q)
        )
    }

    fn state(&self) -> &str {
        match self.state.as_str() {
            "handled" | "all" => &self.state,
            _ => "new",
        }
    }
}

/// One request in the list, still sealed.
struct Row {
    id: String,
    kiosk: String,
    reference: String,
    received: String,
    sealed: String,
    service: String,
    handled: bool,
    state: String,
    /// Where it stands with the archive, in words; empty when it has not reached the bridge.
    archive: String,
    /// The archive refused it: it can be sent again.
    archive_refused: bool,
    /// The time held for it went to another visit before it arrived: what to do, in words.
    lost: Option<String>,
}

/// A reference code as typed, for comparing: its letters and digits, in capitals.
fn plain_reference(code: &str) -> String {
    code.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect()
}

impl Web {
    /// The content's texts: from the newest published bundle (read again when a newer one is
    /// published), else from `--content`, else none (the inbox then shows the questions' ids).
    pub(super) async fn content_texts(&self) -> Option<Arc<ContentTexts>> {
        let latest = match self.db.latest_bundle().await {
            Ok(latest) => latest,
            Err(e) => {
                tracing::error!(error = %e, "cannot read the published content");
                None
            }
        };
        let source = match &latest {
            Some((version, _)) => format!("bundle {version}"),
            None => "folder".to_string(),
        };
        let mut cached = self.content.lock().await;
        if let Some((from, texts)) = cached.as_ref()
            && *from == source
        {
            return Some(texts.clone());
        }
        let folder = self.settings.content_dir.clone();
        let loaded = tokio::task::spawn_blocking(move || match (latest, folder) {
            (Some((_, signed)), _) => Some(ContentTexts::from_signed_bundle(&signed)),
            (None, Some(dir)) => Some(ContentTexts::load(&dir)),
            (None, None) => None,
        })
        .await
        .ok()
        .flatten();
        match loaded {
            Some(Ok(texts)) => {
                let texts = Arc::new(texts);
                *cached = Some((source, texts.clone()));
                Some(texts)
            }
            Some(Err(e)) => {
                tracing::error!(error = %e, "cannot read the content's texts; the inbox shows question ids");
                None
            }
            None => None,
        }
    }
}

pub(super) async fn requests(
    State(web): State<Web>,
    who: SignedIn<CaseHandlers>,
    Query(find): Query<Find>,
) -> Response {
    use base64::Engine;
    let SignedIn { user, csrf, lang, .. } = who;
    let tr = web.tr(lang);
    let now = torget_common::sqlite::now_ms();
    let stored = match web.db.all().await {
        Ok(stored) => stored,
        Err(e) => {
            tracing::error!(error = %e, "cannot read the requests");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let archive: std::collections::HashMap<String, crate::store::ArchiveStatus> = match web.db.archive_states().await {
        Ok(states) => states.into_iter().collect(),
        Err(e) => {
            tracing::error!(error = %e, "cannot read where the requests stand in the archive");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    // Requests whose time went to another visit: the visitor's receipt shows a time they do not have.
    let lost: std::collections::HashMap<String, String> = match web.db.bookings_lost().await {
        Ok(lost) => lost
            .into_iter()
            .map(|b| {
                let resource = web
                    .settings
                    .booking
                    .as_ref()
                    .and_then(|s| s.resources().iter().find(|r| r.id == b.resource).and_then(|r| r.name.clone()))
                    .unwrap_or_else(|| b.resource.clone());
                let words = tr.args(
                    "request-booking-lost",
                    &[("time", tr.time(b.start_ms).into()), ("resource", resource.into())],
                );
                (b.id, words)
            })
            .collect(),
        Err(e) => {
            tracing::error!(error = %e, "cannot read the bookings lost");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let content = web.content_texts().await;
    let title =
        |service: &str| content.as_ref().and_then(|c| c.title(lang, service)).unwrap_or_else(|| service.to_string());
    let reference =
        |id: &str| uuid::Uuid::parse_str(id).map(torget_common::reference::from_id).unwrap_or_else(|_| id.to_string());
    let (from, until) = (tr.day_ms(&find.from, false), tr.day_ms(&find.to, true));
    let wanted = plain_reference(&find.q);
    let matching: Vec<&crate::store::Stored> = stored
        .iter()
        .rev()
        .filter(|s| match find.state() {
            "new" => s.handled_ms.is_none(),
            "handled" => s.handled_ms.is_some(),
            _ => true,
        })
        .filter(|s| find.service.is_empty() || s.service_id == find.service)
        .filter(|s| find.kiosk.is_empty() || s.kiosk == find.kiosk)
        .filter(|s| from.is_none_or(|f| s.received_ms >= f) && until.is_none_or(|u| s.received_ms < u))
        .filter(|s| wanted.is_empty() || plain_reference(&reference(&s.id)).contains(&wanted))
        .collect();
    let pages = matching.len().div_ceil(REQUESTS_PER_PAGE).max(1);
    let page = find.page.unwrap_or(1).clamp(1, pages);
    let shown = &matching[(page - 1) * REQUESTS_PER_PAGE..matching.len().min(page * REQUESTS_PER_PAGE)];
    // Who was given which sealed requests, and when: the page is all a key needs.
    let _ = web.db.audit(&user.name, "requests listed", &format!("{} sealed", shown.len())).await;
    let rows = shown
        .iter()
        .map(|s| Row {
            id: s.id.clone(),
            kiosk: s.kiosk.clone(),
            reference: reference(&s.id),
            received: tr.time_ago(s.received_ms, now),
            sealed: base64::engine::general_purpose::STANDARD.encode(&s.sealed),
            service: title(&s.service_id),
            handled: s.handled_ms.is_some(),
            state: handled_text(tr, s.handled_by.as_deref(), s.handled_ms),
            archive: archive.get(&s.id).map(|a| archive_text(tr, a)).unwrap_or_default(),
            archive_refused: archive.get(&s.id).is_some_and(|a| a.state == "refused"),
            lost: lost.get(&s.id).cloned(),
        })
        .collect();
    let list = Listed {
        total: matching.len(),
        first: ((page - 1) * REQUESTS_PER_PAGE + 1).min(matching.len()),
        last: (page - 1) * REQUESTS_PER_PAGE + shown.len(),
        rows,
        archive: !archive.is_empty(),
        csrf: csrf.clone(),
        previous: (page > 1).then(|| find.query(page - 1)),
        next: (page < pages).then(|| find.query(page + 1)),
    };
    if find.fragment.as_deref() == Some("1") {
        return html(StatusCode::OK, &InboxList { tr, list });
    }
    let mut services: Vec<(String, String)> =
        stored.iter().map(|s| (s.service_id.clone(), title(&s.service_id))).collect();
    services.sort_by(|a, b| a.1.cmp(&b.1));
    services.dedup();
    let mut kiosks: Vec<&str> = stored.iter().map(|s| s.kiosk.as_str()).collect();
    kiosks.sort_unstable();
    kiosks.dedup();
    let any = |selected: bool| Choice::new("", tr.t("requests-filter-any"), selected);
    let finder = Finder {
        states: [("new", "requests-state-new"), ("handled", "requests-state-handled"), ("all", "requests-state-all")]
            .iter()
            .map(|(value, key)| Choice::new(value, tr.t(key), find.state() == *value))
            .collect(),
        services: std::iter::once(any(find.service.is_empty()))
            .chain(services.iter().map(|(id, name)| Choice::new(id, name.clone(), *id == find.service)))
            .collect(),
        kiosks: std::iter::once(any(find.kiosk.is_empty()))
            .chain(kiosks.iter().map(|k| Choice::new(k, k.to_string(), *k == find.kiosk)))
            .collect(),
        from: find.from.clone(),
        to: find.to.clone(),
        q: find.q.clone(),
    };
    let opened = tr.args("requests-key-opened", &[("opened", "{opened}".into()), ("count", "{count}".into())]);
    let messages = vec![
        ("key-bad", tr.t("requests-key-bad")),
        ("key-opened", opened),
        ("key-none", tr.t("requests-key-none")),
        ("locked", tr.t("request-locked")),
        ("cannot-open", tr.t("request-cannot-open")),
        ("not-request", tr.t("request-not-request")),
        ("mismatch", tr.t("request-mismatch")),
        ("assisted-yes", tr.t("request-assisted-yes")),
        ("assisted-no", tr.t("request-assisted-no")),
        ("state-new", tr.t("request-state-new")),
        ("reference", tr.t("request-reference")),
        ("service", tr.t("request-service")),
        ("kiosk", tr.t("request-kiosk")),
        ("sent", tr.t("request-sent")),
        ("language", tr.t("request-language")),
        ("assisted", tr.t("request-assisted")),
        ("session-ended", tr.t("requests-session-ended")),
        ("note-unreadable", tr.t("request-note-unreadable")),
    ];
    let page = InboxPage {
        chrome: Chrome::new(tr, &web.settings.municipality, tr.t("page-requests"), Some((&user, &csrf))),
        tr,
        csrf: csrf.clone(),
        messages,
        count: u32::try_from(stored.len()).unwrap_or(u32::MAX),
        find: finder,
        list,
    };
    remember_language(html(StatusCode::OK, &page), &web, &find.lang, lang)
}

/// Where a request stands with the archive, in the staff's words.
fn archive_text(tr: Tr, a: &crate::store::ArchiveStatus) -> String {
    match a.state.as_str() {
        "registered" => tr.t1("request-archive-registered", "journal", a.journal.clone().unwrap_or_default()),
        "refused" => tr.t1("request-archive-refused", "message", a.message.clone().unwrap_or_default()),
        "again" => tr.t("request-archive-again"),
        _ => tr.t("request-archive-delivered"),
    }
}

/// "Send to the archive again" after the archive refused a request and the fault was put right:
/// a new round, audited; the bridge makes a new package for it.
pub(super) async fn archive_again(
    State(web): State<Web>,
    who: SignedIn<CaseHandlers>,
    Form(form): Form<Handled>,
) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "archive again").await {
        return response;
    }
    if let Err(e) = web.db.archive_again(&form.id, &who.user.name).await {
        tracing::error!(error = %e, "cannot send the request to the archive again");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    Redirect::to("/requests?state=all").into_response()
}

/// "New", or who handled the request and when.
fn handled_text(tr: Tr, by: Option<&str>, at_ms: Option<i64>) -> String {
    match (by, at_ms) {
        (Some(name), Some(ms)) => {
            tr.args("request-state-handled", &[("name", name.to_string().into()), ("time", tr.time(ms).into())])
        }
        _ => tr.t("request-state-new"),
    }
}

/// The questions' and options' words of every service, for the inbox's script (public texts).
pub(super) async fn request_texts(State(web): State<Web>, who: SignedIn<CaseHandlers>) -> Response {
    let lang = who.lang;
    let services = web.content_texts().await.map(|c| c.services(lang)).unwrap_or_default();
    axum::Json(serde_json::json!({ "services": services })).into_response()
}

#[derive(serde::Deserialize)]
pub(super) struct Handled {
    #[serde(default)]
    csrf: String,
    id: String,
    /// `1`: answer with the new state's words (the page's script) instead of going back to the list.
    #[serde(default)]
    fragment: Option<String>,
}

/// "Mark as handled": who and when, audited with the change.
pub(super) async fn mark_handled(
    State(web): State<Web>,
    who: SignedIn<CaseHandlers>,
    Form(form): Form<Handled>,
) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "mark handled").await {
        return response;
    }
    let (user, tr) = (who.user, web.tr(who.lang));
    if let Err(e) = web.db.mark_handled(&form.id, &user.name).await {
        tracing::error!(error = %e, "cannot mark the request handled");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    if form.fragment.as_deref() != Some("1") {
        return Redirect::to("/requests").into_response();
    }
    // Handled now or before (by someone else): say by whom, as the list would.
    match web.db.handled(&form.id).await {
        Ok(Some((by, at_ms))) => {
            ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], handled_text(tr, by.as_deref(), at_ms))
                .into_response()
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot read the request");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// "Mark as new again": undoes "handled", audited; back to the list, or the new state's words for
/// the page's script.
pub(super) async fn mark_new(
    State(web): State<Web>,
    who: SignedIn<CaseHandlers>,
    Form(form): Form<Handled>,
) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "mark new").await {
        return response;
    }
    let (user, tr) = (who.user, web.tr(who.lang));
    if let Err(e) = web.db.mark_new(&form.id, &user.name).await {
        tracing::error!(error = %e, "cannot mark the request new");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    if form.fragment.as_deref() != Some("1") {
        return Redirect::to("/requests").into_response();
    }
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], tr.t("request-state-new")).into_response()
}

/// The page's script says which request the case handler opened to read: audited, with its
/// reference code, so the log says who read which request.
pub(super) async fn read(State(web): State<Web>, who: SignedIn<CaseHandlers>, Form(form): Form<Handled>) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "request read").await {
        return response;
    }
    let Ok(id) = uuid::Uuid::parse_str(&form.id) else { return StatusCode::BAD_REQUEST.into_response() };
    let subject = format!("{} ({})", torget_common::reference::from_id(id), form.id);
    let _ = web.db.audit(&who.user.name, "request read", &subject).await;
    StatusCode::NO_CONTENT.into_response()
}

/// The largest sealed note taken, in bytes: a few pages of text.
pub const MAX_NOTE_BYTES: usize = 16 * 1024;

#[derive(serde::Deserialize)]
pub(super) struct NotesOf {
    #[serde(default)]
    id: String,
}

/// A request's notes for the page's script, still sealed: who, when, and the sealed words.
pub(super) async fn notes(State(web): State<Web>, who: SignedIn<CaseHandlers>, Query(q): Query<NotesOf>) -> Response {
    let tr = web.tr(who.lang);
    match web.db.notes(&q.id).await {
        Ok(notes) => {
            use base64::Engine;
            let notes: Vec<serde_json::Value> = notes
                .iter()
                .map(|n| {
                    serde_json::json!({
                        "by": n.by,
                        "at": tr.time(n.at_ms),
                        "sealed": base64::engine::general_purpose::STANDARD.encode(&n.sealed),
                    })
                })
                .collect();
            axum::Json(notes).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot read the notes");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

#[derive(serde::Deserialize)]
pub(super) struct NewNote {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    id: String,
    /// The note sealed in the browser to the municipality's key, base64.
    #[serde(default)]
    sealed: String,
}

/// A note the case handler wrote, sealed in their browser: kept with who and when, audited.
pub(super) async fn add_note(
    State(web): State<Web>,
    who: SignedIn<CaseHandlers>,
    Form(form): Form<NewNote>,
) -> Response {
    use base64::Engine;
    if let Err(response) = who.sent(&web, &form.csrf, "request note").await {
        return response;
    }
    let Ok(sealed) = base64::engine::general_purpose::STANDARD.decode(form.sealed.trim()) else {
        return (StatusCode::BAD_REQUEST, "the note is not sealed").into_response();
    };
    // A sealed box is at least its one-time key and its tag: 48 bytes.
    if sealed.len() < 48 || sealed.len() > MAX_NOTE_BYTES {
        return (StatusCode::BAD_REQUEST, "the note is not a sealed note of a few pages at most").into_response();
    }
    match web.db.add_note(&form.id, &who.user.name, sealed).await {
        Ok(true) => StatusCode::NO_CONTENT.into_response(),
        Ok(false) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot keep the note");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
