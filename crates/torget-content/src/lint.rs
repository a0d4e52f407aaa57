//! `torget lint`: everything wrong with a content directory, each with file, line and a hint.
//!
//! Runs the structural checks of [`crate::content`] and [`crate::i18n`], then checks texts across
//! languages: every text a service, page or screen needs exists in every language, no language has
//! texts nothing uses, and Swedish and Norwegian service texts stay readable (LIX). The kiosk runs the
//! same checks at start and refuses broken content with the same messages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::content::{Catalog, Problem, ProblemKind, Problems, problem};
use crate::content::{option_values, text_id};
use crate::i18n::{I18n, STAFF_KEYS, UI_KEYS};
use crate::tree::Tree;

/// Most difficult Swedish/Norwegian text allowed for a whole service (LIX); 40 is "easy, like a
/// newspaper for everyone".
pub const MAX_LIX: f64 = 40.0;

/// Most difficult single text of eight words or more: one heavy sentence spoils a page even when
/// the service as a whole reads easily.
pub const MAX_LIX_ONE_TEXT: f64 = 55.0;

/// Where a needed text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub key: String,
    pub source: PathBuf,
    /// Languages the text is not asked for in: those its service is marked not ready in.
    pub not_ready: Vec<String>,
}

/// Every Fluent id the content needs, with the file that needs it.
pub fn content_keys(catalog: &Catalog) -> Vec<Need> {
    let mut needs = Vec::new();
    for s in &catalog.services {
        let mut add = |key: String| needs.push(Need { key, source: s.source.clone(), not_ready: s.not_ready.clone() });
        add(text_id(&[&s.id, "title"]));
        add(text_id(&[&s.id, "next"]));
        for step in &s.steps {
            add(text_id(&[&s.id, &step.id]));
            add(text_id(&[&s.id, &step.id, "help"]));
            if step.kind.has_options() {
                for o in option_values(step) {
                    add(text_id(&[&s.id, &step.id, &o]));
                }
            }
        }
    }
    for p in &catalog.info_pages {
        let source = catalog.root.join("assets").join("info").join(format!("{}.toml", p.id));
        needs.push(Need { key: text_id(&[&p.id, "title"]), source: source.clone(), not_ready: Vec::new() });
        for para in &p.paragraphs {
            needs.push(Need { key: text_id(&[&p.id, para]), source: source.clone(), not_ready: Vec::new() });
        }
    }
    needs
}

/// Loads and checks everything; `Ok` only when there is nothing to fix.
pub fn load_checked(root: &Path) -> Result<(Catalog, I18n), Problems> {
    load_checked_from(&Tree::Disk, root)
}

/// [`load_checked`] of the content under `root` in `tree` (for a tree in memory, the root is `""`).
pub fn load_checked_from(tree: &Tree, root: &Path) -> Result<(Catalog, I18n), Problems> {
    let catalog = Catalog::load_from(tree, root)?;
    let (i18n, mut problems) = I18n::load_with_problems(root, &catalog);
    problems.extend(check_texts(&catalog, &i18n));
    if problems.is_empty() { Ok((catalog, i18n)) } else { Err(Problems(problems)) }
}

/// All problems of the content under `root` (empty when it is fine).
pub fn lint(root: &Path) -> Vec<Problem> {
    lint_tree(&Tree::Disk, root)
}

/// All problems of the content under `root` in `tree`; a draft held in memory is checked with
/// `lint_tree(&Tree::memory(files), Path::new(""))`, every path in the problems relative to it.
pub fn lint_tree(tree: &Tree, root: &Path) -> Vec<Problem> {
    match load_checked_from(tree, root) {
        Ok(_) => Vec::new(),
        Err(Problems(p)) => p,
    }
}

