//! A draft's texts side by side in every language: what is missing, what is hard to read, and
//! editing them, each text written back into the Fluent file that holds it.

use std::collections::{BTreeMap, HashMap};

use axum::Form;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use torget_content::edit::{INFO_TEXTS, SERVICE_TEXTS};

use torget_content::content::Problem;

use super::{Editors, existing_draft, lint_files, tree_of};
use crate::content::DraftState;
use crate::web::Web;
use crate::web::layout::Tr;
use crate::web::signed_in::SignedIn;

/// A service's texts in every language of a draft, with what is missing and what is hard to read.
pub(super) struct TextsView {
    pub(super) service: String,
    pub(super) languages: Vec<String>,
    /// Per language: texts the whole content needs and the language lacks.
    pub(super) missing: Vec<usize>,
    /// Per language: its name in itself, from the content.
    pub(super) endonyms: Vec<String>,
    /// Per text of the service: its id, what it is on the page, and per language its words and,
    /// when too hard, their LIX.
    pub(super) rows: Vec<(String, TextPart, Vec<Option<Words>>)>,
    /// The languages the service is marked not ready in.
    pub(super) not_ready: Vec<String>,
    /// The file a new text goes in when the language has none of the service's (or page's) texts.
    pub(super) file: &'static str,
}

/// What a text is on the kiosk's page, for a row's label (questions counted from 1).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum TextPart {
    Title,
    Next,
    Question(usize),
    Help(usize),
    /// An answer to a question.
    Answer(usize),
    Paragraph(usize),
    Other,
}

/// A text's words in one language, and their LIX when they are too hard to read.
type Words = (String, Option<f64>);

/// A draft's content as read by the content crate, for the pages that show it.
pub(super) struct Loaded {
    catalog: torget_content::content::Catalog,
    i18n: torget_content::i18n::I18n,
}

impl Loaded {
    fn read(files: &BTreeMap<String, String>) -> Option<Loaded> {
        let root = std::path::Path::new("");
        let catalog = torget_content::content::Catalog::load_from(&tree_of(files).ok()?, root).ok()?;
        let i18n = torget_content::i18n::I18n::load_with_problems(root, &catalog).0;
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
        let mut listed: Vec<(String, String)> =
            catalog.languages.iter().map(|l| (l.code.clone(), l.endonym.clone())).collect();
        listed.sort_by_key(|(l, _)| *l != catalog.default_language);
        let (languages, endonyms): (Vec<String>, Vec<String>) = listed.into_iter().unzip();
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
        // What each text of the owner is: its name, what happens next, a question, its help or an
        // answer, or a paragraph.
        let mut parts: HashMap<String, TextPart> = HashMap::new();
        parts.insert(format!("{owner}-title"), TextPart::Title);
        parts.insert(format!("{owner}-next"), TextPart::Next);
        if let Some(s) = catalog.service(&owner) {
            for (n, step) in s.steps.iter().enumerate() {
                parts.insert(format!("{owner}-{}", step.id), TextPart::Question(n + 1));
                parts.insert(format!("{owner}-{}-help", step.id), TextPart::Help(n + 1));
                for option in &step.options {
                    parts.insert(format!("{owner}-{}-{option}", step.id), TextPart::Answer(n + 1));
                }
            }
        }
        if let Some(p) = catalog.info_page(&owner) {
            for (n, paragraph) in p.paragraphs.iter().enumerate() {
                parts.insert(format!("{owner}-{paragraph}"), TextPart::Paragraph(n + 1));
            }
        }
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
                (n.key.clone(), parts.get(&n.key).cloned().unwrap_or(TextPart::Other), cells)
            })
            .collect();
        Some(TextsView { service: owner, languages, endonyms, missing, rows, not_ready, file })
    }
}

/// What the draft page shows of a draft, from one unpacking: the checks' problems, the preview
/// form's choices, and the chosen service's texts.
pub(super) struct Examined {
    pub(super) problems: Result<Vec<Problem>, String>,
    pub(super) choices: (Vec<(String, String)>, Vec<String>),
    pub(super) texts: Option<TextsView>,
}

