//! Content for the kiosks, reviewed by two people and signed in the browser.
//!
//! An editor brings a content folder (`assets/` and `locales/`, as `torget lint` reads it) to the
//! hub from the browser or with `torget-hub content import`. The hub checks it with the same code
//! as `torget lint` and shows what differs from what the kiosks show now. Once it passes, the
//! editor sends it for review; someone else, a reviewer, approves and publishes it. Publishing signs
//! the bundle in the reviewer's browser with the content-signing key file, which never reaches the
//! hub: the hub only checks the signature against the key the kiosks trust (`--content-verify-key`)
//! before it serves the bundle. Every step is audited; every published version is kept.

use std::collections::BTreeMap;
use std::path::Path;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use torget_common::bundle::{self, Bundle, SignedBundle};
use torget_content::content::Problem;
use torget_content::tree::Tree;

pub(super) use super::layout::Choice;
use super::layout::{Chrome, Tr, html};
use super::signed_in::{Allowed, SignedIn};
use super::{LangQuery, Web, remember_language};
use crate::accounts::Role;
use crate::content::DraftState;
use crate::store::Draft;

mod checks;
mod draft;
mod info_form;
mod preview;
mod service_form;
mod structure;
mod texts;

/// Who may see the content pages.
const READERS: [Role; 3] = [Role::Editor, Role::Reviewer, Role::Admin];
/// Who may bring content and send it for review.
const EDITORS: [Role; 2] = [Role::Editor, Role::Admin];
/// Who may publish what someone else sent.
const REVIEWERS: [Role; 2] = [Role::Reviewer, Role::Admin];

/// The content pages' readers, as an extractor's roles.
pub(super) struct Readers;
impl Allowed for Readers {
    const ROLES: &'static [Role] = &READERS;
}

/// The content pages' editors, as an extractor's roles.
pub(super) struct Editors;
impl Allowed for Editors {
    const ROLES: &'static [Role] = &EDITORS;
}

/// The content pages' reviewers, as an extractor's roles.
pub(super) struct Reviewers;
impl Allowed for Reviewers {
    const ROLES: &'static [Role] = &REVIEWERS;
}

/// The largest content folder taken from a browser.
const MAX_UPLOAD_BYTES: usize = 32 * 1024 * 1024;
/// The most files a content folder may hold: many times real content, far fewer than the
/// 150 000 empty files whose unpacking held the hub's async threads for a minute (issue 28, item 8).
pub const MAX_UPLOAD_FILES: usize = 5_000;
/// The largest form that edits a draft (a service's texts in every language, a service's
/// questions, an information page): far more than a real one, far less than the review's 8 MiB.
pub(super) const EDIT_FORM_BYTES: usize = 1024 * 1024;

pub(super) fn routes() -> Router<Web> {
    Router::new()
        .route("/content", get(content))
        .route("/content/rollout", get(rollout_now))
        // The limits below are read only after `SignedIn` let the request in.
        .route("/content/drafts", post(upload).layer(axum::extract::DefaultBodyLimit::max(MAX_UPLOAD_BYTES)))
        .route("/content/drafts/current", post(start_from_current))
        .route("/content/draft/{id}", get(draft::draft_page))
        .route("/content/draft/{id}/submit", post(draft::submit))
        .route("/content/draft/{id}/return", post(draft::send_back))
        .route("/content/draft/{id}/bundle", get(draft::bundle_to_sign))
        .route(
            "/content/draft/{id}/publish",
            post(draft::publish).layer(axum::extract::DefaultBodyLimit::max(MAX_UPLOAD_BYTES * 2)),
        )
        .route("/content/draft/{id}/preview.png", get(preview::preview))
        .route("/content/draft/{id}/spoken.json", get(preview::spoken))
        .route("/content/version/{version}/again", post(draft::again))
        .route(
            "/content/draft/{id}/texts",
            post(texts::edit_texts).layer(axum::extract::DefaultBodyLimit::max(EDIT_FORM_BYTES)),
        )
        .route("/studio.js", get(|| async { super::script(include_str!("../../assets/studio.js")) }))
        .merge(service_form::routes())
        .merge(info_form::routes())
}

/// The files of what the kiosks show now: the newest published bundle, else `--content`.
async fn current_files(web: &Web) -> BTreeMap<String, String> {
    if let Ok(Some((_, signed))) = web.db.latest_bundle().await
        && let Ok(signed) = serde_json::from_str::<SignedBundle>(&signed)
        && let Ok(bundle) = bundle::read_unverified(&signed)
    {
        return bundle.files;
    }
    let Some(dir) = web.settings.content_dir.clone() else { return BTreeMap::new() };
    tokio::task::spawn_blocking(move || bundle::pack(&dir, "current", 0).map(|b| b.files).unwrap_or_default())
        .await
        .unwrap_or_default()
}

