//! `torget lint` on the bundled content and on copies broken on purpose: every problem names its
//! file and line.

use std::path::{Path, PathBuf};

use torget::lint::lint;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the bundled content to break.
fn copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("assets"), &dir.path().join("assets"));
    copy_dir(&root().join("locales"), &dir.path().join("locales"));
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Replaces the first `from` by `to` and returns the line it was on.
fn edit(path: &Path, from: &str, to: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    let at = text.find(from).unwrap_or_else(|| panic!("{from:?} not in {}", path.display()));
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    text[..at].lines().count() + 1
}

fn messages(dir: &Path) -> Vec<String> {
    lint(dir).iter().map(|p| p.to_string()).collect()
}

#[test]
fn the_bundled_content_has_no_problems() {
    assert_eq!(messages(&root()), Vec::<String>::new());
}

#[test]
fn bad_toml_is_reported_with_its_line() {
    let dir = copy();
    let file = dir.path().join("assets/services/report-fault.toml");
    let line = edit(&file, "kind = \"text\"", "kind = \"text");
    let m = messages(dir.path());
    assert!(m.iter().any(|m| m.starts_with(&format!("{}:{line}:", file.display()))), "{m:#?}");
}

#[test]
fn an_unknown_field_kind_is_named_with_the_kinds_that_exist() {
    let dir = copy();
    let file = dir.path().join("assets/services/home-help.toml");
    let line = edit(&file, "kind = \"date\"", "kind = \"calendar\"");
    let m = messages(dir.path());
    let hit = m.iter().find(|m| m.contains("calendar")).unwrap_or_else(|| panic!("{m:#?}"));
    assert!(hit.starts_with(&format!("{}:{line}:", file.display())), "{hit}");
    assert!(hit.contains("personal-id"), "the hint lists the kinds: {hit}");
}

#[test]
fn a_question_for_a_time_names_its_calendar_and_only_it_may() {
    let dir = copy();
    let file = dir.path().join("assets/services/book-meeting.toml");
    edit(&file, "resource = \"citizen-office\"\n", "");
    let m = messages(dir.path());
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(m[0].starts_with(&format!("{}:", file.display())), "{m:#?}");
    assert!(m[0].contains("needs a resource"), "{m:#?}");

    let dir = copy();
    let file = dir.path().join("assets/services/report-fault.toml");
    edit(&file, "kind = \"text\"\n", "kind = \"text\"\nresource = \"citizen-office\"\n");
    let m = messages(dir.path());
    assert!(m.iter().any(|m| m.contains("cannot have resource")), "{m:#?}");
}

#[test]
fn a_missing_translation_names_the_language_the_id_and_the_service() {
    let dir = copy();
    let file = dir.path().join("locales/fi/services.ftl");
    let text = std::fs::read_to_string(&file).unwrap();
    let kept: String =
        text.lines().filter(|l| !l.starts_with("report-fault-where-help =")).map(|l| format!("{l}\n")).collect();
    std::fs::write(&file, kept).unwrap();
    let m = messages(dir.path());
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(
        m[0].contains("locales/fi") && m[0].contains("report-fault-where-help") && m[0].contains("report-fault.toml")
    );
}

#[test]
fn a_service_marked_not_ready_in_a_language_needs_no_texts_there_but_the_default_language_is_always_needed() {
    let dir = copy();
    let file = dir.path().join("locales/fi/services.ftl");
    let text = std::fs::read_to_string(&file).unwrap();
    let kept: String = text.lines().filter(|l| !l.starts_with("report-fault-")).map(|l| format!("{l}\n")).collect();
    std::fs::write(&file, kept).unwrap();
    assert!(messages(dir.path()).len() > 5, "every Finnish text of the service missing");
    let service = dir.path().join("assets/services/report-fault.toml");
    edit(&service, "version = 1\n", "version = 1\nnot_ready = [\"fi\"]\n");
    assert_eq!(messages(dir.path()), Vec::<String>::new());

    let line = edit(&service, "not_ready = [\"fi\"]", "not_ready = [\"fi\", \"sv\", \"xx\"]");
    let m = messages(dir.path());
    assert_eq!(m.len(), 2, "{m:#?}");
    assert!(
        m[0].starts_with(&format!(
            "{}:{line}: the default language `sv` cannot be marked not ready",
            service.display()
        ))
    );
    assert!(m[1].contains("not_ready lists `xx`"), "{m:#?}");
}