fn check_texts(catalog: &Catalog, i18n: &I18n) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut needed: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut waived: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for need in content_keys(catalog) {
        waived.entry(need.key.clone()).or_insert(need.not_ready);
        needed.entry(need.key).or_insert(need.source);
    }
    let ui: BTreeSet<&str> = UI_KEYS.iter().chain(STAFF_KEYS).copied().collect();
    for lang in &catalog.languages {
        let dir = catalog.root.join("locales").join(&lang.code);
        let missing = |key: &str| ProblemKind::MissingText { language: lang.code.clone(), key: key.to_string() };
        let Some(defined) = i18n.defined(&lang.code) else { continue };
        for key in UI_KEYS {
            if !defined.contains_key(*key) {
                problems.push(
                    problem(
                        &dir.join("ui.ftl"),
                        None,
                        format!("missing text `{key}` (used by the kiosk's screens)"),
                        format!("add `{key} = …` in {} ", lang.endonym),
                    )
                    .of_kind(missing(key)),
                );
            }
        }
        if lang.code == catalog.default_language {
            for key in STAFF_KEYS {
                if !defined.contains_key(*key) {
                    problems.push(
                        problem(
                            &dir.join("staff.ftl"),
                            None,
                            format!("missing text `{key}` (used by staff mode, which shows the default language)"),
                            format!("add `{key} = …` in {}", lang.endonym),
                        )
                        .of_kind(missing(key)),
                    );
                }
            }
        }
        for (key, source) in &needed {
            let not_ready = waived.get(key).is_some_and(|w| w.contains(&lang.code));
            if !defined.contains_key(key) && !not_ready {
                problems.push(
                    problem(
                        &dir,
                        None,
                        format!("missing text `{key}` (needed by {})", source.display()),
                        format!("add `{key} = …` to one of the .ftl files in {}", dir.display()),
                    )
                    .of_kind(missing(key)),
                );
            }
        }
        for (key, at) in defined {
            if !ui.contains(key.as_str()) && !needed.contains_key(key) {
                problems.push(
                    problem(
                        &at.file,
                        Some(at.line),
                        format!("text `{key}` is not used by any service, page or screen"),
                        "remove it, or check the spelling of the id against the service file",
                    )
                    .of_kind(ProblemKind::UnusedText { language: lang.code.clone(), key: key.clone() }),
                );
            }
        }
        if let Err(e) = crate::pronunciation::Pronunciation::load_from(&catalog.tree, &catalog.root, &lang.code) {
            problems.push(problem(
                &dir.join("speech.toml"),
                None,
                e,
                "see docs/content.md: [abbreviations] and [spelling]",
            ));
        }
        if LIX_LANGUAGES.contains(&lang.code.as_str()) {
            for s in catalog.services.iter().filter(|s| s.ready_in(&lang.code)) {
                // Only the language's own texts: a missing one is reported above, not measured in
                // the default language's words.
                let own = |(k, src): &(&String, &PathBuf)| {
                    **src == s.source && k.starts_with(&s.id) && defined.contains_key(k.as_str())
                };
                let texts: Vec<String> =
                    needed.iter().filter(|n| own(n)).map(|(k, _)| i18n.text(&lang.code, k)).collect();
                for (key, _) in needed.iter().filter(|n| own(n)) {
                    let text = i18n.text(&lang.code, key);
                    if let Some(score) = too_hard(&text) {
                        let at = defined.get(key);
                        let lix = score.round() as u32;
                        problems.push(
                            problem(
                                at.map_or(dir.as_path(), |d| d.file.as_path()),
                                at.map(|d| d.line),
                                format!("text `{key}` is hard to read (LIX {score:.0}, at most {MAX_LIX_ONE_TEXT:.0})"),
                                "split it into short sentences and use everyday words",
                            )
                            .of_kind(ProblemKind::HardText {
                                language: lang.code.clone(),
                                key: key.clone(),
                                lix,
                            }),
                        );
                    }
                }
                let score = lix(&texts);
                if score > MAX_LIX {
                    problems.push(problem(
                        &dir.join("services.ftl"),
                        None,
                        format!(
                            "the {} texts of `{}` are hard to read (LIX {score:.0}, at most {MAX_LIX:.0})",
                            lang.endonym, s.id
                        ),
                        "use shorter sentences and shorter, everyday words",
                    ));
                }
            }
        }
    }
    problems
}

/// The LIX of one text when it is too hard to read on its own (eight words or more, LIX above
/// [`MAX_LIX_ONE_TEXT`]): the rule `torget lint` applies to Swedish and Norwegian texts, and the
/// content studio shows beside each text.
pub fn too_hard(text: &str) -> Option<f64> {
    let score = lix(&[text.to_string()]);
    (text.split_whitespace().count() >= 8 && score > MAX_LIX_ONE_TEXT).then_some(score)
}