/// A content tree's files written out under a temporary folder (gone when dropped), for the
/// preview's renderer, a process of its own.
fn unpacked(files: BTreeMap<String, String>) -> Result<tempfile::TempDir, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    bundle::unpack(&Bundle { version: "draft".into(), sequence: 0, files }, dir.path()).map_err(|e| e.to_string())?;
    Ok(dir)
}

/// A content tree's files, decoded and held in memory, where the content crate reads them with
/// the root `""`: nothing is written to disk to read or check a draft.
fn tree_of(files: &BTreeMap<String, String>) -> Result<Tree, String> {
    Ok(Tree::memory(bundle::decoded(files).map_err(|e| e.to_string())?))
}

/// What `torget lint` says of a content tree, every path relative to the content's folder; a
/// tree that cannot be read is one problem.
fn lint_files(files: &BTreeMap<String, String>) -> Result<Vec<Problem>, String> {
    Ok(torget_content::lint::lint_tree(&tree_of(files)?, Path::new("")))
}

/// What `torget lint` says of a content tree: one line per problem, with file and line.
fn lint_lines(files: &BTreeMap<String, String>) -> Vec<String> {
    match lint_files(files) {
        Ok(problems) => problems.into_iter().map(|p| p.to_string()).collect(),
        Err(e) => vec![format!("cannot check the content: {e}")],
    }
}

/// What `torget lint` says of a content tree.
pub async fn check(files: &BTreeMap<String, String>) -> Vec<String> {
    let files = files.clone();
    tokio::task::spawn_blocking(move || lint_lines(&files))
        .await
        .unwrap_or_else(|e| vec![format!("cannot check the content: {e}")])
}

/// Draft `id`, or the answer to give when there is none (404) or the store fails.
async fn existing_draft(web: &Web, id: i64) -> Result<Draft, Response> {
    find_draft(web, id).await?.ok_or_else(|| StatusCode::NOT_FOUND.into_response())
}

async fn find_draft(web: &Web, id: i64) -> Result<Option<Draft>, Response> {
    match web.db.draft(id).await {
        Ok(draft) => Ok(draft),
        Err(e) => {
            tracing::error!(error = %e, "cannot read the drafts");
            Err(StatusCode::SERVICE_UNAVAILABLE.into_response())
        }
    }
}

fn state_text(tr: Tr, state: DraftState, published_version: &Option<String>) -> String {
    match state {
        DraftState::Draft => tr.t("content-state-draft"),
        DraftState::InReview => tr.t("content-state-in-review"),
        DraftState::Published => {
            tr.t1("content-state-published", "version", published_version.as_deref().unwrap_or_default())
        }
    }
}

#[derive(Template)]
#[template(path = "studio/content.html")]
struct ContentPage<'a> {
    chrome: Chrome,
    tr: Tr<'a>,
    csrf: String,
    /// Newest first: the first is what the kiosks are served.
    published: Vec<PublishedRow>,
    /// How far the newest has reached the kiosks, in words.
    rollout: String,
    drafts: Vec<DraftRow>,
    may_edit: bool,
}

struct PublishedRow {
    version: String,
    when: String,
}

struct DraftRow {
    id: i64,
    name: String,
    note: String,
    state: String,
    by: String,
}

/// How many of the kiosks that can send show `version` now, as their heartbeats say: a version
/// published is not yet on the kiosks, which ask for it every ten minutes and take it between
/// visits.
async fn rollout(web: &Web, tr: Tr<'_>, version: &str) -> String {
    let beats = web.db.heartbeats().await.unwrap_or_default();
    let active: Vec<_> = beats.iter().filter(|b| !b.revoked).collect();
    let have = active.iter().filter(|b| b.content_version.as_deref() == Some(version)).count();
    tr.args("content-rollout", &[("have", have.into()), ("count", active.len().into())])
}

