//! The hub's pages for the people who work with it: sign-in, the kiosks for the service desk, the
//! received requests for case handlers and the audit log for administrators.
//!
//! Server-rendered HTML in Swedish, Norwegian and English (Fluent, `locales/`), one stylesheet from
//! the hub itself and a Content-Security-Policy that allows nothing else. A session is a random
//! cookie (HttpOnly, SameSite=Strict, Secure over HTTPS) of which the store keeps only the hash; it
//! ends after a time without use and, however busy, a time after sign-in; the sign-in page then says
//! so. Over HTTPS (the hub's own TLS, or a TLS proxy with `--secure-cookies`) every page also sends
//! `Strict-Transport-Security`. Every form carries a token that must match the session's (or, for
//! sign-in, a cookie of its own). Failed sign-ins slow further tries per account and per address
//! ([`crate::sign_in`]); behind a trusted proxy the address is the client's ([`client`]).
//! Every sign-in, failure and refusal is in the audit log. Roles are checked here, on the server,
//! by the [`signed_in::SignedIn`] extractor before any body is read.
//!
//! Bodies are bounded per route ([`FORM_BYTES`] unless a route takes more) and, like every
//! route's, must arrive within the body deadline ([`crate::serve::body_deadline`]).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, DefaultBodyLimit, Form, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Router, middleware};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use torget_common::protocol::HelpAnswer;
use torget_common::sqlite::now_ms;

use crate::accounts::{AuditKind, Role, User, printable};
use crate::content_texts::ContentTexts;
use crate::sign_in::Refused;
use crate::store::{Database, hash_hex};
use signed_in::{Admins, Anyone, CaseHandlers, Desk, SignedIn};

mod client;
mod signed_in;
mod studio;

/// The largest body a page's form may have, unless its route takes more: sign-in, a token, a
/// kiosk's place. Read only after the session and role are checked (sign-in has none to check).
pub const FORM_BYTES: usize = 16 * 1024;

/// How the pages look and behave for one municipality.
#[derive(Debug, Clone)]
pub struct WebSettings {
    /// Shown in every page's header.
    pub municipality: String,
    /// The header's colour, `#rrggbb`; text on it is white, so it must be dark enough.
    pub accent: String,
    /// A session ends after this long without use.
    pub idle: Duration,
    /// A session ends this long after its sign-in, however much it is used (the desk page's polling
    /// kept one alive for good, issue 28).
    pub lifetime: Duration,
    /// Browsers reach the hub only over HTTPS (it serves TLS itself, or sits behind a proxy that
    /// does): cookies are marked Secure and every page sends `Strict-Transport-Security`.
    pub secure_cookies: bool,
    /// The proxies in front of the hub whose `X-Forwarded-For` is believed: for a request from one
    /// of them, the client is the right-most address there that is not one of them.
    pub trusted_proxies: Vec<IpAddr>,
    /// The pages' language when the browser asks for none of ours.
    pub default_language: String,
    /// A kiosk not heard from for this long is shown as out of contact (kiosks beat every minute).
    pub offline_after: Duration,
    /// The content whose texts the inbox shows when no bundle has been published (`assets/`, `locales/`).
    pub content_dir: Option<std::path::PathBuf>,
    /// The key the kiosks check content with (base64): content signed in a reviewer's browser is
    /// published only when it matches. Without it, publishing from the browser is off.
    pub content_verify_key: Option<String>,
    /// The kiosk's own program (`torget`), run as a separate process to draw previews exactly as a
    /// kiosk draws them; the hub itself never links the kiosk's screen libraries.
    pub renderer: Option<std::path::PathBuf>,
}

impl Default for WebSettings {
    fn default() -> WebSettings {
        WebSettings {
            municipality: "Torget".into(),
            accent: "#1d4f91".into(),
            idle: Duration::from_secs(30 * 60),
            lifetime: Duration::from_secs(12 * 60 * 60),
            secure_cookies: false,
            trusted_proxies: Vec::new(),
            default_language: "sv".into(),
            offline_after: Duration::from_secs(3 * 60),
            content_dir: None,
            content_verify_key: None,
            renderer: None,
        }
    }
}

/// Whether `colour` is `#rrggbb` dark enough for white text (contrast at least 4.5:1, WCAG AA).
pub fn check_accent(colour: &str) -> Result<(), String> {
    let hex = colour.strip_prefix('#').filter(|h| h.len() == 6 && h.chars().all(|c| c.is_ascii_hexdigit()));
    let Some(hex) = hex else { return Err(format!("`{colour}` is not a colour written #rrggbb")) };
    let channel = |i: usize| {
        let c = u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0) as f64 / 255.0;
        if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    let luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    let contrast = 1.05 / (luminance + 0.05);
    if contrast < 4.5 {
        return Err(format!("white text on {colour} has a contrast of {contrast:.1}:1; at least 4.5:1 is needed"));
    }
    Ok(())
}

const LANGUAGES: [(&str, &str, &str); 3] = [
    ("sv", "Svenska", include_str!("../locales/sv.ftl")),
    ("nb", "Norsk bokmål", include_str!("../locales/nb.ftl")),
    ("en", "English", include_str!("../locales/en.ftl")),
];

struct Texts {
    bundles: HashMap<&'static str, FluentBundle<FluentResource>>,
}

impl Texts {
    fn load() -> Texts {
        let bundles = LANGUAGES
            .iter()
            .map(|(code, _, ftl)| {
                let resource = FluentResource::try_new(ftl.to_string()).expect("the hub's texts parse");
                let mut bundle = FluentBundle::new_concurrent(vec![
                    code.parse::<unic_langid::LanguageIdentifier>().expect("a language tag"),
                ]);
                bundle.set_use_isolating(false);
                bundle.add_resource(resource).expect("no text is defined twice");
                (*code, bundle)
            })
            .collect();
        Texts { bundles }
    }

