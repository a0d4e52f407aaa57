//! Visitors' journeys through the real window (Slint testing backend), finding controls by their
//! accessible label as a screen reader would, and checking what reached the disk.

mod common;

use std::time::Duration;

use common::{IDLE, TestKiosk, WARNING};
use rusqlite::Connection;
use torget::protocol::Submission;
use torget::session::{Answer, Screen};
use torget::store::{OutboxItem, Store, StoreOptions};

/// Rows of the outbox as another process would see them: (reference, sealed bytes).
fn committed_rows(kiosk: &TestKiosk) -> Vec<(String, Vec<u8>)> {
    let conn = Connection::open(kiosk.database()).unwrap();
    let mut stmt = conn.prepare("SELECT reference, sealed FROM outbox").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

fn complete_service(kiosk: &TestKiosk, service: &str) {
    kiosk.open_service(service);
    let mut guard = 0;
    while kiosk.screen() == Screen::Question {
        kiosk.answer_current_validly();
        guard += 1;
        assert!(guard < 30, "the service never reached the summary");
    }
    assert_eq!(kiosk.screen(), Screen::Review, "after the last question comes the summary");
}

#[test]
fn every_demo_service_can_be_completed_in_swedish_and_arabic_and_is_sealed_on_disk() {
    let services: Vec<String> =
        TestKiosk::new().ui.with_app(|a| a.catalog().services.iter().map(|s| s.id.clone()).collect());
    assert!(services.len() >= 5);
    for lang in ["sv", "ar"] {
        for service in &services {
            let kiosk = TestKiosk::new();
            kiosk.start_in(lang);
            complete_service(&kiosk, service);
            kiosk.press_text("button-send");
            assert_eq!(kiosk.screen(), Screen::Receipt, "{service} in {lang}");
            let reference = kiosk.ui.with_app(|a| a.session().reference().unwrap().to_string());
            assert!(torget::reference::is_valid(&reference));
            assert!(!kiosk.find(&reference).is_empty() || kiosk.all_text().contains(&reference), "reference shown");

            let rows = committed_rows(&kiosk);
            assert_eq!(rows.len(), 1, "exactly one request on disk");
            let (stored_reference, sealed) = &rows[0];
            assert_eq!(stored_reference, &reference);
            for plain in ["TESTMARK", "811218", "0701234567", "anna@nordvik.se", "Anna"] {
                assert!(!sealed.windows(plain.len()).any(|w| w == plain.as_bytes()), "{plain} readable on disk");
            }
            let submission: Submission = serde_json::from_slice(&kiosk.key.open(sealed).unwrap()).unwrap();
            assert_eq!(&submission.service_id, service);
            assert_eq!(submission.lang, lang);
            assert_eq!(submission.kiosk_id, "test-kiosk");
            assert_eq!(torget::reference::from_id(submission.id), reference);
            assert!(!submission.answers.is_empty());
        }
    }
}

#[test]
fn a_validation_error_blocks_next_and_names_the_problem() {
    let kiosk = TestKiosk::new();
    kiosk.start_in("sv");
    kiosk.open_service("parking-permit");
    kiosk.type_answer("811218-9875");
    kiosk.press_text("button-next");
    assert_eq!(kiosk.screen(), Screen::Question, "still on the question");
    let message = kiosk.t("error-personal-id");
    assert!(!kiosk.find(&message).is_empty(), "the error is shown in words");
    kiosk.type_answer("811218-9876");
    assert!(kiosk.find(&message).is_empty(), "typing clears the error");
    kiosk.press_text("button-next");
    assert_eq!(kiosk.ui.with_app(|a| a.session().current_step().unwrap().id.clone()), "name");
}

#[test]
fn an_empty_required_answer_is_refused_in_the_visitors_language() {
    let kiosk = TestKiosk::new();
    kiosk.start_in("uk");
    kiosk.open_service("report-fault");
    kiosk.press_text("button-next");
    assert!(!kiosk.find(&kiosk.t("error-required")).is_empty());
    assert!(kiosk.t("error-required").chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)), "Cyrillic");
}