#[test]
fn show_if_pointing_at_a_later_question_is_refused_with_its_line() {
    let dir = copy();
    let file = dir.path().join("assets/services/parking-permit.toml");
    let line = edit(
        &file,
        "show_if = { step = \"driver\", equals = \"no\" }",
        "show_if = { step = \"certificate\", equals = \"no\" }",
    );
    let m = messages(dir.path());
    let hit = m.iter().find(|m| m.contains("not an earlier question")).unwrap_or_else(|| panic!("{m:#?}"));
    assert!(hit.starts_with(&format!("{}:{line}:", file.display())), "{hit}");
}

#[test]
fn an_unused_text_and_a_fluent_syntax_error_are_reported() {
    let dir = copy();
    let file = dir.path().join("locales/uk/ui.ftl");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("\nbutton-frobnicate = Щось\nbroken-message = { $name\n");
    std::fs::write(&file, text).unwrap();
    let m = messages(dir.path());
    assert!(
        m.iter().any(|m| m.contains("Fluent syntax error") && m.starts_with(&file.display().to_string())),
        "{m:#?}"
    );
    assert!(m.iter().any(|m| m.contains("button-frobnicate") && m.contains("not used")), "{m:#?}");
}

#[test]
fn a_missing_pictogram_and_an_unknown_key_are_reported() {
    let dir = copy();
    let file = dir.path().join("assets/info/opening-hours.toml");
    let line = edit(&file, "pictogram = \"clock\"", "pictogram = \"clock\"\ncolour = \"red\"");
    let m = messages(dir.path());
    assert!(m.iter().any(|m| m.contains("colour") && m.contains(&format!(":{}:", line + 1))), "{m:#?}");
    let file = dir.path().join("assets/services/home-help.toml");
    let line = edit(&file, "pictogram = \"care\"", "pictogram = \"sundial\"");
    let m = messages(dir.path());
    assert!(m.iter().any(|m| m.contains("sundial") && m.contains(&format!(":{line}:"))), "{m:#?}");
}

#[test]
fn hard_swedish_is_flagged_by_lix() {
    let dir = copy();
    let file = dir.path().join("locales/sv/services.ftl");
    let text = std::fs::read_to_string(&file).unwrap();
    let heavy = "report-fault-details-help = Kompletterande beskrivningsinformation avseende skadeomfattningen underlättar handläggningsprocessen, varför sådana uppgifter efterfrågas, exempelvis beträffande gropens dimensioner";
    let text: String = text
        .lines()
        .map(|l| if l.starts_with("report-fault-details-help =") { heavy.to_string() } else { l.to_string() } + "\n")
        .collect();
    std::fs::write(&file, text).unwrap();
    let m = messages(dir.path());
    assert!(m.iter().any(|m| m.contains("LIX") && m.contains("report-fault")), "{m:#?}");
}

#[test]
fn a_broken_keyboard_layout_is_named_with_its_line_and_a_language_without_a_keyboard_is_found() {
    let dir = copy();
    let file = dir.path().join("assets/keyboards/uk.toml");
    let line = edit(&file, "  \"1 2 3 4 5 6 7 8 9 0 ' {backspace:1.5}\"", "  \"1 2 3 4 5 6 7 8 9 0 ' {delete}\"");
    let m = messages(dir.path());
    let at = format!("{}:{line}:", file.display());
    assert!(m.iter().any(|m| m.starts_with(&at) && m.contains("{delete}") && m.contains("{backspace}")), "{m:#?}");
    assert!(m.iter().any(|m| m.contains("no backspace")), "{m:#?}");
    // Ukrainian loses its keyboard altogether.
    std::fs::remove_file(&file).unwrap();
    let m = messages(dir.path());
    assert!(m.iter().any(|m| m.contains("language `uk` has no keyboard")), "{m:#?}");
}
