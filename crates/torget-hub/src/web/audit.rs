//! The audit log for administrators: people's actions and anonymous sign-in tries in two lists,
//! each with its own bound, so that anonymous requests cannot push people's actions off the page.
//! Both lists can be narrowed to a person, words of the action and days, and exported as CSV.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::layout::{Choice, Chrome, Tr, html, query_value};
use super::signed_in::{Admins, SignedIn};
use super::{Web, remember_language};
use crate::accounts::{AuditEntry, AuditKind, printable};
use crate::store::AuditFilter;

/// Entries of each kind the audit page shows, newest first.
pub const AUDIT_PAGE_ENTRIES: u32 = 200;

/// Entries of each kind an export holds at most, newest first.
pub const AUDIT_EXPORT_ENTRIES: u32 = 100_000;

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage<'a> {
    chrome: Chrome,
    tr: Tr<'a>,
    newest: u32,
    people: Vec<Choice>,
    find: Find,
    /// The export's address with the same filters.
    export: String,
    lists: Vec<List>,
}

struct List {
    id: &'static str,
    heading: String,
    entries: Vec<Entry>,
}

/// One entry as shown: stored text with control characters written out ([`printable`]), and a
/// request's id as its reference code.
struct Entry {
    when: String,
    actor: String,
    action: String,
    subject: String,
}

/// What the filter form asks: a person, words of the action, days (in the hub's time zone).
#[derive(serde::Deserialize, Default)]
pub(super) struct Find {
    lang: Option<String>,
    #[serde(default)]
    who: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

impl Find {
    fn filter(&self, tr: Tr) -> AuditFilter {
        let given = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        AuditFilter {
            who: given(&self.who),
            action: given(&self.action),
            from_ms: tr.day_ms(&self.from, false),
            until_ms: tr.day_ms(&self.to, true),
        }
    }

