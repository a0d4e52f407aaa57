//! An information page edited as a form: its name, its pictogram, and its paragraphs in order,
//! each written in the default language, added, moved and removed with plain form buttons. The
//! form writes the page's TOML file (`torget_content::service_file::InfoFile`) and its
//! default-language texts; translations are written side by side like a service's. The checks of
//! `torget lint` run on the draft and each problem is shown beside the paragraph it concerns.

use std::collections::{BTreeMap, HashMap, HashSet};

use askama::Template;
use axum::Router;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use torget_content::service_file::{IdPicker, InfoFile, id_from_words, unique_id};

use super::service_form::{
    Files, Found, Messages, Part, Structure, check, finding, languages, message, not_a_service_id, owners_taken,
    pictograms, save, service_id, text_of, write_texts_in,
};
use super::texts::INFO_TEXTS;
use super::{EDIT_FORM_BYTES, EDITORS, Readers, find_draft, lint_files};
use crate::content::DraftState;
use crate::web::layout::{Chrome, Tr, html};
use crate::web::signed_in::SignedIn;
use crate::web::{LangQuery, Web, remember_language};

pub(super) fn routes() -> Router<Web> {
    let limit = || axum::extract::DefaultBodyLimit::max(EDIT_FORM_BYTES);
    Router::new()
        .route("/content/draft/{id}/info/{pid}", get(form_page).post(save::<InfoForm>).layer(limit()))
        .route("/content/draft/{id}/info/{pid}/check", post(check::<InfoForm>).layer(limit()))
}

fn page_path(pid: &str) -> String {
    format!("assets/info/{pid}.toml")
}

/// The information pages of a content tree: (id, name in the default language).
pub(super) fn pages(files: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let default = languages(files).first().map(|(c, _)| c.clone()).unwrap_or_default();
    files
        .keys()
        .filter_map(|p| p.strip_prefix("assets/info/")?.strip_suffix(".toml"))
        .filter(|s| !s.contains('/'))
        .map(|s| (s.to_string(), message(files, &default, &format!("{s}-title"))))
        .collect()
}

#[derive(Default, Debug)]
struct InfoForm {
    csrf: String,
    title: String,
    pictogram: String,
    /// (id, words) in page order; an empty id is a new paragraph.
    paragraphs: Vec<(String, String)>,
    step: String,
}

impl InfoForm {
    fn read(fields: &[(String, String)]) -> InfoForm {
        let mut form = InfoForm::default();
        for (name, value) in fields {
            let value = value.replace("\r\n", "\n");
            match name.as_str() {
                "csrf" => form.csrf = value,
                "title" => form.title = value,
                "pictogram" => form.pictogram = value,
                "p" => form.paragraphs.push((value, String::new())),
                "p-words" => {
                    if let Some(last) = form.paragraphs.last_mut() {
                        last.1 = value;
                    }
                }
                "do" => form.step = value,
                _ => {}
            }
        }
        form
    }
}

