//! The hub's pages for the people who work with it: sign-in ([`session`]), the kiosks for the
//! service desk ([`desk`]), the received requests for case handlers ([`inbox`]), the audit log for
//! administrators ([`audit`]) and the content studio ([`studio`]).
//!
//! Each page is an askama template in `templates/` (escaping by default; [`layout`] holds what all
//! share), its handler in the module of its family, and the rules it follows in the domain modules
//! (`crate::content`, `crate::accounts`, `crate::sign_in`). Texts in Swedish, Norwegian and English
//! (Fluent, `locales/`), one stylesheet from the hub itself and a Content-Security-Policy that
//! allows nothing else. Over HTTPS (the hub's own TLS, or a TLS proxy with `--secure-cookies`) every
//! page also sends `Strict-Transport-Security`. Every form carries a token that must match the
//! session's (or, for sign-in, a cookie of its own). Every sign-in, failure and refusal is in the
//! audit log. Roles are checked here, on the server, by the [`signed_in::SignedIn`] extractor before
//! any body is read; behind a trusted proxy the client's address is found by [`client`].
//!
//! Bodies are bounded per route ([`FORM_BYTES`] unless a route takes more) and, like every
//! route's, must arrive within the body deadline ([`crate::serve::body_deadline`]).

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Router, middleware};

use crate::accounts::{Role, User};
use crate::store::Database;
use layout::{Chrome, LANGUAGES, Message, Texts, Tr, html};
use torget_content::texts::ContentTexts;

mod accounts;
mod audit;
mod client;
mod desk;
mod inbox;
mod layout;
mod session;
mod signed_in;
mod statistics;
mod studio;

pub use audit::AUDIT_PAGE_ENTRIES;
pub use desk::{LOW_DISK_MB, MAX_PLACE_CHARS};

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
    /// The time zone times are shown in (an IANA name, checked with [`check_time_zone`]).
    pub time_zone: String,
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
    /// Usage figures below this many visits are hidden on the statistics page and in the open
    /// data (never below [`crate::statistics::MIN_THRESHOLD`]).
    pub statistics_threshold: u64,
    /// Times booked from kiosks in the municipality's calendars (`--bookings FILE`); `None`: the
    /// kiosks offer no times and say "we will call you".
    pub booking: Option<std::sync::Arc<crate::booking::BookingService>>,
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
            time_zone: "Europe/Stockholm".into(),
            offline_after: Duration::from_secs(3 * 60),
            content_dir: None,
            content_verify_key: None,
            renderer: None,
            statistics_threshold: crate::statistics::MIN_THRESHOLD,
            booking: None,
        }
    }
}

/// The time zone of the municipalities whose language the staff pages default to.
pub fn default_time_zone(staff_language: &str) -> &'static str {
    if staff_language == "nb" { "Europe/Oslo" } else { "Europe/Stockholm" }
}

