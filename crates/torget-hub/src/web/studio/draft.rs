//! One draft: its checks, what it changes, its services and pages, the preview, its texts, and the
//! way through review to publishing, which is signed in the reviewer's browser.

use askama::Template;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use torget_common::bundle::{self, Bundle, SignedBundle};

use super::Editors;
use super::preview::{Preview, PreviewForm};
use super::texts::{Examined, TextsTable, examine};
use super::{EDITORS, REVIEWERS, Readers, Reviewers, check, current_files, existing_draft, state_text};
use crate::accounts::User;
use crate::content::{self, DraftState, Refusal};
use crate::store::Draft;
use crate::web::layout::{Chrome, Tr, html};
use crate::web::signed_in::SignedIn;
use crate::web::{Csrf, LangQuery, Web, remember_language};
use std::collections::{BTreeMap, BTreeSet};

use torget_content::content::{Problem, ProblemKind};
use torget_content::edit;

#[derive(Template)]
#[template(path = "studio/draft.html")]
struct DraftPage<'a> {
    chrome: Chrome,
    tr: Tr<'a>,
    /// The page came back after the texts were saved.
    saved: bool,
    csrf: String,
    id: i64,
    note: String,
    state: String,
    created_by: String,
    created_at: String,
    submitted_by: Option<String>,
    published_by: Option<String>,
    /// Sent back by a reviewer: who, and what they said.
    returned: Option<(String, String)>,
    /// A reviewer may send it back with a comment.
    may_return: bool,
    /// What the checks found, in plain sentences, and as the linter says it (for IT).
    checks: Vec<String>,
    technical: Vec<String>,
    /// What the draft changes against what the kiosks show now, in words.
    changes: Vec<String>,
    services: Vec<(String, String)>,
    info_pages: Vec<(String, String)>,
    editable: bool,
    preview: Option<PreviewForm>,
    texts: Option<TextsTable>,
    action: Action,
}

/// What the person may do with the draft next.
enum Action {
    Nothing,
    /// Send it for review (an editor, when the checks pass).
    Submit,
    /// A reviewer who brought, edited or sent it: someone else publishes.
    OwnWork,
    /// The hub has no key to check signatures with.
    NoVerifyKey,
    /// Sign and publish, checked against this key.
    Publish(String),
}

/// Names to list: the title, else the id.
fn named(items: Vec<(String, String)>) -> Vec<(String, String)> {
    items.into_iter().map(|(id, title)| if title.is_empty() { (id.clone(), id) } else { (id, title) }).collect()
}

