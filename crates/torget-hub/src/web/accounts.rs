//! People and kiosks for administrators: accounts added, given a new password, another role or
//! removed; kiosk credentials made and revoked. A password or credential is made by the hub and
//! shown once; only its hash is kept. Every change is audited. Nobody removes their own account or
//! changes their own role, so the hub always keeps an administrator who can.

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::layout::{Choice, Chrome, Message, Tr, html};
use super::signed_in::{Admins, SignedIn};
use super::{LangQuery, Web, remember_language};
use crate::accounts::{Role, check_user_name, hash_password};
use crate::store::DbError;

#[derive(Template)]
#[template(path = "accounts.html")]
struct AccountsPage<'a> {
    chrome: Chrome,
    tr: Tr<'a>,
    csrf: String,
    people: Vec<Person>,
    /// The roles a new person may be given.
    roles: Vec<Choice>,
    kiosks: Vec<Kiosk>,
    displays: Vec<Kiosk>,
}

struct Person {
    name: String,
    /// For the ids of the row's fields: the name in hex.
    anchor: String,
    role_name: String,
    roles: Vec<Choice>,
    password_set: String,
    /// The signed-in administrator's own account.
    yourself: bool,
}

struct Kiosk {
    name: String,
    place: String,
    added: String,
    /// When it was revoked, in words.
    revoked: Option<String>,
}

/// A password or kiosk credential, shown once.
#[derive(Template)]
#[template(path = "secret.html")]
struct Secret<'a> {
    chrome: Chrome,
    tr: Tr<'a>,
    said: String,
    secret: String,
}

pub(super) async fn accounts(State(web): State<Web>, who: SignedIn<Admins>, Query(q): Query<LangQuery>) -> Response {
    let SignedIn { user, csrf, lang, .. } = who;
    let tr = web.tr(lang);
    let (users, kiosks, displays) = match (web.db.users().await, web.db.kiosks().await, web.db.displays().await) {
        (Ok(u), Ok(k), Ok(d)) => (u, k, d),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            tracing::error!(error = %e, "cannot read the accounts");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let listed = |k: &crate::store::KioskListed| Kiosk {
        name: k.name.clone(),
        place: k.place.clone().unwrap_or_default(),
        added: tr.time(k.created_ms),
        revoked: k.revoked_ms.map(|ms| tr.t1("accounts-kiosk-revoked", "time", tr.time(ms))),
    };
    let roles = |current: Option<Role>| -> Vec<Choice> {
        Role::ALL
            .iter()
            .map(|r| Choice::new(r.as_str(), tr.t(&format!("role-{}", r.as_str())), Some(*r) == current))
            .collect()
    };
    let page = AccountsPage {
        chrome: Chrome::new(tr, &web.settings.municipality, tr.t("page-accounts"), Some((&user, &csrf))),
        tr,
        csrf: csrf.clone(),
        people: users
            .iter()
            .map(|u| Person {
                name: u.name.clone(),
                anchor: u.name.bytes().map(|c| format!("{c:02x}")).collect(),
                role_name: tr.t(&format!("role-{}", u.role)),
                roles: roles(u.role()),
                password_set: tr.time(u.password_set_ms),
                yourself: u.name == user.name,
            })
            .collect(),
        roles: roles(Some(Role::CaseHandler)),
        kiosks: kiosks.iter().map(listed).collect(),
        displays: displays.iter().map(listed).collect(),
    };
    remember_language(html(StatusCode::OK, &page), &web, &q.lang, lang)
}

#[derive(serde::Deserialize)]
pub(super) struct Named {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
}

/// A password for a person to type: 16 letters and digits that cannot be mistaken for each
/// other, in groups of four (about 79 bits).
fn new_password() -> String {
    use crypto_box::aead::rand_core::RngCore;
    const LETTERS: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut bytes = [0u8; 16];
    crypto_box::aead::OsRng.fill_bytes(&mut bytes);
    let chars: Vec<char> = bytes.iter().map(|b| LETTERS[usize::from(*b) % LETTERS.len()] as char).collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// A short page that says why a change was refused.
fn refused(web: &Web, tr: Tr, who: (&crate::accounts::User, &str), status: StatusCode, said: String) -> Response {
    let chrome = Chrome::new(tr, &web.settings.municipality, tr.t("page-accounts"), Some(who));
    html(status, &Message { chrome, paragraphs: vec![said] })
}

fn secret(web: &Web, tr: Tr, who: (&crate::accounts::User, &str), said: String, secret: String) -> Response {
    let chrome = Chrome::new(tr, &web.settings.municipality, tr.t("page-accounts"), Some(who));
    let mut response = html(StatusCode::OK, &Secret { chrome, tr, said, secret });
    // Never kept by the browser or a proxy.
    response.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    response
}

/// A new password and its hash (hashing is slow: off the async threads).
async fn new_password_hashed() -> Result<(String, String), Response> {
    let password = new_password();
    let hashing = password.clone();
    match tokio::task::spawn_blocking(move || hash_password(&hashing)).await {
        Ok(Ok(hash)) => Ok((password, hash)),
        _ => Err(StatusCode::INTERNAL_SERVER_ERROR.into_response()),
    }
}

/// The name typed for a new person, kiosk or display, if it is one.
fn typed_name(form: &Named) -> Option<&str> {
    let name = form.name.trim();
    check_user_name(name).is_ok().then_some(name)
}

/// The page saying what a name may be.
fn bad_name(web: &Web, who: &SignedIn<Admins>) -> Response {
    let tr = web.tr(who.lang);
    refused(web, tr, (&who.user, &who.csrf), StatusCode::BAD_REQUEST, tr.t("accounts-name-bad"))
}

/// After revoking a kiosk's credential or a display's link: audited when one was revoked, and
/// back to the page.
async fn after_revoking(
    web: &Web,
    who: &SignedIn<Admins>,
    revoked: Result<bool, DbError>,
    action: &str,
    name: &str,
) -> Response {
    match revoked {
        Ok(revoked) => {
            if revoked {
                let _ = web.db.audit(&who.user.name, action, name).await;
            }
            Redirect::to("/accounts").into_response()
        }
        Err(e) => unavailable(e),
    }
}

fn unavailable(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "cannot change the accounts");
    StatusCode::SERVICE_UNAVAILABLE.into_response()
}

pub(super) async fn add_person(State(web): State<Web>, who: SignedIn<Admins>, Form(form): Form<Named>) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "account add").await {
        return response;
    }
    let tr = web.tr(who.lang);
    let Ok(role) = form.role.parse::<Role>() else { return StatusCode::BAD_REQUEST.into_response() };
    let Some(name) = typed_name(&form) else { return bad_name(&web, &who) };
    let (password, hash) = match new_password_hashed().await {
        Ok(made) => made,
        Err(response) => return response,
    };
    match web.db.add_user(&who.user.name, name, role, &hash).await {
        Ok(true) => secret(&web, tr, (&who.user, &who.csrf), tr.t1("accounts-password-once", "name", name), password),
        Ok(false) => {
            refused(&web, tr, (&who.user, &who.csrf), StatusCode::CONFLICT, tr.t1("accounts-name-taken", "name", name))
        }
        Err(e) => unavailable(e),
    }
}

