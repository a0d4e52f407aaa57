//! Who may open a page, decided from the request's head before anything reads its body.
//!
//! [`SignedIn<A>`] is an extractor: placed before a handler's `Form` or `Json`, it answers a
//! request without a live session (a redirect to sign-in) or with a role outside `A` (the
//! forbidden page, audited) without reading a byte of the body, so an anonymous client cannot make
//! the hub buffer or parse anything (the review's anonymous 8 MiB form grew the hub by 313 MiB
//! before it was sent to sign in). The form token, which is in the body, is checked after it with
//! [`SignedIn::sent`]. This module does not decide what a role may do inside a page.

use std::marker::PhantomData;

use axum::extract::{FromRequestParts, Query};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};

use super::{LangQuery, Web, same_token};
use crate::accounts::{Role, User};

/// The roles a page lets in.
pub(super) trait Allowed: Send + Sync + 'static {
    const ROLES: &'static [Role];
}

/// Any signed-in person (signing out).
pub(super) struct Anyone;
impl Allowed for Anyone {
    const ROLES: &'static [Role] = &Role::ALL;
}

/// The service desk's pages.
pub(super) struct Desk;
impl Allowed for Desk {
    const ROLES: &'static [Role] = &[Role::Desk, Role::Admin];
}

/// The received requests.
pub(super) struct CaseHandlers;
impl Allowed for CaseHandlers {
    const ROLES: &'static [Role] = &[Role::CaseHandler, Role::Admin];
}

/// The audit log.
pub(super) struct Admins;
impl Allowed for Admins {
    const ROLES: &'static [Role] = &[Role::Admin];
}

/// A signed-in person whose role is one of `A`'s, with the session's form token and the page
/// language (`?lang=`, the cookie, the browser's, the default).
pub(super) struct SignedIn<A: Allowed> {
    pub(super) user: User,
    pub(super) csrf: String,
    pub(super) lang: &'static str,
    allowed: PhantomData<A>,
}

impl<A: Allowed> FromRequestParts<Web> for SignedIn<A> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, web: &Web) -> Result<Self, Response> {
        let asked = Query::<LangQuery>::try_from_uri(&parts.uri).ok().and_then(|q| q.0.lang);
        let lang = web.language(&parts.headers, asked.as_deref());
        let Some((user, csrf)) = web.session(&parts.headers).await else {
            return Err(Redirect::to("/sign-in").into_response());
        };
        if !user.role().is_some_and(|r| A::ROLES.contains(&r)) {
            return Err(web.forbidden(lang, &user, &csrf, parts.uri.path()).await);
        }
        Ok(SignedIn { user, csrf, lang, allowed: PhantomData })
    }
}

impl<A: Allowed> SignedIn<A> {
    /// Whether a form carried this session's token; a form without it is refused with 403 and
    /// audited as `what`.
    pub(super) async fn sent(&self, web: &Web, token: &str, what: &str) -> Result<(), Response> {
        if same_token(&self.csrf, token) {
            return Ok(());
        }
        let _ = web.db.audit(&self.user.name, "refused (form token)", what).await;
        Err(StatusCode::FORBIDDEN.into_response())
    }
}