    fn query(&self) -> String {
        let enc = query_value;
        format!("who={}&action={}&from={}&to={}", enc(&self.who), enc(&self.action), enc(&self.from), enc(&self.to))
    }
}

/// What the hub stores of each action (the start of its words, longest first) and the text that
/// says it in the staff's language; the rest of the stored words (a role, a count) follow as they are.
const ACTIONS: [(&str, &str); 42] = [
    ("request delivered to the archive", "audit-action-archive-delivered"),
    ("request registered in the archive", "audit-action-archive-registered"),
    ("request refused by the archive", "audit-action-archive-refused"),
    ("request sent to the archive again", "audit-action-archive-again"),
    ("archive bridge credential made", "audit-action-bridge-made"),
    ("archive bridge refused", "audit-action-bridge-refused"),
    ("archive bridge revoked", "audit-action-bridge-revoked"),
    ("sign-in refused (too many failures)", "audit-action-sign-in-waiting"),
    ("sign-in refused (form token)", "audit-action-sign-in-stale"),
    ("content brought for review", "audit-action-content-brought"),
    ("content sent for review", "audit-action-content-sent"),
    ("content publish refused", "audit-action-publish-refused"),
    ("content service created", "audit-action-service-created"),
    ("request marked handled", "audit-action-request-handled"),
    ("content service edited", "audit-action-service-edited"),
    ("refused (own content)", "audit-action-own-content"),
    ("help call: on the way", "audit-action-help-coming"),
    ("kiosk credential made", "audit-action-kiosk-made"),
    ("refused (form token)", "audit-action-form-refused"),
    ("display link revoked", "audit-action-display-revoked"),
    ("content texts edited", "audit-action-texts-edited"),
    ("content page created", "audit-action-page-created"),
    ("page refused (role)", "audit-action-page-refused"),
    ("content page edited", "audit-action-page-edited"),
    ("request marked new", "audit-action-request-new"),
    ("request note added", "audit-action-request-note"),
    ("display link made", "audit-action-display-made"),
    ("content sent back", "audit-action-content-returned"),
    ("content published", "audit-action-content-published"),
    ("requests listed", "audit-action-requests-listed"),
    ("help call: done", "audit-action-help-done"),
    ("kiosk place set", "audit-action-kiosk-place"),
    ("sign-in failed", "audit-action-sign-in-failed"),
    ("password reset", "audit-action-password-reset"),
    ("audit exported", "audit-action-exported"),
    ("kiosk revoked", "audit-action-kiosk-revoked"),
    ("request read", "audit-action-request-read"),
    ("role changed", "audit-action-role-changed"),
    ("user removed", "audit-action-user-removed"),
    ("signed out", "audit-action-signed-out"),
    ("user added", "audit-action-user-added"),
    ("signed in", "audit-action-signed-in"),
];

/// An action as the staff's language says it; one this version does not know, as it was stored.
fn action_words(tr: Tr, action: &str) -> String {
    match ACTIONS.iter().find(|(stored, _)| action.starts_with(stored)) {
        Some((stored, key)) => format!("{}{}", tr.t(key), printable(&action[stored.len()..])),
        None => printable(action),
    }
}

/// A subject as people read it: a request's id becomes its reference code.
fn subject(text: &str) -> String {
    match uuid::Uuid::parse_str(text) {
        Ok(id) => torget_common::reference::from_id(id),
        Err(_) => printable(text),
    }
}

async fn entries(
    web: &Web,
    tr: Tr<'_>,
    find: &Find,
    limit: u32,
) -> Result<Vec<(AuditKind, Vec<AuditEntry>)>, Response> {
    let mut lists = Vec::new();
    for kind in [AuditKind::Person, AuditKind::Anonymous] {
        match web.db.audit_search(kind, find.filter(tr), limit).await {
            Ok(entries) => lists.push((kind, entries)),
            Err(e) => {
                tracing::error!(error = %e, "cannot read the audit log");
                return Err(StatusCode::SERVICE_UNAVAILABLE.into_response());
            }
        }
    }
    Ok(lists)
}

pub(super) async fn audit(State(web): State<Web>, who: SignedIn<Admins>, Query(find): Query<Find>) -> Response {
    let SignedIn { user, csrf, lang, .. } = who;
    let tr = web.tr(lang);
    let now = torget_common::sqlite::now_ms();
    let found = match entries(&web, tr, &find, AUDIT_PAGE_ENTRIES).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let lists = found
        .into_iter()
        .map(|(kind, entries)| List {
            id: kind.as_str(),
            heading: tr.t(if kind == AuditKind::Person { "audit-people" } else { "audit-sign-ins" }),
            entries: entries
                .iter()
                .map(|e| Entry {
                    when: tr.time_ago(e.at_ms, now),
                    actor: printable(&e.actor),
                    action: action_words(tr, &e.action),
                    subject: subject(&e.subject),
                })
                .collect(),
        })
        .collect();
    let mut names: Vec<String> = web.db.users().await.unwrap_or_default().into_iter().map(|u| u.name).collect();
    names.push("command line".into());
    let people = std::iter::once(Choice::new("", tr.t("requests-filter-any"), find.who.is_empty()))
        .chain(names.iter().map(|n| Choice::new(n, n.clone(), *n == find.who)))
        .collect();
    let page = AuditPage {
        chrome: Chrome::new(tr, &web.settings.municipality, tr.t("page-audit"), Some((&user, &csrf))),
        tr,
        newest: AUDIT_PAGE_ENTRIES,
        people,
        export: format!("/audit.csv?{}", find.query()),
        find,
        lists,
    };
    let lang_asked = page.find.lang.clone();
    remember_language(html(StatusCode::OK, &page), &web, &lang_asked, lang)
}

/// The same entries as CSV (UTF-8 with a byte order mark, for spreadsheets), both kinds, with the
/// hub's local times; a cell a spreadsheet would run as a formula is kept as text.
pub(super) async fn export(State(web): State<Web>, who: SignedIn<Admins>, Query(find): Query<Find>) -> Response {
    let tr = web.tr(who.lang);
    let found = match entries(&web, tr, &find, AUDIT_EXPORT_ENTRIES).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let _ = web.db.audit(&who.user.name, "audit exported", &find.query()).await;
    let cell = |value: &str| {
        let text =
            if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_string() };
        format!("\"{}\"", text.replace('"', "\"\""))
    };
    let mut csv = String::from("\u{feff}");
    let head = [tr.t("audit-when"), tr.t("audit-who"), tr.t("audit-what"), tr.t("audit-subject"), "kind".to_string()];
    csv.push_str(&head.iter().map(|h| cell(h)).collect::<Vec<_>>().join(","));
    csv.push_str("\r\n");
    for (kind, entries) in &found {
        for e in entries {
            let row = [
                tr.time(e.at_ms),
                printable(&e.actor),
                action_words(tr, &e.action),
                subject(&e.subject),
                kind.as_str().into(),
            ];
            csv.push_str(&row.iter().map(|v| cell(v)).collect::<Vec<_>>().join(","));
            csv.push_str("\r\n");
        }
    }
    let mut response = ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"audit.csv\""));
    response
}