/// The draft's files with the form applied to page `pid` (`None`: a new page), and the page.
fn apply(files: &BTreeMap<String, String>, pid: Option<&str>, form: &InfoForm) -> (BTreeMap<String, String>, InfoFile) {
    let mut files = files.clone();
    let langs = languages(&files);
    let default = langs.first().map(|(c, _)| c.clone()).unwrap_or_default();
    let pictures = pictograms(&files);
    let old = pid.and_then(|p| text_of(&files, &page_path(p))).and_then(|t| InfoFile::parse(&t).ok());
    let mut page = match (&old, pid) {
        (Some(old), _) => old.clone(),
        (None, Some(pid)) => InfoFile::new(pid, ""),
        (None, None) => {
            // Pages and services share the texts' names: a new page's id is neither's yet.
            let taken = owners_taken(&files);
            let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
            InfoFile::new(&unique_id(&id_from_words(&form.title, 40, "new-page"), &taken), "")
        }
    };
    let path = page_path(pid.unwrap_or(&page.id));
    let pid = page.id.clone();
    if pictures.contains(&form.pictogram) {
        page.pictogram = form.pictogram.clone();
    } else if page.pictogram.is_empty() {
        page.pictogram = pictures.first().cloned().unwrap_or_default();
    }
    let existed: HashSet<&str> = old.iter().flat_map(|o| o.paragraphs.iter().map(String::as_str)).collect();
    let messages = Messages::read(&files);
    // Linear in the paragraphs, as a service's questions (issue 28, item 8): `title` names the
    // page's own text; a paragraph's id is also kept from every later paragraph that has one.
    let mut ids = IdPicker::new(["title"]);
    let mut later: HashMap<&str, usize> = HashMap::new();
    for (id, _) in form.paragraphs.iter().filter(|(id, _)| !id.is_empty()) {
        *later.entry(id.as_str()).or_default() += 1;
    }
    let mut paragraphs: Vec<String> = Vec::new();
    let mut texts: Vec<(String, String)> = Vec::new();
    for (n, (id, words)) in form.paragraphs.iter().enumerate() {
        if let Some(count) = later.get_mut(id.as_str()) {
            *count -= 1;
        }
        let reserved = |id: &str| later.get(id).is_some_and(|n| *n > 0);
        let stand_in = id.strip_prefix("paragraph-").is_some_and(|n| n.parse::<u32>().is_ok())
            && !words.trim().is_empty()
            && langs.iter().skip(1).all(|(l, _)| messages.get(l, &format!("{pid}-{id}")).is_empty());
        let id = match existed.contains(id.as_str()) {
            true if stand_in => ids.pick(&id_from_words(words, 30, id), reserved),
            true => id.clone(),
            false => ids.pick(&id_from_words(words, 30, &format!("paragraph-{}", n + 1)), reserved),
        };
        ids.take(&id);
        texts.push((format!("{pid}-{id}"), words.clone()));
        paragraphs.push(id);
    }
    let (what, n) = form.step.split_once(':').unwrap_or((form.step.as_str(), ""));
    match (what, n.parse::<usize>().ok()) {
        ("add", _) => {
            paragraphs.push(ids.pick(&format!("paragraph-{}", paragraphs.len() + 1), |_| false));
        }
        ("up", Some(n)) if n > 0 && n < paragraphs.len() => paragraphs.swap(n - 1, n),
        ("down", Some(n)) if n < paragraphs.len().saturating_sub(1) => paragraphs.swap(n, n + 1),
        ("remove", Some(n)) if n < paragraphs.len() => {
            paragraphs.remove(n);
        }
        _ => {}
    }
    let kept: HashSet<String> = paragraphs.iter().map(|p| format!("{pid}-{p}")).collect();
    if let Some(o) = &old {
        let gone: Vec<String> =
            o.paragraphs.iter().map(|p| format!("{pid}-{p}")).filter(|k| !kept.contains(k)).collect();
        for (lang, _) in &langs {
            let removed = gone.iter().map(|k| (k.clone(), String::new())).collect();
            write_texts_in(&mut files, &messages, lang, &pid, removed, INFO_TEXTS);
        }
    }
    let mut writes = vec![(format!("{pid}-title"), form.title.clone())];
    writes.extend(texts.into_iter().filter(|(key, _)| kept.contains(key)));
    write_texts_in(&mut files, &messages, &default, &pid, writes, INFO_TEXTS);
    page.paragraphs = paragraphs;
    files.insert(path, STANDARD.encode(page.to_toml()));
    (files, page)
}

/// What `torget lint` says, sorted to the page itself, one of its paragraphs, or elsewhere.
fn found(files: &BTreeMap<String, String>, page: &InfoFile) -> Found {
    let mut out = Found { questions: page.paragraphs.iter().map(|_| Vec::new()).collect(), ..Found::default() };
    let Ok(problems) = lint_files(files) else { return out };
    let own = page_path(&page.id);
    for p in problems {
        let file = p.file.to_string_lossy().into_owned();
        let key = p.text_key().unwrap_or("");
        let paragraph = page.paragraphs.iter().position(|para| key == format!("{}-{para}", page.id));
        let title = key == format!("{}-title", page.id);
        let part = match (title, paragraph) {
            (true, _) => Some(Part::Title),
            (false, Some(_)) => Some(Part::Paragraph),
            (false, None) => None,
        };
        let finding = finding(&p, part);
        match paragraph {
            Some(n) => out.questions[n].push(finding),
            None if title || file == own => out.service.push(finding),
            None => out.elsewhere += 1,
        }
    }
    out
}