    fn format(&self, lang: &str, key: &str, args: Option<&FluentArgs>) -> String {
        let bundle = &self.bundles[if self.bundles.contains_key(lang) { lang } else { "en" }];
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else { return key.to_string() };
        bundle.format_pattern(pattern, args, &mut Vec::new()).into_owned()
    }
}

#[derive(Clone)]
struct Web {
    db: Database,
    settings: Arc<WebSettings>,
    texts: Arc<Texts>,
    /// The content's texts, with the published bundle version they were read from.
    content: Arc<tokio::sync::Mutex<Option<LoadedTexts>>>,
}

/// The content's texts and where they were read from (`bundle VERSION` or `folder`).
type LoadedTexts = (String, Arc<ContentTexts>);

const SESSION_COOKIE: &str = "torget_session";
const FORM_COOKIE: &str = "torget_form";
const LANGUAGE_COOKIE: &str = "torget_lang";

/// The pages, to merge with the API's routes.
pub fn routes(db: Database, settings: WebSettings) -> Router {
    let https = settings.secure_cookies;
    let web = Web {
        db,
        settings: Arc::new(settings),
        texts: Arc::new(Texts::load()),
        content: Arc::new(tokio::sync::Mutex::new(None)),
    };
    Router::new()
        .route("/", get(home))
        .route("/sign-in", get(sign_in_page).post(sign_in))
        .route("/sign-out", post(sign_out))
        .route("/kiosks", get(kiosks))
        .route("/kiosks/help", post(answer_help))
        .route("/kiosks/place", post(set_place))
        .route("/requests", get(requests))
        .route("/requests/texts.json", get(request_texts))
        .route("/requests/handled", post(mark_handled))
        .route("/audit", get(audit))
        .route("/style.css", get(style))
        .route("/desk.js", get(desk_script))
        .route("/inbox.js", get(inbox_script))
        .route("/vendor/nacl-fast.js", get(nacl_script))
        .route("/vendor/blake2b.js", get(blake2b_script))
        .merge(studio::routes())
        .layer(DefaultBodyLimit::max(FORM_BYTES))
        .layer(middleware::map_response_with_state(https, security_headers))
        .with_state(web)
}

/// Nothing from another host, no inline script or style, no framing, no caching of personal pages;
/// over HTTPS, never plain HTTP again (a year, renewed by every page).
async fn security_headers(State(https): State<bool>, mut response: Response) -> Response {
    let headers = response.headers_mut();
    if https {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    let set = |headers: &mut HeaderMap, name: &'static str, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(
        headers,
        "content-security-policy",
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    set(headers, "x-content-type-options", "nosniff");
    set(headers, "referrer-policy", "no-referrer");
    set(headers, "x-frame-options", "DENY");
    if !headers.contains_key(header::CACHE_CONTROL) {
        set(headers, "cache-control", "no-store");
    }
    response
}

async fn style(State(web): State<Web>) -> Response {
    let css = include_str!("../assets/hub.css").replace("#1d4f91", &web.settings.accent);
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=300")], css).into_response()
}

fn script(source: impl Into<String>) -> Response {
    let source: String = source.into();
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "max-age=300")], source)
        .into_response()
}

async fn desk_script() -> Response {
    script(include_str!("../assets/desk.js"))
}

async fn inbox_script() -> Response {
    script(include_str!("../assets/inbox.js"))
}

/// The vendored libraries (see `assets/vendor/README.md`), as they came from the registry.
pub const VENDORED: [(&str, &str); 5] = [
    ("tweetnacl-1.0.3/nacl-fast.js", include_str!("../assets/vendor/tweetnacl-1.0.3/nacl-fast.js")),
    ("tweetnacl-1.0.3/LICENSE", include_str!("../assets/vendor/tweetnacl-1.0.3/LICENSE")),
    ("blakejs-1.2.1/blake2b.js", include_str!("../assets/vendor/blakejs-1.2.1/blake2b.js")),
    ("blakejs-1.2.1/util.js", include_str!("../assets/vendor/blakejs-1.2.1/util.js")),
    ("blakejs-1.2.1/LICENSE", include_str!("../assets/vendor/blakejs-1.2.1/LICENSE")),
];

/// tweetnacl sets `self.nacl` by itself in a browser.
async fn nacl_script() -> Response {
    script(VENDORED[0].1)
}