#[test]
fn visitor_switches_to_arabic_mid_form_and_keeps_answers_and_place() {
    let kiosk = TestKiosk::new();
    kiosk.start_in("sv");
    kiosk.open_service("report-fault");
    kiosk.press(&kiosk.t("report-fault-what-pothole"));
    kiosk.press_text("button-next");
    kiosk.type_answer("Storgatan 12");
    kiosk.choose_language("ar");
    assert_eq!(kiosk.screen(), Screen::Question);
    assert_eq!(kiosk.ui.with_app(|a| a.session().current_step().unwrap().id.clone()), "where");
    assert!(kiosk.ui.is_rtl(), "Arabic is right to left");
    assert!(!kiosk.find(&kiosk.t("report-fault-where")).is_empty(), "the question is now in Arabic");
    assert_eq!(kiosk.ui.field_text(), "Storgatan 12", "typed text kept");
    kiosk.press_text("button-back");
    let pothole = kiosk.t("report-fault-what-pothole");
    let option = kiosk.find(&pothole);
    assert_eq!(option[0].accessible_checked(), Some(true), "earlier choice kept");
}

#[test]
fn change_from_the_summary_returns_to_the_question_and_then_to_the_summary() {
    let kiosk = TestKiosk::new();
    kiosk.start_in("en");
    complete_service(&kiosk, "report-fault");
    let change = format!("{}: {}", kiosk.t("button-change"), kiosk.t("report-fault-where"));
    kiosk.press(&change);
    assert_eq!(kiosk.screen(), Screen::Question);
    kiosk.type_answer("Kyrkvägen 3");
    kiosk.press_text("button-next");
    assert_eq!(kiosk.screen(), Screen::Review, "back to the summary, not to the next question");
    assert!(kiosk.all_text().contains("Kyrkvägen 3"), "the summary shows the new answer");
}

#[test]
fn changing_a_yes_to_no_removes_the_question_it_opened() {
    let kiosk = TestKiosk::new();
    kiosk.start_in("sv");
    complete_service(&kiosk, "report-fault");
    let phone_question = kiosk.t("report-fault-phone");
    assert!(!kiosk.find(&phone_question).is_empty());
    kiosk.press(&format!("{}: {}", kiosk.t("button-change"), kiosk.t("report-fault-call-back")));
    kiosk.press_text("answer-no");
    kiosk.press_text("button-next");
    assert_eq!(kiosk.screen(), Screen::Review);
    assert!(kiosk.find(&phone_question).is_empty(), "the phone question is gone");
    assert!(!kiosk.ui.with_app(|a| a.session().answers().contains_key("phone")), "and its answer is forgotten");
}

#[test]
fn idle_visitor_is_asked_then_wiped() {
    let kiosk = TestKiosk::new();
    kiosk.start_in("fi");
    kiosk.open_service("report-fault");
    kiosk.press_text("button-next");
    kiosk.press(&kiosk.t("report-fault-what-graffiti"));
    kiosk.press_text("button-next");
    kiosk.type_answer("Kauppakatu 5");
    kiosk.tick_at(IDLE + Duration::from_secs(5));
    let title = kiosk.t("idle-title");
    assert!(!kiosk.find(&title).is_empty(), "Do you need more time?");
    assert!(kiosk.all_text().contains(&WARNING.as_secs().to_string()), "a visible countdown");
    kiosk.tick_at(IDLE + WARNING + Duration::from_secs(10));
    assert_eq!(kiosk.screen(), Screen::Attract);
    assert!(!kiosk.ui.with_app(|a| a.session().holds_personal_data()));
    assert_eq!(kiosk.ui.with_app(|a| a.session().lang().to_string()), "sv", "language back to the default");
    assert!(!kiosk.all_text().contains("Kauppakatu"));
}

#[test]
fn more_time_keeps_the_visit() {
    let kiosk = TestKiosk::new();
    kiosk.start_in("sv");
    kiosk.open_service("report-fault");
    kiosk.press(&kiosk.t("report-fault-what-litter"));
    kiosk.tick_at(IDLE + Duration::from_secs(1));
    kiosk.press_text("idle-continue");
    kiosk.tick_at(IDLE + WARNING + Duration::from_secs(5));
    assert_eq!(kiosk.screen(), Screen::Question, "the visitor answered, so nothing is wiped");
    assert!(kiosk.ui.with_app(|a| a.session().answers().contains_key("what")));
}