/// Languages whose texts are checked for readability (LIX is made for Swedish and Norwegian).
pub const LIX_LANGUAGES: [&str; 2] = ["sv", "nb"];

/// LIX readability: words per sentence plus the percentage of words longer than six letters.
/// Each text counts as at least one sentence (questions and labels often have no full stop).
pub fn lix(texts: &[String]) -> f64 {
    let mut words = 0usize;
    let mut long = 0usize;
    let mut sentences = 0usize;
    for t in texts {
        let mut in_text = 0;
        for w in t.split_whitespace() {
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            if letters == 0 {
                continue;
            }
            words += 1;
            in_text += 1;
            if letters > 6 {
                long += 1;
            }
        }
        let ends = t.matches(['.', '!', '?', ':']).count();
        sentences += ends.max(usize::from(in_text > 0));
    }
    if words == 0 || sentences == 0 {
        return 0.0;
    }
    words as f64 / sentences as f64 + 100.0 * long as f64 / words as f64
}

/// Installs a signed content bundle on a kiosk, refusing it unless it passes these same checks.
pub fn install_bundle(
    data_dir: &Path,
    signed: &torget_common::bundle::SignedBundle,
    verifying_key: &str,
) -> Result<PathBuf, torget_common::bundle::BundleError> {
    torget_common::bundle::install(data_dir, signed, verifying_key, |dir| {
        load_checked(dir).map(|_| ()).map_err(|problems| problems.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lix_of_plain_and_of_heavy_swedish() {
        let plain = lix(&["Vad är fel? Välj det som passar bäst.".to_string()]);
        let heavy =
            lix(&["Ansökan om parkeringstillstånd för rörelsehindrade handläggs av kommunens tillståndsenhet."
                .to_string()]);
        assert!(plain < 30.0, "{plain}");
        assert!(heavy > 50.0, "{heavy}");
    }

    #[test]
    fn content_in_memory_is_checked_as_the_same_files_on_disk_and_problems_carry_their_kind() {
        let mut files = torget_testing::content_files();
        for (path, bytes) in &mut files {
            let text = String::from_utf8(bytes.clone()).unwrap_or_default();
            if path == "locales/nb/services.ftl" {
                // One text gone in Norwegian, one made hard to read.
                let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("report-fault-title ")).collect();
                *bytes = (kept.join("\n") + "\n").into_bytes();
            }
            if path == "locales/sv/services.ftl" {
                let hard = "report-fault-what = Vänligen specificera vilken kategori av infrastrukturproblematik anmälningsärendet huvudsakligen beträffar\n";
                let changed: Vec<String> =
                    text.lines()
                        .map(|l| {
                            if l.starts_with("report-fault-what ") {
                                hard.trim_end().to_string()
                            } else {
                                l.to_string()
                            }
                        })
                        .collect();
                *bytes = (changed.join("\n") + "\n").into_bytes();
            }
        }
        let disk = tempfile::tempdir().unwrap();
        for (path, bytes) in &files {
            let target = disk.path().join(path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, bytes).unwrap();
        }
        let in_memory = lint_tree(&Tree::memory(files), Path::new(""));
        let on_disk: Vec<Problem> = lint(disk.path())
            .into_iter()
            .map(|mut p| {
                p.file = p.file.strip_prefix(disk.path()).map(Path::to_path_buf).unwrap_or(p.file);
                let inside = format!("{}/", disk.path().display());
                p.message = p.message.replace(&inside, "");
                p.hint = p.hint.replace(&inside, "");
                p
            })
            .collect();
        assert_eq!(in_memory, on_disk);
        let missing = ProblemKind::MissingText { language: "nb".into(), key: "report-fault-title".into() };
        assert!(in_memory.iter().any(|p| p.kind == missing), "{in_memory:#?}");
        assert!(
            in_memory.iter().any(|p| matches!(&p.kind,
                ProblemKind::HardText { language, key, lix } if language == "sv" && key == "report-fault-what" && *lix > 55)),
            "{in_memory:#?}"
        );
    }
}
