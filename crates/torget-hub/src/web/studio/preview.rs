//! The preview: a draft's page drawn by the kiosk's own program, and what it reads aloud, with the
//! form that chooses the page. The program runs as a process of its own under limits and sees
//! nothing of the hub but the draft's files.

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{Choice, Readers, find_draft, unpacked};
use crate::web::Web;
use crate::web::layout::Tr;
use crate::web::signed_in::SignedIn;

/// Which page of a draft to preview, as the preview form asks.
#[derive(serde::Deserialize, Default, Clone)]
pub(super) struct Preview {
    /// A service's id, or `info:ID` for an information page.
    pub(super) service: Option<String>,
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
    pub(super) fn arguments(&self) -> Option<Vec<String>> {
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
pub(super) async fn preview(
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
pub(super) async fn spoken(
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

/// The preview form's choices and, when a page was asked for, its picture.
pub(super) struct PreviewForm {
    pub(super) services: Vec<Choice>,
    pub(super) info_pages: Vec<Choice>,
    pub(super) pages: Vec<Choice>,
    pub(super) question: u32,
    pub(super) languages: Vec<Choice>,
    pub(super) text_sizes: Vec<Choice>,
    pub(super) orientations: Vec<Choice>,
    pub(super) picture: Option<Picture>,
}

/// The asked page's picture and spoken text, at the same query.
pub(super) struct Picture {
    pub(super) query: String,
    pub(super) alt: String,
}

impl PreviewForm {
    /// The form for a draft with these services and information pages (`info:ID`) and languages;
    /// none without a renderer or anything to show.
    pub(super) fn new(
        tr: Tr,
        has_renderer: bool,
        asked: &Preview,
        choices: &(Vec<(String, String)>, Vec<String>),
    ) -> Option<PreviewForm> {
        if !has_renderer || choices.0.is_empty() {
            return None;
        }
        let service = |(sid, title): &(String, String)| {
            Choice::new(sid, title.clone(), asked.service.as_deref() == Some(sid.as_str()))
        };
        let (info_pages, services): (Vec<_>, Vec<_>) = choices.0.iter().partition(|(sid, _)| sid.starts_with("info:"));
        let page = asked.page.as_deref().unwrap_or("question");
        let portrait = asked.orientation.as_deref() == Some("portrait");
        let picture = asked.arguments().map(|_| Picture {
            query: asked.query(),
            alt: tr.args(
                "content-preview-alt",
                &[
                    ("question", asked.question.unwrap_or(1).into()),
                    ("service", asked.service.clone().unwrap_or_default().into()),
                    ("language", asked.language.clone().unwrap_or_default().into()),
                ],
            ),
        });
        Some(PreviewForm {
            services: services.into_iter().map(service).collect(),
            info_pages: info_pages.into_iter().map(service).collect(),
            pages: [
                ("question", "content-preview-page-question"),
                ("review", "content-preview-page-review"),
                ("receipt", "content-preview-page-receipt"),
            ]
            .iter()
            .map(|(value, key)| Choice::new(value, tr.t(key), page == *value))
            .collect(),
            question: asked.question.unwrap_or(1),
            languages: choices
                .1
                .iter()
                .map(|code| Choice::new(code, code.clone(), asked.language.as_deref() == Some(code)))
                .collect(),
            text_sizes: vec![
                Choice::new("0", "100 %".into(), asked.text.unwrap_or(0) == 0),
                Choice::new("2", "200 %".into(), asked.text == Some(2)),
            ],
            orientations: vec![
                Choice::new("landscape", tr.t("content-preview-landscape"), !portrait),
                Choice::new("portrait", tr.t("content-preview-portrait"), portrait),
            ],
            picture,
        })
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
}
