//! Signing in and out, and what a request's session cookie stands for.
//!
//! A session is a random cookie (HttpOnly, SameSite=Strict, Secure over HTTPS) of which the store
//! keeps only the hash; it ends after a time without use and, however busy, a time after sign-in;
//! the sign-in page then says so. The sign-in form carries a token that must match a cookie of its
//! own. Failed sign-ins slow further tries per account and per address ([`crate::sign_in`]).

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Form, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use torget_common::sqlite::now_ms;

use super::layout::{Chrome, Tr, html};
use super::signed_in::{Anyone, SignedIn};
use super::{
    Csrf, FORM_COOKIE, LangQuery, SESSION_COOKIE, Web, client, cookie, random_token, remember_language, same_token,
};
use crate::accounts::User;
use crate::sign_in::Refused;
use crate::store::hash_hex;

/// What a request's session cookie stands for.
pub(super) enum SessionState {
    /// No cookie, or one the store does not know (never signed in, signed out, replaced).
    None,
    /// A session that ran out (idle or too old), named by its cookie's hash.
    Ended(String),
    /// A live session: the account and its form token.
    Live(User, String),
}

impl Web {
    /// The signed-in account of this request and its session's form token, if the session is live.
    pub(super) async fn session(&self, headers: &HeaderMap) -> Option<(User, String)> {
        match self.session_state(headers).await {
            SessionState::Live(user, csrf) => Some((user, csrf)),
            SessionState::None | SessionState::Ended(_) => None,
        }
    }

    /// What the request's session cookie stands for. A session that ran out is kept until the
    /// sign-in page has said so ([`sign_in_page`]) or its browser signs in again.
    pub(super) async fn session_state(&self, headers: &HeaderMap) -> SessionState {
        let Some(token) = cookie(headers, SESSION_COOKIE) else { return SessionState::None };
        let hash = hash_hex(token.as_bytes());
        let Ok(Some(session)) = self.db.session(&hash).await else { return SessionState::None };
        let now = now_ms();
        let idle = now - session.last_seen_ms > self.settings.idle.as_millis() as i64;
        let too_old = now - session.created_ms > self.settings.lifetime.as_millis() as i64;
        if idle || too_old {
            return SessionState::Ended(hash);
        }
        if now - session.last_seen_ms > 10_000 {
            let _ = self.db.touch_session(&hash, now).await;
        }
        SessionState::Live(session.user, session.csrf)
    }

    /// The sign-in page with an error about the last try, or a `notice` (the session ended), and a
    /// fresh form token in its cookie and field.
    fn sign_in_form(&self, tr: Tr, status: StatusCode, said: Said, name: &str) -> Response {
        let token = random_token();
        let (error, notice) = match said {
            Said::Nothing => (None, None),
            Said::Error(e) => (Some(e), None),
            Said::Notice(n) => (None, Some(n)),
        };
        let page = SignInPage {
            chrome: Chrome::new(tr, &self.settings.municipality, tr.t("page-sign-in"), None),
            tr,
            error,
            notice,
            token: &token,
            name,
        };
        let mut response = html(status, &page);
        let (name, value) = self.set_cookie(FORM_COOKIE, &token);
        response.headers_mut().append(name, HeaderValue::from_str(&value).expect("a cookie is ASCII"));
        response
    }
}

/// What the sign-in page says above its form.
enum Said {
    Nothing,
    Error(String),
    Notice(String),
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage<'a> {
    chrome: Chrome,
    tr: Tr<'a>,
    error: Option<String>,
    notice: Option<String>,
    token: &'a str,
    name: &'a str,
}

