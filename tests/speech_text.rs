//! What the kiosk reads aloud for each page: everything on it, in order, in the page's language,
//! prepared for the synthesiser, and never a sensitive answer.

use std::path::Path;
use std::time::{Duration, Instant};

mod common;

use torget::app::{Action, App};
use torget::speech::Speech;

fn app(dir: &Path) -> App {
    let mut app = App::new(common::app_parts(dir.join("kiosk.db")).0, Instant::now());
    // A speech thread whose engine may or may not be reachable; the text is the same either way.
    app.set_speech(Speech::start(Default::default()));
    app
}

fn spoken(app: &App) -> Vec<(String, String)> {
    app.spoken_page(&app.view(Instant::now()))
}

fn act(app: &mut App, actions: &[Action]) {
    for a in actions {
        app.handle(a.clone(), Instant::now());
    }
}

fn lang_index(app: &App, code: &str) -> usize {
    app.catalog().languages.iter().position(|l| l.code == code).unwrap()
}

#[test]
fn a_question_page_is_read_title_question_help_options_then_buttons() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    let sv = lang_index(&app, "sv");
    let fault = app.catalog().services.iter().position(|s| s.id == "report-fault").unwrap();
    act(&mut app, &[Action::Start, Action::ChooseLanguage(sv), Action::OpenService(fault), Action::Choose(1)]);
    let parts = spoken(&app);
    assert_eq!(parts.len(), 1);
    let (text, lang) = &parts[0];
    assert_eq!(lang, "sv");
    let t = |k: &str| app.i18n().text("sv", k);
    let order = [
        t("report-fault-title"),
        t("report-fault-what"),
        t("report-fault-what-help").trim_end_matches('.').to_string(),
        t("report-fault-what-street-light"),
        format!("{}, {}", t("report-fault-what-pothole"), t("selected")),
        t("report-fault-what-other"),
        t("button-back"),
        t("button-next"),
    ];
    let mut at = 0;
    for piece in &order {
        let found =
            text[at..].find(piece.as_str()).unwrap_or_else(|| panic!("{piece:?} missing or out of order in {text:?}"));
        at += found + piece.len();
    }
}

#[test]
fn errors_are_read_and_arabic_is_read_in_arabic_without_bidi_marks() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    let ar = lang_index(&app, "ar");
    let fault = app.catalog().services.iter().position(|s| s.id == "report-fault").unwrap();
    act(&mut app, &[Action::Start, Action::ChooseLanguage(ar), Action::OpenService(fault), Action::Next]);
    let (text, lang) = &spoken(&app)[0];
    assert_eq!(lang, "ar");
    assert!(text.contains(app.i18n().text("ar", "error-required").trim_end_matches('.')), "{text}");
    assert!(!text.chars().any(|c| matches!(c, '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')));
}

#[test]
fn abbreviations_are_read_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    let sv = lang_index(&app, "sv");
    let page = app.catalog().info_pages.iter().position(|p| p.id == "opening-hours").unwrap();
    act(&mut app, &[Action::Start, Action::ChooseLanguage(sv), Action::OpenInfo(page)]);
    assert!(app.i18n().text("sv", "opening-hours-town-hall").contains("kl."), "the page uses the abbreviation");
    let (text, _) = &spoken(&app)[0];
    assert!(text.contains("klockan") && !text.contains(" kl. "), "{text}");
}

#[test]
fn sensitive_answers_are_never_read_and_the_reference_is_spelled() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    to_permit_review(&mut app);
    let (review, _) = &spoken(&app)[0];
    let name_question = app.view(Instant::now()).review[1].question.clone();
    assert!(review.contains(&name_question), "the questions are read: {review}");
    assert!(!review.contains("Anna Lind"), "no typed answer through the loudspeaker: {review}");
    assert!(!review.contains("811218") && !review.contains("9876"), "{review}");
    act(&mut app, &[Action::Send]);
    let reference = app.session().reference().unwrap().to_string();
    let (receipt, _) = &spoken(&app)[0];
    let pronunciation = torget::speech::Pronunciation::load(Path::new(env!("CARGO_MANIFEST_DIR")), "sv").unwrap();
    assert!(receipt.contains(&pronunciation.spell(&reference)), "{receipt}");
    let first = reference.chars().next().unwrap().to_string();
    assert!(pronunciation.spelling.contains_key(&first), "every code character has a spoken name");
}

#[test]
fn the_language_page_says_each_language_in_its_own_voice() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    act(&mut app, &[Action::ToggleSpeech, Action::Start]);
    let parts = spoken(&app);
    for l in app.catalog().languages.clone() {
        assert!(parts.contains(&(l.endonym.clone(), l.code.clone())), "{} in its own language", l.endonym);
    }
}

#[test]
fn speech_settings_are_forgotten_when_the_visit_ends() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    act(&mut app, &[Action::ToggleSpeech, Action::Start, Action::Faster, Action::Faster, Action::Louder]);
    assert_eq!(app.session().speech(), Some((2, 1)));
    act(&mut app, &[Action::ChooseLanguage(0), Action::OpenInfo(0), Action::Back]);
    app.tick(Instant::now() + Duration::from_secs(200));
    app.tick(Instant::now() + Duration::from_secs(400));
    assert_eq!(app.session().speech(), None, "the next visitor starts with speech off and default settings");
}

/// An app whose speech commands can be read back, and which has a headphone jack when asked.
fn listening_app(dir: &Path, jack: bool) -> (App, std::sync::mpsc::Receiver<torget::speech::Command>) {
    let mut app = app(dir);
    let (tx, rx) = std::sync::mpsc::channel();
    app.set_speech(Speech::to_channel(tx, &["sv", "nb", "fi", "en", "uk", "ar"]));
    app.set_headphone_jack(jack);
    (app, rx)
}

