//! Content for the kiosks, reviewed by two people and signed in the browser.
//!
//! An editor brings a content folder (`assets/` and `locales/`, as `torget lint` reads it) to the
//! hub from the browser or with `torget-hub content import`. The hub checks it with the same code
//! as `torget lint` and shows what differs from what the kiosks show now. Once it passes, the
//! editor sends it for review; someone else, a reviewer, approves and publishes it. Publishing signs
//! the bundle in the reviewer's browser with the content-signing key file, which never reaches the
//! hub: the hub only checks the signature against the key the kiosks trust (`--content-verify-key`)
//! before it serves the bundle. Every step is audited; every published version is kept.

use std::collections::{BTreeMap, HashMap, HashSet};

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use fluent_bundle::FluentArgs;
use torget_common::bundle::{self, Bundle, SignedBundle};

use super::signed_in::{Allowed, SignedIn};
use super::{Csrf, LangQuery, Web, esc, remember_language, time_text};
use crate::accounts::{Role, User};
use crate::content::{self, DraftState, Refusal};
use crate::store::Draft;

mod info_form;
mod service_form;

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
        // The limits below are read only after `SignedIn` let the request in.
        .route("/content/drafts", post(upload).layer(axum::extract::DefaultBodyLimit::max(MAX_UPLOAD_BYTES)))
        .route("/content/drafts/current", post(start_from_current))
        .route("/content/draft/{id}", get(draft_page))
        .route("/content/draft/{id}/submit", post(submit))
        .route("/content/draft/{id}/bundle", get(bundle_to_sign))
        .route(
            "/content/draft/{id}/publish",
            post(publish).layer(axum::extract::DefaultBodyLimit::max(MAX_UPLOAD_BYTES * 2)),
        )
        .route("/content/draft/{id}/preview.png", get(preview))
        .route("/content/draft/{id}/spoken.json", get(spoken))
        .route("/content/version/{version}/again", post(again))
        .route(
            "/content/draft/{id}/texts",
            post(edit_texts).layer(axum::extract::DefaultBodyLimit::max(EDIT_FORM_BYTES)),
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

/// A content tree's files written out under a temporary folder (gone when dropped), where the
/// content crate can read them.
fn unpacked(files: BTreeMap<String, String>) -> Result<tempfile::TempDir, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    bundle::unpack(&Bundle { version: "draft".into(), sequence: 0, files }, dir.path()).map_err(|e| e.to_string())?;
    Ok(dir)
}

/// What `torget lint` says of the content in `dir`, every path in it relative to the content
/// folder (the temporary folder it was checked in means nothing to the editor).
fn lint_relative(dir: &std::path::Path) -> Vec<torget_content::content::Problem> {
    let inside = format!("{}/", dir.display());
    torget_content::lint::lint(dir)
        .into_iter()
        .map(|mut p| {
            p.file = p.file.strip_prefix(dir).map(|f| f.to_path_buf()).unwrap_or(p.file);
            p.message = p.message.replace(&inside, "");
            p.hint = p.hint.replace(&inside, "");
            p
        })
        .collect()
}

/// What `torget lint` says of the content in `dir`: one line per problem, with file and line.
fn lint_dir(dir: &std::path::Path) -> Vec<String> {
    lint_relative(dir).into_iter().map(|p| p.to_string()).collect()
}