pub(super) async fn reset_password(State(web): State<Web>, who: SignedIn<Admins>, Form(form): Form<Named>) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "account reset").await {
        return response;
    }
    let tr = web.tr(who.lang);
    let (password, hash) = match new_password_hashed().await {
        Ok(made) => made,
        Err(response) => return response,
    };
    match web.db.set_password(&who.user.name, &form.name, &hash).await {
        Ok(true) => {
            secret(&web, tr, (&who.user, &who.csrf), tr.t1("accounts-password-once", "name", &form.name), password)
        }
        Ok(false) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => unavailable(e),
    }
}

pub(super) async fn change_role(State(web): State<Web>, who: SignedIn<Admins>, Form(form): Form<Named>) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "account role").await {
        return response;
    }
    let tr = web.tr(who.lang);
    if form.name == who.user.name {
        return refused(&web, tr, (&who.user, &who.csrf), StatusCode::CONFLICT, tr.t("accounts-not-yourself"));
    }
    let Ok(role) = form.role.parse::<Role>() else { return StatusCode::BAD_REQUEST.into_response() };
    match web.db.set_role(&who.user.name, &form.name, role).await {
        Ok(_) => Redirect::to("/accounts").into_response(),
        Err(e) => unavailable(e),
    }
}

pub(super) async fn remove_person(State(web): State<Web>, who: SignedIn<Admins>, Form(form): Form<Named>) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "account remove").await {
        return response;
    }
    let tr = web.tr(who.lang);
    if form.name == who.user.name {
        return refused(&web, tr, (&who.user, &who.csrf), StatusCode::CONFLICT, tr.t("accounts-not-yourself"));
    }
    match web.db.remove_user(&who.user.name, &form.name).await {
        Ok(true) => Redirect::to("/accounts").into_response(),
        Ok(false) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => unavailable(e),
    }
}

pub(super) async fn add_kiosk(State(web): State<Web>, who: SignedIn<Admins>, Form(form): Form<Named>) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "kiosk add").await {
        return response;
    }
    let tr = web.tr(who.lang);
    let Some(name) = typed_name(&form) else { return bad_name(&web, &who) };
    match web.db.add_kiosk(name).await {
        Ok(token) => {
            let _ = web.db.audit(&who.user.name, "kiosk credential made", name).await;
            secret(&web, tr, (&who.user, &who.csrf), tr.t1("accounts-credential-once", "name", name), token)
        }
        Err(e) => unavailable(e),
    }
}

pub(super) async fn revoke_kiosk(State(web): State<Web>, who: SignedIn<Admins>, Form(form): Form<Named>) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "kiosk revoke").await {
        return response;
    }
    let revoked = web.db.revoke_kiosk(&form.name).await;
    after_revoking(&web, &who, revoked, "kiosk revoked", &form.name).await
}

/// A wall display's link: the desk page without forms, for a screen on the wall; shown once.
pub(super) async fn add_display(State(web): State<Web>, who: SignedIn<Admins>, Form(form): Form<Named>) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "display add").await {
        return response;
    }
    let tr = web.tr(who.lang);
    let Some(name) = typed_name(&form) else { return bad_name(&web, &who) };
    match web.db.add_display(name).await {
        Ok(token) => {
            let _ = web.db.audit(&who.user.name, "display link made", name).await;
            let said = tr.t1("accounts-display-once", "name", name);
            secret(&web, tr, (&who.user, &who.csrf), said, format!("/display/{token}"))
        }
        Err(e) => unavailable(e),
    }
}

pub(super) async fn revoke_display(State(web): State<Web>, who: SignedIn<Admins>, Form(form): Form<Named>) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "display revoke").await {
        return response;
    }
    let revoked = web.db.revoke_display(&form.name).await;
    after_revoking(&web, &who, revoked, "display link revoked", &form.name).await
}
