//! What the forms of a service and of an information page share: the one handler that saves a
//! form into a draft and the one that checks it while the editor types.

use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use torget_content::edit::{Files, languages};

use super::checks::{Found, checks};
use super::{Editors, find_draft};
use crate::content::DraftState;
use crate::web::Web;
use crate::web::signed_in::SignedIn;

pub(super) async fn editable_draft(
    web: &Web,
    who: SignedIn<Editors>,
    id: i64,
    csrf: &str,
) -> Result<(crate::accounts::User, crate::store::Draft), Response> {
    who.sent(web, csrf, "content service").await?;
    let user = who.user;
    let draft = match find_draft(web, id).await? {
        Some(draft) => draft,
        None => return Err(StatusCode::NOT_FOUND.into_response()),
    };
    if draft.state != DraftState::Draft {
        return Err((StatusCode::CONFLICT, "only content not yet sent for review can be edited").into_response());
    }
    Ok((user, draft))
}

/// The service's id in the address, `Some(None)` for a new one, `None` for anything else.
pub(super) fn service_id(sid: &str) -> Option<Option<&str>> {
    match sid {
        "new" => Some(None),
        s if torget_content::service_file::id_from_words(s, 64, "") == s => Some(Some(s)),
        _ => None,
    }
}

pub(super) fn not_a_service_id() -> Response {
    (StatusCode::BAD_REQUEST, "not a service id").into_response()
}

/// What the forms of a service and of an information page share, so that one saving and one
/// checking handler serve both.
pub(super) trait Structure: Sized + Send + 'static {
    /// The address's part: `/content/draft/N/KIND/ID`.
    const KIND: &'static str;
    /// How the audit names it: `content service`, `content page`.
    const AUDIT: &'static str;
    fn read(fields: &[(String, String)]) -> Self;
    fn csrf(&self) -> &str;
    fn title(&self) -> &str;
    fn path(id: &str) -> String;
    /// The draft's files with the form applied to `id` (`None`: a new one), given the files the
    /// kiosks show; with the id it has and the place on the page to come back to.
    fn apply(&self, files: &Files, id: Option<&str>, shown: &Files) -> (Files, String, String);
    /// What the checks say of `id` in `files`, sorted to its parts.
    fn found(files: &Files, id: &str) -> Found;
    /// The parts (questions, paragraphs) nothing has been written in yet: the checks say nothing
    /// of them until the editor has.
    fn untouched(&self) -> Vec<bool>;
}

/// Saves a form into the draft (audited when anything changed) and shows it again.
pub(super) async fn save<S: Structure>(
    State(web): State<Web>,
    who: SignedIn<Editors>,
    UrlPath((id, owner)): UrlPath<(i64, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let lang = who.lang;
    let form = S::read(&fields);
    let (user, draft) = match editable_draft(&web, who, id, form.csrf()).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let Some(owner) = service_id(&owner) else { return not_a_service_id() };
    if owner.is_some_and(|o| !draft.files.contains_key(&S::path(o))) {
        return (StatusCode::NOT_FOUND, "no such service or page in this content").into_response();
    }
    if owner.is_none() && form.title().trim().is_empty() {
        return (StatusCode::BAD_REQUEST, web.tr(lang).t("service-title-needed")).into_response();
    }
    // Applying a form (thousands of questions, every text file rewritten) is blocking work.
    let shown = super::current_files(&web).await;
    let owner = owner.map(str::to_string);
    let (owner, files, made, anchor, changed) = match tokio::task::spawn_blocking(move || {
        let (files, made, anchor) = form.apply(&draft.files, owner.as_deref(), &shown);
        let changed = files != draft.files;
        (owner, files, made, anchor, changed)
    })
    .await
    {
        Ok(applied) => applied,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let owner = owner.as_deref();
    if changed {
        let what = format!("{} {} ({made})", S::AUDIT, if owner.is_none() { "created" } else { "edited" });
        if let Err(e) = web.db.edit_draft(id, &files, &user.name, &what).await {
            tracing::error!(error = %e, "cannot keep the edited content");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    Redirect::to(&format!("/content/draft/{id}/{}/{}?saved=1{anchor}", S::KIND, owner.unwrap_or(&made))).into_response()
}

/// The checks of a form as it is now, not saved: for the page's script while the editor types.
pub(super) async fn check<S: Structure>(
    State(web): State<Web>,
    who: SignedIn<Editors>,
    UrlPath((id, owner)): UrlPath<(i64, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let lang = who.lang;
    let form = S::read(&fields);
    let (_, draft) = match editable_draft(&web, who, id, form.csrf()).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let Some(owner) = service_id(&owner).map(|s| s.map(str::to_string)) else { return not_a_service_id() };
    let found = tokio::task::spawn_blocking(move || {
        let (files, made, _) = form.apply(&draft.files, owner.as_deref(), &Files::new());
        let mut found = S::found(&files, owner.as_deref().unwrap_or(&made));
        for (problems, untouched) in found.questions.iter_mut().zip(form.untouched()) {
            if untouched {
                problems.clear();
            }
        }
        (languages(&files), found)
    })
    .await;
    match found {
        Ok((languages, found)) => Json(checks(web.tr(lang), &languages, &found)).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
