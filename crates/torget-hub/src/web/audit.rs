//! The audit log for administrators: people's actions and anonymous sign-in tries in two lists,
//! each with its own bound, so that anonymous requests cannot push people's actions off the page.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::layout::{Chrome, Tr, html};
use super::signed_in::{Admins, SignedIn};
use super::{LangQuery, Web, remember_language};
use crate::accounts::{AuditKind, printable};

/// Entries of each kind the audit page shows, newest first.
pub const AUDIT_PAGE_ENTRIES: u32 = 200;

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage<'a> {
    chrome: Chrome,
    tr: Tr<'a>,
    newest: u32,
    lists: Vec<List>,
}

struct List {
    id: &'static str,
    heading: String,
    entries: Vec<Entry>,
}

/// One entry as shown: stored text with control characters written out ([`printable`]).
struct Entry {
    when: String,
    actor: String,
    action: String,
    subject: String,
}

pub(super) async fn audit(State(web): State<Web>, who: SignedIn<Admins>, Query(q): Query<LangQuery>) -> Response {
    let SignedIn { user, csrf, lang, .. } = who;
    let tr = web.tr(lang);
    let now = torget_common::sqlite::now_ms();
    let mut lists = Vec::new();
    for (kind, heading) in [(AuditKind::Person, "audit-people"), (AuditKind::Anonymous, "audit-sign-ins")] {
        let entries = match web.db.audit_log_of(kind, AUDIT_PAGE_ENTRIES).await {
            Ok(entries) => entries,
            Err(e) => {
                tracing::error!(error = %e, "cannot read the audit log");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        };
        let entries = entries
            .iter()
            .map(|e| Entry {
                when: tr.time_ago(e.at_ms, now),
                actor: printable(&e.actor),
                action: printable(&e.action),
                subject: printable(&e.subject),
            })
            .collect();
        lists.push(List { id: kind.as_str(), heading: tr.t(heading), entries });
    }
    let page = AuditPage {
        chrome: Chrome::new(tr, &web.settings.municipality, tr.t("page-audit"), Some((&user, &csrf))),
        tr,
        newest: AUDIT_PAGE_ENTRIES,
        lists,
    };
    remember_language(html(StatusCode::OK, &page), &web, &q.lang, lang)
}