/// What `torget lint` says of a content tree.
pub async fn check(files: &BTreeMap<String, String>) -> Vec<String> {
    let files = files.clone();
    tokio::task::spawn_blocking(move || match unpacked(files) {
        Ok(dir) => lint_dir(dir.path()),
        Err(e) => vec![format!("cannot check the content: {e}")],
    })
    .await
    .unwrap_or_else(|e| vec![format!("cannot check the content: {e}")])
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

fn state_text(web: &Web, lang: &str, state: DraftState, published_version: &Option<String>) -> String {
    match state {
        DraftState::Draft => web.t(lang, "content-state-draft"),
        DraftState::InReview => web.t(lang, "content-state-in-review"),
        DraftState::Published => {
            let mut args = FluentArgs::new();
            args.set("version", published_version.clone().unwrap_or_default());
            web.texts.format(lang, "content-state-published", Some(&args))
        }
    }
}

async fn content(State(web): State<Web>, who: SignedIn<Readers>, Query(q): Query<LangQuery>) -> Response {
    let SignedIn { user, csrf, lang, .. } = who;
    let (published, drafts) = match (web.db.published().await, web.db.draft_list().await) {
        (Ok(p), Ok(d)) => (p, d),
        (Err(e), _) | (_, Err(e)) => {
            tracing::error!(error = %e, "cannot read the content");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let t = |key: &str| esc(&web.t(lang, key));
    let published_html = if published.is_empty() {
        format!("<p>{}</p>", t("content-none-published"))
    } else {
        let rows: String = published
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let now = if i == 0 { format!(" <strong>({})</strong>", t("content-served")) } else { String::new() };
                let again = if i == 0 {
                    String::new()
                } else {
                    format!(
                        r#"<form method="post" action="/content/version/{v}/again"><input type="hidden" name="csrf" value="{csrf}"><button type="submit">{label}</button></form>"#,
                        v = esc(&p.version),
                        csrf = esc(&csrf),
                        label = t("button-again"),
                    )
                };
                format!(
                    "<tr><th scope=\"row\">{}{now}</th><td>{}</td><td>{again}</td></tr>",
                    esc(&p.version),
                    time_text(p.published_ms)
                )
            })
            .collect();
        format!(
            "<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\"><span class=\"visually-hidden\">{}</span></th></tr></thead><tbody>{rows}</tbody></table>",
            t("content-version"),
            t("content-when"),
            t("button-again"),
        )
    };
    let drafts_html = if drafts.is_empty() {
        format!("<p>{}</p>", t("content-no-drafts"))
    } else {
        let rows: String = drafts
            .iter()
            .map(|d| {
                let mut args = FluentArgs::new();
                args.set("id", d.id);
                format!(
                    r#"<tr><th scope="row"><a href="/content/draft/{id}">{name}</a></th><td>{note}</td><td>{state}</td><td>{by}</td></tr>"#,
                    id = d.id,
                    name = esc(&web.texts.format(lang, "content-draft", Some(&args))),
                    note = esc(&d.note),
                    state = esc(&state_text(&web, lang, d.state, &d.published_version)),
                    by = esc(&d.created_by),
                )
            })
            .collect();
        format!(
            "<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>{rows}</tbody></table>",
            t("content-drafts"),
            t("content-note"),
            t("content-state"),
            t("content-brought-by")
        )
    };
    let upload = if user.role().is_some_and(|r| EDITORS.contains(&r)) {
        format!(
            r#"<form method="post" action="/content/drafts/current" class="key" id="start">
<input type="hidden" name="csrf" value="{csrf}">
<p><label for="start-note">{note}</label><br><input id="start-note" name="note" maxlength="200" required></p>
<p><button type="submit">{start}</button></p>
</form>
<form id="upload" class="key" data-failed="{failed}">
<input type="hidden" name="csrf" value="{csrf}">
<p><label for="folder">{folder}</label><br><input type="file" id="folder" webkitdirectory multiple required></p>
<p><label for="note">{note}</label><br><input id="note" name="note" maxlength="200" required></p>
<p><button type="submit">{button}</button></p>
<p id="upload-status" role="status" aria-live="polite"></p>
</form>"#,
            failed = t("content-upload-failed"),
            csrf = esc(&csrf),
            folder = t("content-upload-label"),
            note = t("content-upload-note"),
            button = t("button-upload"),
            start = t("button-start-from-current"),
        )
    } else {
        String::new()
    };
    let body = format!(
        r#"<h2>{published_title}</h2>
{published_html}
<h2>{drafts_title}</h2>
{upload}
{drafts_html}
<script src="/studio.js" defer></script>"#,
        published_title = t("content-published"),
        drafts_title = t("content-drafts"),
    );
    let page = web.page(lang, &web.t(lang, "page-content"), Some((&user, &csrf)), &body);
    remember_language(web.html(StatusCode::OK, page), &web, &q.lang, lang)
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
    let (user, lang) = (who.user, who.lang);
    let note: String = form.note.trim().chars().filter(|c| !c.is_control()).take(200).collect();
    let files = current_files(&web).await;
    if files.is_empty() {
        return (StatusCode::CONFLICT, web.t(lang, "content-nothing-current")).into_response();
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
    unpacked(bundle.files.clone()).map(drop)
}

/// Which page of a draft to preview, as the preview form asks.
#[derive(serde::Deserialize, Default, Clone)]
struct Preview {
    /// A service's id, or `info:ID` for an information page.
    service: Option<String>,
    /// `question` (the one numbered `question`), `review` or `receipt`.
    page: Option<String>,
    question: Option<u32>,
    #[serde(rename = "in")]
    language: Option<String>,
    text: Option<u8>,
    orientation: Option<String>,
}

impl Preview {
    /// The renderer's arguments, when every choice is one the kiosk has.
    fn arguments(&self) -> Option<Vec<String>> {
        let plain = |s: &str| {
            !s.is_empty()
                && s.len() <= 64
                && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        let language = self.language.as_deref().filter(|s| plain(s))?;
        let screen = match (self.service.as_deref()?.split_once(':'), self.page.as_deref()) {
            (Some(("info", page)), _) if plain(page) => format!("info:{page}"),
            (Some(_), _) => return None,
            (None, Some(end @ ("review" | "receipt"))) => format!("service:{}:{end}", self.service.as_deref()?),
            (None, _) => {
                format!("service:{}:{}", self.service.as_deref()?, self.question.filter(|n| (1..=99).contains(n))?)
            }
        };
        if !screen.split(':').nth(1).is_some_and(plain) {
            return None;
        }
        let text = self.text.filter(|t| *t <= 2).unwrap_or(0);
        let size = if self.orientation.as_deref() == Some("portrait") { "1080x1920" } else { "1920x1080" };
        Some(vec![
            "--screen".into(),
            screen,
            "--lang".into(),
            language.into(),
            "--text-size".into(),
            text.to_string(),
            "--size".into(),
            size.into(),
        ])
    }

    fn query(&self) -> String {
        format!(
            "service={}&page={}&question={}&in={}&text={}&orientation={}",
            self.service.as_deref().unwrap_or(""),
            self.page.as_deref().unwrap_or("question"),
            self.question.unwrap_or(1),
            self.language.as_deref().unwrap_or(""),
            self.text.unwrap_or(0),
            self.orientation.as_deref().unwrap_or("landscape"),
        )
    }
}

/// How many previews are drawn at once: each is a kiosk program drawing a full screen.
static RENDERS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// The page as the kiosk draws it: the kiosk's own program, run on the draft's files, its PNG sent
/// back. At most a minute, at most two at once.
async fn preview(
    State(web): State<Web>,
    _who: SignedIn<Readers>,
    UrlPath(id): UrlPath<i64>,
    Query(asked): Query<Preview>,
) -> Response {
    match render(&web, id, &asked, Drawn::Picture).await {
        Ok(bytes) => ([(header::CONTENT_TYPE, "image/png")], bytes).into_response(),
        Err(response) => response,
    }
}

/// What the kiosk reads aloud on the previewed page: `[[text, language], …]`, from the same program.
async fn spoken(
    State(web): State<Web>,
    _who: SignedIn<Readers>,
    UrlPath(id): UrlPath<i64>,
    Query(asked): Query<Preview>,
) -> Response {
    match render(&web, id, &asked, Drawn::Spoken).await {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(response) => response,
    }
}

/// Which of the renderer's outputs is wanted.
#[derive(Clone, Copy, PartialEq)]
enum Drawn {
    Picture,
    Spoken,
}

/// Runs the kiosk's program on the draft's files for the asked page.
async fn render(web: &Web, id: i64, asked: &Preview, wanted: Drawn) -> Result<Vec<u8>, Response> {
    let Some(renderer) = web.settings.renderer.clone() else {
        return Err((StatusCode::NOT_FOUND, "the hub has no --renderer").into_response());
    };
    let Some(arguments) = asked.arguments() else {
        return Err((StatusCode::BAD_REQUEST, "choose a service, a question from 1 and a language").into_response());
    };
    let Some(draft) = find_draft(web, id).await? else { return Err(StatusCode::NOT_FOUND.into_response()) };
    let Ok(_turn) = RENDERS.acquire().await else { return Err(StatusCode::SERVICE_UNAVAILABLE.into_response()) };
    let dir = unpacked(draft.files).map_err(|e| (StatusCode::UNPROCESSABLE_ENTITY, e).into_response())?;
    let (png, said) = (dir.path().join("preview.png"), dir.path().join("spoken.json"));
    let mut command = renderer_command(&renderer, dir.path());
    command.arg("screenshot").arg("--content").arg(dir.path()).args(&arguments).arg("-o").arg(&png);
    if wanted == Drawn::Spoken {
        command.arg("--spoken").arg(&said);
    }
    match tokio::time::timeout(std::time::Duration::from_secs(60), command.output()).await {
        Ok(Ok(out)) if out.status.success() => std::fs::read(if wanted == Drawn::Spoken { &said } else { &png })
            .map_err(|e| (StatusCode::BAD_GATEWAY, e.to_string()).into_response()),
        Ok(Ok(out)) => {
            Err((StatusCode::UNPROCESSABLE_ENTITY, String::from_utf8_lossy(&out.stderr).into_owned()).into_response())
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, renderer = %renderer.display(), "cannot run the renderer");
            Err((StatusCode::BAD_GATEWAY, "the renderer cannot be run").into_response())
        }
        Err(_) => Err((StatusCode::GATEWAY_TIMEOUT, "drawing the preview took too long").into_response()),
    }
}

/// The most the renderer may hold in memory (its data, where pictures are decoded and drawn): a
/// preview takes some tens of MiB; a picture made to grow without end stops here, not at the
/// hub's last byte.
pub const RENDER_MEMORY_BYTES: u64 = 1 << 30;
/// The most processor time a preview may take; the wall-clock limit is a minute.
pub const RENDER_CPU_SECONDS: u64 = 30;

/// The renderer as a process of its own, under limits: `prlimit` (util-linux) sets its memory and
/// processor time before it starts, and it sees none of the hub's environment (a database
/// password, a proxy's address), only a home in the draft's throw-away folder.
fn renderer_command(renderer: &std::path::Path, dir: &std::path::Path) -> tokio::process::Command {
    let mut command = tokio::process::Command::new("/usr/bin/prlimit");
    command
        .arg(format!("--data={RENDER_MEMORY_BYTES}"))
        .arg(format!("--cpu={RENDER_CPU_SECONDS}"))
        .arg("--")
        .arg(renderer)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("LANG", "C.UTF-8")
        .env("HOME", dir)
        .env("XDG_CACHE_HOME", dir.join(".cache"))
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .env("TORGET_LOG", "error")
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true);
    command
}

/// A service's texts in every language of a draft, with what is missing and what is hard to read.
struct TextsView {
    service: String,
    languages: Vec<String>,
    /// Per language: texts the whole content needs and the language lacks.
    missing: Vec<usize>,
    /// Per text of the service: its id, and per language its words and, when too hard, their LIX.
    rows: Vec<(String, Vec<Option<Words>>)>,
    /// The languages the service is marked not ready in.
    not_ready: Vec<String>,
    /// The file a new text goes in when the language has none of the service's (or page's) texts.
    file: &'static str,
}

/// Where a service's new texts go, and an information page's.
const SERVICE_TEXTS: &str = "services.ftl";
const INFO_TEXTS: &str = "info.ftl";

/// A text's words in one language, and their LIX when they are too hard to read.
type Words = (String, Option<f64>);

/// A draft's content as read by the content crate, for the pages that show it.
struct Loaded {
    catalog: torget_content::content::Catalog,
    i18n: torget_content::i18n::I18n,
}

impl Loaded {
    fn read(dir: &std::path::Path) -> Option<Loaded> {
        let catalog = torget_content::content::Catalog::load(dir).ok()?;
        let i18n = torget_content::i18n::I18n::load_with_problems(dir, &catalog).0;
        Some(Loaded { catalog, i18n })
    }

    /// The services (id, title in the default language), then the information pages (`info:ID`,
    /// title), and the languages, for the preview form.
    fn choices(&self) -> (Vec<(String, String)>, Vec<String>) {
        let default = &self.catalog.default_language;
        let title = |id: &str| self.i18n.text(default, &torget_content::content::text_id(&[id, "title"]));
        let services = self
            .catalog
            .services
            .iter()
            .map(|s| (s.id.clone(), title(&s.id)))
            .chain(self.catalog.info_pages.iter().map(|p| (format!("info:{}", p.id), title(&p.id))))
            .collect();
        (services, self.catalog.languages.iter().map(|l| l.code.clone()).collect())
    }

    /// The texts of `service` (else the first) side by side.
    fn texts(&self, service: Option<&str>) -> Option<TextsView> {
        use torget_content::lint;
        let (catalog, i18n) = (&self.catalog, &self.i18n);
        let mut languages: Vec<String> = catalog.languages.iter().map(|l| l.code.clone()).collect();
        languages.sort_by_key(|l| *l != catalog.default_language);
        let needs = lint::content_keys(catalog);
        let missing = languages.iter().map(|l| needs.iter().filter(|n| !i18n.has(l, &n.key)).count()).collect();
        // A service, else an information page, by its id; else the first service.
        let info_source = |id: &str| catalog.root.join("assets").join("info").join(format!("{id}.toml"));
        let (owner, source, not_ready, file) = match service {
            Some(id) => match (catalog.service(id), catalog.info_page(id)) {
                (Some(s), _) => (s.id.clone(), s.source.clone(), s.not_ready.clone(), SERVICE_TEXTS),
                (None, Some(p)) => (p.id.clone(), info_source(&p.id), Vec::new(), INFO_TEXTS),
                (None, None) => return None,
            },
            None => catalog
                .services
                .first()
                .map(|s| (s.id.clone(), s.source.clone(), s.not_ready.clone(), SERVICE_TEXTS))?,
        };
        let prefix = format!("{owner}-");
        let rows = needs
            .iter()
            .filter(|n| n.source == source && n.key.starts_with(&prefix))
            .map(|n| {
                let cells = languages
                    .iter()
                    .map(|l| {
                        i18n.has(l, &n.key).then(|| {
                            let text = i18n.text(l, &n.key);
                            let hard =
                                if lint::LIX_LANGUAGES.contains(&l.as_str()) { lint::too_hard(&text) } else { None };
                            (text, hard)
                        })
                    })
                    .collect();
                (n.key.clone(), cells)
            })
            .collect();
        Some(TextsView { service: owner, languages, missing, rows, not_ready, file })
    }
}

/// What the draft page shows of a draft, from one unpacking: the checks' problems, the preview
/// form's choices, and the chosen service's texts.
struct Examined {
    problems: Vec<String>,
    choices: (Vec<(String, String)>, Vec<String>),
    texts: Option<TextsView>,
}

async fn examine(files: &BTreeMap<String, String>, service: Option<String>) -> Examined {
    let files = files.clone();
    tokio::task::spawn_blocking(move || {
        let dir = match unpacked(files) {
            Ok(dir) => dir,
            Err(e) => {
                let problems = vec![format!("cannot check the content: {e}")];
                return Examined { problems, choices: Default::default(), texts: None };
            }
        };
        let loaded = Loaded::read(dir.path());
        Examined {
            problems: lint_dir(dir.path()),
            choices: loaded.as_ref().map(Loaded::choices).unwrap_or_default(),
            texts: loaded.as_ref().and_then(|l| l.texts(service.as_deref())),
        }
    })
    .await
    .unwrap_or_else(|e| Examined {
        problems: vec![format!("cannot check the content: {e}")],
        choices: Default::default(),
        texts: None,
    })
}

/// The texts of `service` in a content tree, for saving edits against them.
async fn texts_view(files: &BTreeMap<String, String>, service: Option<String>) -> Option<TextsView> {
    let files = files.clone();
    tokio::task::spawn_blocking(move || Loaded::read(unpacked(files).ok()?.path())?.texts(service.as_deref()))
        .await
        .ok()
        .flatten()
}

/// The draft's services, each opening its form; a new one for those who may edit.
fn services_html(web: &Web, lang: &str, id: i64, files: &BTreeMap<String, String>, editable: bool) -> String {
    let items: String = service_form::services(files)
        .iter()
        .map(|(sid, title)| {
            let name = if title.is_empty() { sid } else { title };
            format!(
                r#"<li><a href="/content/draft/{id}/service/{sid}">{}</a> <code>{sid}</code> <a href="/content/draft/{id}?service={sid}#texts">{texts}</a></li>"#,
                esc(name),
                sid = esc(sid),
                texts = esc(&web.t(lang, "content-texts-link")),
            )
        })
        .collect();
    let new = if editable {
        format!(
            r#"<p><a href="/content/draft/{id}/service/new" id="new-service">{}</a></p>"#,
            esc(&web.t(lang, "service-new"))
        )
    } else {
        String::new()
    };
    format!(r#"<h2 id="services">{}</h2><ul class="services">{items}</ul>{new}"#, esc(&web.t(lang, "content-services")))
}

/// Where the texts are edited: the draft, and the form token, when the person may edit them.
struct Editing<'a> {
    id: i64,
    csrf: &'a str,
}

fn texts_html(web: &Web, lang: &str, view: Option<TextsView>, editing: Option<Editing>) -> String {
    let Some(view) = view else { return String::new() };
    let t = |key: &str| esc(&web.t(lang, key));
    let counts: String = view
        .languages
        .iter()
        .zip(&view.missing)
        .map(|(l, n)| {
            let mut args = FluentArgs::new();
            args.set("count", *n);
            let text = esc(&web.texts.format(lang, "content-missing", Some(&args)));
            let class = if *n > 0 { r#" class="alert""# } else { "" };
            let not_ready = if view.not_ready.contains(l) {
                format!(r#" <em class="not-ready">{}</em>"#, esc(&web.t(lang, "content-not-ready")))
            } else {
                String::new()
            };
            format!(r#"<li data-lang="{l}"><strong>{l}</strong>: <span{class}>{text}</span>{not_ready}</li>"#)
        })
        .collect();
    let head: String = view.languages.iter().map(|l| format!(r#"<th scope="col" lang="{l}">{l}</th>"#)).collect();
    let rows: String = view
        .rows
        .iter()
        .map(|(key, cells)| {
            let cells: String = cells
                .iter()
                .zip(&view.languages)
                .map(|(cell, l)| {
                    let dir = if matches!(l.as_str(), "ar") { r#" dir="rtl""# } else { "" };
                    let (text, class, marks) = match cell {
                        None => (String::new(), r#" class="missing""#, t("content-text-missing")),
                        Some((text, hard)) => {
                            let warning = hard
                                .map(|score| {
                                    let mut args = FluentArgs::new();
                                    args.set("lix", score.round() as i64);
                                    format!(
                                        r#"<strong class="alert">{}</strong>"#,
                                        esc(&web.texts.format(lang, "content-hard-to-read", Some(&args)))
                                    )
                                })
                                .unwrap_or_default();
                            (text.clone(), "", warning)
                        }
                    };
                    match &editing {
                        Some(_) => format!(
                            r#"<td{class}>{marks}<textarea name="t:{l}:{key}" lang="{l}"{dir} rows="3" aria-label="{key} ({l})">{text}</textarea></td>"#,
                            key = esc(key),
                            text = esc(&text),
                        ),
                        None if cell.is_none() => format!(r#"<td{class}>{marks}</td>"#),
                        None => {
                            let marks = if marks.is_empty() { marks } else { format!("<br>{marks}") };
                            format!(r#"<td lang="{l}"{dir}>{}{marks}</td>"#, esc(&text))
                        }
                    }
                })
                .collect();
            format!(r#"<tr><th scope="row"><code>{}</code></th>{cells}</tr>"#, esc(key))
        })
        .collect();
    let table = format!(
        r#"<div class="texts-scroll" tabindex="0" role="region" aria-label="{title}"><table class="texts"><thead><tr><th scope="col">{id}</th>{head}</tr></thead><tbody>{rows}</tbody></table></div>"#,
        title = t("content-texts"),
        id = t("content-text-id"),
    );
    let table = match editing {
        Some(Editing { id, csrf }) => format!(
            r#"<form method="post" action="/content/draft/{id}/texts" id="texts-form"><input type="hidden" name="csrf" value="{csrf}"><input type="hidden" name="service" value="{service}">{table}<p><button type="submit">{save}</button></p></form>"#,
            csrf = esc(csrf),
            service = esc(&view.service),
            save = t("button-save-texts"),
        ),
        None => table,
    };
    format!(
        r#"<h2 id="texts">{title}</h2>
<ul class="missing-counts">{counts}</ul>
{table}"#,
        title = t("content-texts"),
    )
}

/// `ftl` with the message `key` set to `value`, only its own lines changed: a new message goes after
/// the last message whose id starts with `near` (the service's other texts), else at the end; an
/// empty `value` removes the message. Lines after the first are indented, as Fluent continues a text.
fn set_message(ftl: &str, key: &str, value: &str, near: &str) -> String {
    set_messages(ftl, &[(key.to_string(), value.to_string())], near)
}

/// The id of the message a line of Fluent starts, if it starts one.
pub(super) fn message_key(line: &str) -> Option<&str> {
    if line.starts_with(char::is_whitespace) || line.starts_with('#') {
        return None;
    }
    let key = line.split_once('=')?.0.trim_end();
    (!key.is_empty()).then_some(key)
}

/// A message's lines as [`set_message`] writes them; empty for empty words.
fn message_lines(key: &str, value: &str) -> String {
    let mut message = String::new();
    for (n, line) in value.trim().lines().map(str::trim).filter(|l| !l.is_empty()).enumerate() {
        message.push_str(&if n == 0 { format!("{key} = {line}\n") } else { format!("    {line}\n") });
    }
    message
}

/// [`set_message`] for many messages in one pass over `ftl` (the last word on a key counts; new
/// messages keep their order): a form with thousands of texts rewrote the whole file once per text.
pub(super) fn set_messages(ftl: &str, writes: &[(String, String)], near: &str) -> String {
    let mut wanted: HashMap<&str, &str> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    for (key, value) in writes {
        if wanted.insert(key, value).is_none() {
            order.push(key);
        }
    }
    let lines: Vec<&str> = ftl.split_inclusive('\n').collect();
    // Each message with its indented lines, and whether its id starts with `near`.
    let mut blocks: Vec<(bool, String)> = Vec::new();
    let mut done: HashSet<&str> = HashSet::new();
    let mut at = 0;
    while at < lines.len() {
        let mut end = at + 1;
        while end < lines.len() && lines[end].starts_with(' ') && !lines[end].trim().is_empty() {
            end += 1;
        }
        match message_key(lines[at]).and_then(|k| wanted.get_key_value(k)) {
            Some((key, value)) if done.insert(key) => {
                let message = message_lines(key, value);
                if !message.is_empty() {
                    blocks.push((key.starts_with(near), message));
                }
            }
            _ => blocks.push((lines[at].starts_with(near), lines[at..end].concat())),
        }
        at = end;
    }
    let new: String = order.iter().filter(|k| !done.contains(*k)).map(|k| message_lines(k, wanted[k])).collect();
    if !new.is_empty() {
        let place = blocks.iter().rposition(|(near, _)| *near).map_or(blocks.len(), |last| last + 1);
        if let Some((_, before)) = place.checked_sub(1).and_then(|b| blocks.get_mut(b))
            && !before.ends_with('\n')
        {
            before.push('\n');
        }
        blocks.insert(place, (true, new));
    }
    blocks.into_iter().map(|(_, text)| text).collect()
}

/// The file of `lang` that holds `key`, else the one that holds the service's (or page's) other
/// texts, else `locales/LANG/NEW`.
fn file_for(files: &BTreeMap<String, String>, lang: &str, service: &str, key: &str, new: &str) -> String {
    let folder = format!("locales/{lang}/");
    let texts: Vec<(&String, String)> = files
        .iter()
        .filter(|(path, _)| path.starts_with(&folder) && path.ends_with(".ftl"))
        .filter_map(|(path, _)| Some((path, service_form::text_of(files, path)?)))
        .collect();
    let has = |text: &str, start: &str| text.lines().any(|l| l.starts_with(start));
    texts
        .iter()
        .find(|(_, text)| has(text, &format!("{key} ")) || has(text, &format!("{key}=")))
        .or_else(|| texts.iter().find(|(_, text)| has(text, &format!("{service}-"))))
        .map(|(path, _)| path.to_string())
        .unwrap_or_else(|| format!("{folder}{new}"))
}

/// The texts of one service, as edited side by side: only the texts that changed are written,
/// each in the file that holds it; the draft's checks then run again.
async fn edit_texts(
    State(web): State<Web>,
    who: SignedIn<Editors>,
    UrlPath(id): UrlPath<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let field = |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default();
    if let Err(response) = who.sent(&web, &field("csrf"), "content texts").await {
        return response;
    }
    let user = who.user;
    let mut draft = match find_draft(&web, id).await {
        Ok(Some(draft)) => draft,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(response) => return response,
    };
    if draft.state != DraftState::Draft {
        return (StatusCode::CONFLICT, "only content not yet sent for review can be edited").into_response();
    }
    let service = field("service");
    let Some(view) = texts_view(&draft.files, Some(service.clone())).await else {
        return (StatusCode::BAD_REQUEST, "no such service in this content").into_response();
    };
    // Blocking work, off the async threads: every changed text rewrites its file.
    let edited = tokio::task::spawn_blocking(move || {
        let rows: HashMap<&str, &Vec<_>> = view.rows.iter().map(|(k, cells)| (k.as_str(), cells)).collect();
        let mut changed = 0;
        for (name, value) in &fields {
            let Some((l, key)) = name.strip_prefix("t:").and_then(|rest| rest.split_once(':')) else { continue };
            let (Some(column), Some(cells)) = (view.languages.iter().position(|x| x == l), rows.get(key)) else {
                return Err(format!("`{key}` in `{l}` is not a text of this service"));
            };
            let now = cells[column].as_ref().map(|(text, _)| text.trim()).unwrap_or("");
            if value.replace("\r\n", "\n").trim() == now {
                continue;
            }
            let value = value.replace("\r\n", "\n");
            service_form::write_text_in(&mut draft.files, l, &view.service, key, &value, view.file);
            changed += 1;
        }
        Ok((draft, view.service, changed))
    })
    .await;
    let (draft, service, changed) = match edited {
        Ok(Ok(edited)) => edited,
        Ok(Err(e)) => return (StatusCode::BAD_REQUEST, e).into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if changed > 0 {
        let what = format!("content texts edited ({changed}, {})", service);
        if let Err(e) = web.db.edit_draft(id, &draft.files, &user.name, &what).await {
            tracing::error!(error = %e, "cannot keep the edited texts");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    Redirect::to(&format!("/content/draft/{id}?service={}#texts", service)).into_response()
}

/// The preview form (a plain GET form: no script needed) and, when asked, the picture.
fn preview_html(
    web: &Web,
    lang: &str,
    id: i64,
    asked: &Preview,
    choices: &(Vec<(String, String)>, Vec<String>),
) -> String {
    if web.settings.renderer.is_none() || choices.0.is_empty() {
        return String::new();
    }
    let t = |key: &str| esc(&web.t(lang, key));
    let selected = |on: bool| if on { " selected" } else { "" };
    let option = |(sid, title): &(String, String)| {
        format!(
            r#"<option value="{}"{}>{}</option>"#,
            esc(sid),
            selected(asked.service.as_deref() == Some(sid.as_str())),
            esc(title)
        )
    };
    let info = |(sid, _): &&(String, String)| sid.starts_with("info:");
    let services = format!(
        r#"<optgroup label="{}">{}</optgroup><optgroup label="{}">{}</optgroup>"#,
        t("content-services"),
        choices.0.iter().filter(|c| !info(c)).map(option).collect::<String>(),
        t("content-info-pages"),
        choices.0.iter().filter(info).map(option).collect::<String>(),
    );
    let page = asked.page.as_deref().unwrap_or("question");
    let pages: String = [
        ("question", "content-preview-page-question"),
        ("review", "content-preview-page-review"),
        ("receipt", "content-preview-page-receipt"),
    ]
    .iter()
    .map(|(value, key)| format!(r#"<option value="{value}"{}>{}</option>"#, selected(page == *value), t(key)))
    .collect();
    let languages: String = choices
        .1
        .iter()
        .map(|code| {
            format!(r#"<option value="{code}"{}>{code}</option>"#, selected(asked.language.as_deref() == Some(code)))
        })
        .collect();
    let picture = match asked.arguments() {
        Some(_) => {
            let mut args = FluentArgs::new();
            args.set("question", asked.question.unwrap_or(1));
            args.set("service", asked.service.clone().unwrap_or_default());
            args.set("language", asked.language.clone().unwrap_or_default());
            format!(
                r#"<div class="preview"><p><img id="preview" src="/content/draft/{id}/preview.png?{query}" alt="{alt}" width="960"></p>
<section id="spoken-text" data-src="/content/draft/{id}/spoken.json?{query}" aria-labelledby="spoken-title"><h3 id="spoken-title">{said}</h3><ol id="spoken" aria-live="polite"></ol></section></div>"#,
                query = esc(&asked.query()),
                alt = esc(&web.texts.format(lang, "content-preview-alt", Some(&args))),
                said = esc(&web.t(lang, "content-spoken")),
            )
        }
        None => String::new(),
    };
    format!(
        r#"<h2>{title}</h2>
<form method="get" action="/content/draft/{id}" class="preview-form">
<p><label for="preview-service">{service}</label><br><select id="preview-service" name="service">{services}</select></p>
<p><label for="preview-page">{page_label}</label><br><select id="preview-page" name="page">{pages}</select></p>
<p><label for="preview-question">{question}</label><br><input id="preview-question" name="question" type="number" min="1" max="99" value="{n}" aria-describedby="preview-question-hint"><br><span class="hint" id="preview-question-hint">{question_hint}</span></p>
<p><label for="preview-language">{language}</label><br><select id="preview-language" name="in">{languages}</select></p>
<p><label for="preview-text">{text}</label><br><select id="preview-text" name="text"><option value="0"{t0}>100 %</option><option value="2"{t2}>200 %</option></select></p>
<p><label for="preview-orientation">{orientation}</label><br><select id="preview-orientation" name="orientation"><option value="landscape"{land}>{landscape}</option><option value="portrait"{port}>{portrait}</option></select></p>
<p><button type="submit">{show}</button></p>
</form>
{picture}"#,
        title = t("content-preview"),
        service = t("request-service"),
        question = t("content-preview-question"),
        question_hint = t("content-preview-question-hint"),
        page_label = t("content-preview-page"),
        n = asked.question.unwrap_or(1),
        language = t("request-language"),
        text = t("content-preview-text"),
        t0 = selected(asked.text.unwrap_or(0) == 0),
        t2 = selected(asked.text == Some(2)),
        orientation = t("content-preview-orientation"),
        land = selected(asked.orientation.as_deref() != Some("portrait")),
        port = selected(asked.orientation.as_deref() == Some("portrait")),
        landscape = t("content-preview-landscape"),
        portrait = t("content-preview-portrait"),
        show = t("button-preview"),
    )
}

async fn draft_page(
    State(web): State<Web>,
    who: SignedIn<Readers>,
    UrlPath(id): UrlPath<i64>,
    Query(q): Query<LangQuery>,
    Query(asked): Query<Preview>,
) -> Response {
    let SignedIn { user, csrf, lang, .. } = who;
    let draft = match find_draft(&web, id).await {
        Ok(Some(draft)) => draft,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(response) => return response,
    };
    let t = |key: &str| esc(&web.t(lang, key));
    let owner = asked.service.as_deref().map(|s| s.strip_prefix("info:").unwrap_or(s).to_string());
    let Examined { problems, choices, texts } = examine(&draft.files, owner).await;
    let checks = if problems.is_empty() {
        format!(r#"<p class="ok" id="checks">{}</p>"#, t("content-checks-ok"))
    } else {
        let mut args = FluentArgs::new();
        args.set("count", problems.len());
        let items: String = problems.iter().map(|p| format!("<li><pre>{}</pre></li>", esc(p))).collect();
        format!(
            r#"<div id="checks"><p class="error">{}</p><ul class="problems">{items}</ul></div>"#,
            esc(&web.texts.format(lang, "content-checks-problems", Some(&args)))
        )
    };
    let current = current_files(&web).await;
    let mut changes = Vec::new();
    for (path, data) in &draft.files {
        match current.get(path) {
            None => changes.push((path.clone(), "content-added")),
            Some(old) if old != data => changes.push((path.clone(), "content-changed")),
            Some(_) => {}
        }
    }
    changes.extend(current.keys().filter(|p| !draft.files.contains_key(*p)).map(|p| (p.clone(), "content-removed")));
    let changes_html = if changes.is_empty() {
        format!("<p>{}</p>", t("content-no-changes"))
    } else {
        let items: String =
            changes.iter().map(|(path, key)| format!("<li><code>{}</code>: {}</li>", esc(path), t(key))).collect();
        format!(r#"<ul id="changes">{items}</ul>"#)
    };
    let mine = content::may_publish(&draft, &user.name) == Err(Refusal::OwnWork);
    let role = user.role();
    let action = match draft.state {
        DraftState::Draft if role.is_some_and(|r| EDITORS.contains(&r)) && problems.is_empty() => format!(
            r#"<form method="post" action="/content/draft/{id}/submit"><input type="hidden" name="csrf" value="{csrf}"><button type="submit">{button}</button></form>"#,
            csrf = esc(&csrf),
            button = t("button-send-review"),
        ),
        DraftState::InReview if role.is_some_and(|r| REVIEWERS.contains(&r)) => {
            match (&web.settings.content_verify_key, mine) {
                (_, true) => format!("<p>{}</p>", t("content-review-other")),
                (None, false) => format!(r#"<p class="error">{}</p>"#, t("content-no-verify-key")),
                (Some(key), false) => format!(
                    r#"<form id="publish" class="key" data-id="{id}" data-verify-key="{key}" data-key-wrong="{wrong}" data-failed="{failed}">
<input type="hidden" name="csrf" value="{csrf}">
<p><label for="signing-key">{label}</label><br><input type="file" id="signing-key" accept=".key,text/plain" aria-describedby="signing-hint" required></p>
<p id="signing-hint" class="hint">{hint}</p>
<p><button type="submit">{button}</button></p>
<p id="publish-status" role="status" aria-live="polite"></p>
</form>"#,
                    key = esc(key),
                    wrong = t("content-key-wrong"),
                    failed = t("content-publish-failed"),
                    csrf = esc(&csrf),
                    label = t("content-key-label"),
                    hint = t("content-key-hint"),
                    button = t("button-publish"),
                ),
            }
        }
        _ => String::new(),
    };
    let facts = format!(
        r#"<dl class="facts"><dt>{note_label}</dt><dd>{note}</dd><dt>{state_label}</dt><dd id="state">{state}</dd><dt>{by_label}</dt><dd>{by} ({at})</dd>{sent}{published}</dl>"#,
        note_label = t("content-note"),
        note = esc(&draft.note),
        state_label = t("content-state"),
        state = esc(&state_text(&web, lang, draft.state, &draft.published_version)),
        by_label = t("content-brought-by"),
        by = esc(&draft.created_by),
        at = time_text(draft.created_ms),
        sent = draft
            .submitted_by
            .as_deref()
            .map(|s| format!("<dt>{}</dt><dd>{}</dd>", t("content-sent-by"), esc(s)))
            .unwrap_or_default(),
        published = draft
            .published_by
            .as_deref()
            .map(|s| format!("<dt>{}</dt><dd>{}</dd>", t("content-published-by"), esc(s)))
            .unwrap_or_default(),
    );
    let preview = preview_html(&web, lang, id, &asked, &choices);
    let editing = (draft.state == DraftState::Draft && role.is_some_and(|r| EDITORS.contains(&r)))
        .then_some(Editing { id, csrf: &csrf });
    let services_html = services_html(&web, lang, id, &draft.files, editing.is_some())
        + &info_form::pages_html(&web, lang, id, &draft.files, editing.is_some());
    let texts = texts_html(&web, lang, texts, editing);
    let body = format!(
        r#"{facts}
{checks}
<h2>{changes_title}</h2>
{changes_html}
{services_html}
{preview}
{texts}
{action}
<script src="/vendor/nacl-fast.js" defer></script>
<script src="/studio.js" defer></script>"#,
        changes_title = t("content-changes"),
    );
    let mut args = FluentArgs::new();
    args.set("id", draft.id);
    let title = web.texts.format(lang, "content-draft", Some(&args));
    let page = web.page(lang, &title, Some((&user, &csrf)), &body);
    remember_language(web.html(StatusCode::OK, page), &web, &q.lang, lang)
}

async fn submit(
    State(web): State<Web>,
    who: SignedIn<Editors>,
    UrlPath(id): UrlPath<i64>,
    Form(form): Form<Csrf>,
) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "content review").await {
        return response;
    }
    let user = who.user;
    let draft = match find_draft(&web, id).await {
        Ok(Some(draft)) => draft,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
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
    let draft = find_draft(web, id).await?.ok_or_else(|| StatusCode::NOT_FOUND.into_response())?;
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
async fn again(
    State(web): State<Web>,
    who: SignedIn<Readers>,
    UrlPath(version): UrlPath<String>,
    Form(form): Form<Csrf>,
) -> Response {
    if let Err(response) = who.sent(&web, &form.csrf, "content again").await {
        return response;
    }
    let (user, lang) = (who.user, who.lang);
    let published = match web.db.published().await {
        Ok(published) => published,
        Err(e) => {
            tracing::error!(error = %e, "cannot read the published content");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
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
    let mut args = FluentArgs::new();
    args.set("version", version.clone());
    let note = web.texts.format(lang, "content-again-note", Some(&args));
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
async fn bundle_to_sign(State(web): State<Web>, who: SignedIn<Reviewers>, UrlPath(id): UrlPath<i64>) -> Response {
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
struct Signed {
    #[serde(default)]
    csrf: String,
    bundle: String,
    signature: String,
}

/// Publishes what the reviewer signed, after checking that it is this draft, numbered above
/// every published bundle, passes the checks and carries a signature the kiosks will accept.
async fn publish(
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
    use super::*;

    #[test]
    fn the_renderer_sees_none_of_the_hubs_environment_and_runs_under_memory_and_time_limits() {
        let dir = tempfile::tempdir().unwrap();
        // A stand-in renderer that writes down what it was given.
        let script = dir.path().join("renderer");
        std::fs::write(&script, "#!/bin/sh\nenv > seen-env\nulimit -d > seen-data\nulimit -t > seen-cpu\n").unwrap();
        std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        let work = tempfile::tempdir().unwrap();
        // This test's process has cargo's variables and root's (a hub's would hold its database
        // address): none of them may reach the renderer.
        let mut command = renderer_command(&script, work.path());
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let status = rt.block_on(async { command.status().await }).unwrap();
        assert!(status.success());
        let env = std::fs::read_to_string(work.path().join("seen-env")).unwrap();
        let names: Vec<&str> = env.lines().filter_map(|l| l.split_once('=').map(|(k, _)| k)).collect();
        for name in &names {
            assert!(
                ["PATH", "LANG", "HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "TORGET_LOG", "PWD", "SHLVL", "_"]
                    .contains(name),
                "the renderer saw {name}: {env}"
            );
        }
        assert!(env.contains(&format!("HOME={}", work.path().display())), "{env}");
        let data: u64 = std::fs::read_to_string(work.path().join("seen-data")).unwrap().trim().parse().unwrap();
        assert_eq!(data * 1024, RENDER_MEMORY_BYTES, "ulimit -d shows KiB");
        let cpu: u64 = std::fs::read_to_string(work.path().join("seen-cpu")).unwrap().trim().parse().unwrap();
        assert_eq!(cpu, RENDER_CPU_SECONDS);
    }

    const FTL: &str = "## Report\nreport-fault-title = Anmäl ett fel\nreport-fault-what = Vad är fel?\nreport-fault-what-help =\n    Välj det\n    som passar.\nreport-fault-next = Vi tittar.\n";

    #[test]
    fn a_message_is_set_in_place_and_nothing_else_moves() {
        let near = "report-fault-";
        let set = set_message(FTL, "report-fault-what", "Vad har hänt?", near);
        assert_eq!(set, FTL.replace("report-fault-what = Vad är fel?", "report-fault-what = Vad har hänt?"));
        let multi = set_message(FTL, "report-fault-what-help", "Välj ett.\nDet räcker.", near);
        assert!(
            multi.contains("report-fault-what-help = Välj ett.\n    Det räcker.\nreport-fault-next = Vi tittar.\n"),
            "{multi}"
        );
        let gone = set_message(FTL, "report-fault-what-help", "  ", near);
        assert!(
            !gone.contains("what-help")
                && !gone.contains("som passar")
                && gone.ends_with("report-fault-next = Vi tittar.\n")
        );
        let added = set_message("a = b", "report-fault-new", "Ny", near);
        assert_eq!(added, "a = b\nreport-fault-new = Ny\n");
        let beside = set_message(&format!("{FTL}\n## Other\nother-title = X\n"), "report-fault-extra", "Mer", near);
        assert!(beside.contains("report-fault-next = Vi tittar.\nreport-fault-extra = Mer\n\n## Other"), "{beside}");
    }

    #[test]
    fn a_new_text_goes_where_its_service_is() {
        let mut files = BTreeMap::new();
        files.insert("locales/sv/ui.ftl".to_string(), STANDARD.encode("start = Börja\n"));
        files.insert("locales/sv/services.ftl".to_string(), STANDARD.encode(FTL));
        files.insert("locales/sv/more.ftl".to_string(), STANDARD.encode("library-card-title = Lånekort\n"));
        assert_eq!(file_for(&files, "sv", "report-fault", "report-fault-what", "x.ftl"), "locales/sv/services.ftl");
        assert_eq!(file_for(&files, "sv", "library-card", "library-card-next", "x.ftl"), "locales/sv/more.ftl");
        assert_eq!(file_for(&files, "nb", "library-card", "library-card-next", "x.ftl"), "locales/nb/x.ftl");
    }
}