/// How far the newest published version has reached the kiosks, in words, for the content page
/// to follow while it is open; empty before anything is published.
async fn rollout_now(State(web): State<Web>, who: SignedIn<Readers>) -> Response {
    let tr = web.tr(who.lang);
    let words = match web.db.published().await {
        Ok(published) => match published.first() {
            Some(newest) => rollout(&web, tr, &newest.version).await,
            None => String::new(),
        },
        Err(e) => {
            tracing::error!(error = %e, "cannot read the content");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    ([(axum::http::header::CACHE_CONTROL, "no-store")], words).into_response()
}

/// The published versions, the drafts, and for editors the ways to start one.
async fn content(State(web): State<Web>, who: SignedIn<Readers>, Query(q): Query<LangQuery>) -> Response {
    let SignedIn { user, csrf, lang, .. } = who;
    let tr = web.tr(lang);
    let (published, drafts) = match (web.db.published().await, web.db.draft_list().await) {
        (Ok(p), Ok(d)) => (p, d),
        (Err(e), _) | (_, Err(e)) => {
            tracing::error!(error = %e, "cannot read the content");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let rollout = match published.first() {
        Some(newest) => rollout(&web, tr, &newest.version).await,
        None => String::new(),
    };
    let page = ContentPage {
        chrome: Chrome::new(tr, &web.settings.municipality, tr.t("page-content"), Some((&user, &csrf))),
        tr,
        csrf: csrf.clone(),
        rollout,
        published: published
            .iter()
            .map(|p| PublishedRow { version: p.version.clone(), when: tr.time(p.published_ms) })
            .collect(),
        drafts: drafts
            .iter()
            .map(|d| DraftRow {
                id: d.id,
                name: tr.n("content-draft", "id", d.id),
                note: d.note.clone(),
                state: state_text(tr, d.state, &d.published_version),
                by: d.created_by.clone(),
            })
            .collect(),
        may_edit: user.role().is_some_and(|r| EDITORS.contains(&r)),
    };
    remember_language(html(StatusCode::OK, &page), &web, &q.lang, lang)
}

#[derive(serde::Deserialize)]
struct Upload {
    csrf: String,
    note: String,
    /// `assets/…` and `locales/…` → base64 of the file.
    files: BTreeMap<String, String>,
}

/// Content brought from the browser: kept as a draft whatever the checks say (the draft page
/// shows them); only paths inside `assets/` and `locales/` are taken, at most [`MAX_UPLOAD_FILES`].
/// Reading the JSON and unpacking its files is blocking work, done off the async threads, so that
/// kiosks and pages are answered meanwhile.
async fn upload(State(web): State<Web>, who: SignedIn<Editors>, body: axum::body::Bytes) -> Response {
    let form = match tokio::task::spawn_blocking(move || serde_json::from_slice::<Upload>(&body)).await {
        Ok(Ok(form)) => form,
        Ok(Err(e)) => return (StatusCode::BAD_REQUEST, format!("this is not a content folder: {e}")).into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if let Err(response) = who.sent(&web, &form.csrf, "content upload").await {
        return response;
    }
    let user = who.user;
    let note: String = form.note.trim().chars().filter(|c| !c.is_control()).take(200).collect();
    let probe = Bundle { version: "upload".into(), sequence: 0, files: form.files };
    let (probe, checked) = match tokio::task::spawn_blocking(move || {
        let checked = check_paths(&probe);
        (probe, checked)
    })
    .await
    {
        Ok(done) => done,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if let Err(e) = checked {
        return (StatusCode::BAD_REQUEST, e).into_response();
    }
    match web.db.add_draft(&probe.files, &note, &user.name).await {
        Ok(id) => Json(serde_json::json!({ "id": id })).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot keep the content");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

#[derive(serde::Deserialize)]
struct StartForm {
    csrf: String,
    note: String,
}

/// A draft of what the kiosks show now, to change in the browser: no folder needed.
async fn start_from_current(State(web): State<Web>, who: SignedIn<Editors>, Form(form): Form<StartForm>) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "content upload").await {
        return response;
    }
    let (user, tr) = (who.user, web.tr(who.lang));
    let note: String = form.note.trim().chars().filter(|c| !c.is_control()).take(200).collect();
    let files = current_files(&web).await;
    if files.is_empty() {
        return (StatusCode::CONFLICT, tr.t("content-nothing-current")).into_response();
    }
    match web.db.add_draft(&files, &note, &user.name).await {
        Ok(id) => Redirect::to(&format!("/content/draft/{id}")).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot keep the content");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// At most [`MAX_UPLOAD_FILES`] files, every path inside `assets/` or `locales/` and every file
/// base64. Blocking: it writes the files out.
fn check_paths(bundle: &Bundle) -> Result<(), String> {
    if bundle.files.is_empty() {
        return Err("no files under assets/ or locales/".into());
    }
    if bundle.files.len() > MAX_UPLOAD_FILES {
        return Err(format!(
            "a content folder may hold at most {MAX_UPLOAD_FILES} files; this one has {}",
            bundle.files.len()
        ));
    }
    bundle::decoded(&bundle.files).map(drop).map_err(|e| e.to_string())
}
