//! What `torget lint` says of a draft, placed on a form: beside the question (or paragraph) or
//! the service (or page) it concerns, by the problem's kind and text, and worded for editors.

use torget_content::content::{Problem, ProblemKind, Rule};

use crate::web::layout::Tr;

/// What `torget lint` says of the draft, sorted to where it belongs on the form: the service
/// itself, one of its questions, or elsewhere in the content; worded for the page.
#[derive(serde::Serialize, Default)]
pub(super) struct Checks {
    pub(super) service: Vec<String>,
    pub(super) questions: Vec<Vec<String>>,
    pub(super) elsewhere: usize,
}

/// One thing the checks found on the form.
#[derive(Debug, PartialEq)]
pub(super) enum Finding {
    /// A text missing in a language (its code).
    Missing(String),
    /// A text too hard to read: which text of the question or service, and its LIX.
    Hard(Part, i64),
    /// A rule of the structure broken.
    Rule(Rule),
    /// Anything else, as `torget lint` says it.
    Said(String),
}

/// Which text of a question or service a finding is about.
#[derive(Debug, PartialEq)]
pub(super) enum Part {
    Question,
    Help,
    Option(String),
    Title,
    Next,
    Paragraph,
}

/// What the checks say, sorted: of the whole service or page, of each question or paragraph,
/// and how many problems are elsewhere in the content.
#[derive(Default)]
pub(super) struct Found {
    pub(super) service: Vec<Finding>,
    pub(super) questions: Vec<Vec<Finding>>,
    pub(super) elsewhere: usize,
}

/// A problem of the linter as a finding on the form: when it is about `part` (a text of the
/// service or page), a text missing in a language or a text too hard to read; else what the
/// linter said.
pub(super) fn finding(p: &Problem, part: Option<Part>) -> Finding {
    match (&p.kind, part) {
        (ProblemKind::MissingText { language, .. }, Some(_)) => Finding::Missing(language.clone()),
        (ProblemKind::HardText { lix, .. }, Some(part)) => Finding::Hard(part, i64::from(*lix)),
        (ProblemKind::Rule(rule), _) => Finding::Rule(*rule),
        _ if p.hint.is_empty() => Finding::Said(p.message.clone()),
        _ => Finding::Said(format!("{} ({})", p.message, p.hint)),
    }
}

/// Findings in words: missing texts counted per language (in the languages' order), then each
/// hard text, then what the linter said.
pub(super) fn worded(tr: Tr, languages: &[(String, String)], findings: &[Finding]) -> Vec<String> {
    let mut lines = Vec::new();
    for (code, name) in languages {
        let count = findings.iter().filter(|f| **f == Finding::Missing(code.clone())).count();
        if count > 0 {
            lines.push(
                tr.args("service-missing", &[("language", tr.language(code, name).into()), ("count", count.into())]),
            );
        }
    }
    for f in findings {
        match f {
            Finding::Hard(part, lix) => {
                let what = match part {
                    Part::Question => tr.t("service-part-question"),
                    Part::Help => tr.t("service-part-help"),
                    Part::Title => tr.t("service-part-title"),
                    Part::Next => tr.t("service-part-next"),
                    Part::Paragraph => tr.t("service-part-paragraph"),
                    Part::Option(option) => tr.t1("service-part-option", "option", option),
                };
                let max = torget_content::lint::MAX_LIX_ONE_TEXT as i64;
                lines.push(
                    tr.args("service-hard", &[("part", what.into()), ("lix", (*lix).into()), ("max", max.into())]),
                );
            }
            Finding::Rule(rule) => lines.push(rule_words(tr, *rule)),
            Finding::Said(said) => lines.push(said.clone()),
            Finding::Missing(_) => {}
        }
    }
    lines
}

/// A broken rule of a service's or page's structure, in the staff's words.
pub(super) fn rule_words(tr: Tr, rule: Rule) -> String {
    tr.t(&format!("rule-{}", rule.name()))
}

pub(super) fn checks(tr: Tr, languages: &[(String, String)], found: &Found) -> Checks {
    Checks {
        service: worded(tr, languages, &found.service),
        questions: found.questions.iter().map(|q| worded(tr, languages, q)).collect(),
        elsewhere: found.elsewhere,
    }
}