/// The sign-in form; after a session ran out (its pages were sent here), it says so once.
pub(super) async fn sign_in_page(State(web): State<Web>, headers: HeaderMap, Query(q): Query<LangQuery>) -> Response {
    let lang = web.language(&headers, q.lang.as_deref());
    let tr = web.tr(lang);
    let page = match web.session_state(&headers).await {
        SessionState::Live(..) => return remember_language(Redirect::to("/").into_response(), &web, &q.lang, lang),
        SessionState::None => web.sign_in_form(tr, StatusCode::OK, Said::Nothing, ""),
        SessionState::Ended(hash) => {
            let _ = web.db.end_session(&hash).await;
            let mut page = web.sign_in_form(tr, StatusCode::OK, Said::Notice(tr.t("sign-in-ended")), "");
            let (name, value) = web.clear_cookie(SESSION_COOKIE);
            page.headers_mut().append(name, HeaderValue::from_str(&value).expect("ASCII"));
            page
        }
    };
    remember_language(page, &web, &q.lang, lang)
}

#[derive(serde::Deserialize)]
pub(super) struct SignIn {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

pub(super) async fn sign_in(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<SignIn>,
) -> Response {
    let tr = web.tr(web.language(&headers, None));
    let client = client::address(peer.ip(), &headers, &web.settings.trusted_proxies);
    let from = format!("from {client}");
    let expected = cookie(&headers, FORM_COOKIE).unwrap_or("");
    if !same_token(expected, &form.csrf) {
        let _ = web.db.audit_anonymous(&form.name, "sign-in refused (form token)", &from).await;
        return web.sign_in_form(tr, StatusCode::FORBIDDEN, Said::Error(tr.t("form-expired")), &form.name);
    }
    let now = now_ms();
    let user = match crate::sign_in::sign_in(&web.db, &form.name, form.password, client, now).await {
        Ok(user) => user,
        Err(Refused::Wrong) => {
            let _ = web.db.audit_anonymous(&form.name, "sign-in failed", &from).await;
            return web.sign_in_form(tr, StatusCode::UNAUTHORIZED, Said::Error(tr.t("sign-in-wrong")), &form.name);
        }
        Err(Refused::Wait(wait)) => {
            let _ = web.db.audit_anonymous(&form.name, "sign-in refused (too many failures)", &from).await;
            let seconds = wait.as_secs().max(1);
            let message = tr.n("sign-in-wait", "seconds", seconds);
            let mut response = web.sign_in_form(tr, StatusCode::TOO_MANY_REQUESTS, Said::Error(message), &form.name);
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            return response;
        }
        // Not audited: a flood of these must not push the audit log's real entries out.
        Err(Refused::Busy) => {
            tracing::debug!(%from, "sign-in refused: too many password checks at once");
            let busy = Said::Error(tr.t("sign-in-busy"));
            let mut response = web.sign_in_form(tr, StatusCode::TOO_MANY_REQUESTS, busy, &form.name);
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(1));
            return response;
        }
        Err(Refused::Store(e)) => {
            tracing::error!(error = %e, "cannot check a sign-in");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    // A session this browser had before (ended or another account's) ends here.
    if let Some(old) = cookie(&headers, SESSION_COOKIE) {
        let _ = web.db.end_session(&hash_hex(old.as_bytes())).await;
    }
    let token = random_token();
    // From now, not from before the password check, which may take a while under load.
    let started = now_ms();
    if let Err(e) = web.db.create_session(&hash_hex(token.as_bytes()), &user.name, &random_token(), started).await {
        tracing::error!(error = %e, "cannot start a session");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    let _ = web.db.audit(&user.name, "signed in", &from).await;
    let mut response = Redirect::to("/").into_response();
    for (name, value) in [web.set_cookie(SESSION_COOKIE, &token), web.clear_cookie(FORM_COOKIE)] {
        response.headers_mut().append(name, HeaderValue::from_str(&value).expect("ASCII"));
    }
    response
}

pub(super) async fn sign_out(
    State(web): State<Web>,
    who: SignedIn<Anyone>,
    headers: HeaderMap,
    Form(form): Form<Csrf>,
) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "sign-out").await {
        return response;
    }
    let user = who.user;
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        let _ = web.db.end_session(&hash_hex(token.as_bytes())).await;
    }
    let _ = web.db.audit(&user.name, "signed out", "").await;
    let mut response = Redirect::to("/sign-in").into_response();
    let (name, value) = web.clear_cookie(SESSION_COOKIE);
    response.headers_mut().append(name, HeaderValue::from_str(&value).expect("ASCII"));
    response
}