/// One thing a draft changes against what the kiosks show.
#[derive(Debug, PartialEq)]
enum Change {
    /// A service or information page (`service`, `page`), by its id and title: `added`, `removed`,
    /// `changed`.
    Owner { kind: &'static str, how: &'static str, id: String, name: String },
    /// Texts of a service or page (its id and title), or of the kiosk's own screens (`None`), in a
    /// language.
    Texts { owner: Option<(String, String)>, language: String, count: usize },
    /// A picture, by its name.
    Picture { how: &'static str, name: String },
    /// Any other file, by its path.
    File { how: &'static str, path: String },
}

impl Change {
    /// The service (its id) or page (`info:ID`) this change is about, if one is still there.
    fn owner(&self) -> Option<String> {
        match self {
            Change::Owner { kind: "service", how, id, .. } if *how != "removed" => Some(id.clone()),
            Change::Owner { kind: "page", how, id, .. } if *how != "removed" => Some(format!("info:{id}")),
            Change::Texts { owner: Some((id, _)), .. } => Some(id.clone()),
            _ => None,
        }
    }

    fn words(self, tr: Tr) -> String {
        match self {
            Change::Owner { kind, how, name, .. } => tr.t1(&format!("change-{kind}-{how}"), "name", name),
            Change::Texts { owner, language, count } => {
                let language = tr.language(&language, &language);
                match owner {
                    Some((_, name)) => tr.args(
                        "change-texts",
                        &[("count", count.into()), ("language", language.into()), ("name", name.into())],
                    ),
                    None => tr.args("change-kiosk-texts", &[("count", count.into()), ("language", language.into())]),
                }
            }
            Change::Picture { how, name } => tr.t1(&format!("change-picture-{how}"), "name", name),
            Change::File { how, path } => tr.t1(&format!("change-file-{how}"), "path", path),
        }
    }
}

/// What `draft` changes against `current` (the files the kiosks show), as an editor thinks of it:
/// services and pages added, removed or with other questions; texts changed, counted per service
/// or page and language; pictures; anything else by its file.
fn changes_in_words(draft: &edit::Files, current: &edit::Files) -> Vec<Change> {
    let how = |path: &str| match (current.get(path), draft.get(path)) {
        (None, Some(_)) => Some("added"),
        (Some(_), None) => Some("removed"),
        (Some(a), Some(b)) if a != b => Some("changed"),
        _ => None,
    };
    let (draft_owners, current_owners) = (owners(draft), owners(current));
    let title = |id: &str| {
        draft_owners
            .get(id)
            .or_else(|| current_owners.get(id))
            .map(|(_, title)| title.clone())
            .unwrap_or(id.to_string())
    };
    let mut changes = Vec::new();
    let paths: BTreeSet<&String> = draft.keys().chain(current.keys()).collect();
    for path in paths {
        let Some(how) = how(path) else { continue };
        if path.starts_with("locales/") && path.ends_with(".ftl") {
            continue; // counted per text below
        }
        let stem = |prefix: &str| path.strip_prefix(prefix).and_then(|p| p.strip_suffix(".toml")).map(str::to_string);
        let change = if let Some(id) = stem("assets/services/") {
            Change::Owner { kind: "service", how, name: title(&id), id }
        } else if let Some(id) = stem("assets/info/") {
            Change::Owner { kind: "page", how, name: title(&id), id }
        } else if let Some(name) = path.strip_prefix("assets/pictograms/").and_then(|p| p.strip_suffix(".svg")) {
            Change::Picture { how, name: name.to_string() }
        } else {
            Change::File { how, path: path.clone() }
        };
        changes.push(change);
    }
    // Texts: every message whose words differ, counted per owner (the longest id its own begins
    // with) and language.
    let words = |files: &edit::Files| -> BTreeMap<(String, String), String> {
        edit::Messages::read(files).all().map(|(l, k, w)| ((l.to_string(), k.to_string()), w.to_string())).collect()
    };
    let (new, old) = (words(draft), words(current));
    let mut ids: Vec<&String> = draft_owners.keys().chain(current_owners.keys()).collect();
    ids.sort_by_key(|id| std::cmp::Reverse(id.len()));
    let mut counted: BTreeMap<(Option<String>, String), usize> = BTreeMap::new();
    for key in new.keys().chain(old.keys()).collect::<BTreeSet<_>>() {
        if new.get(key) == old.get(key) {
            continue;
        }
        let (lang, id) = key;
        let owner = ids.iter().find(|o| id.strip_prefix(o.as_str()).is_some_and(|r| r.starts_with('-')));
        *counted.entry((owner.map(|o| o.to_string()), lang.clone())).or_default() += 1;
    }
    for ((owner, language), count) in counted {
        let owner = owner.map(|o| {
            let name = title(&o);
            (o, name)
        });
        changes.push(Change::Texts { owner, language, count });
    }
    changes
}

/// The services and pages of a tree: id → (kind, title in the default language).
fn owners(files: &edit::Files) -> BTreeMap<String, (&'static str, String)> {
    let services = edit::services(files).into_iter().map(|(id, title)| (id, ("service", title)));
    let pages = edit::pages(files).into_iter().map(|(id, title)| (id, ("page", title)));
    services
        .chain(pages)
        .map(|(id, (kind, title))| {
            let title = if title.is_empty() { id.clone() } else { title };
            (id, (kind, title))
        })
        .collect()
}

/// The checks' problems in plain sentences: texts missing, hard to read or unused counted per
/// language, anything else as the linter says it; and every problem as the linter says it.
fn plain_checks(tr: Tr, files: &edit::Files, problems: &Result<Vec<Problem>, String>) -> (Vec<String>, Vec<String>) {
    let owners = owners(files);
    let problems = match problems {
        Ok(problems) => problems,
        Err(e) => return (vec![e.clone()], vec![e.clone()]),
    };
    let mut counted: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut said = Vec::new();
    for p in problems {
        match &p.kind {
            ProblemKind::MissingText { language, .. } => {
                *counted.entry(("content-checks-missing", language)).or_default() += 1
            }
            ProblemKind::HardText { language, .. } => {
                *counted.entry(("content-checks-hard", language)).or_default() += 1
            }
            ProblemKind::UnusedText { language, .. } => {
                *counted.entry(("content-checks-unused", language)).or_default() += 1
            }
            ProblemKind::Rule(rule) => {
                let id = p.file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                let owner = owners.get(&id).map(|(_, title)| title.clone()).unwrap_or(id);
                let rule = super::checks::rule_words(tr, *rule);
                said.push(tr.args("content-checks-rule", &[("owner", owner.into()), ("rule", rule.into())]));
            }
            ProblemKind::Other if p.hint.is_empty() => said.push(p.message.clone()),
            ProblemKind::Other => said.push(format!("{} ({})", p.message, p.hint)),
        }
    }
    let mut lines: Vec<String> = counted
        .into_iter()
        .map(|((key, language), count)| {
            tr.args(key, &[("count", count.into()), ("language", tr.language(language, language).into())])
        })
        .collect();
    lines.extend(said);
    (lines, problems.iter().map(ToString::to_string).collect())
}

pub(super) async fn draft_page(
    State(web): State<Web>,
    who: SignedIn<Readers>,
    UrlPath(id): UrlPath<i64>,
    Query(q): Query<LangQuery>,
    Query(mut asked): Query<Preview>,
) -> Response {
    let SignedIn { user, csrf, lang, .. } = who;
    let tr = web.tr(lang);
    let draft = match existing_draft(&web, id).await {
        Ok(draft) => draft,
        Err(response) => return response,
    };
    let current = current_files(&web).await;
    let files = draft.files.clone();
    let changed = tokio::task::spawn_blocking(move || changes_in_words(&files, &current)).await.unwrap_or_default();
    // Opened without a choice, the preview and the texts show what the draft changes first.
    if asked.service.is_none() {
        asked.service = changed.iter().find_map(Change::owner);
    }
    let owner = asked.service.as_deref().map(|s| s.strip_prefix("info:").unwrap_or(s).to_string());
    let Examined { problems, choices, texts } = examine(&draft.files, owner).await;
    let (checks, technical) = plain_checks(tr, &draft.files, &problems);
    let changes = changed.into_iter().map(|change| change.words(tr)).collect();
    let mine = content::may_publish(&draft, &user.name) == Err(Refusal::OwnWork);
    let role = user.role();
    let action = match draft.state {
        DraftState::Draft if role.is_some_and(|r| EDITORS.contains(&r)) && technical.is_empty() => Action::Submit,
        DraftState::InReview if role.is_some_and(|r| REVIEWERS.contains(&r)) => {
            match (&web.settings.content_verify_key, mine) {
                (_, true) => Action::OwnWork,
                (None, false) => Action::NoVerifyKey,
                (Some(key), false) => Action::Publish(key.clone()),
            }
        }
        _ => Action::Nothing,
    };
    let editable = draft.state == DraftState::Draft && role.is_some_and(|r| EDITORS.contains(&r));
    let page = DraftPage {
        saved: q.saved.as_deref() == Some("1"),
        chrome: Chrome::new(
            tr,
            &web.settings.municipality,
            tr.n("content-draft", "id", draft.id),
            Some((&user, &csrf)),
        ),
        tr,
        csrf: csrf.clone(),
        id,
        state: state_text(tr, draft.state, &draft.published_version),
        created_at: tr.time(draft.created_ms),
        checks,
        technical,
        changes,
        services: named(edit::services(&draft.files)),
        info_pages: named(edit::pages(&draft.files)),
        editable,
        preview: PreviewForm::new(tr, web.settings.renderer.is_some(), &asked, &choices),
        texts: texts.map(|view| TextsTable::new(tr, view, editable)),
        action,
        note: draft.note,
        created_by: draft.created_by,
        submitted_by: draft.submitted_by,
        returned: draft.returned,
        may_return: draft.state == DraftState::InReview && role.is_some_and(|r| REVIEWERS.contains(&r)),
        published_by: draft.published_by,
    };
    remember_language(html(StatusCode::OK, &page), &web, &q.lang, lang)
}

/// The longest comment sent back with a draft, in characters.
pub const MAX_COMMENT_CHARS: usize = 2000;

#[derive(serde::Deserialize)]
pub(super) struct SendBack {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    comment: String,
}

/// A reviewer sends a draft in review back to its editors with a comment: a draft again, which
/// they change and send anew; audited.
pub(super) async fn send_back(
    State(web): State<Web>,
    who: SignedIn<Reviewers>,
    UrlPath(id): UrlPath<i64>,
    Form(form): Form<SendBack>,
) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "content send back").await {
        return response;
    }
    let comment: String =
        form.comment.trim().chars().filter(|c| !c.is_control() || *c == '\n').take(MAX_COMMENT_CHARS).collect();
    if comment.is_empty() {
        return (StatusCode::BAD_REQUEST, web.tr(who.lang).t("content-return-needs-comment")).into_response();
    }
    match web.db.return_draft(id, &who.user.name, &comment).await {
        Ok(true) => Redirect::to(&format!("/content/draft/{id}")).into_response(),
        Ok(false) => (StatusCode::CONFLICT, "this content is not waiting for review").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot send the content back");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

pub(super) async fn submit(
    State(web): State<Web>,
    who: SignedIn<Editors>,
    UrlPath(id): UrlPath<i64>,
    Form(form): Form<Csrf>,
) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "content review").await {
        return response;
    }
    let user = who.user;
    let draft = match existing_draft(&web, id).await {
        Ok(draft) => draft,
        Err(response) => return response,
    };
    if !check(&draft.files).await.is_empty() {
        return (StatusCode::CONFLICT, "the content has problems to fix first").into_response();
    }
    match web.db.submit_draft(id, &user.name).await {
        Ok(_) => Redirect::to(&format!("/content/draft/{id}")).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot send the content for review");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// A reviewer may publish a draft in review that someone else brought, edited and sent
/// ([`content::may_publish`]); a form sending it carries the session's `token`.
async fn reviewable(
    web: &Web,
    who: SignedIn<Reviewers>,
    id: i64,
    token: Option<&str>,
) -> Result<(User, Draft), Response> {
    if let Some(token) = token {
        who.sent(web, token, "content publish").await?;
    }
    let user = who.user;
    let draft = existing_draft(web, id).await?;
    let Err(refusal) = content::may_publish(&draft, &user.name) else { return Ok((user, draft)) };
    let (status, action) = match refusal {
        Refusal::OwnWork => (StatusCode::FORBIDDEN, "refused (own content)"),
        Refusal::NotInReview => (StatusCode::CONFLICT, "content publish refused (not in review)"),
        Refusal::SequenceNotAbove { .. } => (StatusCode::CONFLICT, "content publish refused (sequence)"),
    };
    let _ = web.db.audit(&user.name, action, &format!("draft {id}")).await;
    Err((status, refusal.to_string()).into_response())
}

/// Every published bundle, for [`content::next_sequence`].
async fn published(web: &Web) -> Result<Vec<crate::store::Published>, Response> {
    web.db.published().await.map_err(|e| {
        tracing::error!(error = %e, "cannot read the published content");
        StatusCode::SERVICE_UNAVAILABLE.into_response()
    })
}

/// Going back to an earlier version: its files become content in review, sent by whoever asked,
/// so that someone else publishes them again as a new, higher sequence.
pub(super) async fn again(
    State(web): State<Web>,
    who: SignedIn<Readers>,
    UrlPath(version): UrlPath<String>,
    Form(form): Form<Csrf>,
) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "content again").await {
        return response;
    }
    let (user, lang) = (who.user, who.lang);
    let published = match published(&web).await {
        Ok(published) => published,
        Err(response) => return response,
    };
    let Some(old) = published.into_iter().find(|p| p.version == version) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok(files) = serde_json::from_str::<SignedBundle>(&old.signed)
        .map_err(|e| e.to_string())
        .and_then(|s| bundle::read_unverified(&s).map_err(|e| e.to_string()))
        .map(|b| b.files)
    else {
        return (StatusCode::UNPROCESSABLE_ENTITY, "that version cannot be read").into_response();
    };
    let note = web.tr(lang).t1("content-again-note", "version", &version);
    let id = match web.db.add_draft(&files, &note, &user.name).await {
        Ok(id) => id,
        Err(e) => {
            tracing::error!(error = %e, "cannot keep the content");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    if let Err(e) = web.db.submit_draft(id, &user.name).await {
        tracing::error!(error = %e, "cannot send the content for review");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    Redirect::to(&format!("/content/draft/{id}")).into_response()
}

/// The exact bytes the reviewer's browser signs: the bundle JSON, base64.
pub(super) async fn bundle_to_sign(
    State(web): State<Web>,
    who: SignedIn<Reviewers>,
    UrlPath(id): UrlPath<i64>,
) -> Response {
    let (_, draft) = match reviewable(&web, who, id, None).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let date = time::OffsetDateTime::now_utc().date();
    let version = format!("{}-{:02}-{:02}.{id}", date.year(), u8::from(date.month()), date.day());
    let sequence = match published(&web).await.map(|p| content::next_sequence(&p, None, content::now_s())) {
        Ok(Ok(sequence)) => sequence,
        Ok(Err(refusal)) => return (StatusCode::CONFLICT, refusal.to_string()).into_response(),
        Err(response) => return response,
    };
    let bundle = Bundle { version: version.clone(), sequence, files: draft.files };
    let bytes = serde_json::to_vec(&bundle).expect("a bundle serialises");
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(serde_json::json!({ "version": version, "bundle": STANDARD.encode(bytes) })),
    )
        .into_response()
}

#[derive(serde::Deserialize)]
pub(super) struct Signed {
    #[serde(default)]
    csrf: String,
    bundle: String,
    signature: String,
}

/// Publishes what the reviewer signed, after checking that it is this draft, numbered above
/// every published bundle, passes the checks and carries a signature the kiosks will accept.
pub(super) async fn publish(
    State(web): State<Web>,
    who: SignedIn<Reviewers>,
    UrlPath(id): UrlPath<i64>,
    Form(form): Form<Signed>,
) -> Response {
    let (user, draft) = match reviewable(&web, who, id, Some(&form.csrf)).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let Some(verify_key) = web.settings.content_verify_key.clone() else {
        return (StatusCode::CONFLICT, "the hub has no --content-verify-key").into_response();
    };
    let signed = SignedBundle { version: String::new(), bundle: form.bundle, signature: form.signature };
    let Ok(bundle) = bundle::read_unverified(&signed) else {
        return (StatusCode::BAD_REQUEST, "what was signed is not a bundle").into_response();
    };
    let signed = SignedBundle { version: bundle.version.clone(), ..signed };
    if let Err(e) = bundle::verify(&signed, &verify_key) {
        let _ = web.db.audit(&user.name, "content publish refused (signature)", &format!("draft {id}")).await;
        return (StatusCode::BAD_REQUEST, e.to_string()).into_response();
    }
    if bundle.files != draft.files || bundle::check_version(&bundle.version).is_err() {
        return (StatusCode::BAD_REQUEST, "what was signed is not this content").into_response();
    }
    match published(&web).await.map(|p| content::next_sequence(&p, Some(bundle.sequence), content::now_s())) {
        Ok(Ok(_)) => {}
        Ok(Err(Refusal::SequenceNotAbove { .. })) => {
            let _ = web.db.audit(&user.name, "content publish refused (sequence)", &format!("draft {id}")).await;
            return (StatusCode::CONFLICT, "a newer bundle was published meanwhile: publish again").into_response();
        }
        Ok(Err(refusal)) => return (StatusCode::CONFLICT, refusal.to_string()).into_response(),
        Err(response) => return response,
    }
    if !check(&bundle.files).await.is_empty() {
        return (StatusCode::CONFLICT, "the content has problems to fix first").into_response();
    }
    let json = serde_json::to_string(&signed).expect("a signed bundle serialises");
    match web.db.publish_draft(id, &user.name, &bundle.version, &json).await {
        Ok(true) => Redirect::to(&format!("/content/draft/{id}")).into_response(),
        Ok(false) => (StatusCode::CONFLICT, "this content is not waiting for review").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot publish the content");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;

    use super::*;

    fn files(pairs: &[(&str, &str)]) -> edit::Files {
        pairs.iter().map(|(p, t)| (p.to_string(), STANDARD.encode(t))).collect()
    }

    #[test]
    fn changes_are_told_by_service_language_and_picture_not_by_file() {
        let languages = "default = \"sv\"\n[[language]]\ncode = \"sv\"\nendonym = \"Svenska\"\n";
        let current = files(&[
            ("assets/languages.toml", languages),
            ("assets/services/card.toml", "id = \"card\"\n"),
            ("assets/pictograms/book.svg", "<svg/>"),
            ("locales/sv/services.ftl", "card-title = Lånekort\ncard-name = Namn\n"),
            ("locales/sv/ui.ftl", "start = Börja\n"),
        ]);
        let draft = files(&[
            ("assets/languages.toml", languages),
            ("assets/services/card.toml", "id = \"card\"\nversion = 2\n"),
            ("assets/services/wifi.toml", "id = \"wifi\"\n"),
            ("assets/pictograms/book.svg", "<svg></svg>"),
            ("locales/sv/services.ftl", "card-title = Bibliotekskort\ncard-name = Ditt namn\nwifi-title = Wifi\n"),
            ("locales/sv/ui.ftl", "start = Starta\n"),
        ]);
        let changes = changes_in_words(&draft, &current);
        assert_eq!(
            changes,
            [
                Change::Picture { how: "changed", name: "book".into() },
                Change::Owner { kind: "service", how: "changed", id: "card".into(), name: "Bibliotekskort".into() },
                Change::Owner { kind: "service", how: "added", id: "wifi".into(), name: "Wifi".into() },
                Change::Texts { owner: None, language: "sv".into(), count: 1 },
                Change::Texts {
                    owner: Some(("card".into(), "Bibliotekskort".into())),
                    language: "sv".into(),
                    count: 2
                },
                Change::Texts { owner: Some(("wifi".into(), "Wifi".into())), language: "sv".into(), count: 1 },
            ]
        );
        assert_eq!(changes.iter().find_map(Change::owner).as_deref(), Some("card"), "the preview opens on it");
        assert!(changes_in_words(&current, &current).is_empty(), "nothing changed, nothing told");
    }
}