fn said(rx: &std::sync::mpsc::Receiver<torget::speech::Command>) -> Vec<String> {
    rx.try_iter()
        .filter_map(|c| match c {
            torget::speech::Command::Say(parts) => {
                Some(parts.into_iter().map(|(t, _)| t).collect::<Vec<_>>().join(" | "))
            }
            _ => None,
        })
        .collect()
}

fn to_permit_review(app: &mut App) {
    common::permit_review(app, "811218-9876", "Anna Lind");
}

#[test]
fn each_page_change_is_queued_once_and_the_end_of_the_visit_silences_speech() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, rx) = listening_app(dir.path(), false);
    act(&mut app, &[Action::ToggleSpeech]);
    let first = said(&rx);
    assert_eq!(first.len(), 1, "turning speech on reads the start screen: {first:?}");
    act(&mut app, &[Action::Start]);
    assert_eq!(said(&rx).len(), 1, "the language page, once");
    act(&mut app, &[Action::ChooseLanguage(0)]);
    assert_eq!(said(&rx).len(), 1, "the home page");
    act(&mut app, &[Action::Edit("nothing on this page".into())]);
    assert!(said(&rx).is_empty(), "no page change, nothing new is said");
    act(&mut app, &[Action::Listen]);
    assert_eq!(said(&rx).len(), 1, "Listen reads the page again");
    app.tick(Instant::now() + Duration::from_secs(100));
    let warning = said(&rx);
    assert!(warning[0].contains(&app.i18n().text("sv", "idle-title").trim_end_matches('?').to_string()), "{warning:?}");
    app.tick(Instant::now() + Duration::from_secs(200));
    let after: Vec<_> = rx.try_iter().collect();
    assert!(after.contains(&torget::speech::Command::Stop), "speech stops when the visit is wiped: {after:?}");
    assert!(after.contains(&torget::speech::Command::Forget), "and forgets what it said: {after:?}");
}

#[test]
fn headphones_hear_the_answers_of_the_review_page_but_never_a_sensitive_one() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _rx) = listening_app(dir.path(), true);
    act(&mut app, &[Action::ToggleSpeech]);
    to_permit_review(&mut app);
    act(&mut app, &[Action::ToggleReveal]);
    let view = app.view(Instant::now());
    assert!(view.review.iter().any(|r| r.answer.contains("19811218-9876")), "shown on screen after Show");
    assert!(!spoken(&app)[0].0.contains("9876"), "but not read aloud");
    assert!(!spoken(&app)[0].0.contains("Anna Lind"), "nor any typed answer, through the loudspeaker");
    assert!(!view.speech.private.is_empty(), "a kiosk with a jack offers headphones");
    act(&mut app, &[Action::TogglePrivateListening]);
    let on_headphones = &spoken(&app)[0].0;
    assert!(on_headphones.contains("Anna Lind"), "typed answers on the visitor's headphones: {on_headphones}");
    assert!(!on_headphones.contains("9876"), "a sensitive answer never: {on_headphones}");
    assert!(on_headphones.contains(&app.i18n().text("sv", "field-hidden")));
}

#[test]
fn each_review_row_reads_its_own_answer_when_asked_and_a_sensitive_one_as_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, rx) = listening_app(dir.path(), false);
    to_permit_review(&mut app);
    assert!(said(&rx).is_empty(), "speech is off");
    act(&mut app, &[Action::ListenAnswer(1)]);
    let name = said(&rx);
    assert_eq!(name.len(), 1);
    assert!(name[0].contains("Anna Lind"), "{name:?}");
    act(&mut app, &[Action::ToggleReveal, Action::ListenAnswer(0)]);
    let number = said(&rx);
    assert!(!number[0].contains("9876"), "{number:?}");
    assert!(number[0].contains(&app.i18n().text("sv", "field-hidden")), "{number:?}");
}

#[test]
fn without_a_headphone_jack_private_listening_is_not_offered() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _rx) = listening_app(dir.path(), false);
    act(&mut app, &[Action::ToggleSpeech]);
    to_permit_review(&mut app);
    assert!(app.view(Instant::now()).speech.private.is_empty());
    act(&mut app, &[Action::TogglePrivateListening]);
    assert!(!spoken(&app)[0].0.contains("9876"));
}

#[test]
fn a_paragraph_speaker_button_reads_that_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, rx) = listening_app(dir.path(), false);
    let sv = lang_index(&app, "sv");
    let page = app.catalog().info_pages.iter().position(|p| p.id == "opening-hours").unwrap();
    act(&mut app, &[Action::Start, Action::ChooseLanguage(sv), Action::OpenInfo(page)]);
    assert!(said(&rx).is_empty(), "speech is off");
    act(&mut app, &[Action::ListenParagraph(1)]);
    let library = app.i18n().text("sv", "opening-hours-library");
    assert_eq!(said(&rx), vec![library.replace("kl.", "klockan")]);
}

#[test]
fn a_language_without_a_voice_says_so_in_that_language() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    let (tx, rx) = std::sync::mpsc::channel();
    app.set_speech(Speech::to_channel(tx, &["sv"]));
    let fi = lang_index(&app, "fi");
    act(&mut app, &[Action::ToggleSpeech, Action::Start, Action::ChooseLanguage(fi)]);
    assert_eq!(app.view(Instant::now()).speech.notice, app.i18n().text("fi", "speech-unavailable"));
    drop(rx);
}