#[test]
fn after_done_no_answer_is_left_in_memory_or_on_screen() {
    let kiosk = TestKiosk::new();
    kiosk.start_in("sv");
    complete_service(&kiosk, "home-help");
    kiosk.press_text("button-send");
    assert_eq!(kiosk.screen(), Screen::Receipt);
    kiosk.press_text("button-done");
    assert_eq!(kiosk.screen(), Screen::Attract);
    assert!(!kiosk.ui.with_app(|a| a.session().holds_personal_data()));
    let text = kiosk.all_text();
    assert!(!text.contains("TESTMARK") && !text.contains("070 123"), "nothing typed is still in the window");
    assert!(kiosk.ui.field_text().is_empty());
}

#[test]
fn cancel_asks_first_and_then_wipes() {
    let kiosk = TestKiosk::new();
    kiosk.start_in("nb");
    complete_service(&kiosk, "book-meeting");
    kiosk.press_text("button-cancel");
    kiosk.press_text("cancel-no");
    assert_eq!(kiosk.screen(), Screen::Review, "No keeps everything");
    kiosk.press_text("button-cancel");
    kiosk.press_text("cancel-yes");
    assert_eq!(kiosk.screen(), Screen::Attract);
    assert!(!kiosk.ui.with_app(|a| a.session().holds_personal_data()));
    assert!(committed_rows(&kiosk).is_empty(), "nothing was sent");
}

#[test]
fn a_full_store_shows_ask_the_staff_and_loses_no_answer() {
    let kiosk = TestKiosk::with_store(|dir| dir.join("kiosk.db"), StoreOptions { max_bytes: Some(64 * 1024) });
    // Fill the store up to its limit, as a long time offline would.
    {
        let mut store = Store::open(&kiosk.database(), StoreOptions { max_bytes: Some(64 * 1024) }).unwrap();
        // Big rows first, then smaller ones to fill the gaps, until not even a small one fits.
        let mut i = 0;
        for size in [2000, 500, 100, 10] {
            loop {
                i += 1;
                let item = OutboxItem {
                    id: format!("filler-{i}"),
                    reference: "000-000-000".into(),
                    service_id: "report-fault".into(),
                    service_version: 1,
                    created_at_ms: i,
                    sealed: vec![7; size],
                };
                if store.enqueue(&item).is_err() {
                    break;
                }
            }
        }
    }
    let before = committed_rows(&kiosk).len();
    kiosk.start_in("sv");
    complete_service(&kiosk, "public-document");
    let answers = kiosk.ui.with_app(|a| a.session().answers().clone());
    kiosk.press_text("button-send");
    assert_eq!(kiosk.screen(), Screen::SaveFailed);
    assert!(!kiosk.find(&kiosk.t("save-failed-title")).is_empty(), "the visitor is told to ask the staff");
    assert!(kiosk.ui.with_app(|a| a.session().reference().is_none()), "no receipt");
    assert_eq!(kiosk.ui.with_app(|a| a.session().answers().clone()), answers, "every answer kept");
    assert_eq!(committed_rows(&kiosk).len(), before, "nothing half-written");

    // Staff free space; "Try again" now works with the same answers.
    Connection::open(kiosk.database()).unwrap().execute("DELETE FROM outbox WHERE id LIKE 'filler-%'", []).unwrap();
    kiosk.press_text("save-failed-retry");
    assert_eq!(kiosk.screen(), Screen::Receipt);
    let rows = committed_rows(&kiosk);
    assert_eq!(rows.len(), 1);
    let submission: Submission = serde_json::from_slice(&kiosk.key.open(&rows[0].1).unwrap()).unwrap();
    assert_eq!(submission.answers, answers);
    assert!(matches!(submission.answers.get("anonymous"), Some(Answer::One(v)) if v == "yes"));
}

#[test]
fn an_unwritable_store_shows_ask_the_staff_instead_of_a_receipt() {
    // A data folder that cannot exist (a path below a regular file), as on a read-only or broken disk.
    let kiosk = TestKiosk::with_store(
        |dir| {
            std::fs::write(dir.join("not-a-folder"), b"").unwrap();
            dir.join("not-a-folder").join("kiosk.db")
        },
        StoreOptions::default(),
    );
    kiosk.start_in("en");
    complete_service(&kiosk, "report-fault");
    kiosk.press_text("button-send");
    assert_eq!(kiosk.screen(), Screen::SaveFailed);
    assert!(kiosk.ui.with_app(|a| a.session().holds_personal_data()));
}