impl Structure for InfoForm {
    const KIND: &'static str = "info";
    const AUDIT: &'static str = "content page";

    fn read(fields: &[(String, String)]) -> Self {
        InfoForm::read(fields)
    }

    fn csrf(&self) -> &str {
        &self.csrf
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn path(id: &str) -> String {
        page_path(id)
    }

    fn apply(&self, files: &Files, id: Option<&str>, _shown: &Files) -> (Files, String, String) {
        let (files, page) = apply(files, id, self);
        (files, page.id, String::new())
    }

    fn found(files: &Files, id: &str) -> Found {
        match text_of(files, &page_path(id)).map(|t| InfoFile::parse(&t)) {
            Some(Ok(page)) => found(files, &page),
            _ => Found::default(),
        }
    }
}

#[derive(Template)]
#[template(path = "studio/info.html")]
struct InfoPage<'a> {
    chrome: Chrome,
    tr: Tr<'a>,
    csrf: String,
    id: i64,
    /// The page's id, or `new`.
    pid: String,
    editable: bool,
    is_new: bool,
    save_label: String,
    page_problems: Vec<String>,
    /// The name of the language the words below are in.
    default_language: String,
    title: String,
    pictograms: Vec<(String, bool)>,
    paragraphs: Vec<Paragraph>,
}

struct Paragraph {
    n: usize,
    pid: String,
    problems: Vec<String>,
    words: String,
}

async fn form_page(
    State(web): State<Web>,
    who: SignedIn<Readers>,
    UrlPath((id, pid)): UrlPath<(i64, String)>,
    Query(q): Query<LangQuery>,
) -> Response {
    let SignedIn { user, csrf, lang, .. } = who;
    let tr = web.tr(lang);
    let draft = match find_draft(&web, id).await {
        Ok(Some(draft)) => draft,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(response) => return response,
    };
    let Some(pid) = service_id(&pid).map(|p| p.map(str::to_string)) else { return not_a_service_id() };
    let page = match &pid {
        None => InfoFile::new("new", ""),
        Some(p) => match text_of(&draft.files, &page_path(p)).map(|t| InfoFile::parse(&t)) {
            Some(Ok(page)) => page,
            Some(Err(e)) => return (StatusCode::UNPROCESSABLE_ENTITY, e).into_response(),
            None => return StatusCode::NOT_FOUND.into_response(),
        },
    };
    let editable = draft.state == DraftState::Draft && user.role().is_some_and(|r| EDITORS.contains(&r));
    let files = draft.files.clone();
    let shown = page.clone();
    let is_new = pid.is_none();
    let (langs, words, pictures, found) = tokio::task::spawn_blocking(move || {
        let langs = languages(&files);
        let default = langs.first().map(|(c, _)| c.clone()).unwrap_or_default();
        let mut words = vec![message(&files, &default, &format!("{}-title", shown.id))];
        words.extend(shown.paragraphs.iter().map(|p| message(&files, &default, &format!("{}-{p}", shown.id))));
        let found = if is_new { Default::default() } else { found(&files, &shown) };
        (langs, words, pictograms(&files), found)
    })
    .await
    .unwrap_or_default();
    let mut found = super::service_form::checks(tr, &langs, &found);
    let name = words.first().cloned().unwrap_or_default();
    let title = match &pid {
        None => tr.t("info-new"),
        Some(_) if name.is_empty() => page.id.clone(),
        Some(_) => name.clone(),
    };
    let chosen =
        |name: &String| *name == page.pictogram || (page.pictogram.is_empty() && pictures.first() == Some(name));
    let paragraphs = page
        .paragraphs
        .iter()
        .enumerate()
        .map(|(n, para)| Paragraph {
            n,
            pid: para.clone(),
            problems: std::mem::take(&mut found.questions[n]),
            words: words.get(n + 1).cloned().unwrap_or_default(),
        })
        .collect();
    let view = InfoPage {
        chrome: Chrome::new(tr, &web.settings.municipality, title, Some((&user, &csrf))),
        tr,
        csrf: csrf.clone(),
        id,
        pid: pid.clone().unwrap_or_else(|| "new".into()),
        editable,
        is_new,
        save_label: tr.t(if is_new { "button-create-page" } else { "button-save" }),
        page_problems: found.service,
        default_language: langs.first().map(|(_, name)| name.clone()).unwrap_or_default(),
        title: name,
        pictograms: pictures.iter().map(|name| (name.clone(), chosen(name))).collect(),
        paragraphs,
    };
    remember_language(html(StatusCode::OK, &view), &web, &q.lang, lang)
}