pub(super) async fn examine(files: &BTreeMap<String, String>, service: Option<String>) -> Examined {
    let files = files.clone();
    tokio::task::spawn_blocking(move || {
        let loaded = Loaded::read(&files);
        Examined {
            problems: lint_files(&files),
            choices: loaded.as_ref().map(Loaded::choices).unwrap_or_default(),
            texts: loaded.as_ref().and_then(|l| l.texts(service.as_deref())),
        }
    })
    .await
    .unwrap_or_else(|e| Examined { problems: Err(e.to_string()), choices: Default::default(), texts: None })
}

/// The texts of `service` in a content tree, for saving edits against them.
pub(super) async fn texts_view(files: &BTreeMap<String, String>, service: Option<String>) -> Option<TextsView> {
    let files = files.clone();
    tokio::task::spawn_blocking(move || Loaded::read(&files)?.texts(service.as_deref())).await.ok().flatten()
}

/// The texts as the draft page shows them: a column per language, editable in a draft.
pub(super) struct TextsTable {
    pub(super) service: String,
    pub(super) editable: bool,
    pub(super) languages: Vec<Column>,
    pub(super) rows: Vec<TextRow>,
}

/// A language's column: how many texts it lacks, and whether the service is marked not ready in it.
pub(super) struct Column {
    pub(super) code: String,
    /// The language's name in the page's language.
    pub(super) name: String,
    pub(super) missing: usize,
    pub(super) not_ready: bool,
}

pub(super) struct TextRow {
    pub(super) key: String,
    /// What the text is, in the page's words.
    pub(super) label: String,
    pub(super) cells: Vec<Cell>,
}

pub(super) struct Cell {
    pub(super) lang: String,
    pub(super) rtl: bool,
    pub(super) missing: bool,
    pub(super) text: String,
    /// The words' LIX, rounded, when they are too hard to read.
    pub(super) hard: Option<i64>,
}

impl TextsTable {
    pub(super) fn new(tr: Tr, view: TextsView, editable: bool) -> TextsTable {
        let languages = view
            .languages
            .iter()
            .zip(&view.missing)
            .zip(&view.endonyms)
            .map(|((code, missing), endonym)| Column {
                code: code.clone(),
                name: tr.language(code, endonym),
                missing: *missing,
                not_ready: view.not_ready.contains(code),
            })
            .collect();
        let rows = view
            .rows
            .into_iter()
            .map(|(key, part, cells)| TextRow {
                label: match part {
                    TextPart::Title => tr.t("text-part-title"),
                    TextPart::Next => tr.t("text-part-next"),
                    TextPart::Question(n) => tr.n("text-part-question", "n", n),
                    TextPart::Help(n) => tr.n("text-part-help", "n", n),
                    TextPart::Answer(n) => tr.n("text-part-answer", "n", n),
                    TextPart::Paragraph(n) => tr.n("text-part-paragraph", "n", n),
                    TextPart::Other => key.clone(),
                },
                key,
                cells: cells
                    .into_iter()
                    .zip(&view.languages)
                    .map(|(cell, lang)| Cell {
                        lang: lang.clone(),
                        rtl: lang == "ar",
                        missing: cell.is_none(),
                        hard: cell.as_ref().and_then(|(_, hard)| hard.map(|score| score.round() as i64)),
                        text: cell.map(|(text, _)| text).unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect();
        TextsTable { service: view.service, editable, languages, rows }
    }
}

/// The texts of one service, as edited side by side: only the texts that changed are written,
/// each in the file that holds it; the draft's checks then run again.
pub(super) async fn edit_texts(
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
    let mut draft = match existing_draft(&web, id).await {
        Ok(draft) => draft,
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
        let rows: HashMap<&str, &Vec<_>> = view.rows.iter().map(|(k, _, cells)| (k.as_str(), cells)).collect();
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
            torget_content::edit::write_text_in(&mut draft.files, l, &view.service, key, &value, view.file);
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
    Redirect::to(&format!("/content/draft/{id}?service={service}&saved=1#texts")).into_response()
}