/// Whether `name` is a time zone the hub knows (from the time zone database built into it).
pub fn check_time_zone(name: &str) -> Result<(), String> {
    jiff::tz::TimeZone::get(name)
        .map(drop)
        .map_err(|_| format!("`{name}` is not a time zone; write it like Europe/Stockholm"))
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
    let zone = jiff::tz::TimeZone::get(&settings.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let web = Web {
        db,
        settings: Arc::new(settings),
        texts: Arc::new(Texts::load(zone)),
        content: Arc::new(tokio::sync::Mutex::new(None)),
    };
    Router::new()
        .route("/", get(home))
        .route("/sign-in", get(session::sign_in_page).post(session::sign_in))
        .route("/sign-out", post(session::sign_out))
        .route("/kiosks", get(desk::kiosks))
        .route("/kiosks/events", get(desk::events))
        .route("/kiosks/help", post(desk::answer_help))
        .route("/kiosks/place", post(desk::set_place))
        .route("/kiosks/bookings/cancel", post(desk::cancel_booking))
        .route("/display/{token}", get(desk::display))
        .route("/display/{token}/events", get(desk::display_events))
        .route("/requests", get(inbox::requests))
        .route("/requests/texts.json", get(inbox::request_texts))
        .route("/requests/handled", post(inbox::mark_handled))
        .route("/requests/new", post(inbox::mark_new))
        .route("/requests/archive-again", post(inbox::archive_again))
        .route("/requests/read", post(inbox::read))
        .route("/requests/notes", get(inbox::notes).post(inbox::add_note))
        .route("/statistics", get(statistics::statistics))
        .route("/open-data", get(statistics::open_data))
        .route("/open-data/usage.json", get(statistics::open_data_json))
        .route("/open-data/usage.csv", get(statistics::open_data_csv))
        .route("/audit", get(audit::audit))
        .route("/audit.csv", get(audit::export))
        .route("/accounts", get(accounts::accounts))
        .route("/accounts/people", post(accounts::add_person))
        .route("/accounts/people/reset", post(accounts::reset_password))
        .route("/accounts/people/role", post(accounts::change_role))
        .route("/accounts/people/remove", post(accounts::remove_person))
        .route("/accounts/kiosks", post(accounts::add_kiosk))
        .route("/accounts/kiosks/revoke", post(accounts::revoke_kiosk))
        .route("/accounts/displays", post(accounts::add_display))
        .route("/accounts/displays/revoke", post(accounts::revoke_display))
        .route("/style.css", get(style))
        .route("/desk.js", get(desk_script))
        .route("/inbox.js", get(inbox_script))
        .route("/vendor/nacl-fast.js", get(nacl_script))
        .route("/vendor/blake2b.js", get(blake2b_script))
        .merge(studio::routes())
        .layer(DefaultBodyLimit::max(FORM_BYTES))
        .layer(middleware::from_fn_with_state(web.clone(), refuse_bridges))
        .layer(middleware::map_response_with_state(https, security_headers))
        .with_state(web)
}

/// An archive bridge's credential opens no page: a request that carries one is refused before any
/// page sees it, and the refusal is audited. (Browsers send no bearer credential, so a page's
/// request costs no lookup.)
async fn refuse_bridges(State(web): State<Web>, request: axum::extract::Request, next: middleware::Next) -> Response {
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string);
    if let Some(token) = token {
        match web.db.archive_bridge_named(&token).await {
            Ok(Some(bridge)) => {
                let _ = web.db.audit(&bridge, "archive bridge refused", "a staff page").await;
                return StatusCode::UNAUTHORIZED.into_response();
            }
            Ok(None) => {}
            Err(e) => {
                tracing::error!(error = %e, "hub store error");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        }
    }
    next.run(request).await
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

    /// The texts of the page language `lang`.
    fn tr(&self, lang: &'static str) -> Tr<'_> {
        Tr::new(&self.texts, lang)
    }

    /// The page for a signed-in person whose role may not open it (also audited).
    async fn forbidden(&self, lang: &'static str, user: &User, csrf: &str, what: &str) -> Response {
        let _ = self.db.audit(&user.name, "page refused (role)", what).await;
        let tr = self.tr(lang);
        let page = Message {
            chrome: Chrome::new(tr, &self.settings.municipality, tr.t("page-forbidden"), Some((user, csrf))),
            paragraphs: vec![tr.t("forbidden-body")],
        };
        html(StatusCode::FORBIDDEN, &page)
    }
}

#[derive(serde::Deserialize, Default)]
struct LangQuery {
    lang: Option<String>,
    /// `1`: only the part of the page that changes, for the page's own script.
    fragment: Option<String>,
    /// With `fragment`: only these kiosks' rows (see `desk::only_rows`).
    only: Option<String>,
    /// `1`: the page comes back after saving, and says so.
    saved: Option<String>,
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

#[derive(serde::Deserialize)]
struct Csrf {
    #[serde(default)]
    csrf: String,
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

    /// Every page's markup is in `templates/`, which escape every value: no handler writes HTML
    /// and no template or page turns escaping off.
    #[test]
    fn markup_is_only_in_templates_and_escaping_is_never_turned_off() {
        fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    sources(&path, out);
                } else {
                    out.push(path);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = vec![root.join("src/web.rs")];
        sources(&root.join("src/web"), &mut files);
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap();
            // Tests build their trees with little SVG files; the pages' code is above them.
            let code = text.split("#[cfg(test)]").next().unwrap();
            for (n, line) in code.lines().enumerate() {
                let tag = line.match_indices("\"<").any(|(at, _)| {
                    line[at + 2..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
                });
                assert!(!tag, "{}:{}: markup belongs in a template: {line}", file.display(), n + 1);
                assert!(!line.contains("escape = \"none\""), "{}:{}: escaping turned off", file.display(), n + 1);
            }
        }
        let mut templates = Vec::new();
        sources(&root.join("templates"), &mut templates);
        assert!(templates.len() >= 10, "the pages' templates are found");
        for file in &templates {
            let text = std::fs::read_to_string(file).unwrap();
            assert!(!text.contains("|safe") && !text.contains("| safe"), "{}: a value marked safe", file.display());
            assert!(!text.contains("autoescape"), "{}: escaping turned off", file.display());
        }
    }

    #[test]
    fn a_time_zone_is_known_by_its_name() {
        assert!(check_time_zone("Europe/Stockholm").is_ok());
        assert!(check_time_zone("Europe/Oslo").is_ok());
        assert!(check_time_zone("Mars/Olympus").unwrap_err().contains("Europe/Stockholm"));
        assert_eq!(default_time_zone("nb"), "Europe/Oslo");
        assert_eq!(default_time_zone("sv"), "Europe/Stockholm");
    }
}