#[cfg(test)]
mod tests {
    use super::super::service_form::testing::*;
    use super::*;

    #[test]
    fn a_new_page_takes_its_id_from_its_name_and_keeps_its_texts_in_info_ftl() {
        let tree = files(&[
            ("assets/languages.toml", LANGUAGES),
            ("assets/pictograms/clock.svg", "<svg/>"),
            ("assets/services/wifi.toml", "id = \"wifi\"\n"),
            ("locales/sv/services.ftl", "wifi-title = Annat\n"),
        ]);
        let form = InfoForm::read(&[
            field("title", "Wifi"),
            field("p", ""),
            field("p-words", "Nätet heter Torget."),
            field("p", ""),
            field("p-words", "Lösenordet står vid disken."),
        ]);
        let (out, page) = apply(&tree, None, &form);
        assert_eq!(page.id, "wifi-2", "the service's id is taken");
        assert_eq!(page.paragraphs, ["natet-heter-torget", "losenordet-star-vid-disken"]);
        let sv = text_of(&out, "locales/sv/info.ftl").unwrap();
        assert_eq!(
            sv,
            "wifi-2-title = Wifi\nwifi-2-natet-heter-torget = Nätet heter Torget.\nwifi-2-losenordet-star-vid-disken = Lösenordet står vid disken.\n"
        );
        let removed = InfoForm::read(&[
            field("title", "Wifi"),
            field("p", "natet-heter-torget"),
            field("p-words", "Nätet heter Torget."),
            field("p", "losenordet-star-vid-disken"),
            field("p-words", "Lösenordet står vid disken."),
            field("do", "remove:0"),
        ]);
        let (out, page) = apply(&out, Some("wifi-2"), &removed);
        assert_eq!(page.paragraphs, ["losenordet-star-vid-disken"]);
        assert!(
            !text_of(&out, "locales/sv/info.ftl").unwrap().contains("natet"),
            "the removed paragraph's text is gone"
        );
    }

    /// As a service's questions (issue 28, item 8): 2 000 paragraphs of the same words are saved
    /// twice in well under a second (4.9 s before, in a debug build).
    #[test]
    fn a_page_with_two_thousand_paragraphs_is_saved_in_well_under_a_second() {
        let tree = files(&[("assets/languages.toml", LANGUAGES), ("assets/pictograms/clock.svg", "<svg/>")]);
        let start = std::time::Instant::now();
        let mut fields = vec![field("title", "Wifi")];
        fields.extend((0..2000).flat_map(|_| [field("p", ""), field("p-words", "Nätet heter Torget.")]));
        let (saved, page) = apply(&tree, None, &InfoForm::read(&fields));
        let mut again = vec![field("title", "Wifi")];
        again.extend(page.paragraphs.iter().flat_map(|p| [field("p", p), field("p-words", "Nätet heter Torget nu.")]));
        let (saved_again, _) = apply(&saved, Some(&page.id), &InfoForm::read(&again));
        let took = start.elapsed();
        assert_eq!(page.paragraphs[1999], "natet-heter-torget-2000");
        let sv = text_of(&saved_again, "locales/sv/info.ftl").unwrap();
        assert_eq!(sv.lines().filter(|l| l.ends_with(" = Nätet heter Torget nu.")).count(), 2000);
        assert!(took < std::time::Duration::from_secs(2), "two saves of 2 000 paragraphs took {took:?}");
    }
}