/// blakejs is written for `require`: its two files, unchanged, inside the little `module`, `exports`
/// and `require` they expect; the page gets `self.blakejs`.
async fn blake2b_script() -> Response {
    let wrap =
        |name: &str, source: &str| format!("load('{name}', function (module, exports, require) {{\n{source}\n}});\n");
    script(format!(
        "// blakejs 1.2.1 (MIT), unmodified inside a loader; see the hub's assets/vendor/README.md\n(function () {{\nvar loaded = {{}};\nfunction load(name, body) {{ var module = {{ exports: {{}} }}; body(module, module.exports, function (n) {{ return loaded[n]; }}); loaded[name] = module.exports; }}\n{}{}self.blakejs = loaded['./blake2b'];\n}})();\n",
        wrap("./util", VENDORED[3].1),
        wrap("./blake2b", VENDORED[2].1),
    ))
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

fn random_token() -> String {
    use crypto_box::aead::rand_core::RngCore;
    let mut bytes = [0u8; 32];
    crypto_box::aead::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two tokens in time that does not depend on where they differ.
fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len() && !a.is_empty() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Web {
    fn set_cookie(&self, name: &str, value: &str) -> (header::HeaderName, String) {
        let secure = if self.settings.secure_cookies { "; Secure" } else { "" };
        (header::SET_COOKIE, format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict{secure}"))
    }

    fn clear_cookie(&self, name: &str) -> (header::HeaderName, String) {
        let secure = if self.settings.secure_cookies { "; Secure" } else { "" };
        (header::SET_COOKIE, format!("{name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"))
    }

    /// The page language: `?lang=`, then the cookie a choice left, then the browser's, then the default.
    fn language(&self, headers: &HeaderMap, asked: Option<&str>) -> &'static str {
        let ours = |code: &str| LANGUAGES.iter().map(|(c, _, _)| *c).find(|c| *c == code);
        if let Some(code) = asked.and_then(ours).or_else(|| cookie(headers, LANGUAGE_COOKIE).and_then(ours)) {
            return code;
        }
        let browser = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
        for part in browser.split(',') {
            let tag = part.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            let primary = tag.split('-').next().unwrap_or("");
            let primary = if primary == "no" || primary == "nn" { "nb" } else { primary };
            if let Some(code) = ours(primary) {
                return code;
            }
        }
        ours(&self.settings.default_language).unwrap_or("sv")
    }

    fn t(&self, lang: &str, key: &str) -> String {
        self.texts.format(lang, key, None)
    }

    /// The signed-in account of this request and its session's form token, if the session is live.
    async fn session(&self, headers: &HeaderMap) -> Option<(User, String)> {
        match self.session_state(headers).await {
            SessionState::Live(user, csrf) => Some((user, csrf)),
            SessionState::None | SessionState::Ended(_) => None,
        }
    }

    /// What the request's session cookie stands for. A session that ran out is kept until the
    /// sign-in page has said so ([`sign_in_page`]) or its browser signs in again.
    async fn session_state(&self, headers: &HeaderMap) -> SessionState {
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

    /// A whole page: header with the municipality, navigation for the role, languages, sign-out.
    fn page(&self, lang: &str, title: &str, who: Option<(&User, &str)>, body: &str) -> String {
        let mut nav = String::new();
        if let Some((user, csrf)) = who {
            let role = user.role();
            let mut links = Vec::new();
            if matches!(role, Some(Role::Desk | Role::Admin)) {
                links.push(("/kiosks", "nav-kiosks"));
            }
            if matches!(role, Some(Role::CaseHandler | Role::Admin)) {
                links.push(("/requests", "nav-requests"));
            }
            if matches!(role, Some(Role::Editor | Role::Reviewer | Role::Admin)) {
                links.push(("/content", "nav-content"));
            }
            if role == Some(Role::Admin) {
                links.push(("/audit", "nav-audit"));
            }
            let items: String = links
                .iter()
                .map(|(href, key)| format!(r#"<li><a href="{href}">{}</a></li>"#, esc(&self.t(lang, key))))
                .collect();
            let mut args = FluentArgs::new();
            args.set("name", user.name.clone());
            args.set("role", self.t(lang, &format!("role-{}", user.role)));
            nav = format!(
                r#"<nav aria-label="{menu}"><ul>{items}</ul></nav>
<form method="post" action="/sign-out" class="who"><span>{who}</span> <input type="hidden" name="csrf" value="{csrf}"><button type="submit">{out}</button></form>"#,
                menu = esc(&self.t(lang, "nav-label")),
                who = esc(&self.texts.format(lang, "signed-in-as", Some(&args))),
                csrf = esc(csrf),
                out = esc(&self.t(lang, "button-sign-out")),
            );
        }
        let languages: String = LANGUAGES
            .iter()
            .map(|(code, name, _)| {
                let current = if *code == lang { r#" aria-current="true""# } else { "" };
                format!(r#"<li><a href="?lang={code}" lang="{code}" hreflang="{code}"{current}>{name}</a></li>"#)
            })
            .collect();
        format!(
            r#"<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – {municipality}</title><link rel="stylesheet" href="/style.css"></head>
<body>
<header><p class="municipality">{municipality}</p>{nav}
<ul class="languages" aria-label="{language}">{languages}</ul></header>
<main><h1>{title}</h1>
{body}
</main>
</body>
</html>
"#,
            title = esc(title),
            municipality = esc(&self.settings.municipality),
            language = esc(&self.t(lang, "language")),
        )
    }

    fn html(&self, status: StatusCode, page: String) -> Response {
        (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
    }

    /// The sign-in page, with a fresh form token in its cookie and field.
    fn sign_in_form(&self, lang: &str, status: StatusCode, error: Option<&str>, name: &str) -> Response {
        self.sign_in_form_saying(lang, status, error, None, name)
    }

    /// The sign-in page with an error about the last try, or a `notice` (the session ended).
    fn sign_in_form_saying(
        &self,
        lang: &str,
        status: StatusCode,
        error: Option<&str>,
        notice: Option<&str>,
        name: &str,
    ) -> Response {
        let token = random_token();
        let mut error_html = error
            .map(|e| format!(r#"<p class="error" id="sign-in-error" role="alert">{}</p>"#, esc(e)))
            .unwrap_or_default();
        if let Some(notice) = notice {
            error_html.push_str(&format!(r#"<p class="notice" role="status">{}</p>"#, esc(notice)));
        }
        let described = if error.is_some() { r#" aria-describedby="sign-in-error""# } else { "" };
        let body = format!(
            r#"<p>{intro}</p>
{error_html}
<form method="post" action="/sign-in">
<input type="hidden" name="csrf" value="{token}">
<p><label for="name">{name_label}</label><br><input id="name" name="name" autocomplete="username" required value="{name}"{described}></p>
<p><label for="password">{password_label}</label><br><input id="password" name="password" type="password" autocomplete="current-password" required{described}></p>
<p><button type="submit">{button}</button></p>
</form>"#,
            intro = esc(&self.t(lang, "sign-in-intro")),
            name_label = esc(&self.t(lang, "field-name")),
            name = esc(name),
            password_label = esc(&self.t(lang, "field-password")),
            button = esc(&self.t(lang, "button-sign-in")),
        );
        let page = self.page(lang, &self.t(lang, "page-sign-in"), None, &body);
        let mut response = self.html(status, page);
        let (name, value) = self.set_cookie(FORM_COOKIE, &token);
        response.headers_mut().append(name, HeaderValue::from_str(&value).expect("a cookie is ASCII"));
        response
    }

    /// The page for a signed-in person whose role may not open it (also audited).
    async fn forbidden(&self, lang: &str, user: &User, csrf: &str, what: &str) -> Response {
        let _ = self.db.audit(&user.name, "page refused (role)", what).await;
        let body = format!("<p>{}</p>", esc(&self.t(lang, "forbidden-body")));
        self.html(StatusCode::FORBIDDEN, self.page(lang, &self.t(lang, "page-forbidden"), Some((user, csrf)), &body))
    }
}

/// What a request's session cookie stands for.
enum SessionState {
    /// No cookie, or one the store does not know (never signed in, signed out, replaced).
    None,
    /// A session that ran out (idle or too old), named by its cookie's hash.
    Ended(String),
    /// A live session: the account and its form token.
    Live(User, String),
}

/// Text for HTML: `&`, `<`, `>`, `"` and `'` escaped.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[derive(serde::Deserialize, Default)]
struct LangQuery {
    lang: Option<String>,
    /// `1`: only the part of the page that changes, for the page's own script.
    fragment: Option<String>,
}

/// A response that also remembers a language chosen with `?lang=`.
fn remember_language(mut response: Response, web: &Web, asked: &Option<String>, lang: &str) -> Response {
    if asked.as_deref() == Some(lang) {
        let (name, value) = web.set_cookie(LANGUAGE_COOKIE, lang);
        response.headers_mut().append(name, HeaderValue::from_str(&value).expect("ASCII"));
    }
    response
}

async fn home(State(web): State<Web>, headers: HeaderMap) -> Response {
    match web.session(&headers).await.and_then(|(user, _)| user.role()) {
        None => Redirect::to("/sign-in").into_response(),
        Some(Role::CaseHandler) => Redirect::to("/requests").into_response(),
        Some(Role::Editor | Role::Reviewer) => Redirect::to("/content").into_response(),
        Some(Role::Desk | Role::Admin) => Redirect::to("/kiosks").into_response(),
    }
}

/// The sign-in form; after a session ran out (its pages were sent here), it says so once.
async fn sign_in_page(State(web): State<Web>, headers: HeaderMap, Query(q): Query<LangQuery>) -> Response {
    let lang = web.language(&headers, q.lang.as_deref());
    let page = match web.session_state(&headers).await {
        SessionState::Live(..) => return remember_language(Redirect::to("/").into_response(), &web, &q.lang, lang),
        SessionState::None => web.sign_in_form(lang, StatusCode::OK, None, ""),
        SessionState::Ended(hash) => {
            let _ = web.db.end_session(&hash).await;
            let ended = web.t(lang, "sign-in-ended");
            let mut page = web.sign_in_form_saying(lang, StatusCode::OK, None, Some(&ended), "");
            let (name, value) = web.clear_cookie(SESSION_COOKIE);
            page.headers_mut().append(name, HeaderValue::from_str(&value).expect("ASCII"));
            page
        }
    };
    remember_language(page, &web, &q.lang, lang)
}

#[derive(serde::Deserialize)]
struct SignIn {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

async fn sign_in(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<SignIn>,
) -> Response {
    let lang = web.language(&headers, None);
    let client = client::address(peer.ip(), &headers, &web.settings.trusted_proxies);
    let from = format!("from {client}");
    let expected = cookie(&headers, FORM_COOKIE).unwrap_or("");
    if !same_token(expected, &form.csrf) {
        let _ = web.db.audit_anonymous(&form.name, "sign-in refused (form token)", &from).await;
        return web.sign_in_form(lang, StatusCode::FORBIDDEN, Some(&web.t(lang, "form-expired")), &form.name);
    }
    let now = now_ms();
    let user = match crate::sign_in::sign_in(&web.db, &form.name, form.password, client, now).await {
        Ok(user) => user,
        Err(Refused::Wrong) => {
            let _ = web.db.audit_anonymous(&form.name, "sign-in failed", &from).await;
            let wrong = web.t(lang, "sign-in-wrong");
            return web.sign_in_form(lang, StatusCode::UNAUTHORIZED, Some(&wrong), &form.name);
        }
        Err(Refused::Wait(wait)) => {
            let _ = web.db.audit_anonymous(&form.name, "sign-in refused (too many failures)", &from).await;
            let mut args = FluentArgs::new();
            args.set("seconds", wait.as_secs().max(1));
            let message = web.texts.format(lang, "sign-in-wait", Some(&args));
            let mut response = web.sign_in_form(lang, StatusCode::TOO_MANY_REQUESTS, Some(&message), &form.name);
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs().max(1)));
            return response;
        }
        // Not audited: a flood of these must not push the audit log's real entries out.
        Err(Refused::Busy) => {
            tracing::debug!(%from, "sign-in refused: too many password checks at once");
            let message = web.t(lang, "sign-in-busy");
            let mut response = web.sign_in_form(lang, StatusCode::TOO_MANY_REQUESTS, Some(&message), &form.name);
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

#[derive(serde::Deserialize)]
struct Csrf {
    #[serde(default)]
    csrf: String,
}

async fn sign_out(
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

/// A time for people: `2026-11-30 09:15 UTC`.
fn time_text(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .map(|t| {
            format!("{}-{:02}-{:02} {:02}:{:02} UTC", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
        })
        .unwrap_or_default()
}

async fn kiosks(State(web): State<Web>, who: SignedIn<Desk>, Query(q): Query<LangQuery>) -> Response {
    let SignedIn { user, csrf, lang, .. } = who;
    let beats = match web.db.heartbeats().await {
        Ok(beats) => beats,
        Err(e) => {
            tracing::error!(error = %e, "cannot read the kiosks");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let t = |key: &str| esc(&web.t(lang, key));
    let body = if beats.is_empty() {
        format!("<p>{}</p>", t("kiosks-none"))
    } else {
        // What needs a person comes first: help calls (longest waiting first), then kiosks out of
        // contact, then kiosks with something broken, then kiosks with requests waiting.
        let now = now_ms();
        let offline = |b: &crate::store::KioskBeat| now - b.at_ms > web.settings.offline_after.as_millis() as i64;
        let mut beats = beats;
        beats.sort_by_key(|b| {
            (
                !b.help_requested,
                b.help_since_ms.unwrap_or(i64::MAX),
                !offline(b),
                !needs_look(b),
                b.queue_depth == 0,
                b.kiosk.clone(),
            )
        });
        let rows: String = beats
            .iter()
            .map(|b| {
                let help = if b.help_requested { help_cell(&web, lang, &csrf, b) } else { String::new() };
                let named = match &b.place {
                    Some(place) => format!("{}, {place}", b.kiosk),
                    None => b.kiosk.clone(),
                };
                let alert = if b.help_requested {
                    let mut args = FluentArgs::new();
                    args.set("kiosk", named);
                    format!(
                        r#" data-kiosk="{}" data-help-alert="{}""#,
                        esc(&b.kiosk),
                        esc(&web.texts.format(lang, "help-alert", Some(&args)))
                    )
                } else {
                    String::new()
                };
                let contact = if offline(b) {
                    format!(r#"<strong class="alert">{}</strong><br>{}"#, t("kiosk-offline"), time_text(b.at_ms))
                } else {
                    format!("{}<br>{}", t("kiosk-online"), time_text(b.at_ms))
                };
                let mut queue = b.queue_depth.to_string();
                if b.could_not_send > 0 {
                    let mut args = FluentArgs::new();
                    args.set("count", b.could_not_send);
                    queue.push_str(&format!(
                        r#"<br><strong class="alert">{}</strong>"#,
                        esc(&web.texts.format(lang, "kiosk-not-sent", Some(&args)))
                    ));
                }
                format!(
                    "<tr{alert}><th scope=\"row\">{}</th><td>{contact}</td><td>{queue}</td><td>{help}</td><td>{}</td><td>{}</td></tr>",
                    kiosk_cell(&web, lang, &csrf, b),
                    esc(b.last_error.as_deref().unwrap_or("")),
                    health_cell(&web, lang, b),
                )
            })
            .collect();
        format!(
            "<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>{rows}</tbody></table>",
            t("kiosk-name"),
            t("kiosk-last-heard"),
            t("kiosk-queue"),
            t("kiosk-help"),
            t("kiosk-error"),
            t("kiosk-health"),
        )
    };
    let live = format!(r#"<div id="kiosks">{body}</div>"#);
    if q.fragment.as_deref() == Some("1") {
        return web.html(StatusCode::OK, live);
    }
    let body = format!(
        r#"{live}
<p id="announcer" class="visually-hidden" role="alert" aria-live="assertive"></p>
<script src="/desk.js" defer></script>"#
    );
    let page = web.page(lang, &web.t(lang, "page-kiosks"), Some((&user, &csrf)), &body);
    remember_language(web.html(StatusCode::OK, page), &web, &q.lang, lang)
}

/// The kiosk's name, where it stands, and a small form to say where (for the desk and admins).
fn kiosk_cell(web: &Web, lang: &str, csrf: &str, b: &crate::store::KioskBeat) -> String {
    let place = b.place.as_deref().unwrap_or("");
    let id = format!("place-{}", b.kiosk.bytes().map(|c| format!("{c:02x}")).collect::<String>());
    let shown =
        if place.is_empty() { String::new() } else { format!(r#"<br><span class="place">{}</span>"#, esc(place)) };
    format!(
        r#"{name}{shown}<details class="place-form"><summary>{change}</summary><form method="post" action="/kiosks/place"><input type="hidden" name="csrf" value="{csrf}"><input type="hidden" name="kiosk" value="{name}"><label for="{id}">{label}</label><br><input id="{id}" name="place" maxlength="{max}" value="{place}"> <button type="submit">{save}</button></form></details>"#,
        name = esc(&b.kiosk),
        change = esc(&web.t(lang, "kiosk-place-change")),
        csrf = esc(csrf),
        label = esc(&web.t(lang, "kiosk-place")),
        max = MAX_PLACE_CHARS,
        place = esc(place),
        save = esc(&web.t(lang, "button-save")),
    )
}

/// The longest place a kiosk can be given, in characters.
pub const MAX_PLACE_CHARS: usize = 80;

#[derive(serde::Deserialize)]
struct Place {
    #[serde(default)]
    csrf: String,
    kiosk: String,
    #[serde(default)]
    place: String,
}

/// Where a kiosk stands, as the desk says it: shown on the desk page and in its help alerts.
async fn set_place(State(web): State<Web>, who: SignedIn<Desk>, Form(form): Form<Place>) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "kiosk place").await {
        return response;
    }
    let user = who.user;
    let place: String = form.place.trim().chars().filter(|c| !c.is_control()).take(MAX_PLACE_CHARS).collect();
    if let Err(e) = web.db.set_place(&form.kiosk, &place, &user.name).await {
        tracing::error!(error = %e, "cannot set the kiosk's place");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    Redirect::to("/kiosks").into_response()
}

/// Below this much free disk a kiosk needs a look: its queue could soon have no room.
pub const LOW_DISK_MB: u64 = 500;

/// Something at the kiosk is broken or running out, so staff should look at it.
fn needs_look(b: &crate::store::KioskBeat) -> bool {
    let broken = |state: &Option<String>| state.as_deref().is_some_and(|s| s.starts_with("not working"));
    b.last_error.is_some()
        || b.could_not_send > 0
        || broken(&b.speech)
        || broken(&b.printer)
        || b.free_disk_mb.is_some_and(|mb| mb < LOW_DISK_MB)
}

/// The kiosk's condition in words: content, reading aloud, printer and free disk, each as known.
fn health_cell(web: &Web, lang: &str, b: &crate::store::KioskBeat) -> String {
    let mut lines = Vec::new();
    let line = |key: &str, name: &str, value: String, alert: bool| {
        let mut args = FluentArgs::new();
        args.set(name.to_string(), value);
        let text = esc(&web.texts.format(lang, key, Some(&args)));
        if alert { format!(r#"<strong class="alert">{text}</strong>"#) } else { text }
    };
    match b.content_version.as_deref() {
        Some("built-in") => lines.push(esc(&web.t(lang, "health-content-built-in"))),
        Some(version) => lines.push(line("health-content", "version", version.to_string(), false)),
        None => {}
    }
    for (state, working, broken, good) in [
        (&b.speech, "health-speech-working", "health-speech-broken", "working"),
        (&b.printer, "health-printer-ready", "health-printer-broken", "ready"),
    ] {
        match state.as_deref() {
            Some(s) if s == good => lines.push(esc(&web.t(lang, working))),
            Some(s) => {
                let reason = s.strip_prefix("not working: ").unwrap_or(s).to_string();
                lines.push(line(broken, "reason", reason, true));
            }
            None => {}
        }
    }
    if let Some(mb) = b.free_disk_mb {
        let low = mb < LOW_DISK_MB;
        lines.push(line(if low { "health-disk-low" } else { "health-disk" }, "mb", mb.to_string(), low));
    }
    lines.join("<br>")
}

/// A help call on the desk page: since when, who is on the way, and the buttons to answer.
fn help_cell(web: &Web, lang: &str, csrf: &str, b: &crate::store::KioskBeat) -> String {
    let mut args = FluentArgs::new();
    args.set("time", b.help_since_ms.map(time_text).unwrap_or_default());
    let mut cell = format!(
        r#"<strong class="alert">{}</strong><p class="since">{}</p>"#,
        esc(&web.t(lang, "kiosk-help-yes")),
        esc(&web.texts.format(lang, "help-since", Some(&args)))
    );
    if let (Some(HelpAnswer::Coming), Some(by)) = (b.help_answer, b.help_answered_by.as_deref()) {
        let mut args = FluentArgs::new();
        args.set("name", by.to_string());
        cell.push_str(&format!(
            r#"<p class="since">{}</p>"#,
            esc(&web.texts.format(lang, "help-coming-by", Some(&args)))
        ));
    }
    cell.push_str(r#"<div class="answers">"#);
    for (answer, key) in [(HelpAnswer::Coming, "button-coming"), (HelpAnswer::Done, "button-done")] {
        if b.help_answer == Some(answer) {
            continue;
        }
        let answer = answer.as_str();
        cell.push_str(&format!(
            r#"<form method="post" action="/kiosks/help" class="answer"><input type="hidden" name="csrf" value="{csrf}"><input type="hidden" name="kiosk" value="{kiosk}"><input type="hidden" name="answer" value="{answer}"><button type="submit">{label}</button></form>"#,
            csrf = esc(csrf),
            kiosk = esc(&b.kiosk),
            label = esc(&web.t(lang, key)),
        ));
    }
    cell.push_str("</div>");
    cell
}

#[derive(serde::Deserialize)]
struct HelpForm {
    #[serde(default)]
    csrf: String,
    kiosk: String,
    answer: String,
}

/// "I'm on my way" and "Done" on a help call: the kiosk hears it in its next heartbeat's answer.
async fn answer_help(State(web): State<Web>, who: SignedIn<Desk>, Form(form): Form<HelpForm>) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "help call").await {
        return response;
    }
    let user = who.user;
    let Ok(answer) = form.answer.parse::<HelpAnswer>() else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    match web.db.answer_help(&form.kiosk, answer, &user.name).await {
        Ok(true) => {
            let action = match answer {
                HelpAnswer::Coming => "help call: on the way",
                HelpAnswer::Done => "help call: done",
            };
            let _ = web.db.audit(&user.name, action, &form.kiosk).await;
        }
        // The call ended meanwhile (the kiosk's staff cleared it): nothing to answer.
        Ok(false) => {}
        Err(e) => {
            tracing::error!(error = %e, "cannot answer the help call");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    Redirect::to("/kiosks").into_response()
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

/// The received requests, still sealed. The page's script opens them with the key file the case
/// handler chooses; the key and what it opens stay in the browser.
async fn requests(State(web): State<Web>, who: SignedIn<CaseHandlers>, Query(q): Query<LangQuery>) -> Response {
    let SignedIn { user, csrf, lang, .. } = who;
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
    let t = |key: &str| esc(&web.t(lang, key));
    let list = if stored.is_empty() {
        format!("<p>{}</p>", t("requests-none"))
    } else {
        use base64::Engine;
        let mut args = FluentArgs::new();
        args.set("count", stored.len());
        let rows: String = stored
            .iter()
            .rev()
            .map(|s| {
                let reference = uuid::Uuid::parse_str(&s.id)
                    .map(torget_common::reference::from_id)
                    .unwrap_or_else(|_| s.id.clone());
                let service =
                    content.as_ref().and_then(|c| c.title(lang, &s.service_id)).unwrap_or_else(|| s.service_id.clone());
                format!(
                    r#"<tr data-id="{id}" data-kiosk="{kiosk}" data-reference="{reference}" data-received="{received}" data-sealed="{sealed}"{handled}><th scope="row"><button type="button" class="open">{open} <span class="reference">{reference}</span></button></th><td>{service}</td><td>{kiosk}</td><td>{received}</td><td class="assisted">–</td><td class="state">{state}</td></tr>"#,
                    id = esc(&s.id),
                    kiosk = esc(&s.kiosk),
                    reference = esc(&reference),
                    received = time_text(s.received_ms),
                    sealed = base64::engine::general_purpose::STANDARD.encode(&s.sealed),
                    open = t("request-open"),
                    service = esc(&service),
                    state = esc(&handled_text(&web, lang, s.handled_by.as_deref(), s.handled_ms)),
                    handled = if s.handled_ms.is_some() { r#" data-handled="1""# } else { "" },
                )
            })
            .collect();
        format!(
            r#"<p>{count}</p><table id="list"><thead><tr><th scope="col">{reference}</th><th scope="col">{service}</th><th scope="col">{kiosk}</th><th scope="col">{received}</th><th scope="col">{assisted}</th><th scope="col">{state}</th></tr></thead><tbody>{rows}</tbody></table>"#,
            count = esc(&web.texts.format(lang, "requests-count", Some(&args))),
            reference = t("request-reference"),
            service = t("request-service"),
            kiosk = t("request-kiosk"),
            received = t("request-received"),
            assisted = t("request-assisted"),
            state = t("request-state"),
        )
    };
    let mut opened = FluentArgs::new();
    opened.set("opened", "{opened}");
    opened.set("count", "{count}");
    // Everything the script says comes from here, in the page's language.
    let messages: String = [
        ("key-bad", web.t(lang, "requests-key-bad")),
        ("key-opened", web.texts.format(lang, "requests-key-opened", Some(&opened))),
        ("key-none", web.t(lang, "requests-key-none")),
        ("locked", web.t(lang, "request-locked")),
        ("cannot-open", web.t(lang, "request-cannot-open")),
        ("not-request", web.t(lang, "request-not-request")),
        ("mismatch", web.t(lang, "request-mismatch")),
        ("assisted-yes", web.t(lang, "request-assisted-yes")),
        ("assisted-no", web.t(lang, "request-assisted-no")),
        ("state-new", web.t(lang, "request-state-new")),
        ("reference", web.t(lang, "request-reference")),
        ("service", web.t(lang, "request-service")),
        ("kiosk", web.t(lang, "request-kiosk")),
        ("sent", web.t(lang, "request-sent")),
        ("language", web.t(lang, "request-language")),
        ("assisted", web.t(lang, "request-assisted")),
    ]
    .iter()
    .map(|(name, text)| format!(r#" data-t-{name}="{}""#, esc(text)))
    .collect();
    let body = format!(
        r#"<div id="inbox" data-lang="{lang}"{messages}>
<div class="key">
<p><label for="key-file">{key_label}</label><br><input type="file" id="key-file" accept=".key,text/plain" aria-describedby="key-hint"></p>
<p id="key-hint" class="hint">{key_hint}</p>
<p id="key-status" role="status" aria-live="polite"></p>
<noscript><p class="error">{noscript}</p></noscript>
</div>
{list}
<section id="request" hidden tabindex="-1" aria-labelledby="request-title">
<h2 id="request-title"></h2>
<dl class="facts">
<dt>{service}</dt><dd data-field="service"></dd>
<dt>{kiosk}</dt><dd data-field="kiosk"></dd>
<dt>{sent}</dt><dd data-field="sent"></dd>
<dt>{received}</dt><dd data-field="received"></dd>
<dt>{language}</dt><dd data-field="language"></dd>
<dt>{assisted}</dt><dd data-field="assisted"></dd>
<dt>{state}</dt><dd data-field="state"></dd>
</dl>
<p class="error" role="alert" data-field="error" hidden></p>
<table class="request-answers" data-field="answers-table"><thead><tr><th scope="col">{question}</th><th scope="col">{answer}</th></tr></thead><tbody data-field="answers"></tbody></table>
<div class="actions">
<button type="button" id="print">{print}</button>
<a id="download-json" class="button" download>{json}</a>
<a id="download-csv" class="button" download>{csv}</a>
<form method="post" action="/requests/handled" id="handled-form"><input type="hidden" name="csrf" value="{csrf}"><input type="hidden" name="id" value=""><button type="submit">{handled}</button></form>
</div>
</section>
</div>
<script src="/vendor/nacl-fast.js" defer></script>
<script src="/vendor/blake2b.js" defer></script>
<script src="/inbox.js" defer></script>"#,
        key_label = t("requests-key-label"),
        key_hint = t("requests-key-hint"),
        noscript = t("requests-noscript"),
        service = t("request-service"),
        kiosk = t("request-kiosk"),
        sent = t("request-sent"),
        received = t("request-received"),
        language = t("request-language"),
        assisted = t("request-assisted"),
        state = t("request-state"),
        question = t("request-question"),
        answer = t("request-answer"),
        print = t("button-print"),
        json = t("button-download-json"),
        csv = t("button-download-csv"),
        handled = t("button-handled"),
        csrf = esc(&csrf),
    );
    let page = web.page(lang, &web.t(lang, "page-requests"), Some((&user, &csrf)), &body);
    remember_language(web.html(StatusCode::OK, page), &web, &q.lang, lang)
}

/// "New", or who handled the request and when.
fn handled_text(web: &Web, lang: &str, by: Option<&str>, at_ms: Option<i64>) -> String {
    match (by, at_ms) {
        (Some(name), Some(ms)) => {
            let mut args = FluentArgs::new();
            args.set("name", name.to_string());
            args.set("time", time_text(ms));
            web.texts.format(lang, "request-state-handled", Some(&args))
        }
        _ => web.t(lang, "request-state-new"),
    }
}

/// The questions' and options' words of every service, for the inbox's script (public texts).
async fn request_texts(State(web): State<Web>, who: SignedIn<CaseHandlers>) -> Response {
    let lang = who.lang;
    let services = web.content_texts().await.map(|c| c.services(lang)).unwrap_or_default();
    axum::Json(serde_json::json!({ "services": services })).into_response()
}

#[derive(serde::Deserialize)]
struct Handled {
    #[serde(default)]
    csrf: String,
    id: String,
    /// `1`: answer with the new state's words (the page's script) instead of going back to the list.
    #[serde(default)]
    fragment: Option<String>,
}

/// "Mark as handled": who and when, audited with the change.
async fn mark_handled(State(web): State<Web>, who: SignedIn<CaseHandlers>, Form(form): Form<Handled>) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "mark handled").await {
        return response;
    }
    let (user, lang) = (who.user, who.lang);
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
            ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], handled_text(&web, lang, by.as_deref(), at_ms))
                .into_response()
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot read the request");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// Entries of each kind the audit page shows, newest first.
pub const AUDIT_PAGE_ENTRIES: u32 = 200;

/// The audit log: people's actions and anonymous sign-in tries in two lists, each with its own
/// bound, so that anonymous requests cannot push people's actions off the page.
async fn audit(State(web): State<Web>, who: SignedIn<Admins>, Query(q): Query<LangQuery>) -> Response {
    let SignedIn { user, csrf, lang, .. } = who;
    let mut body = String::new();
    let mut newest = FluentArgs::new();
    newest.set("count", AUDIT_PAGE_ENTRIES);
    for (kind, heading) in [(AuditKind::Person, "audit-people"), (AuditKind::Anonymous, "audit-sign-ins")] {
        let entries = match web.db.audit_log_of(kind, AUDIT_PAGE_ENTRIES).await {
            Ok(entries) => entries,
            Err(e) => {
                tracing::error!(error = %e, "cannot read the audit log");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        };
        let t = |key: &str| esc(&web.t(lang, key));
        let rows: String = entries
            .iter()
            .map(|e| {
                format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    time_text(e.at_ms),
                    esc(&printable(&e.actor)),
                    esc(&printable(&e.action)),
                    esc(&printable(&e.subject))
                )
            })
            .collect();
        body.push_str(&format!(
            "<section aria-labelledby=\"{id}\"><h2 id=\"{id}\">{heading}</h2><p>{newest}</p><table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>{rows}</tbody></table></section>",
            t("audit-when"),
            t("audit-who"),
            t("audit-what"),
            t("audit-subject"),
            id = kind.as_str(),
            heading = t(heading),
            newest = esc(&web.texts.format(lang, "audit-newest", Some(&newest))),
        ));
    }
    let page = web.page(lang, &web.t(lang, "page-audit"), Some((&user, &csrf)), &body);
    remember_language(web.html(StatusCode::OK, page), &web, &q.lang, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_exists_in_every_language() {
        let keys = |ftl: &str| -> Vec<String> {
            ftl.lines().filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim().to_string())).collect()
        };
        let english = keys(LANGUAGES[2].2);
        for (code, _, ftl) in LANGUAGES {
            assert_eq!(keys(ftl), english, "{code} has the same texts as en, in the same order");
        }
    }

    #[test]
    fn the_accent_colour_must_carry_white_text() {
        assert!(check_accent("#1d4f91").is_ok());
        assert!(check_accent("#ffd700").unwrap_err().contains("contrast"));
        assert!(check_accent("blue").is_err());
    }

    #[test]
    fn the_vendored_libraries_are_the_ones_checksummed() {
        use sha2::Digest;
        let sums = include_str!("../assets/vendor/SHA256SUMS");
        assert_eq!(sums.lines().count(), VENDORED.len(), "every vendored file is checksummed");
        for (name, source) in VENDORED {
            let digest: String = sha2::Sha256::digest(source.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
            assert!(sums.lines().any(|l| l == format!("{digest}  {name}")), "{name} matches SHA256SUMS");
        }
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(esc(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }
}
