//! Every text of the kiosk's own screens is used by the code, and every language has all of them
//! (the second half is `torget lint`, run on the bundled content in tests/lint.rs).

use std::path::Path;

use torget::i18n::UI_KEYS;

fn sources(dir: &Path, out: &mut String) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("i18n.rs") {
            out.push_str(&std::fs::read_to_string(&p).unwrap());
        }
    }
}

/// The kiosk's code and the content crate's (field errors name their texts in `validate`).
fn kiosk_code() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut code = String::new();
    sources(&root.join("src"), &mut code);
    sources(&root.join("crates/torget-content/src"), &mut code);
    code
}

#[test]
fn every_ui_text_is_used_by_the_code() {
    let code = kiosk_code();
    let unused: Vec<&str> = UI_KEYS
        .iter()
        .copied()
        .filter(|k| !code.contains(&format!("\"{k}\"")))
        // Month names are looked up as month-{n} by i18n::I18n::date.
        .filter(|k| !k.starts_with("month-") && *k != "date-long")
        .collect();
    assert!(unused.is_empty(), "texts in UI_KEYS that no code uses: {unused:?}");
}

#[test]
fn every_text_the_code_asks_for_is_listed() {
    let en = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/en/ui.ftl")).unwrap();
    for line in en.lines() {
        if let Some((id, _)) = line.split_once(" =")
            && !id.starts_with(['#', ' '])
            && !id.is_empty()
        {
            assert!(UI_KEYS.contains(&id), "{id} is in ui.ftl but not in UI_KEYS");
        }
    }
}

#[test]
fn plurals_follow_each_languages_rules() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalog = torget::content::Catalog::load(root).unwrap();
    let i18n = torget::i18n::I18n::load(root, &catalog).unwrap();
    let one = i18n.format("en", "idle-countdown", &[("seconds", 1.into())]);
    let many = i18n.format("en", "idle-countdown", &[("seconds", 5.into())]);
    assert!(one.contains("1 second.") && many.contains("5 seconds."), "{one} / {many}");
    let uk_few = i18n.format("uk", "idle-countdown", &[("seconds", 3.into())]);
    let uk_many = i18n.format("uk", "idle-countdown", &[("seconds", 5.into())]);
    assert_ne!(uk_few.replace('3', ""), uk_many.replace('5', ""), "Ukrainian has a few form");
    let date = time::Date::from_calendar_date(2026, time::Month::December, 24).unwrap();
    assert_eq!(i18n.date("sv", date), "24 december 2026");
}
