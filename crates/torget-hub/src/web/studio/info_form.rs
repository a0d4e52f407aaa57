//! An information page edited as a form: its name, its pictogram, and its paragraphs in order,
//! each written in the default language, added, moved and removed with plain form buttons. The
//! form writes the page's TOML file (`torget_content::service_file::InfoFile`) and its
//! default-language texts; translations are written side by side like a service's. The checks of
//! `torget lint` run on the draft and each problem is shown beside the paragraph it concerns.

use std::collections::BTreeMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use torget_content::edit::{Files, InfoEdit, apply_info, languages, message, page_path, pictograms, text_of};
use torget_content::service_file::InfoFile;

use super::checks::{Found, Part, finding};
use super::structure::{Structure, check, not_a_service_id, save, service_id};
use super::{EDIT_FORM_BYTES, EDITORS, Readers, existing_draft, lint_files};
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

/// An information page's form as the browser sent it: the session's token and what the editor wrote.
#[derive(Default, Debug)]
struct InfoForm {
    csrf: String,
    edit: InfoEdit,
}

impl InfoForm {
    fn read(fields: &[(String, String)]) -> InfoForm {
        let mut csrf = String::new();
        let mut form = InfoEdit::default();
        for (name, value) in fields {
            let value = value.replace("\r\n", "\n");
            match name.as_str() {
                "csrf" => csrf = value,
                "title" => form.title = value,
                "pictogram" => form.pictogram = value,
                "p" => form.paragraphs.push((value, String::new())),
                "p-words" => {
                    if let Some(last) = form.paragraphs.last_mut() {
                        last.1 = value;
                    }
                }
                "do" => form.action = value,
                _ => {}
            }
        }
        InfoForm { csrf, edit: form }
    }
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
        &self.edit.title
    }

    fn path(id: &str) -> String {
        page_path(id)
    }

    fn apply(&self, files: &Files, id: Option<&str>, _shown: &Files) -> (Files, String, String) {
        let (files, page) = apply_info(files, id, &self.edit);
        (files, page.id, String::new())
    }

    fn untouched(&self) -> Vec<bool> {
        self.edit.paragraphs.iter().map(|(_, words)| words.trim().is_empty()).collect()
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
    /// The page came back after saving.
    saved: bool,
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
    let draft = match existing_draft(&web, id).await {
        Ok(draft) => draft,
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
    let mut found = super::checks::checks(tr, &langs, &found);
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
        saved: q.saved.as_deref() == Some("1"),
        chrome: Chrome::new(tr, &web.settings.municipality, title, Some((&user, &csrf))),
        tr,
        csrf: csrf.clone(),
        id,
        pid: pid.clone().unwrap_or_else(|| "new".into()),
        editable,
        is_new,
        save_label: tr.t(if is_new { "button-create-page" } else { "button-save" }),
        page_problems: found.service,
        default_language: langs.first().map(|(code, name)| tr.language(code, name)).unwrap_or_default(),
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

    /// The form applied to the tree, as saving it does.
    fn apply(files: &Files, pid: Option<&str>, form: &InfoForm) -> (Files, InfoFile) {
        apply_info(files, pid, &form.edit)
    }

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
