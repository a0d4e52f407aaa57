//! The case handlers' inbox: the received requests, still sealed. The page's script opens them
//! with the key file the case handler chooses; the key and what it opens stay in the browser.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use super::layout::{Chrome, Tr, html};
use super::signed_in::{CaseHandlers, SignedIn};
use super::{LangQuery, Web, remember_language};
use crate::content_texts::ContentTexts;

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage<'a> {
    chrome: Chrome,
    tr: Tr<'a>,
    csrf: String,
    /// Everything the script says, in the page's language, as `data-t-NAME` attributes.
    messages: Vec<(&'static str, String)>,
    count: u32,
    rows: Vec<Row>,
}

struct Row {
    id: String,
    kiosk: String,
    reference: String,
    received: String,
    sealed: String,
    service: String,
    handled: bool,
    state: String,
}

impl Web {
    /// The content's texts: from the newest published bundle (read again when a newer one is
    /// published), else from `--content`, else none (the inbox then shows the questions' ids).
    async fn content_texts(&self) -> Option<Arc<ContentTexts>> {
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
    Query(q): Query<LangQuery>,
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
    // Who was given the sealed requests, and when: the page is all a key needs.
    let _ = web.db.audit(&user.name, "requests listed", &format!("{} sealed", stored.len())).await;
    let content = web.content_texts().await;
    let rows = stored
        .iter()
        .rev()
        .map(|s| Row {
            id: s.id.clone(),
            kiosk: s.kiosk.clone(),
            reference: uuid::Uuid::parse_str(&s.id)
                .map(torget_common::reference::from_id)
                .unwrap_or_else(|_| s.id.clone()),
            received: tr.time_ago(s.received_ms, now),
            sealed: base64::engine::general_purpose::STANDARD.encode(&s.sealed),
            service: content
                .as_ref()
                .and_then(|c| c.title(lang, &s.service_id))
                .unwrap_or_else(|| s.service_id.clone()),
            handled: s.handled_ms.is_some(),
            state: handled_text(tr, s.handled_by.as_deref(), s.handled_ms),
        })
        .collect();
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
    ];
    let page = InboxPage {
        chrome: Chrome::new(tr, &web.settings.municipality, tr.t("page-requests"), Some((&user, &csrf))),
        tr,
        csrf: csrf.clone(),
        messages,
        count: u32::try_from(stored.len()).unwrap_or(u32::MAX),
        rows,
    };
    remember_language(html(StatusCode::OK, &page), &web, &q.lang, lang)
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