#[test]
fn information_pages_open_without_any_network_or_store() {
    let kiosk = TestKiosk::with_store(|dir| dir.join("missing").join("x").join("kiosk.db"), StoreOptions::default());
    kiosk.start_in("ar");
    kiosk.press_text("opening-hours-title");
    assert!(matches!(kiosk.screen(), Screen::Info(id) if id == "opening-hours"));
    assert!(!kiosk.find(&kiosk.t("opening-hours-town-hall")).is_empty());
    kiosk.press_text("button-back");
    assert_eq!(kiosk.screen(), Screen::Home);
}

#[test]
fn the_receipt_shows_only_after_the_row_is_visible_to_another_connection() {
    let kiosk = TestKiosk::new();
    kiosk.start_in("sv");
    complete_service(&kiosk, "report-fault");
    assert!(committed_rows(&kiosk).is_empty(), "nothing on disk before Send");
    kiosk.press_text("button-send");
    assert_eq!(kiosk.screen(), Screen::Receipt);
    // Another connection sees the row: the transaction was committed before the receipt appeared.
    assert_eq!(committed_rows(&kiosk).len(), 1);
    let conn = Connection::open(kiosk.database()).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn the_attract_screen_greets_in_every_language_in_turn() {
    let kiosk = TestKiosk::new();
    let languages: Vec<String> = kiosk.ui.with_app(|a| a.catalog().languages.iter().map(|l| l.code.clone()).collect());
    let mut seen = Vec::new();
    for second in 0..(3 * languages.len() as u64) {
        kiosk.tick_at(Duration::from_secs(second));
        let shown = kiosk.ui.with_app(|a| a.view(std::time::Instant::now()).greeting);
        if !seen.contains(&shown) {
            seen.push(shown.clone());
        }
        assert!(!kiosk.find(&shown).is_empty() || kiosk.all_text().contains(&shown));
    }
    let expected: Vec<String> =
        languages.iter().map(|l| kiosk.ui.with_app(|a| a.i18n().text(l, "attract-greeting"))).collect();
    assert_eq!(seen, expected, "each language's greeting, in the order of languages.toml");
    assert!(seen.iter().any(|g| g.chars().any(|c| ('\u{600}'..='\u{6ff}').contains(&c))), "Arabic script");
    assert_eq!(kiosk.screen(), Screen::Attract, "no visit starts by itself");
}

#[test]
fn an_offline_receipt_says_the_request_waits_on_this_kiosk() {
    let kiosk = TestKiosk::new();
    kiosk.start_in("sv");
    assert!(!kiosk.find(&kiosk.t("status-offline")).is_empty(), "the calm offline indicator");
    complete_service(&kiosk, "report-fault");
    kiosk.press_text("button-send");
    assert!(!kiosk.find(&kiosk.t("receipt-offline")).is_empty());
}

#[test]
fn a_visitors_request_reaches_the_back_office_and_opens_with_the_private_key() {
    let dir = tempfile::tempdir().unwrap();
    let (kiosk, hub_db) = TestKiosk::with_hub(dir.path());
    let start = std::time::Instant::now();
    while kiosk.worker.as_ref().unwrap().status().get().online != Some(true) {
        assert!(start.elapsed() < Duration::from_secs(20), "the kiosk never came online");
        kiosk.tick_at(Duration::from_secs(0));
        std::thread::sleep(Duration::from_millis(20));
    }
    kiosk.start_in("ar");
    assert!(!kiosk.find(&kiosk.t("status-online")).is_empty());
    complete_service(&kiosk, "parking-permit");
    kiosk.press_text("button-send");
    assert!(kiosk.find(&kiosk.t("receipt-offline")).is_empty(), "online: no waiting message");
    let reference = kiosk.ui.with_app(|a| a.session().reference().unwrap().to_string());
    let start = std::time::Instant::now();
    let rows = loop {
        let rows = torget_hub::store::HubStore::open(&hub_db).unwrap().all().unwrap();
        if !rows.is_empty() {
            break rows;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "nothing reached the hub");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(rows.len(), 1);
    let submission: Submission = serde_json::from_slice(&kiosk.key.open(&rows[0].sealed).unwrap()).unwrap();
    assert_eq!(torget::reference::from_id(submission.id), reference);
    assert_eq!(submission.lang, "ar");
    assert!(matches!(submission.answers.get("personal-id"), Some(Answer::One(v)) if v == "19811218-9876"));
}

#[test]
fn a_keypad_user_hears_each_control_the_focus_lands_on() {
    let kiosk = TestKiosk::new();
    let (tx, rx) = std::sync::mpsc::channel();
    kiosk.ui.with_app_mut(|a| a.set_speech(torget::speech::Speech::to_channel(tx, &["sv", "ar"])));
    kiosk.start_in("sv");
    kiosk.press_text("speech-listen");
    kiosk.open_service("report-fault");
    rx.try_iter().count(); // what was said so far: the pages
    let mut heard = Vec::new();
    for _ in 0..24 {
        kiosk.ui.press_key('\t');
        for c in rx.try_iter() {
            if let torget::speech::Command::Say(parts) = c {
                heard.push(parts[0].0.clone());
            }
        }
    }
    let street_light = kiosk.t("report-fault-what-street-light");
    assert!(heard.iter().any(|h| h.starts_with(&street_light)), "an option is announced: {heard:?}");
    assert!(heard.iter().any(|h| h.contains(&kiosk.t("not-selected"))), "with its state: {heard:?}");
    assert!(heard.iter().any(|h| h == &kiosk.t("button-next")), "and the buttons: {heard:?}");
    assert!(heard.len() >= 6, "each Tab lands somewhere new: {heard:?}");
}

#[test]
fn without_a_voice_the_visitor_is_told_and_offered_a_language_they_also_read() {
    let kiosk = TestKiosk::new();
    let (tx, rx) = std::sync::mpsc::channel();
    // This kiosk has Swedish and English voices but no Finnish one.
    kiosk.ui.with_app_mut(|a| a.set_speech(torget::speech::Speech::to_channel(tx, &["sv", "en"])));
    kiosk.start_in("fi");
    kiosk.press_text("speech-listen");
    assert!(!kiosk.find(&kiosk.t("speech-unavailable")).is_empty(), "told in Finnish");
    let offer = kiosk.ui.with_app(|a| a.view(std::time::Instant::now()).speech.fallback);
    assert!(offer.contains("Svenska"), "{offer}");
    let finnish_said: Vec<_> = rx
        .try_iter()
        .filter_map(|c| match c {
            torget::speech::Command::Say(parts) => Some(parts),
            _ => None,
        })
        .flatten()
        .filter(|(_, lang)| lang == "fi")
        .collect();
    assert!(!finnish_said.is_empty(), "the Finnish page was queued; the speech thread skips it for lack of a voice");
    kiosk.press(&offer);
    assert_eq!(kiosk.ui.with_app(|a| a.session().lang().to_string()), "sv");
    assert_eq!(kiosk.screen(), Screen::Home, "same page, now in Swedish");
    assert!(kiosk.find(&kiosk.t("speech-unavailable")).is_empty());
}

#[test]
fn a_visitor_turns_on_high_contrast_and_the_next_visitor_starts_without_it() {
    let kiosk = TestKiosk::new();
    kiosk.start_in("uk");
    assert!(!kiosk.ui.is_high_contrast());
    kiosk.press_text("display-button");
    kiosk.press_text("display-contrast");
    assert!(kiosk.ui.is_high_contrast());
    kiosk.press_text("display-close");
    kiosk.open_service("report-fault");
    assert!(kiosk.ui.is_high_contrast(), "kept on every page of the visit");
    kiosk.press_text("button-cancel");
    kiosk.press_text("cancel-yes");
    assert!(!kiosk.ui.is_high_contrast(), "reset when the visit ends");
}

#[test]
fn arabic_mirrors_the_page_back_on_the_right_and_the_keyboard_on_the_left() {
    let x_of = |kiosk: &TestKiosk, key: &str| {
        let found = kiosk.find(&kiosk.t(key));
        assert!(!found.is_empty(), "{key} on screen");
        found[0].absolute_position().x + found[0].size().width / 2.0
    };
    for (lang, rtl) in [("sv", false), ("ar", true)] {
        let kiosk = TestKiosk::new();
        kiosk.start_in(lang);
        kiosk.open_service("report-fault");
        let (back, next) = (x_of(&kiosk, "button-back"), x_of(&kiosk, "button-next"));
        let language = x_of(&kiosk, "button-language");
        let cancel = x_of(&kiosk, "button-cancel");
        assert_eq!(back > next, rtl, "{lang}: Back at the reading side's start ({back} vs {next})");
        assert_eq!(language > cancel, rtl, "{lang}: language button where reading starts");
        assert_eq!(kiosk.ui.is_rtl(), rtl);
        // In landscape the keyboard sits beside the question, away from where reading starts.
        kiosk.ui.set_size(1920, 1080);
        kiosk.answer_current_validly();
        let one = kiosk.find("1");
        assert!(!one.is_empty(), "{lang}: the keyboard is on screen");
        let question = kiosk.ui.with_app(|a| a.view(std::time::Instant::now()).question.text);
        let field = kiosk
            .find(&question)
            .into_iter()
            .find(|e| e.accessible_role() == Some(i_slint_backend_testing::AccessibleRole::TextInput))
            .unwrap();
        let centre = |e: &i_slint_backend_testing::ElementHandle| e.absolute_position().x + e.size().width / 2.0;
        assert_eq!(centre(&one[0]) < centre(&field), rtl, "{lang}: keyboard left of the answer only in Arabic");
    }
}

#[test]
fn a_visitor_with_low_vision_chooses_extra_large_text_and_high_contrast_first_and_finishes_a_service() {
    let kiosk = TestKiosk::new();
    let scale = |k: &TestKiosk| k.ui.with_app(|a| a.view(std::time::Instant::now()).text_scale);
    // On the attract screen, before reading anything.
    kiosk.press_text("display-button");
    kiosk.press_text("text-size-extra");
    kiosk.press_text("display-contrast");
    kiosk.press_text("display-close");
    assert_eq!(scale(&kiosk), 2.0);
    assert!(kiosk.ui.is_high_contrast());
    kiosk.start_in("fi");
    kiosk.open_service("report-fault");
    while kiosk.screen() == Screen::Question {
        kiosk.answer_current_validly();
        assert_eq!(scale(&kiosk), 2.0, "extra large on every page");
    }
    assert_eq!(kiosk.screen(), Screen::Review);
    kiosk.press_text("button-send");
    assert_eq!(kiosk.screen(), Screen::Receipt);
    assert!(kiosk.ui.is_high_contrast() && scale(&kiosk) == 2.0);
    kiosk.press_text("button-done");
    assert_eq!(scale(&kiosk), 1.0, "the next visitor starts at normal size");
    assert!(!kiosk.ui.is_high_contrast());
}

#[test]
fn a_service_not_ready_in_a_language_is_not_offered_in_it_and_its_language_picker_leaves_that_language_out() {
    let dir = tempfile::tempdir().unwrap();
    let (mut parts, _) = common::app_parts(dir.path().join("kiosk.db"));
    let fault = parts.catalog.services.iter().position(|s| s.id == "report-fault").unwrap();
    parts.catalog.services[fault].not_ready = vec!["fi".into()];
    let languages: Vec<String> = parts.catalog.languages.iter().map(|l| l.code.clone()).collect();
    let (sv, fi) =
        (languages.iter().position(|l| l == "sv").unwrap(), languages.iter().position(|l| l == "fi").unwrap());
    let services = parts.catalog.services.len();
    let (finnish_title, swedish_title) =
        (parts.i18n.text("fi", "report-fault-title"), parts.i18n.text("sv", "report-fault-title"));
    let now = std::time::Instant::now();
    let mut app = torget::app::App::new(parts, now);
    use torget::app::Action;

    app.handle(Action::Start, now);
    app.handle(Action::ChooseLanguage(fi), now);
    let home = app.view(now);
    assert_eq!(home.services.len(), services - 1);
    assert!(home.services.iter().all(|t| t.title != finnish_title), "no tile for the service in Finnish");
    for i in 0..home.services.len() {
        app.handle(Action::OpenService(i), now);
        assert_ne!(app.session().service().map(|s| s.id.as_str()), Some("report-fault"));
        app.handle(Action::Done, now);
        app.handle(Action::Start, now);
        app.handle(Action::ChooseLanguage(fi), now);
    }

    app.handle(Action::OpenLanguages, now);
    app.handle(Action::ChooseLanguage(sv), now);
    let tiles = app.view(now).services;
    assert_eq!(tiles.len(), services);
    let tile = tiles.iter().position(|t| t.title == swedish_title).unwrap();
    app.handle(Action::OpenService(tile), now);
    assert_eq!(app.session().service().unwrap().id, "report-fault");
    app.handle(Action::OpenLanguages, now);
    let picker = app.view(now);
    assert_eq!(picker.languages.len(), languages.len() - 1);
    assert!(picker.languages.iter().all(|c| c.label != "Suomi"), "{:?}", picker.languages);
    let spoken: Vec<String> = app.spoken_page(&picker).into_iter().map(|(_, lang)| lang).collect();
    assert!(!spoken.contains(&"fi".to_string()), "the picker does not say Finnish: {spoken:?}");
    // The buttons count in the list shown: the third button is the language after Finnish's place.
    let shown: Vec<&String> = languages.iter().filter(|l| *l != "fi").collect();
    assert_eq!(languages[2], "fi", "Finnish is the third language of the demo content");
    app.handle(Action::ChooseLanguage(2), now);
    assert_eq!(app.session().lang(), shown[2].as_str());
    assert_eq!(*app.session().screen(), Screen::Question, "back at the question, in a ready language");
}

/// "How was it to use the kiosk?" on the receipt: five faces with their words, very bad to very
/// good in reading order (right to left in Arabic); one tap on a face says thank you, counts that
/// face once for the day and the language, and never stands in the way of Done.
#[test]
fn one_tap_on_a_face_of_the_receipt_counts_it_once_and_done_still_ends_the_visit() {
    for (lang, face) in [("sv", 4u8), ("ar", 2u8)] {
        let kiosk = TestKiosk::new();
        kiosk.start_in(lang);
        complete_service(&kiosk, "report-fault");
        kiosk.press_text("button-send");
        assert_eq!(kiosk.screen(), Screen::Receipt);
        let words: Vec<String> = (1..=5).map(|n| kiosk.t(&format!("rating-{n}"))).collect();
        assert!(kiosk.all_text().contains(&kiosk.t("rating-question")));
        let xs: Vec<f32> = words.iter().map(|w| kiosk.position_of(w).x).collect();
        let ascending = xs.windows(2).all(|w| w[0] < w[1]);
        let descending = xs.windows(2).all(|w| w[0] > w[1]);
        assert!(if lang == "ar" { descending } else { ascending }, "{lang}: faces in reading order: {xs:?}");
        // Read aloud with the page: the question, then each face's word.
        let spoken: String = kiosk.ui.with_app(|a| {
            a.spoken_page(&a.view(std::time::Instant::now())).into_iter().map(|(text, _)| text).collect()
        });
        let mut at = spoken.find(&kiosk.t("rating-question")).expect("the question is read");
        for word in &words {
            let next =
                spoken[at..].find(word.as_str()).unwrap_or_else(|| panic!("{lang}: `{word}` read after the question"));
            at += next + word.len();
        }
        kiosk.tap(&words[face as usize - 1]);
        assert_eq!(kiosk.ui.with_app(|a| a.session().rating()), Some(face), "{lang}: one tap chose the face");
        assert!(kiosk.all_text().contains(&kiosk.t("rating-thanks")), "{lang}: thanks");
        assert!(kiosk.find(&words[0]).is_empty(), "{lang}: the faces are gone, so nothing counts twice");
        kiosk.press_text("button-done");
        assert_eq!(kiosk.screen(), Screen::Attract);
        kiosk.ui.with_app_mut(|a| a.flush_counts());
        let rows = Store::open(&kiosk.database(), StoreOptions::default()).unwrap().usage().unwrap();
        let rated: Vec<(String, String, u64)> = rows
            .iter()
            .filter(|r| r.counter.starts_with("satisfaction-"))
            .map(|r| (r.lang.clone(), r.counter.clone(), r.value))
            .collect();
        assert_eq!(rated, [(lang.to_string(), format!("satisfaction-{face}"), 1)], "{lang}");
        assert!(rows.iter().any(|r| r.counter == "sent" && r.service == "report-fault" && r.value == 1));
    }
}

/// A kiosk whose staff turned the question off shows no faces, and a receipt is the same as before.
#[test]
fn a_kiosk_without_the_satisfaction_question_shows_no_faces() {
    let kiosk = TestKiosk::new();
    kiosk.ui.with_app_mut(|a| a.set_ask_rating(false));
    kiosk.start_in("sv");
    complete_service(&kiosk, "report-fault");
    kiosk.press_text("button-send");
    assert_eq!(kiosk.screen(), Screen::Receipt);
    assert!(!kiosk.all_text().contains(&kiosk.t("rating-question")));
    assert!(kiosk.find(&kiosk.t("rating-5")).is_empty());
}
